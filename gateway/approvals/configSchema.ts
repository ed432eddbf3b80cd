/**
 * Policy-file section `approvals`: how held runs are kept (the key that encrypts their input),
 * how long clients may wait on them, how many approved runs execute at once, the live event
 * stream and the optional webhook that announces new requests. Who approves what is not here:
 * that is each rule's `approval` block.
 */
import { durationSchema } from '../config/duration.js';
import { SECRET_REF_PATTERN } from '../config/secrets.js';

type JsonSchema = Readonly<Record<string, unknown>>;

/** Webhook events a team can subscribe to. */
export const WEBHOOK_EVENTS = ['requested', 'decided'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const duration = durationSchema;

const webhookSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'secret'],
  description:
    'Announces approval requests to a URL (e.g. a chat relay) as signed JSON. Deliveries are queued in the store with the request, sent in the background with retries, and never delay a run.',
  examples: [{ url: 'https://chat.example.com/hooks/autogen-gate', secret: 'env:AUTOGEN_GATE_WEBHOOK_SECRET' }],
  properties: {
    url: {
      type: 'string',
      format: 'uri',
      description: 'Where deliveries are POSTed. Use https outside loopback: deliveries carry (masked) request details.',
      examples: ['https://chat.example.com/hooks/autogen-gate'],
    },
    secret: {
      type: 'string',
      pattern: SECRET_REF_PATTERN,
      description: 'HMAC-SHA256 key of the `X-AutoGen-Gate-Signature` header, from env:NAME or file:PATH (at least 16 bytes of text).',
      examples: ['env:AUTOGEN_GATE_WEBHOOK_SECRET'],
    },
    events: {
      type: 'array',
      items: { enum: [...WEBHOOK_EVENTS] },
      minItems: 1,
      uniqueItems: true,
      default: ['requested'],
      description: 'requested: a run waits for approval; decided: it was approved, denied, expired, revoked or cancelled.',
      examples: [['requested', 'decided']],
    },
    timeout: duration('Longest wait for the receiver to answer one delivery attempt.', '5s'),
    maxAttempts: {
      type: 'integer',
      minimum: 1,
      maximum: 20,
      default: 8,
      description: 'Attempts per delivery before it is given up (and the failure audited).',
      examples: [8],
    },
    retryDelay: duration('Delay before the second attempt; each later attempt waits twice as long (with jitter), at most an hour.', '2s'),
  },
};

export const approvalsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: 'Runs held for approval: encryption of their input, waiting, execution, live events and the optional webhook.',
  examples: [
    {
      inputKeys: [{ id: 'a2026', secret: 'env:AUTOGEN_GATE_APPROVAL_KEY' }],
      maxWait: '60s',
      webhook: { url: 'https://chat.example.com/hooks/autogen-gate', secret: 'env:AUTOGEN_GATE_WEBHOOK_SECRET' },
    },
  ],
  properties: {
    inputKeys: {
      type: 'array',
      minItems: 1,
      default: [{ id: 'a1' }],
      description:
        'AES-256-GCM keys for the input of held runs, kept encrypted until the request is decided and then deleted. The first key encrypts; older ones stay listed until no pending request uses them. A key without `secret` is generated under dataDir/keys/.',
      examples: [[{ id: 'a2026', secret: 'env:AUTOGEN_GATE_APPROVAL_KEY' }]],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        examples: [{ id: 'a2026', secret: 'file:/run/secrets/approval-key' }],
        properties: {
          id: {
            type: 'string',
            pattern: '^[A-Za-z0-9._-]{1,40}$',
            description: 'Recorded with each held input, so the right key decrypts it after a rotation.',
            examples: ['a2026'],
          },
          secret: {
            type: 'string',
            pattern: SECRET_REF_PATTERN,
            description: 'At least 32 bytes, hex or base64, from env:NAME or file:PATH.',
            examples: ['env:AUTOGEN_GATE_APPROVAL_KEY'],
          },
        },
      },
    },
    maxWait: duration(
      'Longest a client may wait for a held run to finish (`GET /api/v1/runs/{id}?wait=` and `Prefer: wait=`); longer requests are shortened to it.',
      '60s',
    ),
    maxReasonLength: {
      type: 'integer',
      minimum: 20,
      maximum: 4000,
      default: 500,
      description: 'Longest reason (characters) an approver may give with a decision.',
      examples: [500],
    },
    maxConcurrentExecutions: {
      type: 'integer',
      minimum: 1,
      maximum: 64,
      default: 4,
      description: "Approved runs the gateway executes at the same time; more wait their turn (within their approval's validity).",
      examples: [4],
    },
    eventHeartbeat: duration(
      'Interval of keep-alive comments on the live event stream (`GET /api/v1/events`), so proxies keep it open.',
      '15s',
    ),
    webhook: webhookSchema,
  },
};
