/**
 * UN/EDIFACT segments, one to a line (`NAD+IV+++SOUZA:MARIA+RUA X 12+CIDADE++01310100+BR'`), as
 * invoices (INVOIC), orders and passenger lists (PAXLST) are printed. Elements are set apart by
 * `+`, components by `:`, `?` releases the next character, `'` ends the segment. The segment's tag
 * and qualifiers say what a value is, which its words do not: a party's name and street (NAD),
 * a contact's name (CTA), a number or mailbox (COM), a birth date (DTM qualifier 329). A party
 * identified by a code (a GLN) or named as a supplier, seller or carrier is an organisation: its
 * name is read as prose, its address and the numbers after it are left. Other segments are read as prose.
 */
import type { DetectorId } from '../../../config.js';
import { detectorBit } from '../../../detectors/registry.js';
import { LOOK_BEHIND } from '../../behind.js';
import { containsMaskOutput } from '../../maskOutput.js';
import type { KeyClass } from '../../keys.js';
import type { Scan } from '../../scanner.js';
import { birthCalendarDay } from '../../validate.js';
import { CEP_KEY, PHONE_KEY, type Span, fitted, letterIn, textField, trim } from './fields.js';

const EMAIL_KEY: KeyClass = { detector: 'email', generic: false };

/** The segments read here. */
const TAGS = new Set(['NAD', 'CTA', 'COM', 'DTM']);

/** Parties that are organisations whatever their name: supplier, seller, manufacturer, carrier, forwarder, invoice issuer, sender, recipient, warehouse. */
const ORGANISATION_PARTIES = new Set(['SU', 'SE', 'MF', 'CA', 'FW', 'II', 'MS', 'MR', 'WH', 'FR']);

/** COM qualifiers of a telephone: telephone, fax, mobile, other telephone. */
const PHONE_CHANNELS = new Set(['TE', 'FX', 'AL', 'AJ']);

/** DTM's qualifier for a date of birth (UN/EDIFACT code list 2005). */
const BIRTH = '329';

/** Whether the line at `p` may still be an EDIFACT segment (a stream waits for its end): three capitals, then `+`. */
export function couldBeEdifact(text: string, p: number, n: number): boolean {
  for (let k = 0; k < Math.min(n, 3); k++) {
    const c = text.charCodeAt(p + k);
    if (c < 0x41 || c > 0x5a) return false;
  }
  return n < 4 || (text.charCodeAt(p + 3) === 0x2b && TAGS.has(text.slice(p, p + 3)));
}

/** Reads the complete line `[p, e)` as an EDIFACT segment of a tag read here; returns `e`, or -1. */
export function edifactLine(scan: Scan, p: number, e: number): number {
  const text = scan.text;
  let end = e;
  if (text.charCodeAt(end - 1) === 0x0d) end--;
  if (text.charCodeAt(end - 1) !== 0x27 || text.charCodeAt(p + 3) !== 0x2b || !TAGS.has(text.slice(p, p + 3))) return -1;
  const elements = split(text, p, end - 1, 0x2b);
  const tag = text.slice(p, p + 3);
  if (tag === 'NAD') {
    party(scan, elements);
    return e;
  }
  // CTA's contact (id:name) follows its function's qualifier; COM's and DTM's components come first.
  const value = elements[tag === 'CTA' ? 2 : 1];
  if (value === undefined) return -1;
  const components = split(text, value[0], value[1], 0x3a);
  const [first, second] = components;
  if (tag === 'CTA') {
    if (second !== undefined) name(scan, second);
    return e;
  }
  if (tag === 'COM') {
    const channel = second === undefined ? '' : text.slice(second[0], second[1]);
    if (first === undefined || containsMaskOutput(text.slice(first[0], first[1])) || organisationBefore(text, p)) return e;
    if (PHONE_CHANNELS.has(channel)) fitted(scan, first[0], first[1], PHONE_KEY);
    else if (channel === 'EM') fitted(scan, first[0], first[1], EMAIL_KEY);
    else return -1;
    return e;
  }
  // DTM+329:19410317:102
  if (first === undefined || second === undefined || text.slice(first[0], first[1]) !== BIRTH) return -1;
  const date = text.slice(second[0], second[1]);
  const m = /^(\d{4})(\d\d)(\d\d)$/.exec(date);
  if (m && birthCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) add(scan, second, 'birth_date');
  return e;
}

