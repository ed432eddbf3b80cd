/**
 * Whether a value found under a sensitive key (JSON member, CSV column, `nome: …` in text) is
 * that kind of data. Structure is strong evidence, so these checks are loose: they only keep
 * out what plainly is not the data (`name: "assistant_agent"`, `cpf: string` in a type,
 * `email: null`) and values already masked.
 */
import type { DetectorId } from '../config.js';
import { digitsOf, fold, isJsSpace, isSurrogate, isUnicodeLetter, isUnicodeUpper } from './chars.js';
import type { KeyClass } from './keys.js';
import { W_PARTICLE, W_STOP, W_SURNAME, nameWeight, wordTable } from './lexicon.js';
import { validCnpj, validCpf } from './validate.js';
import { looksMasked } from './maskOutput.js';

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
  'SEM',
  'XXX',
]);
const LONGEST_PLACEHOLDER = Math.max(...[...PLACEHOLDERS].map((placeholder) => placeholder.length));

/** Whether `value` folds to a placeholder. Below U+0250 folding never shortens text, so long values are not. */
function placeholder(value: string): boolean {
  if (value.length > LONGEST_PLACEHOLDER && below(value, 0x250)) return false;
  return PLACEHOLDERS.has(fold(value));
}

function below(value: string, limit: number): boolean {
  for (let k = 0; k < value.length; k++) if (value.charCodeAt(k) >= limit) return false;
  return true;
}

const asciiLower = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const asciiUpper = (c: number): boolean => c >= 0x41 && c <= 0x5a;

/** `assistant_agent`, `RoundRobinGroupChat`, `gpt-4o`, `user.name`: code, not a person. */
export function identifierShaped(value: string): boolean {
  let code = false;
  let camel = false;
  let allLower = value.length > 0;
  for (let k = 0; k < value.length; k++) {
    const c = value.charCodeAt(k);
    if (isJsSpace(c)) return false;
    if (IDENTIFIER_CHARS.has(c) || (c >= 0x30 && c <= 0x39)) code = true;
    if (asciiLower(c) && k + 1 < value.length && asciiUpper(value.charCodeAt(k + 1))) camel = true;
    if (!asciiLower(c)) allLower = false;
  }
  return code || camel || allLower;
}

const IDENTIFIER_CHARS = new Set([...'_./:\\#$@{}()<>='].map((ch) => ch.charCodeAt(0)));

