/** PIS/PASEP/NIS/NIT, the social-security worker number: ten digits and a check digit. */
import { validPis } from '../text/validate.js';
import { bareShape, digitsOf, lastFour, numberFits } from './common.js';
import { defineDetector } from './descriptor.js';

export const pis = defineDetector({
  id: 'pis',
  label: 'PIS',
  summary: 'PIS/PASEP/NIS/NIT in its own layout, or bare after a cue',
  normalise: digitsOf,
  validate: validPis,
  partial: lastFour,
  cues: ['PIS', 'PASEP', 'NIS', 'NIT', 'PISPASEP'],
  keys: { words: ['PIS', 'PASEP', 'NIS', 'NIT'], joined: ['PISPASEP'] },
  fits: numberFits([11]),
  number: {
    lengths: [11],
    // `NIS aluno: 1802…`: a word may stand between the cue and the number (its check digit holds).
    cued: (facts) => bareShape(facts.shape) && facts.cue(2),
    plain: (facts) => facts.shape === '3.5.2-1',
    // `Pessoa("Jairo", "05113176702", "15824845879", …)`: a record's field right after the person's CPF.
    loose: (facts) => bareShape(facts.shape) && facts.afterDocument(),
  },
  synthetic: () => '~~~~~~~~~~#',
});
