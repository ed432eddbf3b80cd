/**
 * The HTML document of every webview: one script and one stylesheet from `dist/webview/`, a
 * strict Content-Security-Policy with a fresh nonce (no inline script, no remote content, no
 * network access from the webview: the host makes every gateway call). Free of `vscode` imports,
 * so the webview tests load exactly this document in plain Chromium.
 */
import { randomBytes } from 'node:crypto';
import { escapeHtml } from '../../../gateway/html.js';

export interface WebviewHtmlOptions {
  /** `webview.cspSource` (VS Code) or the test server's origin. */
  readonly cspSource: string;
  /** URI of `dist/webview/<name>.js`. */
  readonly scriptUri: string;
  /** URI of `dist/webview/<name>.css`. */
  readonly styleUri: string;
  readonly title: string;
  /** Which webview (`data-webview` on the body; tests and styles use it). */
  readonly name: string;
  /** Default: 16 random bytes, base64. */
  readonly nonce?: string;
}

function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function webviewHtml(options: WebviewHtmlOptions): string {
  const nonce = options.nonce ?? makeNonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(options.cspSource, nonce))}">
<title>${escapeHtml(options.title)}</title>
<link rel="stylesheet" href="${escapeHtml(options.styleUri)}" nonce="${nonce}">
</head>
<body data-webview="${escapeHtml(options.name)}">
<main id="app" aria-busy="true"><p class="loading">Loading…</p></main>
<script type="module" nonce="${nonce}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>
`;
}
