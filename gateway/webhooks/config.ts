/**
 * A signed-webhook receiver as the policy file names it (the approvals webhook, the privacy
 * office's governance notifications): where deliveries go, the HMAC key, and how hard to retry.
 * One schema and one normalised form, so both read and behave the same.
 */
import { durationSchema, parseDuration } from '../config/duration.js';
import { SECRET_REF_PATTERN } from '../config/secrets.js';

type JsonSchema = Readonly<Record<string, unknown>>;

export interface WebhookTargetConfig {
  readonly url: string;
  /** Secret reference of the HMAC key; resolved when the sender starts. */
  readonly secret: string;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly retryDelayMs: number;
}

export interface RawWebhookTarget {
  readonly url: string;
  readonly secret: string;
  readonly timeout?: string;
  readonly maxAttempts?: number;
  readonly retryDelay?: string;
}

/** The keys every webhook section has; `carries` says what deliveries hold (why https matters). */
export function webhookTargetProperties(carries: string): Readonly<Record<string, JsonSchema>> {
  return {
    url: {
      type: 'string',
      format: 'uri',
      description: `Where deliveries are POSTed. Use https outside loopback: deliveries carry ${carries}.`,
      examples: ['https://chat.example.com/hooks/autogen-gate'],
    },
    secret: {
      type: 'string',
      pattern: SECRET_REF_PATTERN,
      description: 'HMAC-SHA256 key of the `X-AutoGen-Gate-Signature` header, from env:NAME or file:PATH (at least 16 bytes of text).',
      examples: ['env:AUTOGEN_GATE_WEBHOOK_SECRET'],
    },
    timeout: durationSchema('Longest wait for the receiver to answer one delivery attempt.', '5s'),
    maxAttempts: {
      type: 'integer',
      minimum: 1,
      maximum: 20,
      default: 8,
      description: 'Attempts per delivery before it is given up (and the failure audited).',
      examples: [8],
    },
    retryDelay: durationSchema(
      'Delay before the second attempt; each later attempt waits twice as long (with jitter), at most an hour.',
      '2s',
    ),
  };
}

function ms(text: string | undefined, fallback: number): number {
  return text === undefined ? fallback : (parseDuration(text) ?? fallback);
}

export function normalizeWebhookTarget(raw: RawWebhookTarget): WebhookTargetConfig {
  return {
    url: raw.url,
    secret: raw.secret,
    timeoutMs: ms(raw.timeout, 5_000),
    maxAttempts: raw.maxAttempts ?? 8,
    retryDelayMs: ms(raw.retryDelay, 2_000),
  };
}
