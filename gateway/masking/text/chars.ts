/**
 * Character classes and folding shared by every detector. One lookup table instead of regular
 * expressions keeps the scanner's inner loop to a load and a bit test per character.
 */

export const DIGIT = 1;
export const UPPER = 2;
export const LOWER = 4;
export const SPACE = 8;
const NEWLINE = 16;
/** Letters, digits and `_`: the characters an identifier or word token is made of. */
export const WORD = 32;
export const UNDERSCORE = 64;

const table = new Uint8Array(0x10000);
for (let c = 0x30; c <= 0x39; c++) table[c] = DIGIT | WORD;
for (let c = 0x41; c <= 0x5a; c++) table[c] = UPPER | WORD;
for (let c = 0x61; c <= 0x7a; c++) table[c] = LOWER | WORD;
table[0x5f] = WORD | UNDERSCORE;
for (const c of [0x20, 0x09, 0x0b, 0x0c, 0x0d, 0xa0, 0x2007, 0x202f]) table[c] = SPACE;
table[0x0a] = SPACE | NEWLINE;
// Latin-1 and Latin Extended-A letters (accents of Portuguese and neighbours).
for (let c = 0xc0; c <= 0x24f; c++) {
  if (c === 0xd7 || c === 0xf7) continue;
  const ch = String.fromCharCode(c);
  const isUpper = ch !== ch.toLowerCase();
  const isLower = ch !== ch.toUpperCase() || c === 0xdf;
  table[c] = (isUpper ? UPPER : isLower ? LOWER : 0) | WORD;
}

// Latin Extended Additional (ẽ, ỹ of Tupi-Guarani and Jê orthographies, Vietnamese names), the IPA
// letters some indigenous orthographies write (ɨ), and combining marks (g̃ written decomposed):
// a name is not cut at them.
for (let c = 0x1e00; c <= 0x1eff; c++) {
  const ch = String.fromCharCode(c);
  table[c] = (ch !== ch.toLowerCase() ? UPPER : LOWER) | WORD;
}
for (let c = 0x250; c <= 0x2af; c++) table[c] = LOWER | WORD;
for (let c = 0x300; c <= 0x36f; c++) table[c] = LOWER | WORD;

// Modifier letters written inside names: the ʻokina (Kaʻahumanu) and the apostrophe of
// transliterations (Volodymyrʼ): letters, so a name is not cut at them.
table[0x2bb] = LOWER | WORD;
table[0x2bc] = LOWER | WORD;

export const CLASS: Uint8Array = table;

export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

const MARKS = /[\u0300-\u036f]/g;

/** Upper-case, accent-free code of each Latin-1/Latin Extended-A character (0 when it has none). */
const FOLDED = new Uint16Array(0x250);
for (let c = 0; c < 0x250; c++) {
  const upper = String.fromCharCode(c).toUpperCase();
  const base = upper.normalize('NFD').replace(MARKS, '');
  FOLDED[c] = upper.length === 1 && base.length === 1 ? base.charCodeAt(0) : 0;
}

/** `fold` of one character, or 0 when it has no one-character fold (ß, anything past Latin Extended-A). */
export function foldCode(code: number): number {
  return code < 0x250 ? (FOLDED[code] ?? 0) : 0;
}

/** Upper case without accents: the form the lexicons and HMAC normalisation use. */
export function fold(text: string): string {
  const n = text.length;
  let i = 0;
  let ascii = true;
  // Most tokens are already folded (CPF, MARIA) or need only a few characters changed.
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) ascii = false;
    if (c >= 0x250 || FOLDED[c] !== c) break;
  }
  if (i === n) return text;
  // For ASCII the table is plain upper case, which the engine does natively.
  if (ascii) {
    for (let k = i + 1; k < n; k++) {
      if (text.charCodeAt(k) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return text.toUpperCase();
  }
  let out = text.slice(0, i);
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    const f = c < 0x250 ? (FOLDED[c] ?? 0) : 0;
    if (f === 0) return text.toUpperCase().normalize('NFD').replace(MARKS, '');
    out += String.fromCharCode(f);
  }
  return out;
}

/** JavaScript's `\s`: what `trim()` and `/\s/` treat as white space. */
export function isJsSpace(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** `\p{L}` and `\p{Lu}` for the characters below 0x250 (the rest goes through the regular expression). */
const UNICODE_LETTER = new Uint8Array(0x250);
const LETTER_RE = /^\p{L}$/u;
const UPPER_RE = /^\p{Lu}$/u;
for (let c = 0; c < 0x250; c++) {
  const ch = String.fromCharCode(c);
  UNICODE_LETTER[c] = (LETTER_RE.test(ch) ? 1 : 0) | (UPPER_RE.test(ch) ? 2 : 0);
}

/** Whether the UTF-16 code unit `code` is a letter (`\p{L}`); surrogates answer false (callers fall back). */
export function isUnicodeLetter(code: number): boolean {
  return code < 0x250 ? ((UNICODE_LETTER[code] ?? 0) & 1) !== 0 : LETTER_RE.test(String.fromCharCode(code));
}

/** Whether `code` is an upper-case letter (`\p{Lu}`), as for `isUnicodeLetter`. */
export function isUnicodeUpper(code: number): boolean {
  return code < 0x250 ? ((UNICODE_LETTER[code] ?? 0) & 2) !== 0 : UPPER_RE.test(String.fromCharCode(code));
}

/** Whether `code` is half of a surrogate pair (a character that `\p{…}` must see whole). */
export function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

export function digitsOf(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) out += text[i];
  }
  return out;
}
