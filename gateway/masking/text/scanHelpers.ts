/** Small character tests the matchers share, written to run on the text in place (no slicing). */
import { fold, foldCode, isDigit, isJsSpace } from './chars.js';
import { UF_CODES } from './lexicon.js';

export const SPACE_CHAR = 0x20;

/** Below this length a copy costs more than reading through a rope or slice saves. */
const SEQUENTIAL_MIN = 256;

/**
 * `text` as one flat string. A stream's window is a concatenation (a rope) or a slice of the
 * caller's text, and every `charCodeAt` on those goes through V8's indirection instead of a
 * direct load: the scanner read a rope about a fifth slower. Joining two parts makes V8 copy
 * them into a new flat string (concatenation would make another rope).
 */
export function sequential(text: string): string {
  return text.length < SEQUENTIAL_MIN ? text : [text.slice(0, 1), text.slice(1)].join('');
}
export const NBSP = 0xa0;
export const AT = 0x40;

/** `text[s, e)` is a run of hexadecimal digits. */
export function hexRun(text: string, s: number, e: number): boolean {
  for (let p = s; p < e; p++) {
    const c = text.charCodeAt(p);
    if (!(isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46))) return false;
  }
  return e > s;
}

/** `/^\d{1,2}$/` on the word `text[s, e)`: a day or an ordinal among cue fillers. */
export function shortNumber(text: string, s: number, e: number): boolean {
  const length = e - s;
  return (length === 1 || length === 2) && isDigit(text.charCodeAt(s)) && isDigit(text.charCodeAt(e - 1));
}

/** `/^[a-zà-ÿ]+$/` on `text[s, e)`. */
export function lowerLatin1(text: string, s: number, e: number): boolean {
  for (let p = s; p < e; p++) {
    const c = text.charCodeAt(p);
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0xe0 && c <= 0xff))) return false;
  }
  return e > s;
}

/** `fold(text.slice(s, e)) === word`, without the slice when the word folds character by character. */
export function foldedEquals(text: string, s: number, e: number, word: string): boolean {
  if (e - s === word.length) {
    for (let k = 0; k < word.length; k++) {
      const f = foldCode(text.charCodeAt(s + k));
      if (f === 0) return fold(text.slice(s, e)) === word;
      if (f !== word.charCodeAt(k)) return false;
    }
    return true;
  }
  for (let p = s; p < e; p++) if (foldCode(text.charCodeAt(p)) === 0) return fold(text.slice(s, e)) === word;
  return false;
}

/** Upper-case UF codes (SP, RJ…), two letters as written. */
const UF_PAIRS = new Uint8Array(26 * 26);
for (const uf of UF_CODES) UF_PAIRS[(uf.charCodeAt(0) - 0x41) * 26 + uf.charCodeAt(1) - 0x41] = 1;

export function isUf(a: number, b: number): boolean {
  return a >= 0x41 && a <= 0x5a && b >= 0x41 && b <= 0x5a && UF_PAIRS[(a - 0x41) * 26 + b - 0x41] === 1;
}

/** `/[\s.,;:]/` on one character: what is trimmed off the end of an unquoted label value. */
export function trailingPunctuation(c: number): boolean {
  return c === 0x2e || c === 0x2c || c === 0x3b || c === 0x3a || isJsSpace(c);
}

/**
 * The key a value at `i` stands under in text, when one does: `Cidade: Gaspar`, `'host': '10.0.0.7'`,
 * `naturalidade=Jaci`, `<xMun>Iracema`. Reads at most 48 characters back; undefined when no `:`,
 * `=` or `>` ends a word just before `i`.
 */
export function keyBefore(text: string, i: number): string | undefined {
  let p = i;
  let marked = false;
  while (p > 0 && i - p < 8) {
    const c = text.charCodeAt(p - 1);
    if (c === 0x3a || c === 0x3d || c === 0x3e) marked = true;
    else if (c !== SPACE_CHAR && c !== 0x09 && c !== 0x22 && c !== 0x27) break;
    p--;
  }
  if (!marked) return undefined;
  let s = p;
  while (s > 0 && p - s < 40 && keyChar(text.charCodeAt(s - 1))) s--;
  return s < p ? text.slice(s, p) : undefined;
}

/** Letters (Latin-1 too), digits, `_` and `-`: what a key is written with. */
function keyChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2d || (c >= 0xc0 && c <= 0xff)
  );
}

/**
 * Whether the character `code` may stand on the line within 72 characters after `j`: a glance at
 * the raw text before a walk over words (the end of the text read so far leaves it open; the walk
 * waits for the rest).
 */
export function soonOnLine(text: string, j: number, code: number): boolean {
  let c = j;
  while (c < text.length && c - j < 72 && text.charCodeAt(c) !== code && text.charCodeAt(c) !== 0x0a) c++;
  return c >= text.length || text.charCodeAt(c) === code;
}
