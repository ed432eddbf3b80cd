/** Payment card numbers: Luhn and the issuer prefix of a network used in Brazil. */
import { validCard } from '../text/validate.js';
import { bareShape, digitsOf, lastFour, numberFits } from './common.js';
import { defineDetector } from './descriptor.js';

const CARD_4444_SHAPE = /^4([ .-])4\1[4]\1[4](\1[1-3])?$/;
const CARD_465_SHAPE = /^4([ -])6\1[5]$/;
const CARD_464_SHAPE = /^4([ -])6\1[4]$/;

export const creditCard = defineDetector({
  id: 'credit_card',
  label: 'CARTAO',
  summary: 'payment card numbers (Luhn and a Visa, Mastercard, Elo, Hipercard, Amex, Diners, Discover or JCB prefix)',
  normalise: digitsOf,
  validate: validCard,
  partial: lastFour,
  cues: ['CARTAO', 'CARD'],
  keys: {
    words: ['CARTAO', 'CREDITCARD'],
    joined: ['CARDNUMBER', 'CCNUMBER', 'PAN'],
    pairs: [
      ['CARD', 'NUMBER'],
      ['CARD', 'CREDIT'],
      ['CARD', 'NUM'],
      ['CARD', 'NO'],
    ],
  },
  fits: numberFits([13, 14, 15, 16, 17, 18, 19]),
  number: {
    lengths: [13, 14, 15, 16, 17, 18, 19],
    plain: ({ shape }) =>
      bareShape(shape) ||
      ((shape.length === 7 || shape.length === 9) && CARD_4444_SHAPE.test(shape)) ||
      (shape.length === 5 && (CARD_465_SHAPE.test(shape) || CARD_464_SHAPE.test(shape))),
  },
});
