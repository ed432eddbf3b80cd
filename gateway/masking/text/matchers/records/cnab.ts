/**
 * CNAB 400 detail records and CNAB 240 files (FEBRABAN's layout: boleto remittance and return,
 * and payments such as payroll), read by column: payers' and payees' CPF or CNPJ, names,
 * addresses, bairros and CEPs masked; the company's CNPJ masked as every CNPJ is, and its
 * address read as text; bank fields, dates and amounts left.
 */
import type { KeyClass } from '../../keys.js';
import type { Scan } from '../../scanner.js';
import {
  ADDRESS_KEY,
  NAME_KEY,
  column,
  digitsIn,
  fitted,
  inscription,
  isDigitCode,
  letterIn,
  textField,
  zeros,
  type Span,
} from './fields.js';

/**
 * A CNAB 400 detail record or a CNAB 240 header, segment A, B or Q; -1 for any other line
 * (trailers and other segments are read as text). Files are often a few columns short
 * (trailing spaces cut): a line is taken from 395 or 235 characters when its type and numeric
 * columns are right.
 */
export function cnabLine(scan: Scan, p: number, e: number): number {
  const n = e - p;
  if (n >= 395 && n <= 400) return cnab400(scan, p) ? e : -1;
  if (n >= 235 && n <= 240) return cnab240(scan, p) ? e : -1;
  return -1;
}

/** Whether the first `n` characters of a line at `p` may still open a CNAB 240 line `cnabLine` reads. */
export function couldBeCnab240(text: string, p: number, n: number): boolean {
  if (n > 240 || !digitsIn(text, p, p + Math.min(n, 7))) return false;
  if (n <= 7) return true;
  const type = text.charCodeAt(p + 7);
  if (type === 0x30 || type === 0x31) return true;
  if (type !== 0x33) return false;
  if (!digitsIn(text, p + 8, p + Math.min(n, 13))) return false;
  return n <= 13 || SEGMENTS.includes(text.charCodeAt(p + 13));
}

/** The segments read: A and B (a payment's payee), Q (a boleto's payer). */
const SEGMENTS = [0x41, 0x42, 0x51];

/** A CNAB 240 line: bank (1-3), batch (4-7), record type (8: 0 file header, 1 batch header, 3 detail) and, for a detail, its segment (14). */
function cnab240(scan: Scan, p: number): boolean {
  const text = scan.text;
  if (!digitsIn(text, p, p + 7)) return false;
  const type = text.charCodeAt(p + 7);
  if (type === 0x30 || type === 0x31) return header240(scan, p, type === 0x31);
  if (type !== 0x33 || !digitsIn(text, p + 8, p + 13)) return false;
  switch (text.charCodeAt(p + 13)) {
    case 0x41:
      return segmentA(scan, p);
    case 0x42:
      return segmentB(scan, p);
    case 0x51:
      return cnab240Q(scan, p);
    default:
      return false;
  }
}

/**
 * A file or batch header: the company's inscription type at 18 (1 CPF, 2 CNPJ) and number at
 * 19-32 (19-33 in a boleto batch header, one digit wider), its name at 73-102 (74-103). A
 * payment batch header adds the company's address: street 143-172, number 173-177, complement
 * 178-192, city 193-212, CEP 213-220. A company with a CPF is a person: its name and address
 * are masked; a company's are read as text.
 */
function header240(scan: Scan, p: number, batch: boolean): boolean {
  const text = scan.text;
  const kind = text.charCodeAt(p + 17);
  if (kind !== 0x31 && kind !== 0x32) return false;
  const wide = batch && digitsIn(text, p + 18, p + 33);
  if (!wide && !digitsIn(text, p + 18, p + 32)) return false;
  const name = wide ? column(p, 74, 103) : column(p, 73, 102);
  if (!letterIn(text, name[0], name[1])) return false;
  const person = inscription(scan, p + 18, wide ? p + 33 : p + 32, kind === 0x31 ? 'cpf' : 'cnpj') === 'cpf';
  if (person) padded(scan, name, NAME_KEY);
  else textField(scan, ...name);
  if (!batch || wide) return true;
  if (person) {
    // In column order: the scan takes what it finds from left to right.
    padded(scan, column(p, 143, 172), ADDRESS_KEY);
    houseNumber(scan, column(p, 173, 177));
    padded(scan, column(p, 178, 192), ADDRESS_KEY);
    cep(scan, column(p, 213, 220));
  } else {
    // Read as text, as it is once masking has moved the columns (masking twice changes nothing).
    textField(scan, ...column(p, 143, 222));
  }
  return true;
}

/**
 * Segment A (a payment): the payee's name at 44-73; the bank, agency and account before it, the
 * company's document number, dates and amounts after it are left, and the free text at 178-217
 * is read as text.
 */
