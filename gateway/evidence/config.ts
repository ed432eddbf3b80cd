/** Normalised `evidence` section of the policy file. */
import { parseDuration } from '../config/duration.js';
import type { EvidenceAlgorithm } from './configSchema.js';

export interface EvidenceConfig {
  /** Secret reference of the private key; undefined: generated under dataDir/keys. */
  readonly signingKey: string | undefined;
  readonly algorithm: EvidenceAlgorithm;
  /** Interval of head checkpoints; undefined: only at start, export and purge. */
  readonly checkpointEveryMs: number | undefined;
  readonly maxSessions: number;
}

export interface RawEvidenceSection {
  readonly signingKey?: string;
  readonly algorithm?: EvidenceAlgorithm;
  readonly checkpointEvery?: string;
  readonly maxSessions?: number;
}

export function normalizeEvidence(raw: RawEvidenceSection): EvidenceConfig {
  const every = raw.checkpointEvery ?? '1h';
  return {
    signingKey: raw.signingKey,
    algorithm: raw.algorithm ?? 'ES256',
    checkpointEveryMs: every === 'off' ? undefined : parseDuration(every),
    maxSessions: raw.maxSessions ?? 50_000,
  };
}
