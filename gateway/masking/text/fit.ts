/**
 * Whether a value found under a sensitive key (JSON member, CSV column, `nome: …` in text) is
 * that kind of data. Structure is strong evidence, so these checks are loose: they only keep
 * out what plainly is not the data (`name: "assistant_agent"`, `cpf: string` in a type,
 * `email: null`) and values already masked.
 */
import { companyName } from '../detectors/name.js';
import type { DetectorId } from '../config.js';
import { mostlyDigits } from '../detectors/common.js';
import type { DetectorDescriptor } from '../detectors/descriptor.js';
import { detector } from '../detectors/registry.js';
import { digitsOf, fold } from './chars.js';
import type { KeyClass } from './keys.js';
import { rememberedFits } from './keyMemory.js';
import { identifierShaped, nameUnderPersonKey, personLike } from './personLike.js';
import { COMMON_NAME_WEIGHT, W_COMPLEMENT, W_ORG, nameWeight, placeSet, wordTable } from './lexicon.js';
import { validCnpj, validCpf } from './validate.js';
import { containsMaskOutput, looksMasked } from './maskOutput.js';
import { machineMailbox } from './matchers/orgContact.js';
import { placeholderName } from './matchers/personContext.js';

/** A test row's word inside a value (`Feirante Teste`, `Cliente Exemplo`): no one's name. */
const TEST_WORD = /(?:^|\s)(?:teste?|exemplo|fict[ií]ci[oa]|dummy|fake)(?:\s|$)/i;

/** Whether a value under a name's key stands for no one (`Anônimo`, `Não informado`, `Feirante Teste`). */
function noOne(value: string): boolean {
  return placeholderName(fold(value.split(/\s/, 1)[0] ?? '')) || TEST_WORD.test(value);
}

const PLACEHOLDERS = new Set([
  '',
  'NULL',
  'UNDEFINED',
  'NONE',
  'N/A',
  'NA',
  '-',
  '--',
  'STRING',
  'NUMBER',
  'DATE',
  'TRUE',
  'FALSE',
  'NAO INFORMADO',
  'NAO CONSTA',
  'NAO DECLARADO',
  'NAO DECLARADA',
  'NAO INFORMADA',
  'NAO SE APLICA',
  'NAO IDENTIFICADO',
  'NAO IDENTIFICADA',
  'NAO HA',
  'IGNORADO',
  'IGNORADA',
  'DESCONHECIDO',
  'DESCONHECIDA',
  'NENHUM',
  'NENHUMA',
  'PENDENTE',
  'SIGILOSO',
  'AUSENTE',
  'FALECIDO',
  'FALECIDA',
  'NAO TEM',
  'INEXISTENTE',
  'SEM',
  'XXX',
  'FULANO DE TAL',
  'FULANA DE TAL',
  'FULANO',
  'FULANA',
  'BELTRANO',
  'BELTRANA',
  'SICRANO',
  'SICRANA',
]);
const LONGEST_PLACEHOLDER = Math.max(...[...PLACEHOLDERS].map((placeholder) => placeholder.length));

/** Whether `value` folds to a placeholder. Below U+0250 folding never shortens text, so long values are not. */
function placeholder(value: string): boolean {
  // 111.111.111-11, 000.000.000-00, 99999-9999: one digit repeated stands for a number to be filled in.
  if (REPEATED_DIGIT.test(value)) return true;
  // 1900-01-01, 01/01/1900, 0001-01-01, 9999-12-31: a system's "no date", no one's birthday.
  if (SENTINEL_DATE.test(value)) return true;
  if (value.length > LONGEST_PLACEHOLDER && below(value, 0x250)) return false;
  return PLACEHOLDERS.has(fold(value));
}

/** The dates systems write for "none": the first day of 1900 or of year 1, the last of 9999, in ISO or day-first order. */
const SENTINEL_DATE =
  /^(?:(?:1900|0001)[-/.]?01[-/.]?01|01[-/.]01[-/.](?:1900|0001)|9999[-/.]?12[-/.]?31|31[-/.]12[-/.]9999)(?:[T ]00:00(?::00)?(?:\.0+)?Z?)?$/;

/** Eight or more of one digit, with separators only. */
const REPEATED_DIGIT = /^(\d)(?:[\s./-]*\1){7,}$/;

function below(value: string, limit: number): boolean {
  for (let k = 0; k < value.length; k++) if (value.charCodeAt(k) >= limit) return false;
  return true;
}

/** Separators left around a value (`Rua :, [CNPJ]`); a masked value inside them is still masked. */
const SEPARATORS_AROUND = /^[\s,;:.\-–—]+|[\s,;:.]+$/g;

/** `value` without the separators around it; the same string when there are none (the usual case). */
function withoutSeparators(value: string): string {
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  const separator = (c: number): boolean =>
    c === 0x2c || c === 0x3b || c === 0x3a || c === 0x2e || c === 0x2d || c === 0x2013 || c === 0x2014;
  return separator(first) || separator(last) ? value.replace(SEPARATORS_AROUND, '') : value;
}

/**
 * The detector to record for `value` under a key of class `kc`, or undefined to leave it.
 * `structured`: JSON and CSV columns (the key is authoritative); otherwise a label in text.
 */
