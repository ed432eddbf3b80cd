import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { GENESIS_HASH, linkAuditEntry, type ChainHead } from '../../../../gateway/audit/chain.js';
import { verifyEntries } from '../../../../gateway/audit/verify.js';
import type { SqliteStoreConfig } from '../../../../gateway/config/types.js';
import { SqliteStore } from '../../../../gateway/store/sqlite/sqliteStore.js';
import { StoreError, type NewSession, type StoreTx } from '../../../../gateway/store/types.js';
import { makeTempDir, removeDir } from '../../../support/tempDir.js';

const AT = new Date('2026-11-25T12:00:00.000Z');

function storeConfig(dir: string, name = 'gate.db'): SqliteStoreConfig {
  return { driver: 'sqlite', path: join(dir, name), synchronous: 'normal', busyTimeoutMs: 200, replicaTimeoutMs: 0 };
}

function session(id: string): NewSession {
  return {
    id,
    kind: 'proxy',
    requestId: `req-${id}`,
    createdAt: AT.toISOString(),
    identity: {
      subject: 'ana',
      issuer: 'http://idp',
      issuerId: 'dev',
      kind: 'person',
      name: 'Ana "A." Souza',
      email: undefined,
      username: 'ana',
      groups: ['developers'],
      clientId: 'c',
      claims: { tenant: 'ç/ü\\x' },
      tokenExpiresAt: undefined,
    },
    generator: undefined,
    upstream: 'bench',
    method: 'GET',
    path: '/proxy/bench/json/1024',
    decision: 'allow',
    ruleId: 'devs',
    policyVersion: 'v1',
    status: 'running',
    request: { contentType: undefined, bytes: 0, body: null },
  };
}

/** What the request path writes for one call: its start, then its completion with masking events. */
function begin(id: string): (tx: StoreTx) => Promise<void> {
  return async (tx) => {
    await tx.insertSession(session(id));
    await tx.addMaskingEvents([
      {
        sessionId: id,
        seq: 0,
        at: AT.toISOString(),
        location: 'path:/1',
        detector: 'cpf',
        hmac: 'a'.repeat(64),
        keyId: 'k1',
        replacement: '[CPF]',
      },
    ]);
    await tx.updateSession(id, { masking: { profile: undefined, count: 1, byDetector: { cpf: 1 } } });
    await tx.appendAudit({
      type: 'session.started',
      actor: 'dev:ana',
      sessionId: id,
      data: { path: '/proxy/bench', n: 1e21, quote: 'a"b\u0001' },
    });
  };
}

function complete(id: string): (tx: StoreTx) => Promise<void> {
  return async (tx) => {
    await tx.updateSession(id, {
      status: 'succeeded',
      httpStatus: 200,
      upstreamStatus: 200,
      response: { contentType: 'application/json', bytes: 40, body: { nome: '[NOME]', itens: [1, 2.5, null, 'x\u00e9'] } },
      forwardedAt: AT.toISOString(),
      completedAt: new Date(AT.getTime() + 1500).toISOString(),
      upstreamMs: 1.25,
      masking: { profile: 'lgpd', count: 3, byDetector: { cpf: 2, nome: 1 } },
    });
    await tx.addMaskingEvents(
      [1, 2].map((seq) => ({
        sessionId: id,
        seq,
        at: AT.toISOString(),
        location: `response/clientes/${seq}/cpf`,
        detector: seq === 1 ? 'cpf' : 'nome',
        hmac: String(seq).repeat(64),
        keyId: 'k1',
        replacement: '[X]',
      })),
    );
    await tx.appendAudit({ type: 'session.completed', actor: 'gateway', sessionId: id, data: { status: 'succeeded', masked: { cpf: 2 } } });
  };
}

