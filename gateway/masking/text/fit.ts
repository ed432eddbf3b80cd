/**
 * Whether a value found under a sensitive key (JSON member, CSV column, `nome: …` in text) is
 * that kind of data. Structure is strong evidence, so these checks are loose: they only keep
 * out what plainly is not the data (`name: "assistant_agent"`, `cpf: string` in a type,
 * `email: null`) and values already masked.
 */
import type { DetectorId } from '../config.js';
import { digitsOf, fold } from './chars.js';
import type { KeyClass } from './keys.js';
import { firstNameTable, surnameSet, NAME_PARTICLES } from './lexicon.js';
import { validCnpj, validCpf } from './validate.js';

const PLACEHOLDERS = new Set(['', 'NULL', 'UNDEFINED', 'NONE', 'N/A', 'NA', '-', '--', 'STRING', 'NUMBER', 'DATE', 'TRUE', 'FALSE', 'NAO INFORMADO', 'NAO CONSTA', 'SEM', 'XXX']);

/** Redaction labels, pseudonym tokens and partial masks, so masking twice changes nothing. */
export function looksMasked(value: string): boolean {
  if (/^\[[A-Z_]+\]$/.test(value) || /^[A-Z_]+_[0-9a-f]{8}$/.test(value)) return true;
  // Partial masks keep a few characters and star the rest (***.456.789-**, M* da S*).
  return value.includes('*');
}

/** `assistant_agent`, `RoundRobinGroupChat`, `gpt-4o`, `user.name`: code, not a person. */
export function identifierShaped(value: string): boolean {
  if (/\s/.test(value)) return false;
  return /[_./:\\#$@{}()<>=0-9]/.test(value) || /[a-z][A-Z]/.test(value) || /^[a-z]+$/.test(value);
}

/** A person's name: a known first name, or capitalised words with a known surname. */
export function personLike(value: string): boolean {
  const words = value.trim().split(/\s+/);
  if (words.length === 0 || words.length > 8 || value.length > 100) return false;
  if (!/^[\p{L}' .-]+$/u.test(value.trim())) return false;
  const names = firstNameTable();
  const surnames = surnameSet();
  const folded = words.map((word) => fold(word).replace(/[^A-Z]/g, ''));
  const first = folded[0] ?? '';
  const entry = names.get(first);
  if (entry && (entry.weight >= 5 || words.length > 1)) return true;
  const capitalised = words.filter((word) => /^\p{Lu}/u.test(word) || NAME_PARTICLES.has(fold(word)));
  return capitalised.length === words.length && words.length >= 2 && folded.some((word) => surnames.has(word) || (names.get(word)?.weight ?? 0) >= 5);
}

/**
 * The detector to record for `value` under a key of class `kc`, or undefined to leave it.
 * `structured`: JSON and CSV columns (the key is authoritative); otherwise a label in text.
 */
export function valueFits(kc: KeyClass, value: string, structured: boolean): DetectorId | undefined {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > 300 || PLACEHOLDERS.has(fold(trimmed)) || looksMasked(trimmed)) return undefined;
  const digits = digitsOf(trimmed);
  switch (kc.detector) {
    case 'name':
      if (kc.generic || !structured) return personLike(trimmed) ? 'name' : undefined;
      return identifierShaped(trimmed) || !/\p{L}/u.test(trimmed) ? undefined : 'name';
    case 'email':
      return trimmed.includes('@') ? 'email' : undefined;
    case 'cpf':
    case 'cnpj':
    case 'cnh':
    case 'pis':
    case 'titulo_eleitor':
    case 'credit_card':
    case 'cep':
    case 'phone':
      return digits.length >= 4 && mostlyDigits(trimmed) ? kc.detector : undefined;
    case 'rg':
      return digits.length >= 4 && /^[\p{L}0-9 .\-/]+$/u.test(trimmed) ? 'rg' : undefined;
    case 'ip':
      return /^[0-9a-fA-F:.]+(?:\/\d+)?$/.test(trimmed) && /\d/.test(trimmed) && /[.:]/.test(trimmed) ? 'ip' : undefined;
    case 'birth_date':
      return digits.length >= 2 && trimmed.length <= 40 ? 'birth_date' : undefined;
    case 'address':
      // Network addresses share the word: 0.0.0.0:8080, http://host, 10.0.0.1.
      if (trimmed.includes('://') || /^[\w.-]+:\d+$/.test(trimmed) || /^\d{1,3}(\.\d{1,3}){3}$/.test(trimmed)) return undefined;
      if (structured) return /[\p{L}\d]/u.test(trimmed) ? 'address' : undefined;
      if (identifierShaped(trimmed) || !/\p{L}/u.test(trimmed)) return undefined;
      return /\d/.test(trimmed) || trimmed.split(/\s+/).length >= 3 ? 'address' : undefined;
    case 'address_part':
      return structured && !identifierShaped(trimmed.replace(/\d+/g, '')) ? 'address' : undefined;
    case 'document': {
      if (digits.length < 4 || !mostlyDigits(trimmed)) {
        const upper = trimmed.toUpperCase().replace(/[^0-9A-Z]/g, '');
        return upper.length === 14 && validCnpj(upper) ? 'cnpj' : undefined;
      }
      if (digits.length === 11 && validCpf(digits)) return 'cpf';
      if (digits.length === 14 && validCnpj(digits)) return 'cnpj';
      return structured ? 'sensitive_key' : undefined;
    }
    case 'sensitive_key':
      return 'sensitive_key';
  }
}

function mostlyDigits(value: string): boolean {
  return /^[+(]?[0-9A-Za-z][0-9A-Za-z .()\-/]*$/.test(value) && digitsOf(value).length * 2 >= value.replace(/[ .()\-/]/g, '').length;
}
