/** CNH, the driving licence number: eleven digits with two check digits, found after a cue. */
import { validCnh } from '../text/validate.js';
import { bareShape, digitsOf, lastFour, numberFits } from './common.js';
import { defineDetector } from './descriptor.js';

export const cnh = defineDetector({
  id: 'cnh',
  label: 'CNH',
  summary: 'CNH (driving licence number) after a cue',
  normalise: digitsOf,
  validate: validCnh,
  partial: lastFour,
  cues: ['CNH', 'HABILITACAO', 'MOTORISTA', 'LICENSE'],
  keys: {
    words: ['CNH', 'HABILITACAO'],
    pairs: [
      ['DRIVER', 'LICENSE'],
      ['CARTEIRA', 'MOTORISTA'],
    ],
  },
  fits: numberFits([9, 10, 11]),
  number: { lengths: [11], cued: (facts) => (bareShape(facts.shape) || facts.shape === '9-2') && facts.cue(1) },
});
