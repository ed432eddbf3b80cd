/** Título de eleitor, the voter's card: eight digits, a UF code 01-28 and two check digits. */
import { validTitulo } from '../text/validate.js';
import { bareShape, digitsOf, lastFour, numberFits } from './common.js';
import { defineDetector } from './descriptor.js';

const CUED_SHAPES = new Set(['4 4 4', '4.4.4', '4 4 4 1', '5 4 4']);

export const tituloEleitor = defineDetector({
  id: 'titulo_eleitor',
  label: 'TITULO_ELEITOR',
  summary: "título de eleitor (voter's card) as printed, or bare after a cue",
  normalise: digitsOf,
  validate: validTitulo,
  partial: lastFour,
  cues: ['TITULO', 'ELEITOR', 'ELEITORAL'],
  keys: {
    words: ['VOTER'],
    pairs: [
      ['TITULO', 'ELEITOR'],
      ['TITULO', 'ELEITORAL'],
      ['INSCRICAO', 'ELEITORAL'],
    ],
  },
  fits: numberFits([12, 13]),
  number: {
    lengths: [12, 13],
    cued: (facts) => (bareShape(facts.shape) || CUED_SHAPES.has(facts.shape)) && facts.cue(2),
    plain: (facts) => facts.shape === '4 4 4',
  },
});
