/**
 * Airline forms of a passenger (IATA Resolution 792, the Bar Coded Boarding Pass, and the
 * reservation systems that print names the same way):
 *
 * - the name `SURNAME/GIVENNAMES MR`, upper case, given names often glued, the title after;
 * - the BCBP string `M1` + a 20-column name field (`SURNAME/GIVENNAMESMRS`, the title glued on,
 *   cut at 20) + the e-ticket flag, the 7-column PNR and the two airports;
 * - a date `14MAY18` (DDMONYY, English month), a birth date after a birth cue.
 *
 * Surname and given names are masked as two names; the title stays.
 */
import { CLASS, DIGIT, UPPER, WORD } from '../chars.js';
import { detectorBit } from '../../detectors/registry.js';
import { COMMON_NAME_WEIGHT, W_SURNAME, nameWeight } from '../lexicon.js';
import { holdsMaskedOutput } from '../maskOutput.js';
import { SPACE_CHAR } from '../scanHelpers.js';
import type { Scan } from '../scanner.js';

const TITLES = ['MSTR', 'MISS', 'MRS', 'MR', 'MS', 'DR'];
const MONTHS = new Set(['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']);
const NAME_FIELD = 20;
const MOST_GIVEN_NAMES = 4;
const BIRTH = detectorBit('birth_date');
const NAME = detectorBit('name');

function upperRun(scan: Scan, p: number): number {
  let q = p;
  while (scan.cls(q) & UPPER && !(scan.cls(q) & DIGIT)) q++;
  return q;
}

function titleAt(scan: Scan, p: number, e: number): boolean {
  return TITLES.includes(scan.text.slice(p, e));
}

/**
 * Whether the surname `[i, j)` is a known surname or first name, or the given names at `given`
 * (glued: `MARIACLARA`) start with a common first name: `ICMS/IPI MS` (a state, not a title) is
 * no passenger.
 */
function knownName(scan: Scan, i: number, j: number, given: number): boolean {
  const text = scan.text;
  const surname = scan.words.get(text, i, j);
  if (surname & W_SURNAME || nameWeight(surname) >= 0) return true;
  for (let e = upperRun(scan, given); e - given >= 3; e--)
    if (nameWeight(scan.words.get(text, given, e)) >= COMMON_NAME_WEIGHT) return true;
  return false;
}

/**
 * At the upper-case word `[i, j)` followed by `/`: `SURNAME/GIVEN NAMES TITLE`. Without the
 * title and a known name nothing says it is a passenger (`SP/RJ`, `ICMS/IPI MS`). Returns the
 * end of the given names, or -1.
 */
export function iataName(scan: Scan, i: number, j: number): number {
  const before = i > 0 ? scan.text.charCodeAt(i - 1) : SPACE_CHAR;
  if (!scan.on(NAME) || j - i < 2 || (CLASS[before] ?? 0) & WORD || before === 0x2f) return -1;
  const given = j + 1;
  let end = upperRun(scan, given);
  if (end - given < 2) return -1;
  for (let words = 1; words <= MOST_GIVEN_NAMES; words++) {
    if (scan.at(end) !== SPACE_CHAR) return -1;
    const next = upperRun(scan, end + 1);
    if (next === end + 1 || scan.cls(next) & WORD) return -1;
    if (titleAt(scan, end + 1, next) && knownName(scan, i, j, given)) {
      scan.add(i, j, 'name');
      scan.add(given, end, 'name');
      return end;
    }
    end = next;
  }
  return -1;
}

/**
 * At `M` + the number of legs, the word `[i, j)` running into `/`: a BCBP string, whose name
 * field is columns 3-22, then `E` (or a space), the PNR and two airport codes. Returns the end
 * of the name field, or -1.
 */
