/**
 * Brazilian phone numbers by layout: with +55 or 55, with or without the DDD, landline (eight
 * digits from 2-5) or mobile (nine digits from 9). Unformatted or DDD-less eight-digit numbers
 * need a cue (`tel`, `celular`…): order numbers and year ranges look the same.
 */
import { validDddCodes } from '../text/validate.js';
import { isDigit } from '../text/chars.js';
import { digitsOf, lastFour, numberFits } from './common.js';
import { defineDetector, type NumberFacts } from './descriptor.js';

/** How far back a phone cue may stand: `telefone residencial (11) …`. */
const REACH = 2;

/** National significant number: DDD + subscriber (or the subscriber alone when written without DDD). */
function phoneDigits(value: string): string {
  let digits = digitsOf(value);
  if ((digits.length === 12 || digits.length === 13) && digits.startsWith('55')) digits = digits.slice(2);
  if ((digits.length === 11 || digits.length === 12) && digits.startsWith('0')) digits = digits.slice(1);
  return digits;
}

/** A toll-free or shared-cost number (0800, 0300, 0500, 0900), with or without 55: always a company's, never a person's. */
export function nonGeographic(digits: string): boolean {
  return /^(?:55)?0[3589]00\d{6,7}$/.test(digits);
}

const lengthFits = numberFits([8, 9, 10, 11, 12, 13]);

/** Whether eight digits are two years of a span (`20242026`: from 1900 to 2099, the second within 50 years after the first). */
function yearSpan(d: string): boolean {
  const from = Number(d.slice(0, 4));
  const to = Number(d.slice(4));
  return from >= 1900 && from < 2100 && to > from && to - from <= 50;
}

function isPhone(facts: NumberFacts): boolean {
  const { digits: d, shape, plus } = facts;
  // `61.447.109/2025`: a slash sets apart a registry's year or a document's parts, never a phone's.
  if (shape.includes('/')) return false;
  // `2024-2026`: a span of years, not a landline.
  if (shape === '4-4' && yearSpan(d)) return false;
  // Group lengths of the shape ("(2) 5-4" → 2, 5, 4): how many, the first and the last.
  let groups = 0;
  let firstLength = 0;
  let last = 0;
  for (let k = 0; k < shape.length; k++) {
    if (!isDigit(shape.charCodeAt(k))) continue;
    let value = 0;
    for (; k < shape.length && isDigit(shape.charCodeAt(k)); k++) value = value * 10 + shape.charCodeAt(k) - 0x30;
    if (groups === 0) firstLength = value;
    last = value;
    groups++;
  }
  let national = d;
  let country = false;
  if (plus) {
    // `+351 912 448 017`, `+1 (305) 555-0142`: someone's number abroad, its country code first and
    // written in groups (E.164 numbers run to 15 digits; ten or more leaves out `+12 345`).
    if (!d.startsWith('55')) return groups >= 2 && firstLength <= 3 && d.length >= 10;
    national = d.slice(2);
    country = true;
  } else if (
    (firstLength === 2 && groups >= 3 && d.startsWith('55') && (d.length === 12 || d.length === 13)) ||
    // 5586994471203: a mobile with the country code, written as WhatsApp and chatbots store it.
    (groups === 1 && d.length === 13 && d.startsWith('55') && d.charCodeAt(4) === 0x39)
  ) {
    national = d.slice(2);
    country = true;
  } else if ((firstLength === 3 || groups === 1) && d.startsWith('0') && (d.length === 11 || d.length === 12)) {
    // `(083) 98841-7702`, `083988417702` after a cue or in a dial string: a trunk prefix before the DDD.
    national = d.slice(1);
  }
  const single = groups === 1;
  const n = national.length;
  if (n === 10 || n === 11) {
    if (!validDddCodes(national.charCodeAt(0), national.charCodeAt(1))) return false;
    const first = national.charCodeAt(2) - 48;
    if (n === 11 ? first !== 9 : first < 2) return false;
    // `Telefones: (92) 99165-8830 / 9235331207`: bare digits listed after a phone are the next phone.
    // `"83999124508"`, `;97984107716;`: a mobile (DDD, 9, then 6 to 9) standing as a record's whole field.
    if (single)
      return (
        country ||
        facts.cue(REACH) ||
        facts.listedAfterPhone() ||
        (n === 11 && national.charCodeAt(3) >= 0x36 && !facts.plus && facts.recordField())
      );
    return last === 4 || (groups === 2 && firstLength === 2 && facts.cue(REACH));
  }
  if (n === 8 || n === 9) {
    if (country) return false;
    const first = national.charCodeAt(0) - 48;
    if (n === 9 ? first !== 9 : first < 2) return false;
    if (shape === '5-4' || shape === '1 4-4' || shape === '1-4-4') return true;
    return (shape === '4-4' || shape === '4 4' || shape === '5 4' || single) && facts.cue(REACH);
  }
  return false;
}

export const phone = defineDetector({
  id: 'phone',
  label: 'TELEFONE',
  summary: 'phone numbers: mobile and landline, with or without +55 and DDD',
  normalise: phoneDigits,
  partial: lastFour,
  cues: [
    'TEL',
    'TELEFONE',
    'TELEFONES',
    'FONE',
    'FONES',
    'CEL',
    'CELULAR',
    'WHATSAPP',
    'WHATS',
    'WPP',
    'ZAP',
    'CONTATO',
    'PHONE',
    'MOBILE',
    'FAX',
    'LIGAR',
    'LIGUE',
    'RECADO',
    'RECADOS',
    'TELEFONE/WHATSAPP',
    'TELEPHONE',
    'CALL',
    // `o fixo 3241-0087`: a landline, told apart from the mobile.
    'FIXO',
    // `Chave Pix: 11987654321`: a Pix key in a phone's shape is the holder's phone.
    'PIX',
  ],
  keys: {
    words: [
      'TELEFONE',
      'TELEFONES',
      'TEL',
      'FONE',
      'FONES',
      'CELULAR',
      'CEL',
      'PHONE',
      'PHONES',
      'MOBILE',
      'WHATSAPP',
      'WHATS',
      'FAX',
      'TELEPHONE',
      'PHONENUMBER',
      'TELEFONECELULAR',
      'TELCEL',
      'CELL',
      'CELLPHONE',
    ],
    // ISO 20022 contact details (pain, pacs, PIX messages): `<MobNb>`, `<PhneNb>`, `<FaxNb>`.
    // SAP: HCM's `TELNR`, the customer master's `TELF1`.
    joined: ['MOBNB', 'PHNENB', 'FAXNB', 'TELNR', 'TELF1'],
  },
  fits: (value, structured) => !nonGeographic(digitsOf(value)) && lengthFits(value, structured),
  number: { lengths: [8, 9, 10, 11, 12, 13], cued: (facts) => facts.cue(REACH) && isPhone(facts), plain: isPhone },
  // The DDD and the first digit (9 for mobiles, 2-5 for landlines) kept, so the fake is a phone of the same kind.
  synthetic: (normal) => {
    const kept = normal.length >= 10 ? 3 : 1;
    return `${normal.slice(0, kept)}${'~'.repeat(Math.max(normal.length - kept, 0))}`;
  },
});
