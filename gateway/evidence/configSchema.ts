/**
 * Policy-file section `evidence`: the key that signs evidence bundles, audit checkpoints and
 * data-subject reports, and how often the chain head is checkpointed.
 */
import { DURATION_PATTERN } from '../config/duration.js';
import { SECRET_REF_PATTERN } from '../config/secrets.js';

type JsonSchema = Readonly<Record<string, unknown>>;

/** Algorithms the evidence key may use: small, fast, asymmetric signatures. */
export const EVIDENCE_ALGORITHMS = ['ES256', 'EdDSA'] as const;
export type EvidenceAlgorithm = (typeof EVIDENCE_ALGORITHMS)[number];

export const evidenceSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description:
    'Signed evidence for the privacy office: evidence bundles, signed audit checkpoints and data-subject reports are signed (JWS) with this key; anyone holding the public key (served at /.well-known/jwks.json) verifies them offline.',
  examples: [{ signingKey: 'file:/run/secrets/evidence-key.jwk', checkpointEvery: '1h' }],
  properties: {
    signingKey: {
      type: 'string',
      pattern: SECRET_REF_PATTERN,
      description:
        'Private signing key (a JWK with `d`, or PKCS#8 PEM), from env:NAME or file:PATH. Omitted: a key is generated on first start under dataDir/keys/evidence-signing.jwk (mode 0600); back that file up, bundles signed by it verify only with its public half.',
      examples: ['file:/run/secrets/evidence-key.jwk'],
    },
    algorithm: {
      enum: [...EVIDENCE_ALGORITHMS],
      default: 'ES256',
      description: 'Algorithm of a generated key, and of a PEM key (a JWK key states its own).',
      examples: ['ES256'],
    },
    checkpointEvery: {
      oneOf: [{ type: 'string', pattern: DURATION_PATTERN }, { enum: ['off'] }],
      default: '1h',
      description:
        'How often the gateway signs the audit chain head when it has grown (`off`: only at start, at every export and at every purge). A signed checkpoint lets `audit verify` detect a rewritten or truncated chain.',
      examples: ['1h'],
    },
    maxSessions: {
      type: 'integer',
      minimum: 1,
      default: 50000,
      description: 'Largest number of sessions one evidence bundle may hold; ask for a shorter period beyond it.',
      examples: [50000],
    },
  },
};
