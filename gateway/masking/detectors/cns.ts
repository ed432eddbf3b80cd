/**
 * Cartão Nacional de Saúde (the SUS card): health data is sensitive under LGPD Art. 11. Printed
 * as 3 4 4 4; a bare fifteen-digit number needs a cue (one random number in eleven passes).
 */
import { validCns } from '../text/validate.js';
import { bareShape, digitsOf, lastFour, numberFits } from './common.js';
import { defineDetector } from './descriptor.js';

export const cns = defineDetector({
  id: 'cns',
  label: 'CNS',
  summary: 'Cartão Nacional de Saúde (SUS card) as printed, or bare after a cue',
  normalise: digitsOf,
  validate: validCns,
  partial: lastFour,
  cues: ['CNS', 'SUS', 'SAUDE'],
  keys: {
    words: ['CNS'],
    pairs: [
      ['CARTAO', 'SUS'],
      ['CARTAO', 'SAUDE'],
      ['CARTAO', 'NACIONAL'],
    ],
  },
  fits: numberFits([15]),
  number: {
    lengths: [15],
    // `CNS definitivo 2959…`: a word may stand between the cue and the number (its check digits hold).
    cued: (facts) => bareShape(facts.shape) && facts.cue(2),
    plain: (facts) => facts.shape === '3 4 4 4' || facts.shape === '3.4.4.4',
    // `…|28356218730|2014-08-22|962438264407297`: a record's field right after the person's document or birth date.
    loose: (facts) => bareShape(facts.shape) && facts.afterDocument(),
  },
  // Definitive (1, 2) or provisional (7, 8, 9) as the original.
  synthetic: (normal) => `${/^[12789]/.test(normal) ? normal[0] : '8'}${'~'.repeat(12)}##`,
});
