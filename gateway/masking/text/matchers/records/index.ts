/**
 * Line-oriented records whose layout, not their words, says what each value is: HL7 v2 segments
 * (health systems), CNAB 400/240 bank records (boleto remittance and return files), AFD records
 * of time clocks, SPED registers that name people, DIRF registers with a birth date (dirf.ts), vCard lines (vcard.ts: a work address is
 * a company's), DICOM header elements (dicom.ts: the keyword ending the line is the key) and GEDCOM family
 * trees (gedcom.ts), EDIFACT segments (edifact.ts), X12 segments (x12.ts). Read as prose they mislead the scanner (an
 * HL7 name is `SILVA^MARIA`, a CNAB or AFD line is one run of glued digits and padded names, a
 * SPED participant's address fields say nothing about whose they are), so a line that plainly is
 * one is read by position instead: each
 * personal field is masked as its kind, codes and bank fields are left, and free text (OBX-5,
 * NTE-3, a boleto's message) is scanned as a table cell is.
 *
 * Everything is read within the complete line (tables.ts waits for it in a stream, see
 * `couldBeRecord`), so a stream decides as a whole text does.
 */
import { SPACE_CHAR } from '../../scanHelpers.js';
import type { Scan } from '../../scanner.js';
import { afdLine, couldBeAfd } from './afd.js';
import { cnabLine, couldBeCnab240 } from './cnab.js';
import { alphanumeric, digitsIn } from './fields.js';
import { SEGMENT_PREFIXES, fieldSeparatorOf, hl7Line } from './hl7.js';
import { couldBeSped, spedLine } from './sped.js';
import { couldBeDirf, dirfLine } from './dirf.js';
import { couldBeLdifLine, ldifLine } from './ldif.js';
import { couldBeVcardLine, vcardLine } from './vcard.js';
import { couldBeDicomLine, dicomLine } from './dicom.js';
import { couldBeGedcomLine, gedcomLine } from './gedcom.js';
import { couldBeEdifact, edifactLine } from './edifact.js';
import { couldBeX12, x12Line } from './x12.js';

/**
 * At the start of the complete line `[p, e)` (without its line break): reads it as a vCard
 * line, an HL7 segment (or several, joined by CR as HL7 writes them), a CNAB or AFD record or a
 * SPED register, an EDIFACT segment, or an LDIF line.
 * Returns `e`, or -1 when the line is none of them.
 */
export function recordLine(scan: Scan, p: number, e: number): number {
  const text = scan.text;
  if (e - p < 4) return -1;
  const c = text.charCodeAt(p);
  if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) {
    const vcard = vcardLine(scan, p, e);
    if (vcard >= 0) return vcard;
    const ldif = ldifLine(scan, p, e);
    if (ldif >= 0 || scan.openAt >= 0) return ldif;
  }
  if (c === 0x23) return ldifLine(scan, p, e);
  if (c >= 0x41 && c <= 0x5a) {
    const dirf = dirfLine(scan, p, e);
    if (dirf >= 0) return dirf;
    // X12 (`NM1*IL*1*…~`): a star after a tag of two or three characters.
    if (text.charCodeAt(p + 2) === 0x2a || text.charCodeAt(p + 3) === 0x2a) {
      const x12 = x12Line(scan, p, e);
      if (x12 >= 0) return x12;
    }
    // Cheap first: most capitalised lines are prose, a letter or a space after three characters.
    const separator = text.charCodeAt(p + 3);
    if (separator === 0x2b) {
      const edifact = edifactLine(scan, p, e);
      if (edifact >= 0) return edifact;
    }
    return alphanumeric(separator) || separator <= SPACE_CHAR ? -1 : hl7Line(scan, p, e);
  }
  if (c === 0x7c) return spedLine(scan, p, e);
  if (c === 0x28) return dicomLine(scan, p, e);
  if (c >= 0x30 && c <= 0x39) {
    if (text.charCodeAt(p + 1) === SPACE_CHAR) return gedcomLine(scan, p, e);
    const cnab = cnabLine(scan, p, e);
    return cnab >= 0 ? cnab : afdLine(scan, p, e);
  }
  return -1;
}

/**
 * Whether the incomplete line `[p, e)` may still turn out a record, so a stream waits for its
 * end. Only prefixes are tested, so the answer only turns false as the line grows, and every
 * line `recordLine` reads passes it at every length.
 */
export function couldBeRecord(text: string, p: number, e: number): boolean {
  // A CR may end the line already, its line feed still to come.
  const n = e - p - (e > p && text.charCodeAt(e - 1) === 0x0d ? 1 : 0);
  if (n <= 0) return false;
  const c = text.charCodeAt(p);
  if (couldBeVcardLine(text, p, e) || couldBeLdifLine(text, p, e)) return true;
  if (c >= 0x41 && c <= 0x5a) {
    if (couldBeDirf(text, p, n) || couldBeEdifact(text, p, n) || couldBeX12(text, p, n)) return true;
    const id = text.slice(p, Math.min(e, p + 3));
    if (!SEGMENT_PREFIXES.has(id)) return false;
    return n < 4 || fieldSeparatorOf(id, text.charCodeAt(p + 3)) >= 0;
  }
  if (c === 0x7c) return couldBeSped(text, p, n);
  if (c === 0x28) return couldBeDicomLine(text, p, n);
  if (c >= 0x30 && c <= 0x39 && couldBeGedcomLine(text, p, n)) return true;
  if (couldBeAfd(text, p, n)) return true;
  if (n > 400) return false;
  // CNAB 400: a detail record (type 1, or 7 in Banco do Brasil's 7-digit agreement) then 16 digits.
  if ((c === 0x31 || c === 0x37) && digitsIn(text, p + 1, Math.min(e, p + 17))) return true;
  return couldBeCnab240(text, p, n);
}
