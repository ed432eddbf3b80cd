/**
 * Whether a string under a key or label is a person's name or a piece of code. Structure is
 * strong evidence, so these checks are loose: they only keep out what plainly is not a name
 * (`name: "assistant_agent"`, `cliente: RoundRobinGroupChat`).
 */
import { fold, isJsSpace, isSurrogate, isUnicodeLetter, isUnicodeUpper } from './chars.js';
import {
  W_BAIRRO,
  W_COMPANY_TAIL,
  W_MONTH_PT,
  W_ORG,
  W_PARTICLE,
  W_PLACE,
  W_PLACE_START,
  W_STOP,
  W_STREET_ABBR,
  W_STREET_WORD,
  W_SURNAME,
  W_THING,
  nameWeight,
  wordTable,
} from './lexicon.js';

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
export function hasLetter(value: string): boolean {
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
  // `Cliente: Rua das Flores, 12`: a street's type opens an address, however its name reads.
  if (words.length > 1 && firstInfo & (W_STREET_WORD | W_STREET_ABBR) && lettersOf(words[0] ?? '').length >= 2) return false;
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

/**
 * Whether a value under a key that can only hold a person's name (`Nome completo:`, `Nome da mãe:`,
 * `Nome social:`) reads as one, however rare its words: one to six capitalised words (particles
 * between them), letters only, no function word first. Such keys are evidence enough that a
 * name no list knows (`Tuinkuru Shaneihu`, `Tuí`) is still a name.
 */
export function nameUnderPersonKey(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length > 80 || !nameCharsOnly(trimmed)) return false;
  const words = trimmed.split(/ +/);
  if (words.length > 6) return false;
  const table = wordTable();
  if (table.getFolded(lettersOf(words[0] ?? '')) & (W_STOP | W_PARTICLE)) return false;
  for (const word of words) {
    if (lettersOf(word).length === 0) return false;
    if (!startsUpper(word) && !(table.getFolded(fold(word)) & W_PARTICLE)) return false;
  }
  return true;
}

/** Words that name no one unless they are a surname or a first name too: places, bodies, streets, months, firms' activities, things. */
const NOT_NAME_WORD =
  W_STOP | W_PLACE | W_PLACE_START | W_ORG | W_BAIRRO | W_STREET_WORD | W_STREET_ABBR | W_MONTH_PT | W_COMPANY_TAIL | W_THING;
/** Endings of Portuguese common nouns, participles and gerunds of a status (`Avaliação`, `Prioridade`, `Agendado`, `Aguardando`). */
const COMMON_ENDING = /(?:CAO|COES|DADE|DADES|ISMO|AGEM|AGENS|ADO|ADA|IDO|IDA|ANDO|ENDO|INDO)$/;

/**
 * Whether `value` is shaped as a person's full name whatever its words: two to six capitalised
 * words (particles between them), letters only, none of them a place's, a body's, a street's or a
 * common noun's unless it is a known name word too. Looser than `personLike` about rare words
 * (`Tsuyoshi Wanderkoke`), for values whose key already held a person's name.
 */
export function nameShaped(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length > 80 || !nameCharsOnly(trimmed)) return false;
  const words = trimmed.split(/ +/);
  if (words.length < 2 || words.length > 6) return false;
  const table = wordTable();
  for (let k = 0; k < words.length; k++) {
    const word = words[k] ?? '';
    const letters = lettersOf(word);
    const info = table.getFolded(letters);
    if (table.getFolded(fold(word)) & W_PARTICLE) {
      if (k === 0 || k === words.length - 1) return false;
      continue;
    }
    if (!startsUpper(word)) return false;
    // An initial (`M.`) stands for a name word; any other dot is no name's.
    if (word.includes('.') && !/^\p{Lu}\.$/u.test(word)) return false;
    const nameWord = (info & W_SURNAME) !== 0 || nameWeight(info) >= 0;
    // A word of two letters that is no known name is a function word (`Em Andamento`, `No Prazo`).
    if (!nameWord && (info & NOT_NAME_WORD || COMMON_ENDING.test(letters) || (letters.length <= 2 && !word.endsWith('.')))) return false;
  }
  return true;
}
