/**
 * Normalisation before the HMAC, so one person gives one HMAC whatever the formatting:
 * `529.982.247-25` and `52998224725` are the same CPF, `Maria da Silva` and `MARIA DA SILVA`
 * the same name. The data-subject look-up (`subject find --cpf …`) must call this same
 * function on what it is asked for; the rules are listed in docs/masking.md.
 */
import type { DetectorId } from './config.js';
import { digitsOf, fold } from './text/chars.js';
import { STREET_TYPE_EXPANSION } from './text/lexicon.js';

const MONTHS: Readonly<Record<string, number>> = {
  JANEIRO: 1,
  FEVEREIRO: 2,
  MARCO: 3,
  ABRIL: 4,
  MAIO: 5,
  JUNHO: 6,
  JULHO: 7,
  AGOSTO: 8,
  SETEMBRO: 9,
  OUTUBRO: 10,
  NOVEMBRO: 11,
  DEZEMBRO: 12,
  JANUARY: 1,
  FEBRUARY: 2,
  MARCH: 3,
  APRIL: 4,
  MAY: 5,
  JUNE: 6,
  JULY: 7,
  AUGUST: 8,
  SEPTEMBER: 9,
  OCTOBER: 10,
  NOVEMBER: 11,
  DECEMBER: 12,
  JAN: 1,
  FEB: 2,
  MAR: 3,
  APR: 4,
  JUN: 6,
  JUL: 7,
  AUG: 8,
  SEP: 9,
  SEPT: 9,
  OCT: 10,
  NOV: 11,
  DEC: 12,
};

/** Upper case, no accents, punctuation to spaces, single spaces. */
function words(value: string): string {
  return fold(value)
    .replace(/[^A-Z0-9@]+/g, ' ')
    .trim();
}

export function normaliseForLookup(detector: DetectorId, value: string): string {
  switch (detector) {
    case 'cpf':
    case 'cnh':
    case 'pis':
    case 'titulo_eleitor':
    case 'cns':
    case 'cep':
    case 'credit_card':
      return digitsOf(value);
    case 'cnpj':
    case 'rg':
      return value.toUpperCase().replace(/[^0-9A-Z]/g, '');
    case 'phone':
      return phoneDigits(value);
    case 'email':
      return value.trim().toLowerCase();
    case 'ip':
      return canonicalIp(value.trim());
    case 'birth_date':
      return isoDate(value) ?? words(value);
    case 'address':
      return address(value);
    case 'name':
    case 'sensitive_key':
      return words(value).replace(/@/g, ' ').replace(/\s+/g, ' ');
  }
}

/** National significant number: DDD + subscriber (or the subscriber alone when written without DDD). */
function phoneDigits(value: string): string {
  let digits = digitsOf(value);
  if ((digits.length === 12 || digits.length === 13) && digits.startsWith('55')) digits = digits.slice(2);
  if ((digits.length === 11 || digits.length === 12) && digits.startsWith('0')) digits = digits.slice(1);
  return digits;
}

function canonicalIp(value: string): string {
  try {
    const host = value.includes(':') ? `[${value}]` : value;
    return new URL(`http://${host}/`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return value.toLowerCase();
  }
}

/** ISO yyyy-mm-dd from dd/mm/yyyy, yyyy-mm-dd, `12 de março de 1985`, `March 12, 1985`. */
function isoDate(value: string): string | undefined {
  const v = fold(value).trim();
  let day: number | undefined;
  let month: number | undefined;
  let year: number | undefined;
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(v);
  if (m) [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/.exec(v))) [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{1,2})[ºO°]?\s+DE\s+([A-Z]+)(?:\s+DE\s+(\d{4}))?$/.exec(v)))
    [day, month, year] = [Number(m[1]), MONTHS[m[2] ?? ''], m[3] ? Number(m[3]) : undefined];
  else if ((m = /^([A-Z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(v))) [month, day, year] = [MONTHS[m[1] ?? ''], Number(m[2]), Number(m[3])];
  if (day === undefined || month === undefined) return undefined;
  if (year !== undefined && year < 100) year += year > 30 ? 1900 : 2000;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return year === undefined ? `--${pad(month)}-${pad(day)}` : `${year}-${pad(month)}-${pad(day)}`;
}

function address(value: string): string {
  const parts = words(value.replace(/\bn[º°o]\.?\s*(?=\d)/gi, ' ').replace(/\bn\.\s*(?=\d)/gi, ' ')).split(' ');
  const first = parts[0];
  if (first !== undefined) parts[0] = STREET_TYPE_EXPANSION.get(first) ?? first;
  return parts.join(' ');
}
