/**
 * Finding personal data that got out in disguise. What a hostile upstream or client writes can
 * hide a CPF behind JSON escapes, HTML entities, percent-encoding, other scripts' digits,
 * compatibility forms and invisible characters; `reveal` undoes all of that, and the checks
 * then look for the value's characters with any punctuation between them. Streams are checked
 * as a reader sees them: the same field of consecutive events or frames joined.
 */

/** A value that must not get out. */
export type Secret =
  | { readonly kind: 'document'; readonly label: string; readonly characters: string }
  | { readonly kind: 'name'; readonly label: string; readonly words: readonly string[] };

export function documentSecret(label: string, value: string): Secret {
  return { kind: 'document', label, characters: value.replace(/[^0-9A-Za-z]/g, '').toUpperCase() };
}

export function nameSecret(name: string): Secret {
  return { kind: 'name', label: `name ${name}`, words: name.split(/\s+/).filter(Boolean) };
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  shy: '\u00ad',
  period: '.',
  hyphen: '\u2010',
  dash: '\u2010',
  ndash: '\u2013',
  mdash: '\u2014',
  minus: '\u2212',
  sol: '/',
  zwj: '\u200d',
  zwnj: '\u200c',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  nbhy: '\u2011',
  aacute: 'á',
  eacute: 'é',
  iacute: 'í',
  oacute: 'ó',
  uacute: 'ú',
  atilde: 'ã',
  otilde: 'õ',
  acirc: 'â',
  ecirc: 'ê',
  ocirc: 'ô',
  agrave: 'à',
  ccedil: 'ç',
};

function unescapeJson(text: string): string {
  return text.replace(/\\u([0-9a-fA-F]{4})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (match, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? match;
  });
}

function decodePercent(text: string): string {
  return text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** The numeric value of any Unicode decimal digit: Nd runs are blocks of ten starting at zero. */
function digitValue(codePoint: number): number {
  // A run of several blocks (mathematical digits) starts at a zero too: blocks are ten long.
  let zero = codePoint;
  while (zero > 0 && /\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero--;
  return (codePoint - zero) % 10;
}

/** Undoes encodings, compatibility forms, foreign digits and invisible characters. */
export function reveal(text: string): string {
  let decoded = text;
  for (let round = 0; round < 3; round++) decoded = decodePercent(decodeEntities(unescapeJson(decoded)));
  let out = '';
  for (const char of decoded.normalize('NFKC')) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (/\p{Cf}/u.test(char)) continue;
    out += codePoint > 0x7f && /\p{Nd}/u.test(char) ? String(digitValue(codePoint)) : char;
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function patternOf(secret: Secret): RegExp {
  if (secret.kind === 'document') {
    return new RegExp([...secret.characters].map(escapeRegExp).join('[^\\p{L}\\p{N}]{0,3}'), 'iu');
  }
  return new RegExp(secret.words.map(escapeRegExp).join('[^\\p{L}\\p{N}]{1,3}'), 'iu');
}

/** The first secret found in any of the texts, described; undefined when none got out. */
export function findLeak(texts: readonly string[], secrets: readonly Secret[]): string | undefined {
  for (const text of texts) {
    const revealed = reveal(text);
    for (const secret of secrets) {
      const match = patternOf(secret).exec(revealed);
      if (match) {
        const from = Math.max(0, match.index - 40);
        return `${secret.label} got out: …${revealed.slice(from, match.index + match[0].length + 40)}…`;
      }
    }
  }
  return undefined;
}

function stringLeaves(value: unknown, pointer: string, out: Map<string, string[]>): void {
  if (typeof value === 'string') {
    const list = out.get(pointer) ?? [];
    list.push(value);
    out.set(pointer, list);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => stringLeaves(item, `${pointer}/${index}`, out));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const keys = out.get(`${pointer}#keys`) ?? [];
      keys.push(key);
      out.set(`${pointer}#keys`, keys);
      stringLeaves(item, `${pointer}/${key}`, out);
    }
  }
}

/**
 * What a reader of a sequence of JSON documents (stream events, frames) sees: every string on
 * its own, and the same field of consecutive documents joined (a value split across them).
 */
export function joinedTexts(documents: readonly unknown[]): string[] {
  const byPointer = new Map<string, string[]>();
  for (const document of documents) stringLeaves(document, '', byPointer);
  const texts: string[] = [];
  for (const values of byPointer.values()) texts.push(values.join(''), ...values);
  return texts;
}

function parseMaybe(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Every line kind of an SSE body (data, comment, id, event, retry, unknown fields), and the data joined per field. */
export function sseTexts(body: string): string[] {
  const fields: string[] = [];
  const documents: unknown[] = [];
  for (const block of body.split(/\r\n\r\n|\n\n|\r\r/)) {
    const data: string[] = [];
    for (const line of block.split(/\r\n|\n|\r/)) {
      if (line === '') continue;
      const colon = line.indexOf(':');
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      const name = colon < 0 ? line : line.slice(0, colon);
      if (name === 'data') data.push(value);
      else fields.push(colon === 0 ? line.slice(1) : `${name}: ${value}`);
    }
    if (data.length > 0) documents.push(parseMaybe(data.join('\n')));
  }
  return [body, ...fields, fields.join(''), ...joinedTexts(documents)];
}

/** WebSocket frames as a reader sees them. */
export function frameTexts(frames: readonly string[]): string[] {
  return [...frames, ...joinedTexts(frames.map(parseMaybe))];
}
