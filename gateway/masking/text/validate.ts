/**
 * Check-digit validation. The Brazilian documents go through @brazilian-utils (kept up to date
 * with the Receita Federal manuals, including the alphanumeric CNPJ of IN RFB 2.229/2024); the
 * scanner passes them already-normalised strings, so the library's own parsing never has to
 * guess at formatting.
 */
import {
  getAreaCodeInfo,
  isValidCnh,
  isValidCnpj,
  isValidCpf,
  isValidCreditCard,
  isValidPis,
  isValidVoterId,
} from '@brazilian-utils/brazilian-utils';
import { fold } from './chars.js';

/** 11 digits. */
export function validCpf(digits: string): boolean {
  return digits.length === 11 && isValidCpf(digits);
}

/** 14 characters, 0-9/A-Z, upper case (numeric or alphanumeric). */
export function validCnpj(value: string): boolean {
  return value.length === 14 && isValidCnpj(value, { version: 2 });
}

export function validCnh(digits: string): boolean {
  return digits.length === 11 && isValidCnh(digits);
}

export function validPis(digits: string): boolean {
  return digits.length === 11 && isValidPis(digits);
}

/** Título de eleitor: 12 digits (13 for the older SP/MG series), UF code 01-28, two check digits. */
export function validTitulo(digits: string): boolean {
  return (digits.length === 12 || digits.length === 13) && isValidVoterId(digits);
}

/**
 * Cartão Nacional de Saúde: 15 digits, starting 1 or 2 (definitive) or 7, 8, 9 (provisional),
 * whose digits weighted 15 down to 1 sum to a multiple of 11 (Ministério da Saúde's rule).
 */
export function validCns(digits: string): boolean {
  if (digits.length !== 15 || !/^[12789]\d{14}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) sum += (digits.charCodeAt(i) - 48) * (15 - i);
  return sum % 11 === 0;
}

/** A Brazilian area code (DDD) in service. */
function validDdd(ddd: string): boolean {
  return ddd.length === 2 && getAreaCodeInfo(ddd) !== null;
}

/**
 * Luhn and an issuer prefix (IIN) of a card network used in Brazil: Visa, Mastercard, Elo,
 * Hipercard, Amex, Diners, Discover, JCB, Aura. Luhn alone passes one random number in ten.
 */
export function validCard(digits: string): boolean {
  const n = digits.length;
  if (n < 13 || n > 19 || !plausibleIin(digits)) return false;
  return isValidCreditCard(digits);
}

function plausibleIin(d: string): boolean {
  const two = Number(d.slice(0, 2));
  const four = Number(d.slice(0, 4));
  const n = d.length;
  switch (d[0]) {
    case '4':
      return n === 13 || n === 16 || n === 19;
    case '5':
      return (two >= 50 && two <= 55 && n >= 16) || (two >= 50 && two <= 59 && n === 16);
    case '2':
      return four >= 2221 && four <= 2720 && n === 16;
    case '3':
      if (two === 34 || two === 37) return n === 15;
      if (two === 36 || two === 38 || (four >= 3000 && four <= 3059)) return n === 14 || n === 16;
      if (four >= 3528 && four <= 3589) return n >= 16;
      return four === 3841 && n >= 16;
    case '6':
      return (two === 60 || two === 62 || two === 63 || two === 64 || two === 65) && n >= 16;
    default:
      return false;
  }
}

/**
 * RG of São Paulo (the most common layout, NN.NNN.NNN-D): mod 11 with weights 2..9, where 10 is
 * written X. Other states' RGs carry no published check digit; they are only masked after a cue.
 */
export function validRgSp(digits8: string, check: string): boolean {
  if (digits8.length !== 8) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (digits8.charCodeAt(i) - 48) * (i + 2);
  const rest = sum % 11;
  const expected = rest === 10 ? 'X' : String(rest);
  return check.toUpperCase() === expected;
}

/** Every digit the same: 000.000.000-00 passes the CPF arithmetic but is a placeholder. */
export function repeated(value: string): boolean {
  for (let i = 1; i < value.length; i++) if (value[i] !== value[0]) return false;
  return true;
}

/** Every two-digit code, checked once against the DDD list: phones ask for one per number. */
let dddTable: Uint8Array | undefined;

/** `validDdd` of the two digit characters `a` and `b` (char codes). */
export function validDddCodes(a: number, b: number): boolean {
  if (!dddTable) {
    const table = new Uint8Array(100);
    for (let code = 0; code < 100; code++) table[code] = validDdd(String(code).padStart(2, '0')) ? 1 : 0;
    dddTable = table;
  }
  const x = a - 0x30;
  const y = b - 0x30;
  if (x < 0 || x > 9 || y < 0 || y > 9) return validDdd(String.fromCharCode(a, b));
  return dddTable[x * 10 + y] === 1;
}

