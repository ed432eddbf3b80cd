/**
 * HTML escaping for the pages the project renders itself (dev IdP pages, the evidence report, the
 * extension's sign-in callback and webview shell): text and attribute values alike.
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
