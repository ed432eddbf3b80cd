/**
 * A GEDCOM family tree (genealogy software's exchange format): `1 NAME Giovanni /Zanella/`, then
 * `1 BIRT` and `2 DATE 12 MAR 1861` under it. Each line is a level, a tag and a value, and the tag
 * says what the value is: a person's name (its surname between slashes), the date of a birth or a
 * baptism (the event is the line above at the level before), an address, a phone, an e-mail.
 * Places (`PLAC`, `CITY`), other events' dates and notes are read as prose or left.
 */
import type { DetectorId } from '../../../config.js';
import { detectorBit } from '../../../detectors/registry.js';
import { LOOK_BEHIND } from '../../behind.js';
import { containsMaskOutput } from '../../maskOutput.js';
import type { Scan } from '../../scanner.js';

/** `1 NAME …`, `0 @I1@ INDI`: a level, an optional cross-reference, a tag and its value. */
const LINE = /^(\d{1,2}) (?:@[^@\s]{1,20}@ )?([A-Z_][A-Z0-9_]{2,5})(?: (.*?))?\r?$/;

/** Tags whose value is a person's datum, by kind. */
const TAGS: ReadonlyMap<string, DetectorId> = new Map([
  ['NAME', 'name'],
  ['GIVN', 'name'],
  ['SURN', 'name'],
  ['NICK', 'name'],
  ['_MARNM', 'name'],
  ['ADDR', 'address'],
  ['ADR1', 'address'],
  ['ADR2', 'address'],
  ['PHON', 'phone'],
  ['EMAI', 'email'],
  ['EMAIL', 'email'],
]);

/** Events whose date is a person's birth: birth, baptism, christening. */
const BIRTH_EVENTS = /(?:^|\n)1 (?:BIRT|CHR|BAPM)\r?\n(?:2 (?!DATE)[A-Z_]{3,5}[^\n]*\n){0,3}$/;

/** Whether the line at `p` may be a GEDCOM line (a stream waits for its end): a level digit, then a space. */
export function couldBeGedcomLine(text: string, p: number, n: number): boolean {
  const c = text.charCodeAt(p + 1);
  return (
    n < 2 ||
    (c === 0x20 && (n < 3 || text.charCodeAt(p + 2) === 0x40 || (text.charCodeAt(p + 2) >= 0x41 && text.charCodeAt(p + 2) <= 0x5f)))
  );
}

/**
 * Reads the complete line `[p, e)` as a GEDCOM line when the line before is one too (a file of
 * them, not a numbered list); returns `e`, or -1.
 */
export function gedcomLine(scan: Scan, p: number, e: number): number {
  const text = scan.text;
  const line = text.slice(p, e);
  const m = LINE.exec(line);
  if (m === null || !gedcomBefore(text, p)) return -1;
  const [, , tag, value] = m as unknown as [string, string, string, string | undefined];
  if (value === undefined || value.trim() === '' || containsMaskOutput(value)) return e;
  const start = p + line.length - (line.endsWith('\r') ? 1 : 0) - value.length;
  let kind = TAGS.get(tag);
  if (tag === 'DATE' && BIRTH_EVENTS.test(text.slice(Math.max(0, p - LOOK_BEHIND), p))) kind = 'birth_date';
  if (kind === undefined || !scan.on(detectorBit(kind))) return -1;
  scan.add(start, start + value.length, kind);
  return e;
}

/** Whether the line before `p` is a GEDCOM line too. */
function gedcomBefore(text: string, p: number): boolean {
  if (p < 2) return false;
  const start = text.lastIndexOf('\n', p - 2) + 1;
  return p - start <= 256 && LINE.test(text.slice(start, p - 1));
}
