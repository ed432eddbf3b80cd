/**
 * Numbers: a chain of digit groups (`529.982.247-25`, `(11) 98765-4321`, `+55 11 3456 7890`,
 * `12/03/1985`) is read once, described by its digits and shape, and offered to the detectors
 * that claim numbers of that many digits (see NumberRule). Dates, IPv4 addresses, prices and
 * versions are told apart here first; alphanumeric codes (hashes, UUIDs, the new CNPJ) go to
 * `compound`.
 */
import type { DetectorId } from '../../config.js';
import { bareShape } from '../../detectors/common.js';
import type { NumberFacts, NumberRule } from '../../detectors/descriptor.js';
import { DETECTORS, detectorBit } from '../../detectors/registry.js';
import { CLASS, DIGIT, LOWER, UNDERSCORE, UPPER, WORD, isDigit } from '../chars.js';
import { CUE_VERSION } from '../cues.js';
import { W_MONTH_PT } from '../lexicon.js';
import { NBSP, SPACE_CHAR, foldedEquals } from '../scanHelpers.js';
import type { Scan } from '../scanner.js';
import { validCnpj } from '../validate.js';
import { validIpv4 } from './ip.js';

const CNPJ = detectorBit('cnpj');
const BIRTH = detectorBit('birth_date');
const IP = detectorBit('ip');

// Shapes (group lengths and separators: 529.982.247-25 is "3.3.3-2"), compiled once; each is
// tried only on shapes of its length.
const DATE_SHAPE = /^[12]([/.-])[12]\1[24]$/;
const ISO_DATE_SHAPE = /^4([/-])2\1[2]$/;
const IPV4_SHAPE = /^[123]\.[123]\.[123]\.[123]$/;
const VERSION_SHAPE = /^[123](\.[123]){2,3}$/;
const PRICE_SHAPE = /^[123](\.3)*$/;
/** Where the formatted alphanumeric CNPJ (AA.AAA.AAA/AAAA-DD) puts its separators: after 2, 5, 8, 12 characters. */
const CNPJ_SEPARATOR_AT = [2, 5, 8, 12];
const CNPJ_SEPARATOR = [0x2e, 0x2e, 0x2f, 0x2d];
/** "1" … "24": group lengths as they appear in shapes, without a number-to-string per group. */
const GROUP_LENGTHS = Array.from({ length: 25 }, (_, length) => String(length));

/** A token of letters and digits joined by `.-/_:`: hashes, UUIDs, codes; maybe an alphanumeric CNPJ. */
export function compound(scan: Scan, i: number): number {
  const cnpj = alnumCnpj(scan, i);
  if (cnpj > 0) return cnpj;
  let p = i;
  for (;;) {
    while (scan.cls(p) & WORD) p++;
    const c = scan.at(p);
    if ((c === 0x2e || c === 0x2d || c === 0x2f || c === 0x3a) && scan.cls(p + 1) & WORD) {
      p++;
      continue;
    }
    // Always advance: the main loop must make progress whatever it was handed.
    return Math.max(p, i + 1);
  }
}

/** Alphanumeric CNPJ (IN RFB 2.229/2024): 12 of 0-9/A-Z then 2 digits, bare or as AA.AAA.AAA/AAAA-DD. */
export function alnumCnpj(scan: Scan, i: number): number {
  if (!scan.on(CNPJ)) return -1;
  let p = i;
  let count = 0;
  let letters = 0;
  let separators = 0;
  // Separators are all-or-nothing, each where the formatted layout puts it.
  let layout = true;
  while (count <= 14) {
    const c = scan.at(p);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a)) {
      if (c >= 0x41) letters++;
      count++;
      p++;
      continue;
    }
    if ((c === 0x2e || c === 0x2f || c === 0x2d) && count > 0) {
      const next = scan.at(p + 1);
      if ((next >= 0x30 && next <= 0x39) || (next >= 0x41 && next <= 0x5a)) {
        layout &&= count === CNPJ_SEPARATOR_AT[separators] && c === CNPJ_SEPARATOR[separators];
        separators++;
        p++;
        continue;
      }
    }
    break;
  }
  if (count !== 14 || scan.cls(p) & WORD) return -1;
  if (separators !== 0 && !(separators === 4 && layout)) return -1;
  if (letters === 0) return -1;
  const raw = scan.text.slice(i, p);
  const chars = separators === 0 ? raw : raw.replace(/[./-]/g, '');
  // The two check digits are digits even in the alphanumeric layout.
  if (!isDigit(chars.charCodeAt(12)) || !isDigit(chars.charCodeAt(13)) || !validCnpj(chars)) return -1;
  scan.add(i, p, 'cnpj');
  return p;
}

