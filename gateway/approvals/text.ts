/**
 * Text that people write into approvals (reasons) or that flows from requests into messages other
 * people read (webhook deliveries). Reviews elsewhere get forged with crafted text: a newline and
 * "✅ Approved by carla" in a reason, bidi overrides that reorder a line, `<!channel>` mentions or
 * links in a chat message. So reasons are normalised to one plain line, and anything placed in a
 * message is escaped for HTML and Markdown.
 */

/** Controls and format characters that can hide or reorder text (C0, DEL, C1, bidi, zero-width, BOM). */
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;
const LINE_BREAKS = /[\r\n\t\u0085\u2028\u2029]+/g;

export type ReasonProblem = 'missing' | 'too_long';

/** A reason as stored: one line, no invisible characters, trimmed; or why it is refused. */
export function normaliseReason(
  value: unknown,
  maxLength: number,
): { readonly ok: true; readonly reason: string } | { readonly ok: false; readonly problem: ReasonProblem } {
  if (typeof value !== 'string') return { ok: false, problem: 'missing' };
  const reason = value.normalize('NFC').replace(LINE_BREAKS, ' ').replace(INVISIBLE, '').replace(/ {2,}/g, ' ').trim();
  if (reason.length === 0) return { ok: false, problem: 'missing' };
  if ([...reason].length > maxLength) return { ok: false, problem: 'too_long' };
  return { ok: true, reason };
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Markdown (and Slack/Teams/Discord mrkdwn) punctuation that could format, link or quote. */
const MARKDOWN = /[\\`*_~|[\]()#!]/g;

/**
 * Escapes text for a chat message or HTML page: one line, no invisible characters, HTML entities
 * for `& < > " '` (which also defuses Slack's `<!channel>` and `<url|label>` syntax) and a
 * backslash before Markdown punctuation.
 */
export function escapeForMessage(text: string): string {
  return (
    text
      .replace(LINE_BREAKS, ' ')
      .replace(INVISIBLE, '')
      // Markdown first: the entities added next contain `#`, which must stay as it is.
      .replace(MARKDOWN, (char) => `\\${char}`)
      .replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char)
  );
}

/** Applies `escapeForMessage` to every string (and key) of a JSON value. */
export function escapeJsonStrings(value: unknown): unknown {
  if (typeof value === 'string') return escapeForMessage(value);
  if (Array.isArray(value)) return value.map(escapeJsonStrings);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [escapeForMessage(key), escapeJsonStrings(item)]),
    );
  }
  return value;
}
