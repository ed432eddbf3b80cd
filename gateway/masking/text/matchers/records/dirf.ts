/**
 * DIRF records (the Receita Federal's annual withholding return, pipe-delimited, `ID|field|…|`)
 * whose layout places a birth date with no label beside it: INFPA (an alimony beneficiary: CPF,
 * birth date, name, relationship) and DTPSE (a health plan holder's dependant: CPF, birth date,
 * name, relationship, amount). The date is the third field, `AAAAMMDD`; the other fields are
 * read as table cells (a CPF by its check digits, a name as a name). BPFDEC (a beneficiary: CPF,
 * name, the date of a serious illness's medical report) is read field by field too: its date is
 * no birth date, and a field takes no cue from the name before it.
 */
import type { KeyClass } from '../../keys.js';
import type { Scan } from '../../scanner.js';
import { fitted, mayOpen, textField } from './fields.js';

const PIPE = 0x7c;
/** The registers read here, with their separator. */
const REGISTERS = ['INFPA|', 'DTPSE|', 'BPFDEC|'];
/** The registers whose third field is a birth date. */
const WITH_BIRTH = ['INFPA|', 'DTPSE|'];
const BIRTH_DATE: KeyClass = { detector: 'birth_date', generic: false };
/** The birth date's field, counted from 1 = the register's id. */
const DATE_FIELD = 3;

/** Whether the first `n` characters of a line at `p` may still open one of the registers read here. */
export function couldBeDirf(text: string, p: number, n: number): boolean {
  return mayOpen(REGISTERS, text, p, n);
}

/** A register at `p` (the line ends at `e`): returns `e`, or -1 when the line is none read here. */
export function dirfLine(scan: Scan, p: number, e: number): number {
  const text = scan.text;
  if (e - p < 8 || !couldBeDirf(text, p, e - p)) return -1;
  const birth = WITH_BIRTH.some((register) => text.startsWith(register, p));
  let field = 1;
  let a = p;
  for (let q = p; q <= e; q++) {
    if (q < e && text.charCodeAt(q) !== PIPE) continue;
    if (birth && field === DATE_FIELD && /^\d{8}$/.test(text.slice(a, q))) fitted(scan, a, q, BIRTH_DATE);
    else if (field > 1) textField(scan, a, q);
    field++;
    a = q + 1;
  }
  return e;
}
