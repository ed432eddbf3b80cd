/** E-mail addresses (found by their own matcher: a local part, `@`, a domain with a letter TLD). */
import { defineDetector } from './descriptor.js';

export const email = defineDetector({
  id: 'email',
  label: 'EMAIL',
  summary: 'e-mail addresses',
  normalise: (value) => value.trim().toLowerCase(),
  partial: (value) => {
    const at = value.lastIndexOf('@');
    return at <= 0 ? '***' : `${value[0]}***${value.slice(at)}`;
  },
  cues: [],
  keys: {
    words: ['EMAIL', 'EMAILS'],
    prefixes: ['EMAIL'],
    pairs: [
      ['E', 'MAIL'],
      ['ENDERECO', 'ELETRONICO'],
      ['CORREIO', 'ELETRONICO'],
    ],
    short: ['MAIL'],
    unless: ['TEMPLATE', 'SERVER', 'HOST', 'SUBJECT', 'ASSUNTO', 'VERIFIED', 'ENABLED'],
  },
  fits: (value) => value.includes('@'),
});