/** A chain of digit groups: `529.982.247-25`, `(11) 98765-4321`, `+55 11 3456 7890`, `12/03/1985`. */
export function numeric(scan: Scan, i: number): number {
  const text = scan.text;
  let p = i;
  let plus = false;
  let paren = false;
  if (text.charCodeAt(p) === 0x2b) {
    plus = true;
    p++;
  } else if (text.charCodeAt(p) === 0x28) {
    paren = true;
    p++;
  }
  let digits = '';
  let shape = plus ? '+' : paren ? '(' : '';
  let openParen = paren;
  // The chain as it stood before its last space: what is classified if a later group turns out to be a code.
  const beforeSpace: { end: number; digits: string; shape: string }[] = [];
  let groups = 0;
  let dvX = false;
  let end = p;
  for (;;) {
    const gs = p;
    while (scan.cls(p) & DIGIT) p++;
    if (p === gs) break;
    groups++;
    digits += text.slice(gs, p);
    shape += GROUP_LENGTHS[p - gs] ?? String(p - gs);
    end = p;
    if (digits.length > 20) {
      if (beforeSpace.length > 0) return fallBack(scan, i, beforeSpace, plus);
      return skipDigits(scan, p);
    }
    const c = scan.at(p);
    if (c < 0) break;
    if ((CLASS[c] ?? 0) & WORD) {
      // Digits glued to letters: a code, hash or measure (10kg, 12h30, 3f9a…).
      if (beforeSpace.length > 0) return fallBack(scan, i, beforeSpace, plus);
      return compound(scan, plus || paren ? i + 1 : i);
    }
    if (c === 0x29 && openParen) {
      openParen = false;
      shape += ')';
      p++;
      if (scan.at(p) === SPACE_CHAR) {
        shape += ' ';
        p++;
      }
      continue;
    }
    if (c === 0x2e || c === 0x2d || c === 0x2f || c === SPACE_CHAR || c === NBSP) {
      const next = scan.at(p + 1);
      // A space joins short groups only (11 98765 4321, 4111 1111 …): two numbers side by side stay two.
      if ((c === SPACE_CHAR || c === NBSP) && next >= 0x30 && next <= 0x39) {
        const run = runLength(scan, p + 1);
        if (p - gs > 6 || run > 6 || scan.cls(p + 1 + run) & (UPPER | LOWER | UNDERSCORE)) break;
      }
      if (next >= 0x30 && next <= 0x39) {
        if (c === SPACE_CHAR || c === NBSP) beforeSpace.push({ end, digits, shape });
        shape += c === NBSP ? ' ' : String.fromCharCode(c);
        p++;
        continue;
      }
      if (c === 0x2d && (next === 0x58 || next === 0x78) && !(scan.cls(p + 2) & WORD)) {
        dvX = true;
        shape += '-X';
        end = p + 2;
      } else if (c !== SPACE_CHAR && c !== NBSP && next >= 0x41 && next <= 0x5a) {
        // 12.ABC.345/01DE-35: an alphanumeric CNPJ, or another code of letters and digits.
        if (beforeSpace.length > 0) return fallBack(scan, i, beforeSpace, plus);
        return compound(scan, plus || paren ? i + 1 : i);
      }
      if (c === SPACE_CHAR && next === 0x28 && plus && groups === 1 && scan.cls(p + 2) & DIGIT) {
        // +55 (21) 2345-6789
        shape += ' (';
        p += 2;
        openParen = true;
        continue;
      }
      if (c === SPACE_CHAR && next === 0x2d && scan.at(p + 2) === SPACE_CHAR && scan.cls(p + 3) & DIGIT && groups <= 2) {
        // "11 - 98765-4321"
        shape += ' - ';
        p += 3;
        continue;
      }
    }
    break;
  }
  if (groups === 0) return i + 1;
  return finishDigits(scan, i, end, digits, shape, plus, dvX, openParen);
}

