/**
 * Policy-file section `masking`: the HMAC keys that make masking events provable and the named
 * profiles that say which detectors run and how each replaces what it finds.
 */
import { SECRET_REF_PATTERN } from '../config/secrets.js';
import { DETECTOR_IDS, STRATEGIES } from './config.js';

const strategy = { enum: [...STRATEGIES, 'off'], examples: ['redact'] };

export const maskingSchema: Readonly<Record<string, unknown>> = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description:
    'Masking of personal data in everything that leaves the gateway. The built-in profile `lgpd` runs every detector with the redact strategy.',
  examples: [
    {
      keys: [{ id: 'k2026', secret: 'env:AUTOGEN_GATE_MASKING_KEY' }],
      profiles: { reports: { strategy: 'partial', detectors: { name: 'pseudonym' } } },
    },
  ],
  properties: {
    keys: {
      type: 'array',
      minItems: 1,
      description:
        'HMAC-SHA256 keys for masking events and pseudonyms. The first is current; older ones stay listed so data-subject look-ups still find events made under them. A key without `secret` is generated under dataDir/keys/.',
      default: [{ id: 'k1' }],
      examples: [[{ id: 'k2026', secret: 'env:AUTOGEN_GATE_MASKING_KEY' }]],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        examples: [{ id: 'k2026', secret: 'file:/run/secrets/masking-key' }],
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z0-9._-]+$', description: 'Key id recorded with every event.', examples: ['k2026'] },
          secret: {
            type: 'string',
            pattern: SECRET_REF_PATTERN,
            description: 'At least 32 bytes, hex or base64, from env:NAME or file:PATH.',
            examples: ['env:AUTOGEN_GATE_MASKING_KEY'],
          },
        },
      },
    },
    profiles: {
      type: 'object',
      default: {},
      description: 'Named masking profiles, referenced by generators and upstreams.',
      examples: [{ reports: { strategy: 'partial', detectors: { name: 'pseudonym', ip: 'off' } } }],
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        examples: [{ strategy: 'partial', detectors: { name: 'pseudonym' }, sensitiveKeys: ['nome_mae'] }],
        properties: {
          strategy: { ...strategy, default: 'redact', description: 'Default strategy of every detector in this profile.' },
          detectors: {
            type: 'object',
            additionalProperties: false,
            description: 'Per-detector strategy; `off` disables a detector.',
            examples: [{ cpf: 'partial', name: 'pseudonym' }],
            properties: Object.fromEntries(DETECTOR_IDS.map((id) => [id, strategy])),
          },
          sensitiveKeys: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            description:
              'Extra JSON keys whose whole value is personal data (added to the built-in list: nome, cpf, endereco, telefone, email, …).',
            examples: [['nome_mae', 'matricula']],
          },
        },
      },
    },
  },
};
