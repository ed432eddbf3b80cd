/** CEP, the postcode: five and three digits; bare eight digits need a cue. */
import { bareShape, digitsOf, maskChars, numberFits } from './common.js';
import { defineDetector } from './descriptor.js';

/**
 * A CEP's five and three digits with a space or a dot where the hyphen goes. (Not `2.3.3`: after
 * `CEP 01310-100` that is how a CNPJ written next begins.)
 */
const CUT_SHAPES: ReadonlySet<string> = new Set(['5 3', '5.3', '2.3 3']);

export const cep = defineDetector({
  id: 'cep',
  label: 'CEP',
  summary: 'CEP (postcode) 01310-100 or 01.310-100; bare eight digits after a cue',
  normalise: digitsOf,
  partial: (value) => maskChars(value, (i, n) => n === 8 && i < 5),
  cues: ['CEP'],
  // `postCode`, `post_code`: the Open Finance and shop APIs' spelling.
  keys: {
    words: ['CEP', 'ZIP', 'ZIPCODE', 'POSTCODE', 'POSTAL', 'CODIGOPOSTAL'],
    pairs: [['CODIGO', 'POSTAL']],
    // SAP's address fields: HCM's infotype 0006 (`PSTLZ`), central addresses (`POST_CODE1`).
    joined: ['POSTCODE', 'PSTLZ', 'POSTCODE1'],
    // `postalAddresses`: the whole address, not its postcode.
    unless: ['ADDRESS', 'ADDRESSES'],
  },
  fits: numberFits([8]),
  number: {
    lengths: [8],
    // After `CEP` the groups are a postcode's however they were cut (`CEP 01310 100`).
    cued: (facts) => (bareShape(facts.shape) || CUT_SHAPES.has(facts.shape)) && facts.digits !== '00000000' && facts.cue(1),
    plain: (facts) => (facts.shape === '5-3' || facts.shape === '2.3-3') && facts.digits !== '00000000',
  },
  synthetic: () => '~~~~~~~~',
});
