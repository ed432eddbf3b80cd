/**
 * AFD (Arquivo Fonte de Dados) of an electronic time clock (REP), read by column: the layout of
 * Portaria MTP 671/2021 (Anexo V: timestamps `AAAA-MM-ddThh:mm:ss-0300`, employees by CPF) and
 * the older one of Portaria 1510/2009 (`ddmmaaaa` + `hhmm`, employees by PIS). Every record
 * opens with its 9-digit NSR and its type; the employer's CNPJ or CPF (header and type 2), the
 * employee's CPF or PIS (marking, type 3 and 7), the employee's name (type 5) and the CPF of
 * whoever made a change are masked; NSRs, timestamps, the REP's serial and CRC-16s are left.
 */
import { holdsMaskedOutput } from '../../maskOutput.js';
import type { Scan } from '../../scanner.js';
import { validPis } from '../../validate.js';
import { ADDRESS_KEY, NAME_KEY, column, digitsIn, fitted, inscription, isDigitCode, textField, zeros, type Span } from './fields.js';

/** The shortest AFD record (1510's marking and clock adjustment: 34 columns) and a bound above the longest (671's type 2: 331). */
const SHORTEST = 34;
const LONGEST = 400;

/**
 * Whether the first `n` characters of a line at `p` may still open an AFD record: a 9-digit NSR
 * then a record type 1-7. Only prefixes are tested (see `couldBeRecord`).
 */
export function couldBeAfd(text: string, p: number, n: number): boolean {
  if (n > LONGEST || !digitsIn(text, p, p + Math.min(n, 9))) return false;
  if (n < 10) return true;
  const type = text.charCodeAt(p + 9);
  return type >= 0x31 && type <= 0x37;
}

/**
 * The length of each record type (index 1-7), as the layouts fix it; 0 where a type is absent.
 * 1510's type 2 and 5 end with a padded text field, which generators often cut: `SHORTENED` is
 * the shortest such line read.
 */
const LENGTH_671 = [0, 302, 331, 50, 73, 118, 36, 137];
const LENGTH_1510 = [0, 232, 299, 34, 34, 87, 0, 0];
const SHORTENED_1510 = [0, 232, 200, 34, 34, 36, 0, 0];

/**
 * An AFD record at `p` (the line ends at `e`): returns `e`, or -1 when the line is none. The
 * lengths are checked, and a line holding masking output is none: read again after masking, its
 * columns have moved (masking twice must change nothing).
 */
export function afdLine(scan: Scan, p: number, e: number): number {
  const text = scan.text;
  const n = e - p;
  if (n < SHORTEST || !couldBeAfd(text, p, n)) return -1;
  const type = text.charCodeAt(p + 9) - 0x30;
  const is671 = n === LENGTH_671[type];
  const is1510 = n <= (LENGTH_1510[type] ?? 0) && n >= (SHORTENED_1510[type] ?? 1);
  if ((!is671 && !is1510) || holdsMaskedOutput(text.slice(p, e))) return -1;
  if (type === 1) return header(scan, p, is671) ? e : -1;
  if (is671 && timestamp671(text, p + 10)) return record671(scan, p, n, type) ? e : -1;
  if (is1510 && dateTime1510(text, p + 10)) return record1510(scan, p, n, type) ? e : -1;
  return -1;
}

/**
 * Type 1, the header: NSR 000000000, the employer's inscription type (1 CNPJ, 2 CPF) at 11 and
 * number at 12-25, its name at 40-189 (671) or 38-187 (1510); 671 adds the developer's
 * inscription at 254-268. An employer with a CPF is a person: its name is masked too.
 */
function header(scan: Scan, p: number, layout671: boolean): boolean {
  const text = scan.text;
  const kind = text.charCodeAt(p + 10);
  if (!zeros(text, p, p + 9) || (kind !== 0x31 && kind !== 0x32)) return false;
  // The first date of the period: `AAAA-MM-dd` at 207 (671), `ddmmaaaa` at 205 (1510).
  if (layout671 ? text.charCodeAt(p + 210) !== 0x2d || !digitsIn(text, p + 206, p + 210) : !digitsIn(text, p + 204, p + 212)) return false;
  const employer = inscription(scan, p + 11, p + 25, kind === 0x32 ? 'cpf' : 'cnpj');
  const name = layout671 ? column(p, 40, 189) : column(p, 38, 187);
  if (employer === 'cpf') fitted(scan, ...name, NAME_KEY);
  else textField(scan, ...name);
  if (layout671) {
    const developer = text.charCodeAt(p + 253);
    inscription(scan, p + 254, p + 268, developer === 0x32 ? 'cpf' : 'cnpj');
    textField(scan, ...column(p, 269, 298));
  }
  return true;
}