/** Whether a party is an organisation's: named as one by its qualifier, or identified by a code (a GLN). */
function organisation(text: string, elements: readonly Span[]): boolean {
  const [, qualifier, id] = elements;
  return (
    qualifier === undefined ||
    ORGANISATION_PARTIES.has(text.slice(qualifier[0], qualifier[1])) ||
    (id !== undefined && letterOrDigit(text, id))
  );
}

/**
 * Whether the last party or contact before the line at `p` (within what a stream keeps behind its
 * window) is an organisation's party with no contact named after it: its numbers are the firm's.
 */
function organisationBefore(text: string, p: number): boolean {
  const before = text.slice(Math.max(0, p - 3 * LOOK_BEHIND), p);
  const at = Math.max(before.lastIndexOf('\nNAD+'), before.lastIndexOf('\nCTA+'));
  if (at < 0 || before.startsWith('CTA+', at + 1)) return false;
  const end = before.indexOf('\n', at + 1);
  const line = before.slice(at + 1, end < 0 ? before.length : end);
  return organisation(line, split(line, 0, line.length, 0x2b));
}

/**
 * NAD+qualifier+party id+name and address lines+party name+street+city+subdivision+postcode+country.
 * A person's party: the name, the street (and the unstructured lines) and the postcode are masked;
 * the city and the state are places. An organisation's: its name is read as prose, its address left.
 */
function party(scan: Scan, elements: readonly Span[]): void {
  const text = scan.text;
  const [, , , lines, partyName, street, city, , postcode] = elements;
  if (organisation(text, elements)) {
    if (partyName !== undefined) textField(scan, partyName[0], partyName[1]);
    return;
  }
  if (lines !== undefined) for (const line of split(text, lines[0], lines[1], 0x3a)) textField(scan, line[0], line[1]);
  if (partyName !== undefined) name(scan, partyName);
  if (street !== undefined && letterIn(text, street[0], street[1])) add(scan, street, 'address');
  if (city !== undefined) textField(scan, city[0], city[1]);
  if (postcode !== undefined && !containsMaskOutput(text.slice(postcode[0], postcode[1]))) fitted(scan, postcode[0], postcode[1], CEP_KEY);
}

/** A name's element or component: masked whole when it has letters and no masking output. */
function name(scan: Scan, span: Span): void {
  if (letterIn(scan.text, span[0], span[1])) add(scan, span, 'name');
}

/** Records the trimmed `span` as `detector`, unless it is masking output already. */
function add(scan: Scan, span: Span, detector: DetectorId): void {
  const [s, t] = trim(scan.text, span[0], span[1]);
  if (s === t || containsMaskOutput(scan.text.slice(s, t)) || !scan.on(detectorBit(detector))) return;
  scan.add(s, t, detector);
}

/** Whether `[s, t)` holds a letter or a digit (a party's code). */
function letterOrDigit(text: string, [s, t]: Span): boolean {
  return /[\p{L}\p{N}]/u.test(text.slice(s, t));
}

/** The parts of `[s, t)` set apart by `separator`, a character after `?` standing for itself. */
function split(text: string, s: number, t: number, separator: number): Span[] {
  const parts: Span[] = [];
  let start = s;
  for (let q = s; q < t; q++) {
    const c = text.charCodeAt(q);
    if (c === 0x3f) q++;
    else if (c === separator) {
      parts.push([start, q]);
      start = q + 1;
    }
  }
  parts.push([start, t]);
  return parts;
}
