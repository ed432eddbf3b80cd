/**
 * Replacement text per strategy. Every replacement is safe inside any string literal (no quotes,
 * backslashes or line breaks) so generated source code keeps compiling, and none of them is
 * detected again, so masking masked text changes nothing.
 */
import type { DetectorId, MaskingStrategy } from './config.js';
import { fold } from './text/chars.js';
import { STREET_TYPES } from './text/lexicon.js';

export const LABELS: Readonly<Record<DetectorId, string>> = {
  cpf: 'CPF',
  cnpj: 'CNPJ',
  rg: 'RG',
  cnh: 'CNH',
  pis: 'PIS',
  titulo_eleitor: 'TITULO_ELEITOR',
  cns: 'CNS',
  cep: 'CEP',
  phone: 'TELEFONE',
  email: 'EMAIL',
  credit_card: 'CARTAO',
  ip: 'IP',
  birth_date: 'DATA_NASCIMENTO',
  name: 'NOME',
  address: 'ENDERECO',
  sensitive_key: 'DADO_PESSOAL',
};

/** Characters a replacement may carry; anything else in a kept character becomes `*`. */
const UNSAFE = /[^A-Za-z0-9À-ÿ .*@\-/()_:[\]]/g;

/** `hmac` is the hex HMAC of the normalised value (pseudonyms are its first 8 hex digits). */
export function replacementFor(strategy: MaskingStrategy, detector: DetectorId, original: string, hmac: string): string {
  switch (strategy) {
    case 'redact':
      return `[${LABELS[detector]}]`;
    case 'pseudonym':
      return `${LABELS[detector]}_${hmac.slice(0, 8)}`;
    case 'partial':
      return partial(detector, original).replace(UNSAFE, '*');
  }
}

/** Masks the alphanumerics of `value` whose index (among alphanumerics) `keep` rejects; separators stay. */
function maskChars(value: string, keep: (index: number, count: number) => boolean): string {
  let count = 0;
  for (const ch of value) if (/[0-9A-Za-z]/.test(ch)) count++;
  let index = 0;
  let out = '';
  for (const ch of value) {
    if (/[0-9A-Za-z]/.test(ch)) {
      out += keep(index, count) ? ch : '*';
      index++;
    } else out += /[\s.\-/()+]/.test(ch) ? ch : '*';
  }
  return out;
}

function partial(detector: DetectorId, value: string): string {
  switch (detector) {
    case 'cpf':
      // The Receita Federal's own masked form: ***.456.789-**.
      return maskChars(value, (i, n) => n === 11 && i >= 3 && i < 9);
    case 'cnpj':
      return maskChars(value, (i, n) => n === 14 && i >= 2 && i < 8);
    case 'rg':
    case 'cnh':
    case 'pis':
    case 'titulo_eleitor':
    case 'cns':
    case 'credit_card':
    case 'phone':
      return maskChars(value, (i, n) => n > 6 && i >= n - 4);
    case 'cep':
      return maskChars(value, (i, n) => n === 8 && i < 5);
    case 'email': {
      const at = value.lastIndexOf('@');
      return at <= 0 ? '***' : `${value[0]}***${value.slice(at)}`;
    }
    case 'ip':
      if (value.includes(':')) return `${value.split(':').slice(0, 2).join(':')}:*`;
      return value
        .split('.')
        .map((part, i) => (i < 2 ? part : '*'))
        .join('.');
    case 'birth_date': {
      const year = /(?:^|\D)(\d{4})(?:\D|$)/.exec(value)?.[1];
      return year ? `**/**/${year}` : '**/**/****';
    }
    case 'name':
      return value
        .trim()
        .split(/\s+/)
        .map((word) => (/^(d[aeo]s?|e|d[iu]|van|von|del)$/i.test(word) ? word.toLowerCase() : `${[...word][0] ?? ''}*`))
        .join(' ');
    case 'address': {
      // Only a logradouro type stays (Av. ***): any other first word may be part of a name.
      const type = /^\s*([\p{L}]+\.?)\s/u.exec(value)?.[1];
      return type && STREET_TYPES.has(fold(type.replace(/\.$/, ''))) ? `${type} ***` : '***';
    }
    case 'sensitive_key':
      return '***';
  }
}
