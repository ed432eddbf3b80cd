import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { GENESIS_HASH, hashAuditEntry } from '../../../gateway/audit/chain.js';
import { SqliteStore } from '../../../gateway/store/sqlite/sqliteStore.js';
import { StoreError, type NewSession } from '../../../gateway/store/types.js';
import type { SqliteStoreConfig } from '../../../gateway/config/types.js';
import { makeTempDir, removeDir } from '../../support/tempDir.js';

function storeConfig(dir: string, busyTimeoutMs = 200): SqliteStoreConfig {
  return { driver: 'sqlite', path: join(dir, 'gate.db'), synchronous: 'full', busyTimeoutMs };
}

function session(id: string): NewSession {
  return {
    id,
    kind: 'run',
    requestId: `req-${id}`,
    createdAt: new Date(Date.UTC(2026, 10, 25, 12, 0, Number(id.replace(/\D/g, '')) % 60)).toISOString(),
    identity: {
      subject: 'ana',
      issuer: 'http://idp',
      issuerId: 'dev',
      kind: 'person',
      name: 'Ana',
      email: undefined,
      username: 'ana',
      groups: ['developers'],
      clientId: 'c',
      claims: {},
      tokenExpiresAt: undefined,
    },
    generator: 'config-template',
    upstream: 'autogen',
    method: 'POST',
    path: '/api/v1/generators/config-template/runs',
    decision: 'allow',
    ruleId: 'devs',
    policyVersion: 'v1',
    status: 'running',
    request: { contentType: 'application/json', bytes: 2, body: {} },
  };
}

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

  it('groups concurrent units into shared transactions and links every audit entry to the previous one', async () => {
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        store.transact(async (tx) => {
          await tx.insertSession(session(`s${i}`));
          await tx.appendAudit({ type: 'session.started', actor: 'dev:ana', sessionId: `s${i}`, data: { i } });
        }),
      ),
    );
    const entries = await store.readAudit(0, 1000);
    assert.equal(entries.length, 200);
    let previous = GENESIS_HASH;
    for (const [index, entry] of entries.entries()) {
      assert.equal(entry.seq, index + 1);
      assert.equal(entry.prevHash, previous);
      assert.equal(entry.hash, hashAuditEntry(entry));
      previous = entry.hash;
    }
    const page = await store.listSessions({ limit: 500 });
    assert.equal(page.sessions.length, 200);
  });

  it('keeps the chain linear across many sequential transactions', async () => {
    for (let i = 0; i < 5; i++) await store.transact((tx) => tx.appendAudit({ type: 'step', actor: 'x', data: { i } }));
    const entries = await store.readAudit(0, 10);
    assert.deepEqual(
      entries.map((entry) => entry.seq),
      [1, 2, 3, 4, 5],
    );
    assert.equal(entries[4]?.prevHash, entries[3]?.hash);
  });

  it('a failing unit leaves the chain and the other units of its batch intact, and each unit runs once', async () => {
    // Units collect side effects in memory (events to publish, runs to execute): running one twice would repeat them.
    const runs = { a: 0, doomed: 0, b: 0 };
    const results = await Promise.allSettled([
      store.transact((tx) => {
        runs.a++;
        return tx.appendAudit({ type: 'a', actor: 'x', data: {} });
      }),
      store.transact(async (tx) => {
        runs.doomed++;
        await tx.appendAudit({ type: 'doomed', actor: 'x', data: {} });
        await tx.insertSession(session('s1'));
        await tx.insertSession(session('s1'));
      }),
      store.transact((tx) => {
        runs.b++;
        return tx.appendAudit({ type: 'b', actor: 'x', data: {} });
      }),
    ]);
    assert.deepEqual(
      results.map((result) => result.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.deepEqual(runs, { a: 1, doomed: 1, b: 1 });
    const entries = await store.readAudit(0, 10);
    assert.deepEqual(
      entries.map((entry) => entry.type),
      ['a', 'b'],
    );
    assert.equal(entries[1]?.prevHash, entries[0]?.hash);
    assert.equal(await store.getSession('s1'), undefined);
  });

  it('retry-safe units share a transaction without savepoints; one failing is retried alone and the rest commit', async () => {
    const results = await Promise.allSettled([
      store.transact((tx) => tx.appendAudit({ type: 'safe-1', actor: 'x', data: {} }), { retrySafe: true }),
      store.transact(
        async (tx) => {
          await tx.insertSession(session('dup'));
          await tx.insertSession(session('dup'));
        },
        { retrySafe: true },
      ),
      store.transact((tx) => tx.appendAudit({ type: 'once', actor: 'x', data: {} })),
      store.transact((tx) => tx.appendAudit({ type: 'safe-2', actor: 'x', data: {} }), { retrySafe: true }),
    ]);
    assert.deepEqual(
      results.map((result) => result.status),
      ['fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
    );
    const entries = await store.readAudit(0, 10);
    assert.deepEqual(entries.map((entry) => entry.type).sort(), ['once', 'safe-1', 'safe-2']);
    for (let i = 1; i < entries.length; i++) assert.equal(entries[i]?.prevHash, entries[i - 1]?.hash);
    assert.equal(await store.getSession('dup'), undefined);
  });

  it('updates a session and pages through history newest first', async () => {
    for (let i = 0; i < 5; i++) await store.transact((tx) => tx.insertSession(session(`s${i}`)));
    await store.transact((tx) =>
      tx.updateSession('s2', {
        status: 'succeeded',
        httpStatus: 200,
        response: { contentType: 'text/plain', bytes: 3, body: 'abc' },
        masking: { profile: 'lgpd', count: 1, byDetector: { cpf: 1 } },
      }),
    );
    const updated = await store.getSession('s2');
    assert.equal(updated?.status, 'succeeded');
    assert.equal(updated?.response?.body, 'abc');
    assert.deepEqual(updated?.masking.byDetector, { cpf: 1 });
    const first = await store.listSessions({ limit: 2 });
    assert.deepEqual(
      first.sessions.map((s) => s.id),
      ['s4', 's3'],
    );
    const second = await store.listSessions({ limit: 2, cursor: first.nextCursor });
    assert.deepEqual(
      second.sessions.map((s) => s.id),
      ['s2', 's1'],
    );
    const last = await store.listSessions({ limit: 2, cursor: second.nextCursor });
    assert.deepEqual(
      last.sessions.map((s) => s.id),
      ['s0'],
    );
    assert.equal(last.nextCursor, undefined);
  });

  it('refuses writes with a StoreError while another process holds the write lock', async () => {
    const other = new sqlite3.Database(join(dir, 'gate.db'));
    await new Promise<void>((resolve, reject) => other.exec('BEGIN EXCLUSIVE', (error) => (error ? reject(error) : resolve())));
    try {
      await assert.rejects(
        store.transact((tx) => tx.appendAudit({ type: 'x', actor: 'y', data: {} })),
        (error: unknown) => error instanceof StoreError && /locked by another process/.test(error.message),
      );
      await assert.rejects(store.checkWritable(), StoreError);
    } finally {
      await new Promise<void>((resolve) => other.exec('ROLLBACK', () => other.close(() => resolve())));
    }
    await store.transact((tx) => tx.appendAudit({ type: 'after', actor: 'y', data: {} }));
    assert.equal((await store.readAudit(0, 10)).length, 1);
  });
});
