/** A value under one of a profile's extra sensitive keys that no other detector describes. */
import { foldWords } from './common.js';
import { defineDetector } from './descriptor.js';

export const sensitiveKey = defineDetector({
  id: 'sensitive_key',
  label: 'DADO_PESSOAL',
  summary: "a value under one of the profile's extra sensitive keys that no other detector describes",
  normalise: (value) => foldWords(value).replace(/@/g, ' ').replace(/\s+/g, ' '),
  partial: () => '***',
  cues: [],
  fits: () => true,
});
