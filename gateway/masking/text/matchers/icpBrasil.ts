/**
 * The otherName fields of an ICP-Brasil certificate (DOC-ICP-04), as `openssl asn1parse` and
 * certificate viewers print them: fixed-width values glued into one token.
 *
 * - 2.16.76.1.3.1 (e-CPF holder) and 2.16.76.1.3.4 (e-CNPJ responsible): birth date `ddmmaaaa`
 *   (8), CPF (11), NIS (11), RG (15, zero-padded), then the issuer and its state
 *   (`14081986` `CPF` `NIS` `000000003314552` `SSPAL`).
 * - 2.16.76.1.3.5: título de eleitor (12), zona (3), seção (4), then municipality and state.
 *
 * The layout recognises itself: a valid date followed by a valid CPF, or a valid título followed
 * by seven digits and a town. Zero-filled fields (a value the holder did not give) are left.
 */
import type { Scan } from '../scanner.js';
import { calendarDay, validCpf, validPis, validTitulo } from '../validate.js';

/** Date, CPF, NIS and RG: the digits before the issuer. */
const HOLDER_DIGITS = 8 + 11 + 11 + 15;
/** Título, zona and seção. */
const VOTER_DIGITS = 12 + 3 + 4;

/**
 * At the token `[i, j)` (digits, then letters or not; longer than VOTER_DIGITS): masks an
 * otherName value and returns `j`, or -1 when the token is none.
 */
export function icpOtherName(scan: Scan, i: number, j: number): number {
  const text = scan.text;
  const digits = digitRun(text, i, j);
  if (digits >= 8 + 11 + 11 && j - i >= HOLDER_DIGITS && validCpf(text.slice(i + 8, i + 19)) && birthOrZeros(text, i)) {
    if (!allZeros(text, i, i + 8)) scan.add(i, i + 8, 'birth_date');
    scan.add(i + 8, i + 19, 'cpf');
    if (validPis(text.slice(i + 19, i + 30))) scan.add(i + 19, i + 30, 'pis');
    let rg = i + 30;
    while (rg < i + HOLDER_DIGITS && text.charCodeAt(rg) === 0x30) rg++;
    if (rg < i + HOLDER_DIGITS) scan.add(rg, i + HOLDER_DIGITS, 'rg');
    return j;
  }
  if (digits === VOTER_DIGITS && validTitulo(text.slice(i, i + 12))) {
    scan.add(i, i + 12, 'titulo_eleitor');
    return j;
  }
  return -1;
}

function digitRun(text: string, i: number, j: number): number {
  let q = i;
  while (q < j && text.charCodeAt(q) >= 0x30 && text.charCodeAt(q) <= 0x39) q++;
  return q - i;
}

function allZeros(text: string, s: number, t: number): boolean {
  for (let q = s; q < t; q++) if (text.charCodeAt(q) !== 0x30) return false;
  return true;
}

/** `ddmmaaaa` at `s` naming a day that exists (from 1900), or eight zeros. */
function birthOrZeros(text: string, s: number): boolean {
  if (allZeros(text, s, s + 8)) return true;
  const day = Number(text.slice(s, s + 2));
  const month = Number(text.slice(s + 2, s + 4));
  const year = Number(text.slice(s + 4, s + 8));
  return year >= 1900 && year <= 2099 && calendarDay(year, month, day);
}