export function valueFits(kc: KeyClass, value: string, structured: boolean): DetectorId | undefined {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > 300 || placeholder(trimmed)) return undefined;
  // Masked before: the value, or a part of it, is this engine's output (masking again changes nothing).
  if (looksMasked(withoutSeparators(trimmed)) || containsMaskOutput(trimmed)) return undefined;
  // A machine's or a mailing list's address (`no-reply@…`) names no one under any key.
  if (kc.detector === 'email' && machineMailbox(trimmed)) return undefined;
  if (kc.inferred) {
    // `"value": "52998224725"` after `"value": "(66) 99912-3344"` (FHIR's telecom, then its identifier): a number
    // whose check digits make it a document is that document, whatever its key held before.
    const own = checkedDocument(trimmed, kc.detector);
    if (own !== undefined) return own;
    return kc.detector !== 'document' && kc.detector !== 'address_part' && rememberedFits(kc.detector, trimmed) ? kc.detector : undefined;
  }
  switch (kc.detector) {
    case 'address_part':
      // `S/N` (sem número) is a house number too; `fundos`, `casa` a complement; `Centro/Sul` a bairro.
      return structured &&
        (/^s\/n[º°o]?$/i.test(trimmed) ||
          (wordTable().getFolded(fold(trimmed)) & W_COMPLEMENT) !== 0 ||
          !identifierShaped(trimmed.replace(/\d+/g, '').replace(/(\p{Lu}\p{Ll}+)\/(?=\p{Lu})/gu, '$1 ')))
        ? 'address'
        : undefined;
    case 'document': {
      if (!mostlyDigits(trimmed, 4)) {
        const upper = trimmed.toUpperCase().replace(/[^0-9A-Z]/g, '');
        return upper.length === 14 && validCnpj(upper) ? 'cnpj' : undefined;
      }
      const digits = digitsOf(trimmed);
      // A CPF's or a CNPJ's length decides by its check digits (failing, a test value or a typo);
      // another document (an RG, a passport) is still the key's.
      if (digits.length === 11) return validCpf(digits) ? 'cpf' : undefined;
      if (digits.length === 14) return validCnpj(digits) ? 'cnpj' : undefined;
      return structured ? 'sensitive_key' : undefined;
    }
    case 'name': {
      // `ABDALLA SAHIUM, GEORGES`, `Nakayama, Toshio`: a register's surname first, then a comma and the given names.
      const comma = SURNAME_FIRST.exec(trimmed);
      if (comma !== null) return valueFits(kc, `${comma[2] ?? ''} ${comma[1] ?? ''}`, structured);
      // A generic key (`name`) also names agents, files and tools: only a person-like value is a name.
      if (kc.generic)
        return (personLike(trimmed) || (kc.role === true && rememberedFits('name', trimmed))) &&
          !companyName(trimmed) &&
          !bodyOrPlace(trimmed)
          ? 'name'
          : undefined;
      if (!structured && nameUnderPersonKey(trimmed)) return !companyName(trimmed) && !bodyOrPlace(trimmed) ? 'name' : undefined;
      // A table's name column beside a person's record (`role`): any name's words, but no firm's, body's or placeholder's.
      if (kc.role === true && (companyName(trimmed) || bodyOrPlace(trimmed) || noOne(trimmed))) return undefined;
      return detector('name').fits(trimmed, structured) ? 'name' : undefined;
    }
    default: {
      const found = detector(kc.detector);
      // An amount (`293.67`, `1.250,00`) under a card's or a document's key is its value in money, no number of it.
      if (found.number !== undefined && AMOUNT.test(trimmed)) return undefined;
      if (!found.fits(trimmed, structured) || failsCheckDigits(found, trimmed)) return undefined;
      return kc.detector;
    }
  }
}

/** Documents a bare number proves itself by its check digits. */
const CHECKED_DOCUMENTS: readonly DetectorId[] = ['cpf', 'pis', 'cnpj', 'cns'];

/**
 * The document a value of digits and separators is by its own check digits, when `remembered` is
 * no such document (a phone's or a date's key memory); undefined otherwise.
 */
export function checkedDocument(value: string, remembered: string): DetectorId | undefined {
  if ((CHECKED_DOCUMENTS as readonly string[]).includes(remembered) || !/^[\d.\-/ ]{11,20}$/.test(value)) return undefined;
  const digits = digitsOf(value);
  for (const id of CHECKED_DOCUMENTS) {
    const found = detector(id);
    if (found.number?.lengths.includes(digits.length) && found.validate?.(digits)) return id;
  }
  return undefined;
}

/** A name written surname first: words of letters, one comma, words of letters. */
const SURNAME_FIRST = /^(\p{Lu}[\p{L}' -]*\p{L}),\s*(\p{Lu}[\p{L}' -]*\p{L})$/u;

/** A sum of money: digits (with thousands dots or commas) and two decimals, an optional currency. */
const AMOUNT = /^(?:R\$\s?)?\d{1,3}(?:[.,]?\d{3})*[.,]\d{2}$/;

/**
 * Whether `value` has the length of a document with check digits and fails them: a test value,
 * a sentinel or a number mistyped, not that document. A key or column decides what a value is,
 * not whether its check digits hold (the same check as in text). Other lengths (a CPF whose
 * leading zero a spreadsheet dropped) stay the key's.
 */
function failsCheckDigits(found: DetectorDescriptor, value: string): boolean {
  if (found.validate === undefined || found.number === undefined) return false;
  const normal = found.normalise(value);
  return found.number.lengths.includes(normal.length) && !found.validate(normal);
}

/**
 * Whether a value under a generic `nome` is a body's or a place's name: it opens with an
 * organisation's head (`UBS Dr. Hamilton Falcão`, `Escola Estadual …`), or it is a municipality
 * or state whose first word is no common first name (`{ municipio: { nome: 'Maceió' } }`).
 */
export function bodyOrPlace(value: string): boolean {
  const folded = fold(value);
  const space = folded.indexOf(' ');
  const first = wordTable().getFolded(space < 0 ? folded : folded.slice(0, space));
  if (first & W_ORG) return true;
  return placeSet().has(folded) && nameWeight(first) < COMMON_NAME_WEIGHT;
}
