/**
 * A DICOM header as dcmdump, gdcmdump or pydicom print it: `(0010,0010) PN [SILVA^MARIA]  # 12, 1
 * PatientName`. The element's keyword ends the line and says what the value in brackets is: a
 * person's name (value representation PN, its components joined by `^`), a birth date, an
 * address, a phone, a document. Read as prose, `SILVA^MARIA` and `19690214` are no one's; here
 * the keyword is the key. Elements whose keyword names nothing personal (a study's date, a
 * station) are left, and free text (`AdditionalPatientHistory`) is scanned as prose.
 */
import type { DetectorId } from '../../../config.js';
import { detector } from '../../../detectors/registry.js';
import { valueFits } from '../../fit.js';
import { classifyKeyAt } from '../../keys.js';
import { containsMaskOutput } from '../../maskOutput.js';
import type { Scan } from '../../scanner.js';

/** `(gggg,eeee) VR [values]  # length, multiplicity Keyword`; the values may be several, `]\[` between them. */
const ELEMENT = /^\([0-9A-Fa-f]{4},[0-9A-Fa-f]{4}\) ([A-Z]{2}) \[(.*)\][ \t]*#[ \t]*\d+,[ \t]*\d+[ \t]+([A-Za-z][A-Za-z0-9]*)[ \t]*\r?$/;

/** Whether the line at `p` may be a DICOM element (a stream waits for its end). */
export function couldBeDicomLine(text: string, p: number, n: number): boolean {
  return text.charCodeAt(p) === 0x28 && (n < 6 || /^\([0-9A-Fa-f]{0,4}(?:,[0-9A-Fa-f]{0,4}\)?)?/.test(text.slice(p, p + 12)));
}

/** Reads the complete line `[p, e)` as a DICOM element; returns `e`, or -1 when it is none or names nothing personal. */
export function dicomLine(scan: Scan, p: number, e: number): number {
  const line = scan.text.slice(p, e);
  const m = ELEMENT.exec(line);
  if (m === null) return -1;
  const [, vr, values, keyword] = m as unknown as [string, string, string, string];
  const person = vr === 'PN';
  const kc = person ? undefined : classifyKeyAt(keyword, 0, keyword.length, scan.options.extraKeys);
  const patientId = !person && kc === undefined && PATIENT_ID.test(keyword);
  if (!person && kc === undefined && !patientId) return -1;
  // `InstitutionAddress`: the hospital's own contact, no one's.
  if (kc?.organisation === true) return e;
  let at = p + line.indexOf('[') + 1;
  for (const value of values.split(/\]?\\\[?/)) {
    const trimmed = value.trim();
    const start = at + (value.length - value.trimStart().length);
    at += value.length + (scan.text.charCodeAt(at + value.length) === 0x5d ? 3 : 1);
    // Empty, or this engine's output (masking again changes nothing).
    if (trimmed === '' || containsMaskOutput(trimmed)) continue;
    if (person) {
      if (/\p{L}/u.test(trimmed)) scan.add(start, start + trimmed.length, 'name');
      continue;
    }
    const found = kc === undefined ? nationalNumber(trimmed) : valueFits(kc, trimmed.replace(/\^/g, ' '), true);
    if (found !== undefined) scan.add(start, start + trimmed.length, found);
  }
  return e;
}

/** `PatientID`, `OtherPatientIDs`: a hospital's record number or a national one. */
const PATIENT_ID = /^(?:Other)?(?:Patient|Person)IDs?$/;
const NATIONAL_NUMBERS: readonly DetectorId[] = ['cpf', 'cns'];

/** Which national number (CPF, CNS) the value is by its check digits; a record number is left. */
function nationalNumber(value: string): DetectorId | undefined {
  for (const id of NATIONAL_NUMBERS) {
    const found = detector(id);
    const normal = found.normalise(value);
    if (found.number?.lengths.includes(normal.length) && /^\d+$/.test(normal) && found.validate?.(normal)) return id;
  }
  return undefined;
}
