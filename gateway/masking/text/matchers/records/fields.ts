/** What the record readers share: a span of a line, trimming, masking a field as a column does, and character tests. */
import { detectorBit } from '../../../detectors/registry.js';
import { valueFits } from '../../fit.js';
import type { KeyClass } from '../../keys.js';
import { SPACE_CHAR } from '../../scanHelpers.js';
import type { Scan } from '../../scanner.js';

export type Span = readonly [number, number];

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