async function dump(path: string): Promise<Record<string, unknown[]>> {
  const db = new sqlite3.Database(path, sqlite3.OPEN_READONLY);
  const all = (sql: string): Promise<unknown[]> =>
    new Promise((resolve, reject) => db.all(sql, (error: Error | null, rows: unknown[]) => (error ? reject(error) : resolve(rows))));
  try {
    return {
      sessions: await all('SELECT * FROM sessions ORDER BY id'),
      events: await all('SELECT * FROM masking_events ORDER BY session_id, seq'),
      audit: await all('SELECT * FROM audit_log ORDER BY seq'),
    };
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

/** Appends a correctly linked entry from another process, as a CLI purge or evidence export would. */
async function appendFromAnotherProcess(path: string, type: string): Promise<void> {
  const db = new sqlite3.Database(path);
  const run = (sql: string, params: unknown[] = []): Promise<void> =>
    new Promise((resolve, reject) => db.run(sql, params, (error: Error | null) => (error ? reject(error) : resolve())));
  const head = await new Promise<ChainHead>((resolve, reject) =>
    db.get('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1', (error: Error | null, row?: ChainHead) =>
      error ? reject(error) : resolve(row ?? { seq: 0, hash: GENESIS_HASH }),
    ),
  );
  const entry = linkAuditEntry(head, { type, actor: 'cli:ops', data: {} }, new Date());
  await run('INSERT INTO audit_log (seq, at, type, actor, session_id, data_json, prev_hash, hash) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)', [
    entry.seq,
    entry.at,
    entry.type,
    entry.actor,
    JSON.stringify(entry.data),
    entry.prevHash,
    entry.hash,
  ]);
  await new Promise<void>((resolve) => db.close(() => resolve()));
}

describe('SQLite store: records of the request path in one statement', () => {
  let dir: string;
  let store: SqliteStore;

  beforeEach(async () => {
    dir = makeTempDir();
    store = await SqliteStore.open(storeConfig(dir), { clock: () => AT });
  });
  afterEach(async () => {
    await store.close();
    removeDir(dir);
  });

  it('writes exactly the rows a transaction writes: sessions, their updates, masking events and linked audit entries', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `s${String(i).padStart(2, '0')}`);
    const other = await SqliteStore.open(storeConfig(dir, 'other.db'), { clock: () => AT });
    try {
      // Concurrent recording units (one flush, captured) against the same units one transaction each.
      await Promise.all(ids.map((id) => store.transact(begin(id), { retrySafe: true })));
      await Promise.all(ids.map((id) => store.transact(complete(id), { retrySafe: true })));
      for (const id of ids) await other.transact(begin(id));
      for (const id of ids) await other.transact(complete(id));
    } finally {
      await other.close();
    }
    const captured = await dump(join(dir, 'gate.db'));
    const transacted = await dump(join(dir, 'other.db'));
    // Each store is its own gateway process, holding what it started: the one difference.
    const holders = (rows: unknown[] | undefined): unknown[] =>
      (rows ?? []).map((row) => {
        const { replica_id: holder, ...rest } = row as Record<string, unknown>;
        assert.equal(typeof holder, 'string');
        return rest;
      });
    assert.ok((captured['sessions'] as Array<Record<string, unknown>>).every((row) => row['replica_id'] === store.replica.id));
    captured['sessions'] = holders(captured['sessions']);
    transacted['sessions'] = holders(transacted['sessions']);
    assert.equal(captured['sessions']?.length, 20);
    assert.equal(captured['events']?.length, 60);
    assert.equal(captured['audit']?.length, 40);
    assert.deepEqual(captured, transacted);
    const stored = await store.getSession('s07');
    assert.equal(stored?.status, 'succeeded');
    assert.deepEqual(stored?.response?.body, { nome: '[NOME]', itens: [1, 2.5, null, 'x\u00e9'] });
    assert.equal(stored?.totalMs !== undefined && Math.round(stored.totalMs), 1500);
  });

  it('notices another process appended to the chain, and links after its entry', async () => {
    await store.transact(begin('s1'), { retrySafe: true });
    await appendFromAnotherProcess(join(dir, 'gate.db'), 'retention.purged');
    await Promise.all([store.transact(complete('s1'), { retrySafe: true }), store.transact(begin('s2'), { retrySafe: true })]);
    const entries = await store.readAudit(0, 10);
    assert.deepEqual(
      entries.map((entry) => entry.type),
      ['session.started', 'retention.purged', 'session.completed', 'session.started'],
    );
    const report = await verifyEntries(await store.readAudit(0, 100));
    assert.equal(report.ok, true, JSON.stringify(report));
  });

  it('refuses only the unit whose session does not exist; the rest of the flush is recorded', async () => {
    await store.transact(begin('s1'), { retrySafe: true });
    const results = await Promise.allSettled([
      store.transact(complete('s1'), { retrySafe: true }),
      store.transact(complete('missing'), { retrySafe: true }),
      store.transact(begin('s2'), { retrySafe: true }),
    ]);
    assert.deepEqual(
      results.map((result) => result.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    const refused = results[1];
    assert.ok(
      refused?.status === 'rejected' && refused.reason instanceof StoreError && /does not exist/.test(String(refused.reason.message)),
    );
    assert.equal((await store.getSession('s1'))?.status, 'succeeded');
    assert.equal((await store.getSession('s2'))?.status, 'running');
    assert.equal((await store.listMaskingEvents('missing')).length, 0);
    assert.equal((await verifyEntries(await store.readAudit(0, 100))).ok, true);
  });

  it('a unit that reads (the next event number) is still recorded, in a transaction of its own', async () => {
    await store.transact(begin('s1'), { retrySafe: true });
    await Promise.all([
      store.transact(
        async (tx) => {
          const seq = await tx.nextMaskingSeq('s1');
          await tx.addMaskingEvents([
            {
              sessionId: 's1',
              seq,
              at: AT.toISOString(),
              location: 'x',
              detector: 'cpf',
              hmac: 'b'.repeat(64),
              keyId: 'k1',
              replacement: '[CPF]',
            },
          ]);
          await tx.appendAudit({ type: 'session.masked', actor: 'gateway', sessionId: 's1', data: {} });
        },
        { retrySafe: true },
      ),
      store.transact(begin('s2'), { retrySafe: true }),
    ]);
    assert.deepEqual(
      (await store.listMaskingEvents('s1')).map((event) => event.seq),
      [0, 1],
    );
    assert.equal((await store.readAudit(0, 10)).length, 3);
    assert.equal((await verifyEntries(await store.readAudit(0, 100))).ok, true);
  });

  it('refuses records with a StoreError while another process holds the write lock, and commits them again once it is released', async () => {
    const other = new sqlite3.Database(join(dir, 'gate.db'));
    await new Promise<void>((resolve, reject) => other.exec('BEGIN EXCLUSIVE', (error) => (error ? reject(error) : resolve())));
    try {
      await assert.rejects(
        store.transact(begin('s1'), { retrySafe: true }),
        (error: unknown) => error instanceof StoreError && /locked by another process/.test(error.message),
      );
      // A unit that runs in a transaction of its own is refused at its BEGIN.
      await assert.rejects(store.transact(begin('s1')), StoreError);
    } finally {
      await new Promise<void>((resolve) => other.exec('ROLLBACK', () => other.close(() => resolve())));
    }
    assert.equal(await store.getSession('s1'), undefined);
    await store.transact(begin('s1'), { retrySafe: true });
    // Committed, not held in a transaction the refused BEGIN left open: another connection sees it.
    assert.equal((await store.getSession('s1'))?.status, 'running');
    assert.equal((await dump(join(dir, 'gate.db')))['sessions']?.length, 1);
  });
});
