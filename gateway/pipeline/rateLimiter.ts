/**
 * Token buckets per key (an identity, or a client address): `requests` per `per` milliseconds,
 * refilled continuously, bursting up to `burst`. The table is bounded: when full, the least
 * recently seen keys go first (a flood of fresh addresses cannot grow memory).
 *
 * Limits are per gateway process; behind a load balancer with N replicas a caller gets up to N
 * times the configured rate (documented in docs/configuration.md).
 */

export interface RateLimit {
  readonly requests: number;
  readonly perMs: number;
  readonly burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export type Admission = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

const MAX_KEYS = 50_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token for `key`, or says how long until one is free. */
  take(key: string): Admission {
    const now = this.now();
    const rate = this.limit.requests / this.limit.perMs;
    let bucket = this.buckets.get(key);
    if (bucket) {
      this.buckets.delete(key);
      bucket.tokens = Math.min(this.limit.burst, bucket.tokens + (now - bucket.at) * rate);
      bucket.at = now;
    } else {
      bucket = { tokens: this.limit.burst, at: now };
      if (this.buckets.size >= MAX_KEYS) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
    }
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000)) };
  }
}
