/** Normalised `masking` section of the policy file. */
import { DETECTORS, type DetectorId } from './detectors/registry.js';

export type { DetectorId };

/** Every detector the engine has (detectors/registry.ts); profile keys and masking events use these ids. */
export const DETECTOR_IDS: readonly DetectorId[] = DETECTORS.map((detector) => detector.id);

/** redact: `[CPF]`; partial: keep a few characters (`***.456.789-**`); pseudonym: stable HMAC token. */
export const STRATEGIES = ['redact', 'partial', 'pseudonym'] as const;
export type MaskingStrategy = (typeof STRATEGIES)[number];

export interface MaskingKeyConfig {
  readonly id: string;
  /** Secret reference, or undefined for a key generated under dataDir/keys/. */
  readonly secret: string | undefined;
}

export interface MaskingProfileConfig {
  readonly name: string;
  /** Detectors that run, with their strategy; a detector set to `off` is absent. */
  readonly detectors: ReadonlyMap<DetectorId, MaskingStrategy>;
  /**
   * JSON keys (besides the built-in list) whose whole value is masked; also CSV/Markdown column
   * headers and `key: value` / `key=value` pairs in text. The detector recorded is inferred from
   * the key's words (`nome_mae` → name) and is `sensitive_key` otherwise.
   */
  readonly sensitiveKeys: readonly string[];
}

export interface MaskingConfig {
  /** The first key is current. */
  readonly keys: readonly MaskingKeyConfig[];
  readonly profiles: ReadonlyMap<string, MaskingProfileConfig>;
}

/** The built-in profile: every detector on, the strongest strategy. */
export const BUILTIN_PROFILE = 'lgpd';

export interface RawMaskingSection {
  readonly keys?: readonly { readonly id: string; readonly secret?: string }[];
  readonly profiles?: Readonly<
    Record<
      string,
      {
        readonly strategy?: MaskingStrategy | 'off';
        readonly detectors?: Readonly<Partial<Record<DetectorId, MaskingStrategy | 'off'>>>;
        readonly sensitiveKeys?: readonly string[];
      }
    >
  >;
}

export function builtinProfile(): MaskingProfileConfig {
  return { name: BUILTIN_PROFILE, detectors: new Map(DETECTOR_IDS.map((id) => [id, 'redact'])), sensitiveKeys: [] };
}

/** Builds the typed section from the validated raw one (schema defaults already applied). */
export function normalizeMasking(raw: RawMaskingSection): MaskingConfig {
  const profiles = new Map<string, MaskingProfileConfig>([[BUILTIN_PROFILE, builtinProfile()]]);
  for (const [name, profile] of Object.entries(raw.profiles ?? {})) {
    const fallback = profile.strategy ?? 'redact';
    const detectors = new Map<DetectorId, MaskingStrategy>();
    for (const id of DETECTOR_IDS) {
      const chosen = profile.detectors?.[id] ?? fallback;
      if (chosen !== 'off') detectors.set(id, chosen);
    }
    profiles.set(name, { name, detectors, sensitiveKeys: profile.sensitiveKeys ?? [] });
  }
  const keys = (raw.keys ?? [{ id: 'k1' }]).map((key) => ({ id: key.id, secret: key.secret }));
  return { keys, profiles };
}
