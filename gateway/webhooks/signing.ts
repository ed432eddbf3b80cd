/**
 * How every webhook the gateway sends is signed, and how a receiver checks it:
 *   X-AutoGen-Gate-Timestamp: <unix seconds>
 *   X-AutoGen-Gate-Signature: sha256=<hex HMAC-SHA256(secret, `${timestamp}.${raw body}`)>
 * Verify the signature before trusting a delivery, and refuse old timestamps against replay.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-AutoGen-Gate-Signature';
export const TIMESTAMP_HEADER = 'X-AutoGen-Gate-Timestamp';
export const EVENT_HEADER = 'X-AutoGen-Gate-Event';
export const DELIVERY_HEADER = 'X-AutoGen-Gate-Delivery';

/** HMAC keys shorter than this are guessable; webhook receivers deserve better. */
export const MIN_WEBHOOK_SECRET_CHARS = 16;

/** Longest backoff between attempts. */
const MAX_BACKOFF_MS = 3_600_000;

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** Receiver-side check: signature in constant time, timestamp within `toleranceSeconds` of `now`. */
export function verifyWebhook(
  secret: string,
  timestamp: string | undefined,
  body: string,
  signature: string | undefined,
  options: { readonly toleranceSeconds?: number; readonly now?: Date } = {},
): boolean {
  if (timestamp === undefined || signature === undefined || !/^[0-9]{1,12}$/.test(timestamp)) return false;
  const age = Math.abs((options.now ?? new Date()).getTime() / 1000 - Number(timestamp));
  if (age > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Backoff before attempt `attempt + 1`: base × 2^(attempt−1), ±20 % jitter, capped. */
export function backoffMs(baseMs: number, attempt: number): number {
  const raw = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + randomInt(0, 401) / 1000));
}
