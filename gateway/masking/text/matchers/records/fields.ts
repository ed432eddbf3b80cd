/** What the record readers share: a span of a line, trimming, masking a field as a column does, and character tests. */
import { detectorBit } from '../../../detectors/registry.js';
import { valueFits } from '../../fit.js';
import type { KeyClass } from '../../keys.js';
import { SPACE_CHAR } from '../../scanHelpers.js';
import type { Scan } from '../../scanner.js';
import { validCnpj, validCpf } from '../../validate.js';

export type Span = readonly [number, number];

/** Columns `from`-`to` of a fixed-width line at `p`, counted from 1 and inclusive as the layouts print them. */
export function column(p: number, from: number, to: number): Span {
  return [p + from - 1, p + to];
}

/** `[a, b)` cut at every `separator`. */
export function splitAt(text: string, a: number, b: number, separator: number): Span[] {
  const spans: Span[] = [];
  let s = a;
  for (let q = a; q < b; q++) {
    if (text.charCodeAt(q) === separator) {
      spans.push([s, q]);
      s = q + 1;
    }
  }
  spans.push([s, b]);
  return spans;
}

/** `[x, y)` without the spaces around it. */
export function trim(text: string, x: number, y: number): Span {
  let s = x;
  let t = y;
  while (s < t && text.charCodeAt(s) === SPACE_CHAR) s++;
  while (t > s && text.charCodeAt(t - 1) === SPACE_CHAR) t--;
  return [s, t];
}

export const NAME_KEY: KeyClass = { detector: 'name', generic: false };
export const ADDRESS_KEY: KeyClass = { detector: 'address', generic: false };
export const PHONE_KEY: KeyClass = { detector: 'phone', generic: false };
export const CEP_KEY: KeyClass = { detector: 'cep', generic: false };

/** Masks `[x, y)` (trimmed) as `kc`'s data when the value fits it, as a table column does; true when it did. */
export function fitted(scan: Scan, x: number, y: number, kc: KeyClass): boolean {
  const [s, t] = trim(scan.text, x, y);
  if (s === t) return false;
  const detector = valueFits(kc, scan.text.slice(s, t), true);
  if (detector === undefined || !scan.on(detectorBit(detector))) return false;
  scan.add(s, t, detector);
  return true;
}

/**
 * A field left to the text reader (a message, a company's name): scanned as a table cell is.
 * Read again after masking, a record's columns have moved and it is read as text: what a
 * record reader leaves must be what the text reader leaves, or masking twice would differ.
 */
export function textField(scan: Scan, s: number, t: number): void {
  const [a, b] = trim(scan.text, s, t);
  // The record's layout says what a field is: no cue from the field before it.
  if (a < b) scanField(scan, a, a, b);
}

/** Scans `[s, t)` as text taking no cue from before `from` (another field: `ORC|RE|PED-5521…`, where `RE` is no `ré`). */
export function scanField(scan: Scan, from: number, s: number, t: number): void {
  const saved = scan.cueFloor;
  scan.cueFloor = Math.max(saved, from);
  scan.scanRange(s, t);
  scan.cueFloor = saved;
}

/** Whether the first `n` characters of a line at `p` may still open one of `registers` (a stream waits for such a line's end). */
export function mayOpen(registers: readonly string[], text: string, p: number, n: number): boolean {
  return registers.some((register) => register.startsWith(text.slice(p, p + Math.min(n, register.length))));
}

export function isDigitCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export function alphanumeric(c: number): boolean {
  return isDigitCode(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Whether `[s, t)` is all ASCII digits (false when the text ends before `t`). */
export function digitsIn(text: string, s: number, t: number): boolean {
  if (t > text.length) return false;
  for (let q = s; q < t; q++) if (!isDigitCode(text.charCodeAt(q))) return false;
  return true;
}

export function letterIn(text: string, s: number, t: number): boolean {
  for (let q = s; q < Math.min(t, text.length); q++) {
    const c = text.charCodeAt(q);
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c >= 0xc0) return true;
  }
  return false;
}

/**
 * A right-aligned inscription number `[s, t)` of zero-padded digits: a CPF's 11 digits, or the 14
 * of a CNPJ, masked when their check digits hold (the type column only says which to try first);
 * returns which it was.
 */
export function inscription(scan: Scan, s: number, t: number, first: 'cpf' | 'cnpj'): 'cpf' | 'cnpj' | undefined {
  const text = scan.text;
  const cpf = (): boolean => zeros(text, s, t - 11) && validCpf(text.slice(t - 11, t));
  const cnpj = (): boolean => zeros(text, s, t - 14) && validCnpj(text.slice(t - 14, t));
  const order = first === 'cpf' ? [cpf, cnpj] : [cnpj, cpf];
  for (const test of order) {
    if (test()) {
      const kind = test === cpf ? 'cpf' : 'cnpj';
      scan.add(kind === 'cpf' ? t - 11 : t - 14, t, kind);
      return kind;
    }
  }
  return undefined;
}

/** Whether `[s, t)` holds only zeros (the padding left of a right-aligned number). */
export function zeros(text: string, s: number, t: number): boolean {
  for (let q = s; q < t; q++) if (text.charCodeAt(q) !== 0x30) return false;
  return true;
}
