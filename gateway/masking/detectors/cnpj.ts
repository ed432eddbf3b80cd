/**
 * CNPJ, the company registry number: numeric, or alphanumeric from July 2026 (IN RFB 2.229/2024:
 * twelve characters 0-9/A-Z valued by ASCII code minus 48, then two mod-11 check digits). The
 * alphanumeric layout is found by the compound-token matcher, the numeric one here.
 */
import { repeated, validCnpj } from '../text/validate.js';
import { bareShape, maskChars, numberFits, upperAlphanumerics } from './common.js';
import { defineDetector } from './descriptor.js';

const SHAPES = new Set(['2.3.3/4-2', '8/4-2', '12-2', '2 3 3 4 2', '2.3.3.4-2']);

export const cnpj = defineDetector({
  id: 'cnpj',
  label: 'CNPJ',
  summary: 'CNPJ, numeric and alphanumeric, formatted or bare',
  normalise: upperAlphanumerics,
  validate: (value) => !repeated(value) && validCnpj(value),
  partial: (value) => maskChars(value, (i, n) => n === 14 && i >= 2 && i < 8),
  cues: ['CNPJ', 'CGC'],
  keys: { words: ['CNPJ'] },
  fits: numberFits([14]),
  number: { lengths: [14], plain: (facts) => bareShape(facts.shape) || SHAPES.has(facts.shape) },
});