/** Whether `day` of `month` (1-12) of `year` is a day of the calendar (29 February only in a leap year). */
export function calendarDay(year: number, month: number, day: number): boolean {
  if (!(month >= 1 && month <= 12 && day >= 1)) return false;
  // Whole years of four digits or more by arithmetic (a Date per question was a good part of a
  // date's check); the rest by Date, which reads years 0-99 as 1900-1999.
  if (Number.isInteger(year) && Number.isInteger(month) && year >= 100 && year <= 100000) return day <= daysInMonth(year, month);
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in `month` (1-12) of the Gregorian `year`. */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1] ?? 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/** A day of the calendar in a year someone living may have been born (1880–2099). */
export function birthCalendarDay(year: number, month: number, day: number): boolean {
  return year >= 1880 && year <= 2099 && calendarDay(year, month, day);
}

/**
 * Month names and their abbreviations, folded (upper case, no accents), in the languages dates
 * reach us in: Portuguese, English and Spanish (`MAR`, `ABR`, `AGO`, `DIC`, `SEPT`). Reports and
 * statistics packages print dates with them (`12mar1969`, `03-SEP-74`, `12/abr/1969`).
 */
const MONTH_NUMBERS: ReadonlyMap<string, number> = new Map(
  [
    'JANEIRO JANUARY ENERO JAN ENE',
    'FEVEREIRO FEBRUARY FEBRERO FEV FEB',
    'MARCO MARCH MARZO MAR',
    'ABRIL APRIL ABR APR',
    'MAIO MAY MAYO MAI',
    'JUNHO JUNE JUNIO JUN',
    'JULHO JULY JULIO JUL',
    'AGOSTO AUGUST AGO AUG',
    'SETEMBRO SEPTEMBER SEPTIEMBRE SETIEMBRE SET SEP SEPT',
    'OUTUBRO OCTOBER OCTUBRE OUT OCT',
    'NOVEMBRO NOVEMBER NOVIEMBRE NOV',
    'DEZEMBRO DECEMBER DICIEMBRE DEZ DEC DIC',
  ].flatMap((names, k) => names.split(' ').map((name): [string, number] => [name, k + 1])),
);

/** Every month name and abbreviation, folded. */
export function monthNames(): Iterable<string> {
  return MONTH_NUMBERS.keys();
}

/** The month (1-12) a folded name or abbreviation names, or undefined. */
export function monthOfName(folded: string): number | undefined {
  return MONTH_NUMBERS.get(folded);
}

/**
 * The runs of digits and of letters of a date (`/\d+|\p{L}+/gu`), read by hand when it is ASCII:
 * every date a number's matcher weighs is parsed here, and the regular expression's match was most of it.
 */
function dateParts(value: string): readonly string[] {
  const parts: string[] = [];
  const n = value.length;
  for (let p = 0; p < n;) {
    const c = value.charCodeAt(p);
    if (c >= 0x80) return value.match(/\d+|\p{L}+/gu) ?? [];
    const digit = isAsciiDigit(c);
    if (!digit && !isAsciiLetter(c)) {
      p++;
      continue;
    }
    let e = p + 1;
    while (e < n && (digit ? isAsciiDigit(value.charCodeAt(e)) : isAsciiLetter(value.charCodeAt(e)))) e++;
    // A letter past ASCII may continue a run of letters: the whole value is read the slow way.
    if (e < n && value.charCodeAt(e) >= 0x80) return value.match(/\d+|\p{L}+/gu) ?? [];
    parts.push(value.slice(p, e));
    p = e;
  }
  return parts;
}

function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * The day a written date names, as `YYYY-MM-DD`, however it is spelled (`03/09/1974`,
 * `1974-09-03`, `19740903`, `3 de setembro de 1974`, `03sep1974`, `1974, 9, 3` as code builds it);
 * undefined when it names no day someone living may have been born on.
 */
export function dayOf(value: string): string | undefined {
  const numbers: string[] = [];
  let month: number | undefined;
  for (const part of dateParts(value)) {
    if (isAsciiDigit(part.charCodeAt(0))) numbers.push(part);
    else month ??= monthOfName(fold(part));
  }
  let year: string | undefined;
  let m: string | number | undefined;
  let day: string | undefined;
  if (month !== undefined && numbers.length === 2) {
    m = month;
    [day, year] = (numbers[0]?.length ?? 0) === 4 ? [numbers[1], numbers[0]] : [numbers[0], numbers[1]];
  } else if (month === undefined && numbers.length === 3)
    [year, m, day] = (numbers[0]?.length ?? 0) === 4 ? numbers : [numbers[2], numbers[1], numbers[0]];
  else if (month === undefined && numbers.length === 1 && numbers[0]?.length === 8) {
    const d = numbers[0];
    [year, m, day] = /^(?:18|19|20)/.test(d) ? [d.slice(0, 4), d.slice(4, 6), d.slice(6)] : [d.slice(4), d.slice(2, 4), d.slice(0, 2)];
  } else return undefined;
  let y = Number(year);
  if ((year?.length ?? 0) === 2) y += y > 30 ? 1900 : 2000;
  const mm = Number(m);
  const dd = Number(day);
  if (!birthCalendarDay(y, mm, dd)) return undefined;
  return `${y}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}