/** The chain ran into a code or grew too long: keep the longest part before a space that is something. */
export function fallBack(scan: Scan, i: number, states: readonly { end: number; digits: string; shape: string }[], plus: boolean): number {
  for (let k = states.length - 1; k >= 0; k--) {
    const state = states[k]!;
    const before = scan.found.length;
    const end = finishDigits(scan, i, state.end, state.digits, state.shape, plus, false);
    if (scan.found.length > before) return end;
  }
  return states[0]!.end;
}

export function finishDigits(
  scan: Scan,
  i: number,
  end: number,
  digits: string,
  shape: string,
  plus: boolean,
  dvX: boolean,
  openParen = false,
): number {
  const text = scan.text;
  if (openParen) return end;
  // Parts of a larger identifier: ABC-123456, v2.1.0, /path/123.
  const before = i > 0 ? text.charCodeAt(i - 1) : -1;
  if ((shape.length === 5 || shape.length === 7) && VERSION_SHAPE.test(shape) && scan.cueBefore(i, CUE_VERSION)) return end;
  if ((before === 0x2d || before === 0x2f || before === 0x2e || before === 0x5f) && i > 1 && (CLASS[text.charCodeAt(i - 2)] ?? 0) & WORD)
    return end;
  // Prices and decimals: R$ 1.234,56 · 12.345.678,90 · 3,14.
  const after = scan.at(end);
  if (after === 0x2c && scan.cls(end + 1) & DIGIT && PRICE_SHAPE.test(shape)) return end;
  if (currencyBefore(scan, i)) return end;
  classifyDigits(scan, i, end, digits, shape, plus, dvX);
  return end;
}

export function runLength(scan: Scan, p: number): number {
  let q = p;
  while (scan.cls(q) & DIGIT && q - p < 8) q++;
  return q - p;
}

export function skipDigits(scan: Scan, p: number): number {
  let q = p;
  for (;;) {
    while (scan.cls(q) & DIGIT) q++;
    const c = scan.at(q);
    if ((c === 0x2e || c === 0x2d || c === 0x2f || c === SPACE_CHAR) && scan.cls(q + 1) & DIGIT) {
      q++;
      continue;
    }
    return q;
  }
}

export function currencyBefore(scan: Scan, i: number): boolean {
  let p = i - 1;
  while (p >= 0 && scan.text.charCodeAt(p) === SPACE_CHAR && i - p < 3) p--;
  const c = p >= 0 ? scan.text.charCodeAt(p) : -1;
  return c === 0x24 || c === 0x20ac || c === 0xa3;
}

/** The detectors whose numbers have `n` digits, in registry order. */
const BY_LENGTH: readonly (readonly NumberDetector[])[] = Array.from({ length: 21 }, (_, n) =>
  DETECTORS.flatMap((d) =>
    d.number?.lengths.includes(n) ? [{ id: d.id, bit: detectorBit(d.id), rule: d.number, validate: d.validate }] : [],
  ),
);

interface NumberDetector {
  readonly id: DetectorId;
  readonly bit: number;
  readonly rule: NumberRule;
  readonly validate: ((normalised: string) => boolean) | undefined;
}

/** What the detectors are told about the number being classified (one scan at a time). */
class Facts implements NumberFacts {
  scan: Scan | undefined;
  at = 0;
  bit = 0;
  digits = '';
  shape = '';
  plus = false;
  dvX = false;

  cue(reach: number): boolean {
    return this.scan!.cueBefore(this.at, this.bit, reach);
  }
}

const FACTS = new Facts();

