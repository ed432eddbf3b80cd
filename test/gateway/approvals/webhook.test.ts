/** How the approval webhook signs a delivery and spaces its retries, as a receiver relies on. */
import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { backoffMs, signWebhook } from '../../../gateway/webhooks/signing.js';

describe('approvals: webhook signature and backoff', () => {
  it('signs as documented, and backs off exponentially with jitter', () => {
    // What a receiver computes: HMAC-SHA256 over `${timestamp}.${raw body}`.
    assert.equal(
      signWebhook('k', '1700000000', '{"a":1}'),
      `sha256=${createHmac('sha256', 'k').update('1700000000.{"a":1}').digest('hex')}`,
    );
    for (const [attempt, base] of [
      [1, 1000],
      [2, 2000],
      [3, 4000],
      [10, 512_000],
    ] as const) {
      const delay = backoffMs(1000, attempt);
      assert.ok(delay >= base * 0.8 && delay <= base * 1.2, `attempt ${attempt}: ${delay}`);
    }
    assert.ok(backoffMs(1000, 30) <= 3_600_000 * 1.2);
  });
});
