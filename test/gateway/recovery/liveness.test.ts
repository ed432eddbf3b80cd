/**
 * Honest recovery on every engine: what a stopped gateway process left in flight is closed as
 * `interrupted` (its executing or held approval aborted, an executing approval whose run finished
 * marked executed), audited, once; a held run waiting for approval and a live process's sessions
 * are left alone.
 */
import { strict as assert } from 'node:assert';
import { createLogger } from '../../../gateway/observability/logger.js';
import { ReplicaLiveness } from '../../../gateway/recovery/liveness.js';
import type { Store } from '../../../gateway/store/types.js';
import { newApproval, newSession } from '../store/builders.js';
import { ENGINES, type EngineFixture } from '../store/engines.js';

const logger = createLogger({ level: 'silent' });

function liveness(store: Store, replicaTimeoutMs: number): ReplicaLiveness {
  return new ReplicaLiveness({ store, replicaTimeoutMs, heartbeatMs: 60_000, logger });
}

/** What a gateway process leaves behind when it dies: sessions in each state, with their approvals. */
async function leaveInFlight(store: Store): Promise<void> {
  await store.checkWritable();
  await store.transact(async (tx) => {
    await tx.insertSession(newSession('s1', { status: 'running' }));
    await tx.insertSession(newSession('s2', { status: 'pending_approval', approvalId: 'executing' }));
    await tx.approvals.insert(newApproval('executing', 's2', tx.now));
    await tx.insertSession(newSession('s3', { status: 'pending_approval', approvalId: 'finished' }));
    await tx.approvals.insert(newApproval('finished', 's3', tx.now));
    await tx.insertSession(newSession('s4', { status: 'pending_approval', approvalId: 'stream', generator: undefined, kind: 'proxy' }));
    await tx.approvals.insert({ ...newApproval('stream', 's4', tx.now), generator: 'upstream:autogen' });
    await tx.insertSession(newSession('s5', { status: 'pending_approval', approvalId: 'held' }));
    await tx.approvals.insert(newApproval('held', 's5', tx.now));
    const at = tx.now.toISOString();
    const validUntil = new Date(tx.now.getTime() + 3_600_000).toISOString();
    for (const id of ['executing', 'finished']) {
      assert.ok(await tx.approvals.transition(id, ['pending'], { status: 'approved', at, decidedAt: at, validUntil }));
      assert.ok(await tx.approvals.claim(id, at));
    }
    await tx.updateSession('s2', { status: 'running' });
    await tx.updateSession('s3', { status: 'running' });
    await tx.updateSession('s3', { status: 'succeeded', completedAt: at, httpStatus: 200 });
  });
}

for (const engine of ENGINES) {
  describe(`recovery of what a stopped gateway left in flight (${engine.name})`, () => {
    let db: EngineFixture;

    beforeEach(async () => {
      db = await engine.open();
    });
    afterEach(async () => {
      await db.close();
    });

    it('closes running sessions and held starts as interrupted, settles executions, once, with audit entries', async () => {
      await leaveInFlight(db.store);
      // Another process starts later, past the timeout that says the first one is dead.
      const later = await db.openAnother(() => new Date(Date.now() + 60_000));
      const report = await liveness(later, db.config.replicaTimeoutMs).start();
      assert.deepEqual([...report.interrupted].sort(), ['s1', 's2', 's4']);
      assert.deepEqual([...report.aborted].sort(), ['executing', 'stream']);
      assert.deepEqual(report.executed, ['finished']);
      assert.deepEqual(report.replicas, [db.store.replica.id]);

      for (const id of ['s1', 's2', 's4']) {
        const session = await later.getSession(id);
        assert.equal(session?.status, 'interrupted', id);
        assert.equal(session?.error?.code, 'interrupted');
        assert.ok(session?.completedAt);
      }
      assert.equal((await later.getSession('s3'))?.status, 'succeeded');
      assert.equal((await later.getSession('s5'))?.status, 'pending_approval', 'a held run waits for its approvers, wherever they are');
      const executing = await later.approvals.get('executing');
      assert.deepEqual([executing?.status, executing?.outcome?.code], ['aborted', 'interrupted']);
      assert.equal((await later.approvals.get('stream'))?.status, 'aborted');
      assert.deepEqual(
        [(await later.approvals.get('finished'))?.status, (await later.approvals.get('finished'))?.outcome?.code],
        ['executed', 'succeeded'],
      );
      assert.equal((await later.approvals.get('held'))?.status, 'pending');
      assert.deepEqual(
        (await later.replicas.list()).map((replica) => replica.id),
        [later.replica.id],
      );

      const entries = await later.readAudit(0, 100);
      const interrupted = entries.filter((entry) => entry.type === 'session.completed' && entry.data['status'] === 'interrupted');
      assert.deepEqual(interrupted.map((entry) => entry.sessionId).sort(), ['s1', 's2', 's4']);
      assert.equal(entries.filter((entry) => entry.type === 'approval.aborted').length, 2);
      assert.equal(entries.filter((entry) => entry.type === 'approval.executed' && entry.data['recovered'] === true).length, 1);

      const again = await liveness(later, db.config.replicaTimeoutMs).recover();
      assert.deepEqual([again.interrupted, again.aborted, again.executed], [[], [], []], 'nothing is closed twice');
    });

    if (engine.name === 'sqlite') {
      it('a restarted gateway treats every other process as stopped (one gateway per SQLite file)', async () => {
        await leaveInFlight(db.store);
        const restarted = await db.openAnother();
        assert.deepEqual([...(await liveness(restarted, db.config.replicaTimeoutMs).start()).interrupted].sort(), ['s1', 's2', 's4']);
      });
    } else {
      it("leaves a live replica's sessions alone until its heartbeat is older than the replica timeout", async () => {
        await leaveInFlight(db.store);
        const peer = await db.openAnother();
        const now = await liveness(peer, db.config.replicaTimeoutMs).start();
        assert.deepEqual([now.interrupted, now.aborted, now.executed], [[], [], []], 'the first process still beats');
        assert.equal((await peer.getSession('s1'))?.status, 'running');
        const later = await db.openAnother(() => new Date(Date.now() + db.config.replicaTimeoutMs + 1000));
        await later.checkWritable();
        assert.deepEqual([...(await liveness(later, db.config.replicaTimeoutMs).recover()).interrupted].sort(), ['s1', 's2', 's4']);
      });
    }
  });
}
