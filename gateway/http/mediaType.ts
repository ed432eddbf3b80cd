/**
 * Media types as RFC 9110 defines them: type and subtype compared case-insensitively, parameters
 * (charset, ...) allowed. The gateway decides what it can inspect from this, so a client cannot
 * slip a JSON body past it by writing `Application/JSON`, or by leaving the header out (FastAPI
 * parses such a body as JSON all the same).
 */

export interface MediaType {
  /** `type/subtype`, lower case. */
  readonly essence: string;
  readonly type: string;
  readonly subtype: string;
  /** Parameter names lower case; values unquoted, as sent. */
  readonly parameters: ReadonlyMap<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Parses a Content-Type header; undefined when absent or malformed. */
export function parseMediaType(header: string | undefined): MediaType | undefined {
  if (header === undefined) return undefined;
  const [head = '', ...rest] = header.split(';');
  const [type = '', subtype = '', extra] = head.trim().split('/');
  if (extra !== undefined || !TOKEN.test(type) || !TOKEN.test(subtype)) return undefined;
  const parameters = new Map<string, string>();
  for (const part of rest) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim().toLowerCase();
    let value = part.slice(at + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    parameters.set(name, value);
  }
  return { essence: `${type}/${subtype}`.toLowerCase(), type: type.toLowerCase(), subtype: subtype.toLowerCase(), parameters };
}

/** `application/json` or any `application/*+json`. */
export function isJsonMediaType(media: MediaType | undefined): boolean {
  return media !== undefined && media.type === 'application' && (media.subtype === 'json' || media.subtype.endsWith('+json'));
}

/** A charset other than UTF-8 on a JSON body (RFC 8259 §8.1 requires UTF-8 between systems). */
export function hasForeignCharset(media: MediaType): boolean {
  const charset = media.parameters.get('charset');
  return charset !== undefined && !['utf-8', 'utf8'].includes(charset.toLowerCase());
}
