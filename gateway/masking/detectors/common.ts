/** Building blocks the detector descriptors share: digit counts, shapes, partial masks. */
import { digitsOf, fold, isDigit } from '../text/chars.js';

export { digitsOf };

/** A shape without separators: the number was written as one run of digits. */
export function bareShape(shape: string): boolean {
  if (shape.length === 0) return false;
  for (let k = 0; k < shape.length; k++) if (!isDigit(shape.charCodeAt(k))) return false;
  return true;
}

/**
 * Digit groups joined by `.`, `-`, `/` or single spaces, at most `groups` of them, nothing
 * else (no `+`, no parentheses): a number however it was grouped, for rules whose check digits
 * decide. A soft hyphen or an entity between digits leaves such layouts behind.
 */
export function groupedShape(shape: string, groups: number): boolean {
  let count = 1;
  for (let k = 0; k < shape.length; k++) {
    const c = shape.charCodeAt(k);
    if (isDigit(c)) continue;
    if (c !== 0x2e && c !== 0x2d && c !== 0x2f && c !== 0x20) return false;
    if (++count > groups) return false;
  }
  return true;
}

export function digitCount(value: string): number {
  let count = 0;
  for (let k = 0; k < value.length; k++) if (isDigit(value.charCodeAt(k))) count++;
  return count;
}

function alphanumeric(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * At least `min` digits, written like a number (`/^[+(]?[0-9A-Za-z][0-9A-Za-z .()\-/]*$/`), and
 * at least half of what is left without separators are digits.
 */
export function mostlyDigits(value: string, min: number): boolean {
  const n = value.length;
  let k = 0;
  const lead = value.charCodeAt(0);
  if (lead === 0x2b || lead === 0x28) k = 1;
  if (k >= n || !alphanumeric(value.charCodeAt(k))) return false;
  let digits = 0;
  // The leading `+` is kept in the count; a leading `(` is a separator.
  let kept = lead === 0x2b ? 1 : 0;
  for (; k < n; k++) {
    const c = value.charCodeAt(k);
    if (alphanumeric(c)) {
      kept++;
      if (c <= 0x39) digits++;
    } else if (!(c === 0x20 || c === 0x2e || c === 0x28 || c === 0x29 || c === 0x2d || c === 0x2f)) return false;
  }
  return digits >= min && digits * 2 >= kept;
}

/**
 * `fits` of a document number: under a JSON key or column anything written like a number of at
 * least four digits is taken (the key is authoritative; fit.ts still refuses one of the
 * document's length whose check digits fail); after a `label:` in text the digit count must also
 * be one the document has.
 */
export function numberFits(lengths: readonly number[]): (value: string, structured: boolean) => boolean {
  return (value, structured) => mostlyDigits(value, 4) && (structured || lengths.includes(digitCount(value)));
}

/** Masks the alphanumerics of `value` whose index (among alphanumerics) `keep` rejects; separators stay. */
export function maskChars(value: string, keep: (index: number, count: number) => boolean): string {
  let count = 0;
  for (const ch of value) if (/[0-9A-Za-z]/.test(ch)) count++;
  let index = 0;
  let out = '';
  for (const ch of value) {
    if (/[0-9A-Za-z]/.test(ch)) {
      out += keep(index, count) ? ch : '*';
      index++;
    } else out += /[\s.\-/()+]/.test(ch) ? ch : '*';
  }
  return out;
}

/** The partial mask of most numbers: the last four characters kept when there are more than six. */
export function lastFour(value: string): string {
  return maskChars(value, (i, n) => n > 6 && i >= n - 4);
}

/** Upper case, 0-9/A-Z only: the normal form of identifiers with letters (CNPJ, RG). */
export function upperAlphanumerics(value: string): string {
  return value.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

/** Upper case, no accents, punctuation to spaces, single spaces: the normal form of words. */
export function foldWords(value: string): string {
  return fold(value)
    .replace(/[^A-Z0-9@]+/g, ' ')
    .trim();
}
