/**
 * SPED registers that name people, read by field position as the Guia Prático of the EFD
 * ICMS/IPI (and EFD Contribuições, same layouts) numbers them: `|REG|field 02|field 03|…|`.
 *
 * - 0005, the declarant's complement: its address and phone are the company's own; only the
 *   e-mail (10) is masked, as a company mailbox in a row of data is.
 * - 0100, the accountant: NOME (02) and CPF (03) are a person's; with no CNPJ (05) the accountant
 *   works alone and CEP, END, NUM, COMPL, BAIRRO, FONE and FAX (06-12) are theirs too; the e-mail
 *   (13) is masked either way.
 * - 0150, a participant: with a CPF (06) and no CNPJ (05) it is a person, whose NOME (03) and
 *   END, NUM, COMPL, BAIRRO (10-13) are masked; a company's are left. The ECD's 0150 puts NIT
 *   (07) and UF (08) where the EFD has IE and COD_MUN, and holds no address.
 *
 * - J930 (the ECD's signatories: administrators, partners, the accountant): IDENT_NOM (02) is a
 *   person's name, IDENT_CPF_CNPJ (03) a document; the e-mail and the phone come after the
 *   signature's code (07 and 08 in the Leiaute 9, a field later in others): a field of ten or
 *   eleven digits there is the signatory's phone.
 *
 * Document numbers are scanned as cells (their check digits decide); codes, IE, municipality
 * codes and the register's other fields are left. Fields are masked in order (the scan's
 * candidates come out sorted).
 */
import type { KeyClass } from '../../keys.js';
import type { Scan } from '../../scanner.js';
import { foldedEquals, isUf } from '../../scanHelpers.js';
import { NAME_KEY, fitted, mayOpen, trim, type Span } from './fields.js';

const PIPE = 0x7c;
const REGISTERS = ['|0005|', '|0100|', '|0150|', '|J930|'];
const PART: KeyClass = { detector: 'address_part', generic: false };
const CEP: KeyClass = { detector: 'cep', generic: false };
const PHONE: KeyClass = { detector: 'phone', generic: false };
const EMAIL: KeyClass = { detector: 'email', generic: false };
const PIS: KeyClass = { detector: 'pis', generic: false };

/** Whether the first `n` characters of a line at `p` may still open one of the registers read here. */
export function couldBeSped(text: string, p: number, n: number): boolean {
  return mayOpen(REGISTERS, text, p, n);
}

/** A register at `p` (the line ends at `e`): returns `e`, or -1 when the line is none read here. */
export function spedLine(scan: Scan, p: number, e: number): number {
  const text = scan.text;
  if (e - p < 8 || !couldBeSped(text, p, 6)) return -1;
  // Field k (Guia Prático numbering, 01 = REG) is fields[k - 1].
  const fields = split(text, p + 1, e);
  const field = (k: number): Span | undefined => fields[k - 1];
  const filled = (k: number): boolean => {
    const f = field(k);
    return f !== undefined && f[0] < f[1];
  };
  const mask = (k: number, kc: KeyClass): void => {
    const f = field(k);
    if (f !== undefined) fitted(scan, f[0], f[1], kc);
  };
  const cell = (k: number): void => {
    const f = field(k);
    if (f !== undefined && f[0] < f[1]) scan.scanRange(f[0], f[1]);
  };
  switch (text.slice(p + 1, p + 5)) {
    case '0005':
      mask(10, EMAIL);
      return e;
    case '0100': {
      mask(2, NAME_KEY);
      cell(3);
      cell(5);
      if (!filled(5)) {
        mask(6, CEP);
        for (let k = 7; k <= 10; k++) mask(k, PART);
        mask(11, PHONE);
        mask(12, PHONE);
      }
      mask(13, EMAIL);
      return e;
    }
    case '0150': {
      const person = filled(6) && !filled(5);
      const name = field(3);
      if (person && name !== undefined) fitted(scan, estateOf(text, name), name[1], NAME_KEY);
      cell(5);
      cell(6);
      const ecd = ufField(text, field(8));
      if (ecd) mask(7, PIS);
      if (person && !ecd) for (let k = 10; k <= 13; k++) mask(k, PART);
      return e;
    }
    case 'J930': {
      mask(2, NAME_KEY);
      cell(3);
      for (let k = 6; k <= fields.length; k++) {
        const f = field(k);
        if (f === undefined) continue;
        if (tenOrElevenDigits(text, f)) mask(k, PHONE);
        else if (text.slice(f[0], f[1]).includes('@')) mask(k, EMAIL);
      }
      return e;
    }
    default:
      return -1;
  }
}

/** The fields of a line from `s` (past its opening pipe) to `e`, trimmed; the text after the last pipe is none. */
function split(text: string, s: number, e: number): Span[] {
  const fields: Span[] = [];
  let a = s;
  for (let q = s; q < e; q++) {
    if (text.charCodeAt(q) !== PIPE) continue;
    fields.push(trim(text, a, q));
    a = q + 1;
  }
  return fields;
}

/** Whether a field holds ten or eleven digits and nothing else (a phone with its DDD). */
function tenOrElevenDigits(text: string, [s, t]: Span): boolean {
  if (t - s !== 10 && t - s !== 11) return false;
  for (let q = s; q < t; q++) if (text.charCodeAt(q) < 0x30 || text.charCodeAt(q) > 0x39) return false;
  return true;
}

/** A two-letter state (the ECD's UF field). */
function ufField(text: string, f: Span | undefined): boolean {
  return f !== undefined && f[1] - f[0] === 2 && isUf(text.charCodeAt(f[0]), text.charCodeAt(f[0] + 1));
}

/** Where the person's name starts in a participant's NOME: after `ESPÓLIO DE` (a deceased person's estate). */
function estateOf(text: string, [s, t]: Span): number {
  const word = s + 'ESPOLIO'.length;
  if (t - s > 11 && foldedEquals(text, s, word, 'ESPOLIO') && text.charCodeAt(word) === 0x20) {
    const rest = word + 1;
    if (foldedEquals(text, rest, rest + 2, 'DE') && text.charCodeAt(rest + 2) === 0x20) return rest + 3;
    return rest;
  }
  return s;
}
