import { strict as assert } from 'node:assert';
import { statfs } from 'node:fs/promises';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { SqliteStore } from '../../../gateway/store/sqlite/sqliteStore.js';
import { StoreError } from '../../../gateway/store/types.js';
import type { SqliteStoreConfig } from '../../../gateway/config/types.js';
import { makeTempDir, removeDir } from '../../support/tempDir.js';
import { maskingEvent, newSession, T0 } from './builders.js';

function storeConfig(dir: string, busyTimeoutMs = 200, minFreeBytes = 0): SqliteStoreConfig {
  return { driver: 'sqlite', path: join(dir, 'gate.db'), synchronous: 'full', busyTimeoutMs, minFreeBytes, replicaTimeoutMs: 0 };
}

/** What only SQLite does: one file, locked by whichever process writes. The contract itself: store.test.ts. */
describe('SQLite store', () => {
  let dir: string;
  let store: SqliteStore;

  beforeEach(async () => {
    dir = makeTempDir();
    store = await SqliteStore.open(storeConfig(dir));
  });
  afterEach(async () => {
    await store.close();
    removeDir(dir);
  });

  /** Runs `work` while a connection of its own, as another process would, holds the write lock. */
  async function whileLockedElsewhere(work: () => Promise<void>): Promise<void> {
    const other = new sqlite3.Database(join(dir, 'gate.db'));
    await new Promise<void>((resolve, reject) => other.exec('BEGIN EXCLUSIVE', (error) => (error ? reject(error) : resolve())));
    try {
      await work();
    } finally {
      await new Promise<void>((resolve) => other.exec('ROLLBACK', () => other.close(() => resolve())));
    }
  }

  it('refuses writes with a StoreError while another process holds the write lock', async () => {
    await whileLockedElsewhere(async () => {
      await assert.rejects(
        store.transact((tx) => tx.appendAudit({ type: 'x', actor: 'y', data: {} })),
        (error: unknown) => error instanceof StoreError && /locked by another process/.test(error.message),
      );
      await assert.rejects(store.checkWritable(), StoreError);
    });
    await store.transact((tx) => tx.appendAudit({ type: 'after', actor: 'y', data: {} }));
    assert.equal((await store.readAudit(0, 10)).length, 1);
  });

  it('refuses every write, and fails its readiness probe, while its disk is under the reserve', async () => {
    await store.transact((tx) => tx.appendAudit({ type: 'before', actor: 'y', data: {} }));
    const free = await statfs(dir);
    const reserved = await SqliteStore.open(storeConfig(dir, 200, free.bavail * free.bsize + 1024 ** 4));
    try {
      const underReserve = (error: unknown): boolean =>
        error instanceof StoreError &&
        /has [\d.]+ MiB free, under the [\d.]+ MiB it must keep \(store\.sqlite\.minFreeBytes\)/.test(error.message);
      await assert.rejects(
        reserved.transact((tx) => tx.appendAudit({ type: 'refused', actor: 'y', data: {} })),
        underReserve,
        'the first write after opening is measured too',
      );
      await assert.rejects(reserved.checkWritable(), underReserve);
      assert.deepEqual(
        (await reserved.readAudit(0, 10)).map((entry) => entry.type),
        ['before'],
        'a refused write left nothing behind, and what was there is kept',
      );
    } finally {
      await reserved.close();
    }
  });

  /** Runs `sql` on a connection of its own, as another process on the same file would. */
  async function otherProcess(sql: string): Promise<void> {
    const other = new sqlite3.Database(join(dir, 'gate.db'));
    try {
      await new Promise<void>((resolve, reject) => other.exec(sql, (error) => (error ? reject(error) : resolve())));
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  }

  const append = (type: string): Promise<unknown> =>
    store.transact((tx) => tx.appendAudit({ type, actor: 'gateway', data: {} }), { retrySafe: true });

  it('links a request-path write to the head its last commit left, without reading the head back', async () => {
    await append('first');
    // What the file says the head is no longer counts once this gateway committed it.
    await otherProcess("UPDATE audit_log SET hash = 'rewritten' WHERE seq = 1");
    await append('second');
    const [, second] = await store.readAudit(0, 10);
    assert.equal(second?.seq, 2);
    assert.notEqual(second?.prevHash, 'rewritten');
  });

  it('catches another process that appended to the chain meanwhile, and links after it', async () => {
    await append('first');
    await otherProcess(
      "INSERT INTO audit_log (seq, at, type, actor, session_id, data_json, prev_hash, hash) VALUES (2, '2026-01-01T00:00:00.000Z', 'cli', 'cli', NULL, '{}', 'x', 'cli-hash')",
    );
    await append('second');
    await otherProcess(
      "INSERT INTO audit_log (seq, at, type, actor, session_id, data_json, prev_hash, hash) VALUES (4, '2026-01-01T00:00:00.000Z', 'cli', 'cli', NULL, '{}', 'y', 'cli-hash-2')",
    );
    await Promise.all([append('third'), append('fourth')]);
    const entries = await store.readAudit(0, 10);
    assert.deepEqual(
      entries.map((entry) => [entry.seq, entry.type]),
      [
        [1, 'first'],
        [2, 'cli'],
        [3, 'second'],
        [4, 'cli'],
        [5, 'third'],
        [6, 'fourth'],
      ],
    );
    assert.equal(entries[2]?.prevHash, 'cli-hash');
    assert.equal(entries[4]?.prevHash, 'cli-hash-2');
    assert.equal(entries[5]?.prevHash, entries[4]?.hash);
  });

  it('refuses request-path writes while another process holds the write lock, and writes them after', async () => {
    await whileLockedElsewhere(async () => {
      // Retry-safe units sharing a batch: refused together with a StoreError, none left half-written.
      const refused = await Promise.allSettled([append('first'), append('second')]);
      for (const outcome of refused) {
        assert.equal(outcome.status, 'rejected');
        assert.ok(outcome.reason instanceof StoreError && /locked by another process/.test(outcome.reason.message), String(outcome.reason));
      }
    });
    await Promise.all([append('third'), append('fourth')]);
    const [third, fourth, ...more] = await store.readAudit(0, 10);
    assert.deepEqual([third?.seq, third?.type, fourth?.seq, fourth?.type, more.length], [1, 'third', 2, 'fourth', 0]);
    assert.equal(fourth?.prevHash, third?.hash);
  });

  it('refuses a request-path write on a remembered head, written as one statement, while another process holds the lock; leaves nothing and writes after', async () => {
    await append('first');
    await whileLockedElsewhere(async () => {
      await assert.rejects(
        append('second'),
        (error: unknown) => error instanceof StoreError && /locked by another process/.test(error.message),
      );
    });
    await append('third');
    await append('fourth');
    const entries = await store.readAudit(0, 10);
    assert.deepEqual(
      entries.map((entry) => [entry.seq, entry.type]),
      [
        [1, 'first'],
        [2, 'third'],
        [3, 'fourth'],
      ],
    );
    assert.equal(entries[1]?.prevHash, entries[0]?.hash);
    assert.equal(entries[2]?.prevHash, entries[1]?.hash);
  });

  it('writes a session and its entry on a remembered head in one statement, committed with no transaction left open', async () => {
    await append('first');
    await store.transact(
      async (tx) => {
        await tx.insertSession(newSession('alone'));
        await tx.appendAudit({ type: 'session.started', actor: 'dev:ana', sessionId: 'alone', data: {} });
      },
      { retrySafe: true },
    );
    // Committed, and no transaction left open: another process takes the write lock at once.
    await otherProcess('BEGIN IMMEDIATE; ROLLBACK');
    assert.deepEqual(
      (await store.listSessions({ limit: 10 })).sessions.map((session) => session.id),
      ['alone'],
    );
    const entries = await store.readAudit(0, 10);
    assert.deepEqual(
      entries.map((entry) => [entry.seq, entry.sessionId ?? null]),
      [
        [1, null],
        [2, 'alone'],
      ],
    );
    assert.equal(entries[1]?.prevHash, entries[0]?.hash);
  });

  it('copies the log back into the file on a connection of its own while writes go on, losing none', async () => {
    const writes: Array<Promise<unknown>> = [];
    const checkpoints: Array<Promise<void>> = [];
    for (let i = 0; i < 200; i++) {
      writes.push(append(`entry ${i}`));
      if (i % 20 === 0) checkpoints.push(store.checkpoint());
    }
    await Promise.all([...writes, ...checkpoints]);
    await store.checkpoint();
    const entries = await store.readAudit(0, 500);
    assert.equal(entries.length, 200);
    for (let k = 1; k < entries.length; k++) assert.equal(entries[k]?.prevHash, entries[k - 1]?.hash);
    // Another process reading the file sees every entry too.
    const other = new sqlite3.Database(join(dir, 'gate.db'), sqlite3.OPEN_READONLY);
    try {
      const row = await new Promise<{ n: number }>((resolve, reject) =>
        other.get('SELECT COUNT(*) AS n FROM audit_log', (error: Error | null, found: { n: number }) =>
          error ? reject(error) : resolve(found),
        ),
      );
      assert.equal(row.n, 200);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('moves the look-up entries of many writes into its index a chunk at a time, and finds each before and after', async () => {
    const writes = 150;
    const hmac = (k: number): string => `${String(k).padStart(12, '0')}${'f'.repeat(52)}`;
    await store.transact((tx) => tx.insertSession(newSession('many')));
    for (let k = 0; k < writes; k++)
      await store.transact((tx) => tx.addMaskingEvents([maskingEvent('many', k, 'cpf', hmac(k), new Date(T0))]), { retrySafe: true });
    const wanted = [hmac(0), hmac(77), hmac(writes - 1)];
    const before = await store.subjects.findByHmacs(wanted);
    await store.mergeSubjects();
    const rows = async (table: string): Promise<number> => {
      const db = new sqlite3.Database(join(dir, 'gate.db'), sqlite3.OPEN_READONLY);
      try {
        return await new Promise<number>((resolve, reject) =>
          db.get(`SELECT COUNT(*) AS n FROM ${table}`, (error, row: { n: number }) => (error ? reject(error) : resolve(row.n))),
        );
      } finally {
        db.close();
      }
    };
    assert.deepEqual([await rows('masking_subjects'), await rows('masking_subjects_recent')], [writes, 0]);
    assert.deepEqual(await store.subjects.findByHmacs(wanted), before);
    assert.deepEqual(
      before.map((match) => match.seq),
      [0, 77, writes - 1],
    );
  });
});
