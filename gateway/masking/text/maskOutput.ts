/**
 * The shapes of what this engine writes (replace.ts): redaction labels (`[CPF]`), pseudonyms
 * (`NOME_3f9a2c1b`) and what a partial mask leaves (`***.456.789-**`, `Av. ***`). Masking masked
 * text must change nothing, so the scanner, the key classifier and the value checks all ask here
 * whether something is already masked. Synthetic values (synthetic.ts) have no such shape and are
 * never taken for masked output: a fake that passes again is replaced again.
 */
import { isJsSpace } from './chars.js';

/** The character partial masks write. */
export const STAR = 0x2a;
/** Punctuation that may wrap an emphasised word: `("**Maria**"),`. */
const EDGE_PUNCTUATION = new Set([0x28, 0x29, 0x22, 0x27, 0x2c, 0x2e, 0x3b, 0x3a, 0x21, 0x3f, 0x5b, 0x5d, 0x201c, 0x201d]);

/** A pseudonym anywhere in a string (a key, a header cell, a label value). */
export const PSEUDONYM_IN = /(?:^|[^A-Za-z0-9_])[A-Z][A-Z_]*_[0-9a-f]{8}(?![A-Za-z0-9_])/;

/** `/^[A-Z_]+_[0-9a-f]{8}$/` on `text[s, e)`: a pseudonym (ENDERECO_3f9a2c1b) left by an earlier masking. */
export function pseudonymAt(text: string, s: number, e: number): boolean {
  if (e - s < 10 || text.charCodeAt(e - 9) !== 0x5f) return false;
  for (let p = e - 8; p < e; p++) {
    const c = text.charCodeAt(p);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  for (let p = s; p < e - 9; p++) {
    const c = text.charCodeAt(p);
    if (!((c >= 0x41 && c <= 0x5a) || c === 0x5f)) return false;
  }
  return true;
}

/** Whether a line holds a redaction label, a pseudonym or what a partial mask left anywhere. */
export function holdsMaskedOutput(line: string): boolean {
  if (PSEUDONYM_IN.test(line)) return true;
  for (let s = line.indexOf('['); s >= 0; s = line.indexOf('[', s + 1)) if (redactionLabelAt(line, s, line.length) > 0) return true;
  for (let s = line.indexOf('*'); s >= 0; s = line.indexOf('*', s + 1)) if (residueToken(line, s, line.length)) return true;
  return false;
}

/** The end of a redaction label (`[DATA_NASCIMENTO]`) starting at `s`, or -1. */
export function redactionLabelAt(text: string, s: number, limit: number): number {
  if (text.charCodeAt(s) !== 0x5b) return -1;
  let q = s + 1;
  while (q < limit && q - s < 40) {
    const c = text.charCodeAt(q);
    if (c === 0x5d) return q > s + 1 ? q + 1 : -1;
    if (!((c >= 0x41 && c <= 0x5a) || c === 0x5f)) return -1;
    q++;
  }
  return -1;
}

/** How far residueToken reads either side of its position: it reads nothing outside `[x - 32, x + 32)`. */
export const RESIDUE_REACH = 32;

/**
 * Whether the whitespace-delimited token around `x` is what a partial mask left
 * (`**FLBRDF******`, a starred date, `Av. ***`). Markdown emphasis (`**Maria**`, up to three
 * stars at an edge) and a `***` rule or bullet at the start of a line are not.
 */
export function residueToken(text: string, x: number, limit: number): boolean {
  let s = x;
  while (s > 0 && x - s < RESIDUE_REACH && !isJsSpace(text.charCodeAt(s - 1)) && !escapedBreak(text, s - 2)) s--;
  let e = x;
  while (e < limit && e - x < RESIDUE_REACH && !isJsSpace(text.charCodeAt(e)) && !escapedBreak(text, e)) e++;
  while (s < e && EDGE_PUNCTUATION.has(text.charCodeAt(s))) s++;
  while (e > s && EDGE_PUNCTUATION.has(text.charCodeAt(e - 1))) e--;
  let stars = 0;
  for (let q = s; q < e; q++) if (text.charCodeAt(q) === STAR) stars++;
  if (stars === 0) return false;
  if (stars === e - s) {
    if (stars < 2) return false;
    let b = s - 1;
    while (b >= 0 && (text.charCodeAt(b) === 0x20 || text.charCodeAt(b) === 0x09 || EDGE_PUNCTUATION.has(text.charCodeAt(b)))) b--;
    return b >= 0 && text.charCodeAt(b) !== 0x0a;
  }
  for (let k = 0; k < 3 && s < e && text.charCodeAt(s) === STAR; k++) s++;
  for (let k = 0; k < 3 && e > s && text.charCodeAt(e - 1) === STAR; k++) e--;
  for (let q = s; q < e; q++) if (text.charCodeAt(q) === STAR) return true;
  return false;
}

/**
 * A line break or tab written as an escape (`\\n`, `\\t`, `\\r`) at `b`: a JSON string printed as text
 * (`…-00\\n**Nasc.:**`) breaks its tokens there, so Markdown emphasis after it is no residue.
 */
function escapedBreak(text: string, b: number): boolean {
  if (b < 0 || text.charCodeAt(b) !== 0x5c) return false;
  const c = text.charCodeAt(b + 1);
  return (c === 0x6e || c === 0x74 || c === 0x72) && (b === 0 || text.charCodeAt(b - 1) !== 0x5c);
}

/** Whether `value` holds a label, pseudonym or partial mask this engine wrote. */
export function containsMaskOutput(value: string): boolean {
  return /\[[A-Z_]+\]/.test(value) || PSEUDONYM_IN.test(value) || value.includes('**') || /\p{L}\*/u.test(value);
}

/** A whole value that is masking output: a label, a pseudonym, or a partial mask. */
export function looksMasked(value: string): boolean {
  // Partial masks keep a few characters and star the rest (***.456.789-**, M* da S*).
  return value.includes('*') || redactionLabelAt(value, 0, value.length) === value.length || pseudonymAt(value, 0, value.length);
}
