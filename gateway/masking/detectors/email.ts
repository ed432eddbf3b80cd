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
    // SAP's central addresses.
    joined: ['SMTPADDR'],
    unless: ['TEMPLATE', 'SERVER', 'HOST', 'SUBJECT', 'ASSUNTO', 'VERIFIED', 'ENABLED'],
  },
  // One address and nothing else: a value with more in it (`Maria <maria@x.com>`, a note) is read
  // as text, so a partial mask, which keeps the domain, never keeps what follows it.
  fits: (value) => /^[^\s@]+@[^\s@]+$/.test(value.trim()),
  // At example.com, reserved for examples (RFC 2606): a fake address never reaches anyone.
  synthetic: () => 'usuario~~~~~~~~~~@example.com',
});
