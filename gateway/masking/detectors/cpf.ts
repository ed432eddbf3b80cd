/** CPF, the individual taxpayer number: nine digits and two mod-11 check digits. */
import { repeated, validCpf } from '../text/validate.js';
import { bareShape, digitsOf, maskChars, numberFits } from './common.js';
import { defineDetector } from './descriptor.js';

/** 529.982.247-25, 529982247-25, 529 982 247 25, 529.982.247.25, 529.982.247/25, or bare. */
const SHAPES = new Set(['3.3.3-2', '9-2', '3 3 3 2', '3.3.3.2', '3.3.3/2']);

export const cpf = defineDetector({
  id: 'cpf',
  label: 'CPF',
  summary: 'CPF (individual taxpayer number), formatted or bare',
  normalise: digitsOf,
  validate: (digits) => !repeated(digits) && validCpf(digits),
  // The Receita Federal's own masked form: ***.456.789-**.
  partial: (value) => maskChars(value, (i, n) => n === 11 && i >= 3 && i < 9),
  cues: ['CPF', 'CIC'],
  keys: { words: ['CPF'] },
  fits: numberFits([11]),
  number: { lengths: [11], plain: (facts) => bareShape(facts.shape) || SHAPES.has(facts.shape) },
});
