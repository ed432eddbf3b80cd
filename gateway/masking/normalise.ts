/**
 * Normalisation before the HMAC, so one person gives one HMAC whatever the formatting:
 * `529.982.247-25` and `52998224725` are the same CPF, `Maria da Silva` and `MARIA DA SILVA`
 * the same name. Each detector's rule is in its descriptor (detectors/); the data-subject
 * look-up (`subject find --cpf …`) must call this same function on what it is asked for; the
 * rules are listed in docs/masking.md.
 */
import type { DetectorId } from './config.js';
import { detector } from './detectors/registry.js';
import { normaliseView } from './text/view.js';

/** A value asked about is read as the detectors read text first: `５２９…` is `529…`. */
export function normaliseForLookup(id: DetectorId, value: string): string {
  return detector(id).normalise(normaliseView(value).text);
}
