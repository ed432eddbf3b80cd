/**
 * The chain covers every row, on every engine: each write of a session, approval or vote leaves
 * its digest in the audit entry of the same transaction, so verification names a session row
 * deleted, a response body edited, a body deleted outside retention, an approval edited, a vote
 * deleted and a masking event edited; what retention purges (bodies, then whole sessions with
 * their approvals) keeps verifying, because the purge records it.
 */
import { strict as assert } from 'node:assert';
import { verifyLiveStore, type LiveVerification } from '../../../gateway/audit/liveVerify.js';
import { ephemeralSigner, type Jwks } from '../../../gateway/evidence/signingKey.js';
import { createLogger } from '../../../gateway/observability/logger.js';
import { createMetrics } from '../../../gateway/observability/metrics.js';
import { SessionRecorder } from '../../../gateway/recording/sessionRecorder.js';
import type { RetentionConfig } from '../../../gateway/retention/config.js';
import { RetentionService } from '../../../gateway/retention/purge.js';
import { newApproval } from '../store/builders.js';
import { ENGINES, type EngineFixture } from '../store/engines.js';
import { editStoredEvents } from '../../support/maskingBatches.js';
import { DAY, decision, identity, TestClock } from '../evidence/support.js';

const START = '2026-03-02T09:00:00.000Z';
const NO_KEYS: Jwks = { keys: [] };

function problems(verification: LiveVerification): string[] {
  return [...verification.chain.problems.map((p) => p.message), ...(verification.records?.problems.map((p) => p.message) ?? [])];
}

/** A run of customer-report by bruno, as the recorder starts one. */
function start(requestId: string, month: string) {
  return {
    kind: 'run' as const,
    requestId,
    identity: identity('bruno'),
    generator: 'customer-report',
    upstream: 'autogen',
    method: 'POST',
    path: '/api/v1/generators/customer-report/runs',
    decision: decision('allow'),
    status: 'running' as const,
    request: { contentType: 'application/json', bytes: 20, body: { month } },
  };
}

const retention: RetentionConfig = {
  defaults: { payloadsMs: DAY, metadataOnly: false, metadataMs: 10 * DAY },
  generators: new Map(),
  upstreams: new Map(),
  auditMs: undefined,
  purgeEveryMs: undefined,
};

