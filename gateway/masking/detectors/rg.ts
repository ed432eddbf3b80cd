/**
 * RG, the state identity card. Only São Paulo's layout (NN.NNN.NNN-D) carries a published check
 * digit, so it alone is found without a cue; other states' numbers need one (`RG`, `identidade`).
 */
import { validRgSp } from '../text/validate.js';
import { digitCount, lastFour, upperAlphanumerics } from './common.js';
import { defineDetector } from './descriptor.js';

const SP_SHAPE = /^2\.3\.3-(1|X)$/;
const DATE_LIKE = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?:\s|$)|^\d{4}-\d{2}-\d{2}/;

/** `/^[\p{L}0-9 .\-/]+$/u`: what an RG may be written with. */
function rgChars(value: string): boolean {
  return value.length > 0 && /^[\p{L}0-9 .\-/]+$/u.test(value);
}

export const rg = defineDetector({
  id: 'rg',
  label: 'RG',
  summary: 'RG (identity card): any layout after a cue; the São Paulo layout with a valid check digit also without',
  normalise: upperAlphanumerics,
  partial: lastFour,
  cues: ['RG', 'IDENTIDADE', 'IDENT', 'RGE', 'GERAL', 'CI'],
  keys: { words: ['RG', 'IDENTIDADE'], pairs: [['REGISTRO', 'GERAL']], joined: ['REGISTRO', 'NUMEROREGISTRO', 'NRREGISTRO'] },
  // Under `registro`, a date or a long registry number (`2024.0000187345`) is no identity card's.
  fits: (value) => digitCount(value) >= 4 && digitCount(value) <= 13 && !DATE_LIKE.test(value.trim()) && rgChars(value),
  number: {
    // Ceará and other states number identity cards with up to 13 digits (`RG 2008098765432 SSPDS/CE`).
    lengths: [5, 6, 7, 8, 9, 10, 11, 12, 13],
    // Beyond ten digits only as one run or dotted (`2008098765432`): spaced groups after it are another number's (a card's).
    cued: (facts) => facts.cue(1) && (facts.digits.length <= 10 || !facts.shape.includes(' ')),
    plain: (facts) =>
      facts.shape.length === 7 &&
      SP_SHAPE.test(facts.shape) &&
      validRgSp(facts.digits.slice(0, 8), facts.dvX ? 'X' : facts.digits.slice(8)),
  },
});
