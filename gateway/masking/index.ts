/**
 * The LGPD masking engine: Brazilian personal data found and masked in text, JSON, text streams
 * and Server-Sent Events, each masked value recorded as an event with a keyed HMAC of the
 * normalised original. See docs/masking.md.
 */
export { createKeyring, keyringFromSecrets } from './keyring.js';
export { createMasker } from './masker.js';
export { normaliseForLookup } from './normalise.js';
export { syntaxOfMediaType } from './text/view.js';
export { MaskingError } from './errors.js';
export { LABELS } from './replace.js';
export { BUILTIN_PROFILE, DETECTOR_IDS, STRATEGIES, builtinProfile, normalizeMasking } from './config.js';
export type { DetectorId, MaskingConfig, MaskingKeyConfig, MaskingProfileConfig, MaskingStrategy } from './config.js';
export type { KeyedHmac, Masker, MaskingEvent, MaskingKeyring, MaskResult, StreamMasker, TextOptions, TextSyntax } from './types.js';