/** `/^[\p{L}' .-]+$/u`: letters, spaces, dots, hyphens and apostrophes only. */
function nameCharsOnly(value: string): boolean {
  if (value.length === 0) return false;
  for (let k = 0; k < value.length; k++) {
    const c = value.charCodeAt(k);
    if (c === 0x20 || c === 0x27 || c === 0x2e || c === 0x2d) continue;
    if (isSurrogate(c)) return /^[\p{L}' .-]+$/u.test(value);
    if (!isUnicodeLetter(c)) return false;
  }
  return true;
}

/** `/\p{L}/u`: at least one letter. */
function hasLetter(value: string): boolean {
  for (let k = 0; k < value.length; k++) {
    const c = value.charCodeAt(k);
    if (isSurrogate(c)) return /\p{L}/u.test(value);
    if (isUnicodeLetter(c)) return true;
  }
  return false;
}

/** `/^\p{Lu}/u`: starts with an upper-case letter. */
function startsUpper(word: string): boolean {
  const c = word.charCodeAt(0);
  return isSurrogate(c) ? /^\p{Lu}/u.test(word) : word.length > 0 && isUnicodeUpper(c);
}

/** The letters A-Z of a word, folded: the form the name lexicons use. */
function lettersOf(word: string): string {
  const folded = fold(word);
  for (let k = 0; k < folded.length; k++) if (!asciiUpper(folded.charCodeAt(k))) return folded.replace(/[^A-Z]/g, '');
  return folded;
}

/** A person's name: a known first name, or capitalised words with a known surname. */
export function personLike(value: string): boolean {
  if (value.length > 100) return false;
  const trimmed = value.trim();
  if (!nameCharsOnly(trimmed)) return false;
  // Only spaces are left between words.
  const words = trimmed.split(/ +/);
  if (words.length > 8) return false;
  const table = wordTable();
  const firstInfo = table.getFolded(lettersOf(words[0] ?? ''));
  // "no dia", "de acordo": a lower-case function word opens no name.
  if (firstInfo & W_STOP && !startsUpper(words[0] ?? '')) return false;
  const weight = nameWeight(firstInfo);
  if (weight >= 0 && (weight >= 5 || words.length > 1)) return true;
  if (words.length < 2) return false;
  let known = false;
  for (const word of words) {
    if (!startsUpper(word) && !(table.getFolded(fold(word)) & W_PARTICLE)) return false;
    const info = table.getFolded(lettersOf(word));
    if (info & W_SURNAME || nameWeight(info) >= 5) known = true;
  }
  return known;
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
  if (trimmed.length === 0 || trimmed.length > 300 || placeholder(trimmed) || looksMasked(withoutSeparators(trimmed))) return undefined;
  switch (kc.detector) {
    case 'name':
      if (kc.generic || !structured) return personLike(trimmed) ? 'name' : undefined;
      return identifierShaped(trimmed) || !hasLetter(trimmed) ? undefined : 'name';
    case 'email':
      return trimmed.includes('@') ? 'email' : undefined;
    case 'cpf':
    case 'cnpj':
    case 'cnh':
    case 'pis':
    case 'titulo_eleitor':
    case 'cns':
    case 'credit_card':
    case 'cep':
    case 'phone':
      return mostlyDigits(trimmed, 4) ? kc.detector : undefined;
    case 'rg':
      return digitCount(trimmed) >= 4 && rgChars(trimmed) ? 'rg' : undefined;
    case 'ip':
      return /^[0-9a-fA-F:.]+(?:\/\d+)?$/.test(trimmed) && /\d/.test(trimmed) && /[.:]/.test(trimmed) ? 'ip' : undefined;
    case 'birth_date':
      return digitCount(trimmed) >= 2 && trimmed.length <= 40 ? 'birth_date' : undefined;
    case 'address':
      // Network addresses share the word: 0.0.0.0:8080, http://host, 10.0.0.1.
      if (trimmed.includes('://') || /^[\w.-]+:\d+$/.test(trimmed) || /^\d{1,3}(\.\d{1,3}){3}$/.test(trimmed)) return undefined;
      if (structured) return /[\p{L}\d]/u.test(trimmed) ? 'address' : undefined;
      if (identifierShaped(trimmed) || !hasLetter(trimmed)) return undefined;
      return /\d/.test(trimmed) || trimmed.split(/\s+/).length >= 3 ? 'address' : undefined;
    case 'address_part':
      return structured && !identifierShaped(trimmed.replace(/\d+/g, '')) ? 'address' : undefined;
    case 'document': {
      if (!mostlyDigits(trimmed, 4)) {
        const upper = trimmed.toUpperCase().replace(/[^0-9A-Z]/g, '');
        return upper.length === 14 && validCnpj(upper) ? 'cnpj' : undefined;
      }
      const digits = digitsOf(trimmed);
      if (digits.length === 11 && validCpf(digits)) return 'cpf';
      if (digits.length === 14 && validCnpj(digits)) return 'cnpj';
      return structured ? 'sensitive_key' : undefined;
    }
    case 'sensitive_key':
      return 'sensitive_key';
  }
}

function digitCount(value: string): number {
  let count = 0;
  for (let k = 0; k < value.length; k++) {
    const c = value.charCodeAt(k);
    if (c >= 0x30 && c <= 0x39) count++;
  }
  return count;
}

/** `/^[\p{L}0-9 .\-/]+$/u`: what an RG may be written with. */
function rgChars(value: string): boolean {
  if (value.length === 0) return false;
  for (let k = 0; k < value.length; k++) {
    const c = value.charCodeAt(k);
    if ((c >= 0x30 && c <= 0x39) || c === 0x20 || c === 0x2e || c === 0x2d || c === 0x2f) continue;
    if (isSurrogate(c)) return /^[\p{L}0-9 .\-/]+$/u.test(value);
    if (!isUnicodeLetter(c)) return false;
  }
  return true;
}

/**
 * At least `min` digits, written like a number (`/^[+(]?[0-9A-Za-z][0-9A-Za-z .()\-/]*$/`), and
 * at least half of what is left without separators are digits.
 */
function mostlyDigits(value: string, min: number): boolean {
  const n = value.length;
  let k = 0;
  const lead = value.charCodeAt(0);
  if (lead === 0x2b || lead === 0x28) k = 1;
  if (k >= n || !alphanumeric(value.charCodeAt(k))) return false;
  let digits = 0;
  // The leading `+` is kept in the count; a leading `(` is a separator.
  let kept = lead === 0x2b ? 1 : 0;
  for (; k < n; k++) {
    const c = value.charCodeAt(k);
    if (alphanumeric(c)) {
      kept++;
      if (c <= 0x39) digits++;
    } else if (!(c === 0x20 || c === 0x2e || c === 0x28 || c === 0x29 || c === 0x2d || c === 0x2f)) return false;
  }
  return digits >= min && digits * 2 >= kept;
}

function alphanumeric(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
