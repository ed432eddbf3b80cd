/**
 * ANSI X12 segments (health enrolment 834, claims 837, eligibility 270/271), one or several to a
 * line: elements set apart by `*`, each segment ended by `~` (`NM1*IL*1*SILVA*MARIA*ANA***34*…~`).
 * The segment's tag and qualifiers say what a value is: a person's name (NM1 with entity type 1),
 * their street (N3) and postcode (N4) after it, their birth date (DMG), a contact's name and numbers
 * (PER). An organisation's NM1 (entity type 2) is read as prose and its address left; the city and
 * the state are places. Other segments are read as prose.
 */
import type { DetectorId } from '../../../config.js';
import { detectorBit } from '../../../detectors/registry.js';
import { LOOK_BEHIND } from '../../behind.js';
import type { KeyClass } from '../../keys.js';
import { containsMaskOutput } from '../../maskOutput.js';
import type { Scan } from '../../scanner.js';
import { birthCalendarDay } from '../../validate.js';
import { CEP_KEY, PHONE_KEY, type Span, fitted, letterIn, splitAt, textField, trim } from './fields.js';

const EMAIL_KEY: KeyClass = { detector: 'email', generic: false };

/** Tags a line of X12 opens with (the interchange's envelope and the segments of health transactions). */
const TAGS = new Set(
  'ISA GS ST SE GE IEA BGN BHT REF DTP NM1 N1 N3 N4 DMG PER INS HD HL SBR PAT CLM HI LX SV1 SV2 PRV TRN EQ EB DTM QTY AMT COB LUI LS LE'.split(
    ' ',
  ),
);
/** PER's qualifiers of a telephone (TE, CP mobile, HP home, WP work, FX fax) and of a mailbox. */
const PHONE_QUALIFIERS = new Set(['TE', 'CP', 'HP', 'WP', 'FX', 'BN']);

/** The tag of a segment at `p`: two or three capitals or digits before `*`; '' when there is none. */
function tagAt(text: string, p: number, e: number): string {
  for (let k = 2; k <= 3 && p + k < e; k++) if (text.charCodeAt(p + k) === 0x2a) return text.slice(p, p + k);
  return '';
}

/** Whether the line at `p` may still be X12 (a stream waits for its end): a tag read here, then `*`. */
export function couldBeX12(text: string, p: number, n: number): boolean {
  if (n < 4) {
    for (const tag of TAGS) if (tag.startsWith(text.slice(p, p + n))) return true;
    return false;
  }
  return TAGS.has(tagAt(text, p, p + n));
}

/** Reads the complete line `[p, e)` as X12 segments; returns `e`, or -1 when it is none. */
export function x12Line(scan: Scan, p: number, e: number): number {
  const text = scan.text;
  let end = e;
  while (end > p && (text.charCodeAt(end - 1) === 0x0d || text.charCodeAt(end - 1) === 0x20)) end--;
  if (text.charCodeAt(end - 1) !== 0x7e || !TAGS.has(tagAt(text, p, end))) return -1;
  let person = personBefore(text, p);
  for (const segment of splitAt(text, p, end - 1, 0x7e)) {
    const [s, t] = trim(text, segment[0], segment[1]);
    if (s >= t) continue;
    const elements = splitAt(text, s, t, 0x2a);
    const tag = text.slice(s, elements[0]?.[1] ?? s);
    if (tag === 'NM1') person = entity(scan, elements);
    else if (tag === 'DMG') birth(scan, elements);
    else if (tag === 'N3' && person) for (const line of elements.slice(1)) add(scan, line, 'address');
    else if (tag === 'N4' && person) {
      const postcode = elements[3];
      if (postcode !== undefined && !containsMaskOutput(text.slice(postcode[0], postcode[1])))
        fitted(scan, postcode[0], postcode[1], CEP_KEY);
    } else if (tag === 'PER') contact(scan, elements, person);
    else if (tag !== 'N3' && tag !== 'N4') for (const element of elements.slice(1)) textField(scan, element[0], element[1]);
  }
  return e;
}

/** NM1: a person's (entity type 1) last, first and middle names masked, their identifier read as text; an organisation's name read as prose. Whether it is a person's. */
function entity(scan: Scan, elements: readonly Span[]): boolean {
  const text = scan.text;
  const [, , type, last, first, middle, , , , id] = elements;
  const person = type !== undefined && text.slice(type[0], type[1]) === '1';
  if (person)
    for (const part of [last, first, middle])
      if (part !== undefined) add(scan, part, 'name');
      else if (last !== undefined) textField(scan, last[0], last[1]);
  if (id !== undefined) textField(scan, id[0], id[1]);
  return person;
}

/** DMG*D8*CCYYMMDD*gender: the birth date. */
function birth(scan: Scan, elements: readonly Span[]): void {
  const date = elements[2];
  if (date === undefined) return;
  const m = /^(\d{4})(\d\d)(\d\d)$/.exec(scan.text.slice(date[0], date[1]));
  if (m && birthCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) add(scan, date, 'birth_date');
}

/** PER*function*name*qualifier*number…: the contact's name, and a person's numbers and mailbox (an organisation's are left). */
function contact(scan: Scan, elements: readonly Span[], person: boolean): void {
  const text = scan.text;
  const name = elements[2];
  if (name !== undefined) add(scan, name, 'name');
  for (let k = 3; k + 1 < elements.length; k += 2) {
    const qualifier = text.slice(elements[k]![0], elements[k]![1]);
    const [s, t] = elements[k + 1]!;
    if (!person || containsMaskOutput(text.slice(s, t))) continue;
    if (PHONE_QUALIFIERS.has(qualifier)) fitted(scan, s, t, PHONE_KEY);
    else if (qualifier === 'EM') fitted(scan, s, t, EMAIL_KEY);
  }
}

/** Whether the last NM1 before the line at `p` (within what a stream keeps behind its window) names a person. */
function personBefore(text: string, p: number): boolean {
  const before = text.slice(Math.max(0, p - 3 * LOOK_BEHIND), p);
  const at = before.lastIndexOf('NM1*');
  if (at < 0) return false;
  const type = before.slice(at + 4).split('*')[1];
  return type === '1';
}

/** Records the trimmed `span` as `detector` when it holds a letter or a digit and no masking output. */
function add(scan: Scan, span: Span, detector: DetectorId): void {
  const [s, t] = trim(scan.text, span[0], span[1]);
  if (s === t || !scan.on(detectorBit(detector))) return;
  const value = scan.text.slice(s, t);
  if (containsMaskOutput(value) || (detector !== 'birth_date' && !letterIn(scan.text, s, t))) return;
  scan.add(s, t, detector);
}
