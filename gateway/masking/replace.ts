/**
 * Replacement text per strategy. Every replacement is safe inside any string literal (no quotes,
 * backslashes or line breaks) so generated source code keeps compiling, and none of them is
 * detected again, so masking masked text changes nothing.
 */
import type { DetectorId, MaskingStrategy } from './config.js';
import { DETECTORS, detector } from './detectors/registry.js';

/** The redaction label of each detector (`[CPF]`), also the pseudonym prefix (`CPF_3f9a2c1b`). */
export const LABELS = Object.fromEntries(DETECTORS.map((d) => [d.id, d.label])) as Readonly<Record<DetectorId, string>>;

/** `[CPF]`, `[NOME]`…, made once. */
const REDACTED = Object.fromEntries(DETECTORS.map((d) => [d.id, `[${d.label}]`])) as Readonly<Record<DetectorId, string>>;

/** Characters a replacement may carry; anything else in a kept character becomes `*`. */
const UNSAFE = /[^A-Za-z0-9À-ÿ .*@\-/()_:[\]]/g;

/** `hmac` is the hex HMAC of the normalised value (pseudonyms are its first 8 hex digits). */
export function replacementFor(strategy: MaskingStrategy, id: DetectorId, original: string, hmac: string): string {
  switch (strategy) {
    case 'redact':
      return REDACTED[id];
    case 'pseudonym':
      return `${LABELS[id]}_${hmac.slice(0, 8)}`;
    case 'partial':
      return detector(id).partial(original).replace(UNSAFE, '*');
  }
}
