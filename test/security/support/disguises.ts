/**
 * fast-check arbitraries of personal data in disguise: valid CPFs and CNPJs (numeric and
 * alphanumeric, check digits computed as the Receita Federal defines them) and names from the
 * shipped first-name lexicon, written in any script's digits, compatibility forms, other
 * separators, invisible characters inside, and encoded the way the carrying format allows (JSON
 * escapes, HTML entities, percent-encoding).
 */
import fc from 'fast-check';
import { COMMON_NAME_WEIGHT, placeSet, surnameSet, unambiguousFirstNames } from '../../../gateway/masking/text/lexicon.js';
import { documentSecret, nameSecret, type Secret } from './leaks.js';

/** A value to hide and how it must not be found again. */
export interface PersonalValue {
  readonly kind: 'cpf' | 'cnpj' | 'name';
  /** Plain form (digits and letters only for documents). */
  readonly plain: string;
  readonly secret: Secret;
}

function cpfOf(nine: readonly number[]): string {
  const digits = [...nine];
  for (const length of [9, 10]) {
    let sum = 0;
    for (let i = 0; i < length; i++) sum += (digits[i] ?? 0) * (length + 1 - i);
    const rest = (sum * 10) % 11;
    digits.push(rest === 10 ? 0 : rest);
  }
  return digits.join('');
}

/** IN RFB 2.229/2024: each character counts as its code minus 48, weights 2..9 from the right, modulo 11. */
function cnpjOf(twelve: string): string {
  const values = [...twelve].map((char) => char.charCodeAt(0) - 48);
  for (const weights of [
    [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2],
    [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2],
  ]) {
    const sum = weights.reduce((total, weight, i) => total + weight * (values[i] ?? 0), 0);
    const rest = sum % 11;
    values.push(rest < 2 ? 0 : 11 - rest);
  }
  return twelve + values.slice(12).join('');
}

const notRepeated = (text: string): boolean => !/^(.)\1*$/.test(text);

export const cpfArb: fc.Arbitrary<PersonalValue> = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
  .filter((digits) => notRepeated(digits.join('')))
  .map((digits) => {
    const plain = cpfOf(digits);
    return { kind: 'cpf', plain, secret: documentSecret('CPF', plain) };
  });

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export const cnpjArb: fc.Arbitrary<PersonalValue> = fc
  .tuple(fc.boolean(), fc.array(fc.integer({ min: 0, max: 35 }), { minLength: 12, maxLength: 12 }))
  .map(([alphanumeric, codes]) => codes.map((code) => ALPHANUMERIC[alphanumeric ? code : code % 10] ?? '0').join(''))
  .filter((twelve) => notRepeated(twelve))
  .map((twelve) => {
    const plain = cnpjOf(twelve);
    return { kind: 'cnpj', plain, secret: documentSecret('CNPJ', plain) };
  });

function titleCase(word: string): string {
  return word.charAt(0) + word.slice(1).toLowerCase();
}

/** Common, unambiguous first names and the commonest surnames of the shipped lexicon. */
const FIRST_NAMES = unambiguousFirstNames(COMMON_NAME_WEIGHT + 2).map(titleCase);
const SURNAMES = [...surnameSet()].slice(0, 40).map(titleCase);

export const nameArb: fc.Arbitrary<PersonalValue> = fc
  .tuple(fc.constantFrom(...FIRST_NAMES), fc.constantFrom(...SURNAMES))
  // A name that is also a municipality (Carlos Barbosa, Raul Soares, Paulo Ramos…) is a place to
  // the engine by design: not what this property is about.
  .filter(([first, surname]) => !placeSet().has(`${first} ${surname}`.toUpperCase()))
  .map(([first, surname]) => {
    const plain = `${first} ${surname}`;
    return { kind: 'name', plain, secret: nameSecret(plain) };
  });

export const personalValueArb: fc.Arbitrary<PersonalValue> = fc.oneof(cpfArb, cnpjArb, nameArb);

/** Code points of zero in scripts whose digits NFKC or Unicode's Nd property make decimal. */
const DIGIT_ZEROS = [
  0x30, 0xff10, 0x0660, 0x06f0, 0x0966, 0x09e6, 0x0ae6, 0x0be6, 0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x17e0, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7f6,
];
const SEPARATORS = [
  '.',
  '-',
  '/',
  ' ',
  '',
  '\u00a0',
  '\u202f',
  '\u2009',
  '\u3000',
  '\u2010',
  '\u2011',
  '\u2012',
  '\u2013',
  '\u2014',
  '\u2212',
  '\ufe63',
  '\uff0d',
  '\uff0e',
];
const INVISIBLES = [
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\u00ad',
  '\ufeff',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202c',
  '\u202e',
  '\u2066',
  '\u2069',
];
const SPACES = [' ', '\u00a0', '\u202f', '\u2009', '\u3000'];

/** Standard separator positions (after these many characters) and characters. */
const LAYOUT: Readonly<Record<'cpf' | 'cnpj', ReadonlyArray<readonly [number, string]>>> = {
  cpf: [
    [3, '.'],
    [6, '.'],
    [9, '-'],
  ],
  cnpj: [
    [2, '.'],
    [5, '.'],
    [8, '/'],
    [12, '-'],
  ],
};