function segmentA(scan: Scan, p: number): boolean {
  const name = column(p, 44, 73);
  if (!letterIn(scan.text, name[0], name[1])) return false;
  padded(scan, name, NAME_KEY);
  textField(scan, ...column(p, 178, 217));
  return true;
}

/**
 * Segment B (the payee of a payment): inscription type 18 (1 CPF, 2 CNPJ) and number 19-32,
 * street 33-62, number 63-67, complement 68-82, bairro 83-97, city 98-117 (a place), CEP
 * 118-125 and UF; what follows (dates, amounts, or the e-mail or PIX key of newer layouts) is
 * read as text.
 */
function segmentB(scan: Scan, p: number): boolean {
  const text = scan.text;
  const kind = text.charCodeAt(p + 17);
  if (!isDigitCode(kind) || !digitsIn(text, p + 18, p + 32)) return false;
  inscription(scan, p + 18, p + 32, kind === 0x32 ? 'cnpj' : 'cpf');
  padded(scan, column(p, 33, 62), ADDRESS_KEY);
  houseNumber(scan, column(p, 63, 67));
  padded(scan, column(p, 68, 82), ADDRESS_KEY);
  padded(scan, column(p, 83, 97), ADDRESS_KEY);
  cep(scan, column(p, 118, 125));
  textField(scan, ...column(p, 128, 240));
  return true;
}

/**
 * CNAB 400 detail (type 1; 7 in Banco do Brasil's 7-digit agreement): payer inscription type at
 * 219-220 (01 CPF, 02 CNPJ) and number at 221-234, name 235-274, address 275-314, 315-326 a
 * message or (most banks) the bairro, CEP 327-334, then a message or the sacador, city and UF
 * (335-394). The company's own inscription, agency, account, our number, dates and values stay.
 */
function cnab400(scan: Scan, p: number): boolean {
  const text = scan.text;
  const type = text.charCodeAt(p);
  if (type !== 0x31 && type !== 0x37) return false;
  if (!digitsIn(text, p + 1, p + 17)) return false;
  const kind = text.slice(p + 218, p + 220);
  if ((kind !== '01' && kind !== '02') || !digitsIn(text, p + 220, p + 234)) return false;
  // A return record may hold digits at those columns: a payer always has a name.
  const name = column(p, 235, 274);
  if (!letterIn(text, name[0], name[1])) return false;
  inscription(scan, p + 220, p + 234, kind === '01' ? 'cpf' : 'cnpj');
  padded(scan, name, NAME_KEY);
  padded(scan, column(p, 275, 314), ADDRESS_KEY);
  textField(scan, ...column(p, 315, 326));
  cep(scan, column(p, 327, 334));
  textField(scan, ...column(p, 335, 394));
  return true;
}

/**
 * CNAB 240 segment Q (the payer of a boleto): inscription type 18 (1 CPF, 2 CNPJ) and number
 * 19-33, name 34-73, address 74-113, bairro 114-128, CEP 129-136, city 137-151 and UF 152-153
 * (places), then the sacador/avalista: type 154, number 155-169, name 170-209.
 */
function cnab240Q(scan: Scan, p: number): boolean {
  const text = scan.text;
  if (!digitsIn(text, p, p + 7) || !digitsIn(text, p + 8, p + 13)) return false;
  const kind = text.charCodeAt(p + 17);
  if (!isDigitCode(kind) || !digitsIn(text, p + 18, p + 33)) return false;
  inscription(scan, p + 18, p + 33, kind === 0x31 ? 'cpf' : 'cnpj');
  padded(scan, column(p, 34, 73), NAME_KEY);
  padded(scan, column(p, 74, 113), ADDRESS_KEY);
  padded(scan, column(p, 114, 128), ADDRESS_KEY);
  cep(scan, column(p, 129, 136));
  const guarantor = text.charCodeAt(p + 153);
  if (isDigitCode(guarantor) && digitsIn(text, p + 154, p + 169)) inscription(scan, p + 154, p + 169, guarantor === 0x31 ? 'cpf' : 'cnpj');
  padded(scan, column(p, 170, 209), NAME_KEY);
  return true;
}

/** A space-padded field: masked as `kc`'s data when it holds a letter (a blank or zeroed field is none). */
function padded(scan: Scan, [s, t]: Span, kc: KeyClass): void {
  if (letterIn(scan.text, s, t)) fitted(scan, s, t, kc);
}

/** A zero-padded house number: its digits after the zeros (a field of zeros holds none). */
function houseNumber(scan: Scan, [s, t]: Span): void {
  const text = scan.text;
  if (!digitsIn(text, s, t)) return;
  let q = s;
  while (q < t && text.charCodeAt(q) === 0x30) q++;
  if (q < t) scan.add(q, t, 'address');
}

/** A CNAB CEP: eight digits, not zeros. */
function cep(scan: Scan, [s, t]: Span): void {
  if (digitsIn(scan.text, s, t) && !zeros(scan.text, s, t)) scan.add(s, t, 'cep');
}