/** Portaria 671's records after the header; the layout was told by the timestamp at 11-34. */
function record671(scan: Scan, p: number, n: number, type: number): boolean {
  switch (type) {
    case 2:
      // Who recorded it (CPF, 35-48), the employer (type 49, number 50-63), its name 78-227 and workplace 228-327.
      if (n < 227) return false;
      inscription(scan, p + 34, p + 48, 'cpf');
      employer(scan, p + n, p + 48, column(p, 78, 227), column(p, 228, 327));
      return true;
    case 3:
      // A marking: the employee's CPF, 12 columns at 35-46.
      if (n < 46) return false;
      inscription(scan, p + 34, p + 46, 'cpf');
      return true;
    case 4:
      // A clock adjustment: the time before and after, then the CPF of who adjusted it (59-69).
      if (n < 69 || !timestamp671(scan.text, p + 34)) return false;
      inscription(scan, p + 58, p + 69, 'cpf');
      return true;
    case 5:
      // An employee included, changed or removed (operation I/A/E at 35): CPF 36-47, name 48-99, the responsible's CPF 104-114.
      if (n < 99 || !operation(scan.text.charCodeAt(p + 34))) return false;
      inscription(scan, p + 35, p + 47, 'cpf');
      fitted(scan, ...column(p, 48, 99), NAME_KEY);
      if (n >= 114) inscription(scan, p + 103, p + 114, 'cpf');
      return true;
    case 6:
      return true;
    case 7:
      // A marking of a REP-P: the employee's CPF at 35-46, then the collector's timestamp and a hash.
      if (n < 46) return false;
      inscription(scan, p + 34, p + 46, 'cpf');
      return true;
    default:
      return false;
  }
}

/** Portaria 1510's records after the header: date and time at 11-22, employees by PIS. */
function record1510(scan: Scan, p: number, n: number, type: number): boolean {
  const text = scan.text;
  switch (type) {
    case 2:
      // The employer: type 23, number 24-37, CEI 38-49, name 50-199, workplace 200-299.
      if (n < 199) return false;
      employer(scan, p + n, p + 22, column(p, 50, 199), column(p, 200, 299));
      return true;
    case 3:
      // A marking: the employee's PIS, 12 columns at 23-34.
      pis(scan, p + 22, p + 34);
      return true;
    case 4:
      // A clock adjustment: two dates and times, nothing personal.
      return dateTime1510(text, p + 22);
    case 5:
      // An employee included, changed or removed (operation at 23): PIS 24-35, name 36-87.
      if (n < 36 || !operation(text.charCodeAt(p + 22))) return false;
      pis(scan, p + 23, p + 35);
      fitted(scan, ...column(p, 36, Math.min(87, n)), NAME_KEY);
      return true;
    default:
      return false;
  }
}

/**
 * The employer of a type-2 record: its inscription type at `at` and 14-column number after it.
 * A CPF makes it a person (a domestic employer): its name and workplace are then masked too; a
 * company's are read as text. The line ends at `e` (trailing spaces are often cut).
 */
function employer(scan: Scan, e: number, at: number, [a, b]: Span, [c, d]: Span): void {
  const kind = scan.text.charCodeAt(at);
  if (inscription(scan, at + 1, at + 15, kind === 0x32 ? 'cpf' : 'cnpj') === 'cpf') {
    fitted(scan, a, Math.min(b, e), NAME_KEY);
    if (c < e) fitted(scan, c, Math.min(d, e), ADDRESS_KEY);
  } else {
    textField(scan, a, Math.min(b, e));
    if (c < e) textField(scan, c, Math.min(d, e));
  }
}

/** A zero-padded 12-column PIS `[s, t)`, masked when its check digit holds. */
function pis(scan: Scan, s: number, t: number): void {
  const text = scan.text;
  if (zeros(text, s, t - 11) && validPis(text.slice(t - 11, t))) scan.add(t - 11, t, 'pis');
}

function operation(c: number): boolean {
  return c === 0x49 || c === 0x41 || c === 0x45;
}

/** `AAAA-MM-ddThh:mm:ss-0300` at `s` (Portaria 671). */
function timestamp671(text: string, s: number): boolean {
  if (s + 24 > text.length) return false;
  for (let k = 0; k < 24; k++) {
    const c = text.charCodeAt(s + k);
    const ok =
      k === 4 || k === 7
        ? c === 0x2d
        : k === 10
          ? c === 0x54
          : k === 13 || k === 16
            ? c === 0x3a
            : k === 19
              ? c === 0x2d || c === 0x2b
              : isDigitCode(c);
    if (!ok) return false;
  }
  return true;
}

/** `ddmmaaaahhmm` at `s` (Portaria 1510): a day, a month and an hour that exist. */
function dateTime1510(text: string, s: number): boolean {
  if (!digitsIn(text, s, s + 12)) return false;
  const two = (k: number): number => Number(text.slice(s + k, s + k + 2));
  const day = two(0);
  const month = two(2);
  return day >= 1 && day <= 31 && month >= 1 && month <= 12 && two(8) <= 23 && two(10) <= 59;
}