function fullwidth(char: string): string {
  const code = char.charCodeAt(0);
  return code >= 0x21 && code <= 0x7e ? String.fromCharCode(code + 0xfee0) : char;
}

function insertAt(text: string, inserts: ReadonlyArray<readonly [number, string]>): string {
  const chars = [...text];
  for (const [position, char] of [...inserts].sort((a, b) => b[0] - a[0])) chars.splice(position % (chars.length + 1), 0, char);
  return chars.join('');
}

/** How one value is written: scripts, separators, invisible characters, letter forms. */
export function writtenArb(value: PersonalValue): fc.Arbitrary<string> {
  const invisibles = fc.array(fc.tuple(fc.nat(64), fc.constantFrom(...INVISIBLES)), { maxLength: 3 });
  if (value.kind === 'name') {
    return fc
      .tuple(fc.boolean(), fc.constantFrom(...SPACES), invisibles)
      .map(([wide, space, inserts]) =>
        insertAt((wide ? [...value.plain].map(fullwidth).join('') : value.plain).replace(' ', space), inserts),
      );
  }
  const layout = LAYOUT[value.kind];
  return fc
    .tuple(
      fc.oneof(
        fc.constantFrom(...DIGIT_ZEROS).map((zero) => [zero]),
        fc.array(fc.constantFrom(...DIGIT_ZEROS), { minLength: 14, maxLength: 14 }),
      ),
      fc.boolean(),
      fc.constantFrom('standard', 'none', 'random'),
      fc.array(fc.constantFrom(...SEPARATORS), { minLength: 4, maxLength: 4 }),
      invisibles,
    )
    .map(([zeros, wideLetters, separatorStyle, randomSeparators, inserts]) => {
      let out = '';
      [...value.plain].forEach((char, i) => {
        const layoutIndex = layout.findIndex(([after]) => after === i);
        const standard = layout[layoutIndex]?.[1];
        if (standard !== undefined && separatorStyle !== 'none')
          out += separatorStyle === 'standard' ? standard : (randomSeparators[layoutIndex] ?? '');
        const zero = zeros[i % zeros.length] ?? 0x30;
        out += /[0-9]/.test(char) ? String.fromCodePoint(zero + Number(char)) : wideLetters ? fullwidth(char) : char;
      });
      return insertAt(out, inserts);
    });
}

/** A sentence that carries the value with the cue a reader would write before it. */
export function sentenceArb(value: PersonalValue, written: string): fc.Arbitrary<string> {
  const cues: Record<PersonalValue['kind'], readonly string[]> = {
    cpf: ['CPF {v}', 'cpf: {v}', 'Documento {v} do cliente', 'O CPF do titular é {v}.'],
    cnpj: ['CNPJ {v}', 'cnpj: {v}', 'Empresa de CNPJ {v}.'],
    name: ['Cliente {v} pediu segunda via.', 'nome: {v}', 'A titular, {v}, ligou.'],
  };
  return fc.constantFrom(...cues[value.kind]).map((template) => template.replace('{v}', written));
}

function escapeChar(char: string): string {
  return [...char]
    .flatMap((c) => {
      const code = c.codePointAt(0) ?? 0;
      if (code <= 0xffff) return [code];
      const offset = code - 0x10000;
      return [0xd800 + (offset >> 10), 0xdc00 + (offset & 0x3ff)];
    })
    .map((unit) => `\\u${unit.toString(16).padStart(4, '0')}`)
    .join('');
}

/** JSON text of `body` with some characters of `written` spelled as \u escapes. */
export function jsonWithEscapes(body: unknown, written: string, escapeEvery: number): string {
  const text = JSON.stringify(body);
  if (escapeEvery === 0) return text;
  const serialised = JSON.stringify(written).slice(1, -1);
  const escaped = [...written].map((char, i) => (i % escapeEvery === 0 ? escapeChar(char) : JSON.stringify(char).slice(1, -1))).join('');
  return text.split(serialised).join(escaped);
}

/** HTML text with some characters as numeric entities. */
export function withEntities(text: string, every: number): string {
  return [...text].map((char, i) => (every > 0 && i % every === 0 ? `&#${char.codePointAt(0) ?? 0};` : char)).join('');
}

/** Percent-encodes some characters (as UTF-8 bytes), the rest left as they are. */
export function withPercent(text: string, every: number): string {
  return [...text]
    .map((char, i) =>
      every > 0 && i % every === 0
        ? [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('')
        : encodeURIComponent(char),
    )
    .join('');
}

/** Cuts `text` at the given fractions of its length (sorted, deduplicated). */
export function splitAt(text: string, fractions: readonly number[]): string[] {
  const chars = [...text];
  const points = [...new Set(fractions.map((f) => Math.floor(f * chars.length)))]
    .filter((p) => p > 0 && p < chars.length)
    .sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const point of [...points, chars.length]) {
    pieces.push(chars.slice(from, point).join(''));
    from = point;
  }
  return pieces;
}
