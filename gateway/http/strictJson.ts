/**
 * Strict JSON (RFC 8259, I-JSON RFC 7493): what the gateway inspects must be what the upstream
 * will read. Python's `json.loads` accepts `NaN` and `Infinity`, takes the last of duplicate keys,
 * and lets lone surrogates through; other parsers take the first duplicate. Any of these lets a
 * client show the gateway one document and the runtime another, so they are refused here, before
 * policy or masking look at the value. Nesting is bounded so no later walk can run out of stack,
 * and integers past 2^53 (which JavaScript would round before forwarding) are refused (RFC 7493 §2.2).
 */

export const MAX_JSON_DEPTH = 64;

export type StrictJsonProblem = 'encoding' | 'bom' | 'syntax' | 'duplicate_key' | 'lone_surrogate' | 'too_deep' | 'imprecise_number';

export class StrictJsonError extends Error {
  override readonly name = 'StrictJsonError';
  constructor(
    readonly problem: StrictJsonProblem,
    message: string,
  ) {
    super(message);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes UTF-8 strictly (no replacement characters, no BOM). */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new StrictJsonError('encoding', 'the body is not valid UTF-8');
  }
  if (text.charCodeAt(0) === 0xfeff) throw new StrictJsonError('bom', 'the body starts with a byte order mark, which JSON forbids');
  return text;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Checks what `JSON.parse` lets through: duplicate keys, lone surrogate escapes, depth. Assumes
 * nothing about validity otherwise; `JSON.parse` runs after it and refuses the rest.
 */
function checkStructure(text: string, maxDepth: number): void {
  const keys: Array<Set<string> | undefined> = [];
  let expectKey = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      i++;
      let escaped = false;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) {
          escaped = true;
          if (text.charCodeAt(i + 1) === 0x75 /* u */) checkSurrogateEscape(text, i);
          i += 2;
          continue;
        }
        if (d === QUOTE) break;
        i++;
      }
      if (i >= n) throw new StrictJsonError('syntax', 'a string is not closed');
      i++;
      const top = keys[keys.length - 1];
      if (expectKey && top) {
        const raw = text.slice(start + 1, i - 1);
        const key = escaped ? (JSON.parse(text.slice(start, i)) as string) : raw;
        if (top.has(key))
          throw new StrictJsonError('duplicate_key', `the key ${JSON.stringify(key.slice(0, 60))} appears twice in one object`);
        top.add(key);
        expectKey = false;
      }
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      keys.push(c === 0x7b ? new Set() : undefined);
      if (keys.length > maxDepth) throw new StrictJsonError('too_deep', `the body is nested deeper than ${maxDepth} levels`);
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      keys.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      expectKey = keys[keys.length - 1] !== undefined;
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      i = checkNumber(text, i);
      continue;
    }
    i++;
  }
}

/** Scans a number token from `start`; refuses an integer JavaScript cannot hold exactly. Returns the index after it. */
function checkNumber(text: string, start: number): number {
  let i = start;
  let integer = true;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x2e || c === 0x65 || c === 0x45) integer = false;
    else if (!(c === 0x2d || c === 0x2b || (c >= 0x30 && c <= 0x39))) break;
    i++;
  }
  if (integer && i - start > 15 && !Number.isSafeInteger(Number(text.slice(start, i)))) {
    throw new StrictJsonError(
      'imprecise_number',
      'an integer is larger than 2^53, which would not be forwarded exactly; send it as a string',
    );
  }
  return i;
}

function hexAt(text: string, at: number): number {
  const hex = text.slice(at, at + 4);
  return /^[0-9a-fA-F]{4}$/.test(hex) ? Number.parseInt(hex, 16) : -1;
}

/** `\uD800`–`\uDBFF` must be followed by `\uDC00`–`\uDFFF`, and a low half must follow a high one. */
function checkSurrogateEscape(text: string, backslash: number): void {
  const unit = hexAt(text, backslash + 2);
  if (unit >= 0xdc00 && unit <= 0xdfff) {
    const before = backslash >= 6 && text.charCodeAt(backslash - 6) === BACKSLASH ? hexAt(text, backslash - 4) : -1;
    if (!(before >= 0xd800 && before <= 0xdbff)) throw new StrictJsonError('lone_surrogate', 'a string holds a lone surrogate escape');
  } else if (unit >= 0xd800 && unit <= 0xdbff) {
    const next = text.charCodeAt(backslash + 6) === BACKSLASH && text.charCodeAt(backslash + 7) === 0x75 ? hexAt(text, backslash + 8) : -1;
    if (!(next >= 0xdc00 && next <= 0xdfff)) throw new StrictJsonError('lone_surrogate', 'a string holds a lone surrogate escape');
  }
}

/** Parses a JSON text strictly; throws StrictJsonError naming what is wrong. */
export function parseStrictJsonText(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  checkStructure(text, maxDepth);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // V8's message quotes the input: only the position is kept, so nothing the client sent is echoed.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new StrictJsonError('syntax', `the body is not valid JSON${position === undefined ? '' : ` (at character ${position})`}`);
  }
}

/** Parses JSON bytes strictly (UTF-8, no BOM); throws StrictJsonError naming what is wrong. */
export function parseStrictJson(bytes: Uint8Array, maxDepth = MAX_JSON_DEPTH): unknown {
  return parseStrictJsonText(decodeUtf8Strict(bytes), maxDepth);
}
