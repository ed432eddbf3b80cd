import { strict as assert } from 'node:assert';
import { RateLimiter } from '../../../gateway/pipeline/rateLimiter.js';

describe('rate limiter', () => {
  it('lets a burst through, then refills at the configured rate and says when to retry', () => {
    let now = 0;
    const limiter = new RateLimiter({ requests: 60, perMs: 60_000, burst: 3 }, () => now);
    for (let i = 0; i < 3; i++) assert.deepEqual(limiter.take('a'), { ok: true });
    assert.deepEqual(limiter.take('a'), { ok: false, retryAfterSeconds: 1 });
    assert.deepEqual(limiter.take('b'), { ok: true }, 'keys are independent');
    now += 1_000;
    assert.deepEqual(limiter.take('a'), { ok: true });
    assert.equal(limiter.take('a').ok, false);
    now += 60_000;
    for (let i = 0; i < 3; i++) assert.equal(limiter.take('a').ok, true, 'never more than the burst after a quiet spell');
    assert.equal(limiter.take('a').ok, false);
  });

  it('says how long to wait at a slow rate', () => {
    const limiter = new RateLimiter({ requests: 1, perMs: 60_000, burst: 1 }, () => 0);
    assert.equal(limiter.take('a').ok, true);
    assert.deepEqual(limiter.take('a'), { ok: false, retryAfterSeconds: 60 });
  });
});