export function bcbpName(scan: Scan, i: number, j: number): number {
  const field = i + 2;
  const after = field + NAME_FIELD;
  const slash = j;
  if (!scan.on(NAME) || slash < field + 2 || slash >= after) return -1;
  const flag = scan.at(after);
  if (flag !== 0x45 && flag !== SPACE_CHAR) return -1;
  for (let q = after + 8; q < after + 14; q++) if (!(scan.cls(q) & UPPER) || scan.cls(q) & DIGIT) return -1;
  const text = scan.text;
  // Masked before, the columns have moved: masking again must change nothing.
  if (holdsMaskedOutput(text.slice(field, after))) return -1;
  let end = after;
  while (end > slash + 1 && text.charCodeAt(end - 1) === SPACE_CHAR) end--;
  const title = TITLES.find((t) => text.endsWith(t, end) && end - t.length - (slash + 1) >= 2);
  if (title !== undefined) end -= title.length;
  scan.add(field, slash, 'name');
  if (end > slash + 1) scan.add(slash + 1, end, 'name');
  return after;
}

/** At the token `[i, j)`: `14MAY18` or `14MAY2018` after a birth cue is a birth date; returns `j`, or -1. */
export function iataDate(scan: Scan, i: number, j: number): number {
  if ((j - i !== 7 && j - i !== 9) || !scan.on(BIRTH)) return -1;
  const text = scan.text;
  for (const q of [i, i + 1, i + 5, i + 6]) if (!(scan.cls(q) & DIGIT)) return -1;
  if (j - i === 9 && !(scan.cls(i + 7) & DIGIT && scan.cls(i + 8) & DIGIT)) return -1;
  const day = Number(text.slice(i, i + 2));
  if (day < 1 || day > 31 || !MONTHS.has(text.slice(i + 2, i + 5)) || !scan.cueBefore(i, BIRTH, 3)) return -1;
  scan.add(i, j, 'birth_date');
  return j;
}

/**
 * A passenger's travel document in a reservation (`SSR DOCS LA HK1/P/BRA/FA1234567/BRA/14MAR85/F/20MAR30/SILVA/MARIA ANA`,
 * `SR DOCS YY HK1-P-BRA-…` as Amadeus writes it): type, issuing country, number, nationality, birth
 * date, gender, expiry, surname and given names, set apart by `/` or `-`. The birth date and the
 * names are masked; the codes and the document's number (a keep, as passports are elsewhere) stay.
 */
const SSR_DOCS =
  /^[ /-]*(?:[A-Z0-9]{2} (?:HK|NN|KK)\d ?[/-]?)?[PIACMF]([/-])[A-Z]{2,3}\1[A-Z0-9]*\1[A-Z]{2,3}\1(\d{2}[A-Z]{3}\d{2})\1(?:[MFU]I?|X)\1(?:\d{2}[A-Z]{3}\d{2})?\1([A-Z][A-Z' ]*[A-Z])\1([A-Z][A-Z' ]*[A-Z])(?:\1([A-Z][A-Z' ]*[A-Z]))?/d;
const LONGEST_DOCS = 200;

/** After `DOCS` (ending at `j`): reads the SSR DOCS line; returns its end, or -1. */
export function ssrDocs(scan: Scan, j: number): number {
  if (!scan.on(BIRTH) && !scan.on(NAME)) return -1;
  // The rest of the line, read through `at` so a stream waits for it.
  let e = j;
  while (e - j < LONGEST_DOCS) {
    const c = scan.at(e);
    if (c < 0 || c === 0x0a || c === 0x0d) break;
    e++;
  }
  const m = SSR_DOCS.exec(scan.text.slice(j, e));
  if (m === null || m.indices === undefined) return -1;
  const [, , dob, surname, given, middle] = m.indices;
  if (dob !== undefined && scan.on(BIRTH)) scan.add(j + dob[0], j + dob[1], 'birth_date');
  for (const part of [surname, given, middle]) if (part !== undefined && scan.on(NAME)) scan.add(j + part[0], j + part[1], 'name');
  return j + m[0].length;
}
