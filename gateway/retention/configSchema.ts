/**
 * Policy-file section `retention`: how long masked payloads and metadata are kept, per generator
 * and upstream, and how often the gateway purges what has expired (LGPD Art. 15 and 16: data is
 * eliminated once its purpose is fulfilled, keeping only what a legal obligation requires).
 */
import { DURATION_PATTERN } from '../config/duration.js';

type JsonSchema = Readonly<Record<string, unknown>>;

const payloads = (description: string, def?: string): JsonSchema => ({
  oneOf: [{ type: 'string', pattern: DURATION_PATTERN }, { enum: ['forever', 'metadata-only'] }],
  description: `${description} A duration (30d, 12h…), \`forever\` (kept until the metadata goes), or \`metadata-only\` (bodies are never stored: sizes and content types only).`,
  ...(def === undefined ? {} : { default: def }),
  examples: [def ?? '7d'],
});

const metadata = (description: string, def?: string): JsonSchema => ({
  oneOf: [{ type: 'string', pattern: DURATION_PATTERN }, { enum: ['forever'] }],
  description: `${description} A duration (1825d = five years…) or \`forever\`.`,
  ...(def === undefined ? {} : { default: def }),
  examples: [def ?? '730d'],
});

const overrideSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  description: 'Periods for this one generator (or upstream); what is not given follows the section defaults.',
  examples: [{ payloads: 'metadata-only' }],
  properties: {
    payloads: payloads('How long its masked request and response bodies are kept.'),
    metadata: metadata('How long its session records, masking events and approvals are kept.'),
  },
};

export const retentionSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description:
    'How long records are kept before the gateway deletes them. Payloads (masked request and response bodies) usually go first; metadata (sessions, decisions, approvals, masking events and the audit log) stays as long as you must be able to prove how data was handled. Every purge is itself recorded in the audit log, and the chain stays verifiable across it (docs/evidence.md).',
  examples: [
    { payloads: '30d', metadata: '1825d', generators: { 'customer-report': { payloads: 'metadata-only' } }, purge: { every: '1h' } },
  ],
  properties: {
    payloads: payloads('How long masked request and response bodies are kept after a session starts.', '30d'),
    metadata: metadata(
      'How long session records, masking events, approvals and audit entries are kept. Must not be shorter than any payload period.',
      '1825d',
    ),
    generators: {
      type: 'object',
      default: {},
      additionalProperties: overrideSchema,
      description: 'Per-generator periods, by generator name.',
      examples: [{ 'customer-report': { payloads: 'metadata-only', metadata: '730d' } }],
    },
    upstreams: {
      type: 'object',
      default: {},
      additionalProperties: overrideSchema,
      description: 'Per-upstream periods for raw pass-through sessions (/proxy/NAME/…), by upstream name.',
      examples: [{ autogen: { payloads: '7d' } }],
    },
    purge: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'When the gateway purges expired records on its own (`autogen-gate retention purge` runs one on demand).',
      examples: [{ every: '1h' }],
      properties: {
        every: {
          oneOf: [{ type: 'string', pattern: DURATION_PATTERN }, { enum: ['off'] }],
          default: '1h',
          description: 'Interval between scheduled purges (the first runs one interval after start), or `off`.',
          examples: ['1h'],
        },
      },
    },
  },
};