export function classifyDigits(scan: Scan, i: number, end: number, d: string, shape: string, plus: boolean, dvX: boolean): void {
  const n = d.length;
  const length = shape.length;
  // Dates first: a date is never a phone or a document.
  // Shapes are group lengths: 529.982.247-25 is "3.3.3-2", 12/03/1985 is "2/2/4".
  if (length === 5 && (DATE_SHAPE.test(shape) || ISO_DATE_SHAPE.test(shape))) {
    if (scan.on(BIRTH) && plausibleDate(scan, i, end) && scan.cueBefore(i, BIRTH, 3)) scan.add(i, end, 'birth_date');
    return;
  }
  if ((n === 1 || n === 2) && bareShape(shape)) {
    const long = longDate(scan, end);
    if (long > 0) {
      if (scan.on(BIRTH) && scan.cueBefore(i, BIRTH, 3)) scan.add(i, long, 'birth_date');
      return;
    }
  }
  if (length === 7 && IPV4_SHAPE.test(shape)) {
    // A CIDR suffix (/24) is left: it says the network size, not who.
    if (scan.on(IP) && validIpv4(scan.text.slice(i, end))) scan.add(i, end, 'ip');
    return;
  }
  const candidates = BY_LENGTH[n];
  if (candidates === undefined || candidates.length === 0) return;
  const facts = FACTS;
  facts.scan = scan;
  facts.at = i;
  facts.digits = d;
  facts.shape = shape;
  facts.plus = plus;
  facts.dvX = dvX;
  // A cue decides first (`PIS 12056874107` is a PIS even if it also passes as a CPF), then layouts.
  for (let phase = 0; phase < 2; phase++) {
    for (const candidate of candidates) {
      if (!scan.on(candidate.bit)) continue;
      const claim = phase === 0 ? candidate.rule.cued : candidate.rule.plain;
      facts.bit = candidate.bit;
      if (claim === undefined || !claim(facts)) continue;
      if (candidate.validate !== undefined && !candidate.validate(d)) continue;
      scan.add(i, end, candidate.id);
      return;
    }
  }
}

/** Whether the three digit groups between `i` and `end` (a date shape) make a plausible day, month and year. */
export function plausibleDate(scan: Scan, i: number, end: number): boolean {
  const parts = [0, 0, 0];
  let part = 0;
  for (let p = i; p < end && part < 3; p++) {
    const c = scan.text.charCodeAt(p);
    if (isDigit(c)) parts[part] = (parts[part] ?? 0) * 10 + c - 0x30;
    else part++;
  }
  let day: number;
  let month: number;
  let year: number;
  if ((parts[0] ?? 0) > 999) [year, month, day] = [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
  else [day, month, year] = [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
  if (year < 100) year += year > 30 ? 1900 : 2000;
  return day >= 1 && day <= 31 && month >= 1 && month <= 12 && year >= 1890 && year <= 2100;
}

/** `12 de março de 1985`, `1º de abril de 1990`. Returns the end, or -1. */
export function longDate(scan: Scan, end: number): number {
  let p = end;
  if (scan.at(p) === 0xba || scan.at(p) === 0xb0) p++;
  if (scan.at(p) !== SPACE_CHAR) return -1;
  const de = scan.wordEnd(p + 1);
  if (de === p + 1 || !foldedEquals(scan.text, p + 1, de, 'DE')) return -1;
  if (scan.at(de) !== SPACE_CHAR) return -1;
  const month = scan.wordEnd(de + 1);
  if (month === de + 1 || !(scan.words.get(scan.text, de + 1, month) & W_MONTH_PT)) return -1;
  let q = month;
  if (scan.at(q) === SPACE_CHAR) {
    const de2 = scan.wordEnd(q + 1);
    if (de2 > q + 1 && foldedEquals(scan.text, q + 1, de2, 'DE') && scan.at(de2) === SPACE_CHAR) {
      let y = de2 + 1;
      const ys = y;
      while (scan.cls(y) & DIGIT) y++;
      if (y - ys === 4 && !(scan.cls(y) & WORD)) q = y;
    }
  }
  return q;
}

/** `March 12, 1985` / `Mar 12 1985` after a birth cue. */
export function englishDate(scan: Scan, i: number, j: number): number {
  if (!scan.on(BIRTH) || scan.at(j) !== SPACE_CHAR) return -1;
  let p = j + 1;
  const ds = p;
  while (scan.cls(p) & DIGIT) p++;
  if (p - ds < 1 || p - ds > 2) return -1;
  if (scan.at(p) === 0x2c) p++;
  if (scan.at(p) !== SPACE_CHAR) return -1;
  p++;
  const ys = p;
  while (scan.cls(p) & DIGIT) p++;
  if (p - ys !== 4 || scan.cls(p) & WORD) return -1;
  if (!scan.cueBefore(i, BIRTH, 3)) return p;
  scan.add(i, p, 'birth_date');
  return p;
}