for (const engine of ENGINES) {
  describe(`the chain covers every row (${engine.name})`, () => {
    let db: EngineFixture;
    let clock: TestClock;
    let recorder: SessionRecorder;

    const verify = (): Promise<LiveVerification> => db.store.withReadSnapshot((snapshot) => verifyLiveStore(snapshot.audit, NO_KEYS));

    /** A run with a masked CPF in its result; its id. */
    const run = async (text: string): Promise<string> => {
      const id = await recorder.begin(start(`r-${text}`, text));
      await recorder.complete(id, {
        status: 'succeeded',
        httpStatus: 200,
        response: { contentType: 'application/json', bytes: 40, body: { text: `${text}: [CPF]` } },
        events: [{ location: 'result:/text:offset:9', detector: 'cpf', hmac: 'a'.repeat(64), keyId: 'k1', replacement: '[CPF]' }],
      });
      return id;
    };

    /** A held run with an approval and a vote, recorded as the approvals module does. */
    const heldRun = async (): Promise<{ sessionId: string; approvalId: string }> => {
      const approvalId = `approval-${clock.now().getTime()}`;
      const sessionId = await recorder.begin({
        ...start('held', 'held'),
        status: 'pending_approval',
        approvalId,
        alsoWrite: async (tx, id) => {
          await tx.approvals.insert(newApproval(approvalId, id, tx.now));
          await tx.appendAudit({ type: 'approval.requested', actor: 'dev:bruno', sessionId: id, data: { approvalId } });
        },
      });
      await db.store.transact(async (tx) => {
        await tx.approvals.addVote({
          approvalId,
          approver: 'dev:carla',
          approverView: { subject: 'carla', issuerId: 'dev', kind: 'person', name: 'Carla', email: undefined, groups: ['privacy-office'] },
          groups: ['privacy-office'],
          decision: 'approve',
          reason: 'Purpose checked.',
          bindingHash: 'b'.repeat(64),
          at: tx.now.toISOString(),
        });
        await tx.appendAudit({ type: 'approval.vote_recorded', actor: 'dev:carla', sessionId, data: { approvalId } });
      });
      return { sessionId, approvalId };
    };

    beforeEach(async () => {
      clock = new TestClock(new Date(START));
      db = await engine.open({ clock: clock.now });
      recorder = new SessionRecorder(
        db.store,
        () => 'v1',
        createMetrics({ defaultMetrics: false }),
        createLogger({ level: 'silent' }),
        clock.now,
      );
    });
    afterEach(async () => {
      await db.close();
    });

    it('verifies an untouched store, every row digest recomputed', async () => {
      await run('janeiro');
      await heldRun();
      const verification = await verify();
      assert.deepEqual(problems(verification), []);
      assert.equal(verification.records?.rowsChecked, 4, 'two sessions, an approval and a vote');
    });

    it('names a deleted session row, an edited response body, a body deleted outside retention and an edited status', async () => {
      const deleted = await run('a');
      const edited = await run('b');
      const emptied = await run('c');
      const status = await run('d');
      await db.raw('DELETE FROM sessions WHERE id = ?', [deleted]);
      const stored = await db.raw<{ response_json: string }>('SELECT response_json FROM sessions WHERE id = ?', [edited]);
      const response = JSON.parse(stored[0]?.response_json ?? '{}') as { body: { text: string } };
      await db.raw('UPDATE sessions SET response_json = ? WHERE id = ?', [
        JSON.stringify({ ...response, body: { text: 'b: nothing to see' } }),
        edited,
      ]);
      const other = await db.raw<{ response_json: string }>('SELECT response_json FROM sessions WHERE id = ?', [emptied]);
      const purged = { ...(JSON.parse(other[0]?.response_json ?? '{}') as object), body: null, purgedAt: '2026-03-02T10:00:00.000Z' };
      await db.raw('UPDATE sessions SET response_json = ? WHERE id = ?', [JSON.stringify(purged), emptied]);
      await db.raw('UPDATE sessions SET http_status = 204 WHERE id = ?', [status]);

      const found = problems(await verify());
      assert.equal(found.length, 4, found.join('\n'));
      assert.ok(
        found.some((m) =>
          new RegExp(`^session ${deleted} \\(created .*\\) was deleted: entry \\d+ recorded it, and no retention purge`).test(m),
        ),
      );
      assert.ok(found.includes(`the response body of session ${edited} was edited: it no longer matches the digest recorded with it`));
      assert.ok(found.some((m) => m.startsWith(`the response body of session ${emptied} was deleted outside retention`)));
      assert.ok(found.some((m) => new RegExp(`^session ${status} was edited after entry \\d+ recorded it`).test(m)));
    });

    it('names an edited approval, a deleted vote and an edited masking event', async () => {
      const { sessionId, approvalId } = await heldRun();
      const masked = await run('e');
      await db.raw("UPDATE approvals SET status = 'approved' WHERE id = ?", [approvalId]);
      await db.raw('DELETE FROM approval_votes WHERE approval_id = ?', [approvalId]);
      await editStoredEvents(db.raw, masked, (events) => {
        for (const event of events) event['replacement'] = '***';
      });

      const found = problems(await verify());
      assert.equal(found.length, 3, found.join('\n'));
      assert.ok(found.some((m) => m.startsWith(`approval ${approvalId} (session ${sessionId}) was edited after entry`)));
      assert.ok(found.some((m) => m.startsWith(`vote 1 on approval ${approvalId} was deleted`)));
      assert.ok(found.some((m) => new RegExp(`^session ${masked}: the masking events sealed in entry \\d+ .* were edited`).test(m)));
    });

    it('keeps verifying across retention purges of bodies and of whole sessions, and still names what they did not delete', async () => {
      const signer = await ephemeralSigner();
      const purges = new RetentionService({ store: db.store, retention, signer, trusted: { keys: [signer.publicJwk] } });
      const old = await run('antigo');
      const held = await heldRun();
      await db.store.transact(async (tx) => {
        const at = tx.now.toISOString();
        await tx.approvals.transition(held.approvalId, ['pending'], { status: 'denied', at, decidedAt: at, deleteInput: true });
        await tx.updateSession(held.sessionId, { status: 'approval_denied', completedAt: at });
        await tx.appendAudit({ type: 'approval.denied', actor: 'dev:carla', sessionId: held.sessionId, data: {} });
      });

      clock.advance(2 * DAY);
      const recent = await run('recente');
      const bodies = await purges.purge({ trigger: 'cli' });
      assert.equal(bodies.totals.payloads, 2);
      assert.equal((await db.store.getSession(old))?.response?.body, null);
      assert.deepEqual(problems(await verify()), [], 'bodies deleted by a recorded purge');

      clock.advance(10 * DAY);
      const sessions = await purges.purge({ trigger: 'cli' });
      assert.equal(sessions.totals.sessions, 2);
      assert.equal(await db.store.getSession(old), undefined);
      assert.equal(await db.store.approvals.get(held.approvalId), undefined);
      assert.deepEqual(problems(await verify()), [], 'sessions, approvals and votes deleted by a recorded purge');

      await db.raw('DELETE FROM sessions WHERE id = ?', [recent]);
      const found = problems(await verify());
      assert.equal(found.length, 1, found.join('\n'));
      assert.match(found[0] ?? '', new RegExp(`^session ${recent} .* was deleted`));
    });
  });
}
