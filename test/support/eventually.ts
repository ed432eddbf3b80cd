/** Waiting for what a gateway does in the background, without timing it: poll until it holds. */
import { strict as assert } from 'node:assert';
import type { SessionRecord } from '../../gateway/store/types.js';
import type { Harness } from './gatewayHarness.js';

/** Resolves once `check` holds; fails the test after `limitMs` (a bound for a stuck test, not a timing). */
export async function until(what: string, check: () => Promise<boolean>, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The session of `requestId` once it is no longer running. */
export async function completedSession(harness: Harness, requestId: string | null): Promise<SessionRecord> {
  assert.ok(requestId, 'the answer names its request');
  const { store } = harness.gateway.parts;
  let found: SessionRecord | undefined;
  await until(`the session of ${requestId} is complete`, async () => {
    found = (await store.listSessions({ limit: 100 })).sessions.find((session) => session.requestId === requestId);
    return found !== undefined && found.status !== 'running';
  });
  assert.ok(found);
  return found;
}
