/**
 * CNAB 400 detail records and CNAB 240 segment Q (boleto remittance and return files), read by
 * column: the payer's CPF or CNPJ, name, address, bairro and CEP masked; bank fields left.
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
 * A CNAB 400 detail record or a CNAB 240 segment Q; -1 for any other line (headers, trailers and
 * other segments are read as text). Files are often a few columns short (trailing spaces cut):
 * a line is taken from 395 or 235 characters when its type and numeric columns are right.
 */
export function cnabLine(scan: Scan, p: number, e: number): number {
  const text = scan.text;
  const n = e - p;
  if (n >= 395 && n <= 400) return cnab400(scan, p) ? e : -1;
  if (n >= 235 && n <= 240 && text.charCodeAt(p + 7) === 0x33 && text.charCodeAt(p + 13) === 0x51) return cnab240Q(scan, p) ? e : -1;
  return -1;
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

/** A CNAB CEP: eight digits, not zeros. */
function cep(scan: Scan, [s, t]: Span): void {
  if (digitsIn(scan.text, s, t) && !zeros(scan.text, s, t)) scan.add(s, t, 'cep');
}
