/**
 * The store contract, run against every engine (SQLite and a real PostgreSQL): units of work and
 * the audit chain, sessions, approvals under concurrent writers, read snapshots, retention,
 * evidence and subject reads. A second store on the same database stands for a second gateway.
 */
import { strict as assert } from 'node:assert';
import { GENESIS_HASH, hashAuditEntry, type AuditEntry } from '../../../gateway/audit/chain.js';
import { RECORDS_KEY, recordKey, sessionRecordValue } from '../../../gateway/audit/rowDigests.js';
import { MIGRATIONS } from '../../../gateway/store/sql/migrations/index.js';
import { FIELD_LIMITS } from '../../../gateway/store/limits.js';
import {
  StoreError,
  type NewSession,
  type SessionRecord,
  type SessionUpdate,
  type Store,
  type StoreTx,
} from '../../../gateway/store/types.js';
import { ENGINES, type EngineFixture } from './engines.js';
import { maskingEvent, newApproval, newSession, T0 } from './builders.js';

function assertLinear(entries: readonly AuditEntry[]): void {
  let previous = GENESIS_HASH;
  for (const [index, entry] of entries.entries()) {
    assert.equal(entry.seq, index + 1, 'no gap, no duplicate');
    assert.equal(entry.prevHash, previous, `entry ${entry.seq} links to the one before`);
    assert.equal(entry.hash, hashAuditEntry(entry));
    previous = entry.hash;
  }
}

async function approvedApproval(store: Store, id: string, sessionId: string): Promise<void> {
  await store.transact(async (tx) => {
    await tx.insertSession(newSession(sessionId, { status: 'pending_approval', approvalId: id }));
    await tx.approvals.insert(newApproval(id, sessionId, tx.now));
    const at = tx.now.toISOString();
    assert.ok(
      await tx.approvals.transition(id, ['pending'], {
        status: 'approved',
        at,
        decidedAt: at,
        validUntil: new Date(tx.now.getTime() + 86_400_000).toISOString(),
      }),
    );
  });
}

for (const engine of ENGINES) {
  describe(`store on ${engine.name}`, () => {
    let db: EngineFixture;
    let store: Store;

    beforeEach(async () => {
      db = await engine.open();
      store = db.store;
    });
    afterEach(async () => {
      await db.close();
    });

    it('applies every migration once, under the ids every engine shares', async () => {
      const rows = await db.raw<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
      assert.deepEqual(
        rows.map((row) => row.id),
        MIGRATIONS.map((migration) => migration.id),
      );
      const again = await db.openAnother();
      assert.equal((await db.raw('SELECT id FROM schema_migrations')).length, MIGRATIONS.length, 'a second opening migrates nothing');
      await again.close();
    });

    it('refuses a database migrated by a newer gateway, naming the migration it does not know', async () => {
      await db.raw('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)', ['999_from_the_future', new Date(T0).toISOString()]);
      await assert.rejects(
        db.openAnother(),
        (error: Error) =>
          error instanceof StoreError && /newer AutoGen Gate \(migration 999_from_the_future is unknown/.test(error.message),
      );
    });

    it('groups concurrent units and links every audit entry to the previous one', async () => {
      await Promise.all(
        Array.from({ length: 120 }, (_, i) =>
          store.transact(async (tx) => {
            await tx.insertSession(newSession(`s${i}`));
            await tx.appendAudit({ type: 'session.started', actor: 'dev:ana', sessionId: `s${i}`, data: { i } });
          }),
        ),
      );
      const entries = await store.readAudit(0, 1000);
      assert.equal(entries.length, 120);
      assertLinear(entries);
      assert.equal((await store.listSessions({ limit: 500 })).sessions.length, 120);
    });

    it('keeps one linear chain when two gateways write to the same database at once', async () => {
      const other = await db.openAnother();
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          (i % 2 === 0 ? store : other).transact(async (tx) => {
            await tx.appendAudit({ type: 'step', actor: i % 2 === 0 ? 'a' : 'b', data: { i } });
            await tx.appendAudit({ type: 'step.more', actor: 'x', data: { i } });
          }),
        ),
      );
      const entries = await store.readAudit(0, 1000);
      assert.equal(entries.length, 120);
      assertLinear(entries);
      assert.deepEqual(new Set(entries.map((entry) => entry.actor)), new Set(['a', 'b', 'x']));
    });

    it('a failing unit leaves the chain and the other units of its batch intact, and each unit runs once', async () => {
      const runs = { a: 0, doomed: 0, b: 0 };
      const results = await Promise.allSettled([
        store.transact((tx) => {
          runs.a++;
          return tx.appendAudit({ type: 'a', actor: 'x', data: {} });
        }),
        store.transact(async (tx) => {
          runs.doomed++;
          await tx.appendAudit({ type: 'doomed', actor: 'x', data: {} });
          await tx.insertSession(newSession('s1'));
          await tx.insertSession(newSession('s1'));
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
      assertLinear(entries);
      assert.equal(await store.getSession('s1'), undefined);
    });

    it('retry-safe units share a transaction; one failing is retried alone and the rest commit', async () => {
      const results = await Promise.allSettled([
        store.transact((tx) => tx.appendAudit({ type: 'safe-1', actor: 'x', data: {} }), { retrySafe: true }),
        store.transact(
          async (tx) => {
            await tx.insertSession(newSession('dup'));
            await tx.insertSession(newSession('dup'));
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
      assertLinear(entries);
    });

    it('new sessions of one batch read back as written, each sealed with the digest verification computes from its row', async () => {
      // Shapes a row can take, and text that must not change on its way in (JSON carries a
      // batch's rows on SQLite): escapes, quotes, accents, an emoji; a lone surrogate is stored
      // as U+FFFD.
      const shapes = [
        newSession('shape-0'),
        newSession('shape-1', { generator: undefined, request: undefined, status: 'denied', decision: 'deny', httpStatus: 403 }),
        newSession('shape-2', {
          error: { code: 'store_unavailable', message: `said "no" \\ twice\nthen stopped, it's '' quoted'); DROP TABLE audit_log; --` },
          httpStatus: 503,
        }),
        newSession('shape-3', {
          path: '/proxy/bench/v1/ção?q=😀',
          request: {
            contentType: undefined,
            bytes: 12,
            body: { nome: 'José 😀', n: 1.5, deep: [null, true, { a: 'x' }] },
            truncated: true,
          },
          forwardedAt: new Date(T0).toISOString(),
        }),
        newSession('shape-4', { requestId: 'req-\ud800-lone', approvalId: undefined, status: 'pending_approval' }),
        newSession('shape-5', { masking: { profile: 'lgpd', count: 3, byDetector: { cpf: 2, email: 1 } } }),
      ];
      const started = (session: NewSession): Promise<AuditEntry> =>
        store.transact(
          async (tx) => {
            await tx.insertSession(session);
            return tx.appendAudit({ type: 'session.started', actor: 'x', sessionId: session.id, data: {} });
          },
          { retrySafe: true },
        );
      // One batch of plain text, then one whose lone surrogate a JSON text would not carry as binding does.
      const entries = await Promise.all(shapes.filter((_, k) => k !== 4).map(started));
      const [lone] = await Promise.all([started(shapes[4] as NewSession), started(newSession('shape-6'))]);
      entries.splice(4, 0, lone);
      for (const [k, session] of shapes.entries()) {
        const stored = await store.getSession(session.id);
        assert.ok(stored, session.id);
        assert.equal(stored.path, session.path);
        assert.equal(stored.requestId, session.requestId.replace('\ud800', '\ufffd'));
        assert.deepEqual(stored.error, session.error);
        assert.deepEqual(stored.request?.body, session.request?.body);
        assert.equal(stored.httpStatus, session.httpStatus);
        const records = entries[k]?.data[RECORDS_KEY] as Record<string, string>;
        assert.equal(records[recordKey.session(session.id)], sessionRecordValue(stored), `${session.id}'s seal`);
      }
      assertLinear(await store.readAudit(0, 100));
    });

    it('retry-safe units of one batch that number the same session’s events each land once, in one linear chain', async () => {
      await store.transact((tx) => tx.insertSession(newSession('shared')));
      const batches = ['cpf', 'name', 'email', 'phone', 'cep', 'rg'];
      const others = Array.from({ length: 10 }, (_, k) => `other-${k}`);
      await Promise.all([
        // Units that run side by side read the same next number; the clash must not lose one.
        ...batches.map((detector, k) =>
          store.transact(
            async (tx) => {
              const first = await tx.nextMaskingSeq('shared');
              await tx.addMaskingEvents([maskingEvent('shared', first, detector, `h${k}`, tx.now)]);
              await tx.appendAudit({ type: 'session.masked', actor: 'gateway', sessionId: 'shared', data: { first } });
            },
            { retrySafe: true },
          ),
        ),
        ...others.map((id) =>
          store.transact(
            async (tx) => {
              await tx.insertSession(newSession(id));
              await tx.appendAudit({ type: 'session.started', actor: 'x', sessionId: id, data: {} });
            },
            { retrySafe: true },
          ),
        ),
      ]);
      const events = await store.maskingEvents.ofSession('shared');
      assert.deepEqual(
        events.map((event) => event.seq),
        [0, 1, 2, 3, 4, 5],
      );
      assert.deepEqual(events.map((event) => event.detector).sort(), [...batches].sort());
      for (const id of others) assert.equal((await store.getSession(id))?.status, 'running');
      const entries = await store.readAudit(0, 100);
      assert.equal(entries.filter((entry) => entry.type === 'session.masked').length, batches.length);
      assertLinear(entries);
    });

    it('writes a unit’s independent writes together, and a failure among them leaves nothing of the unit once rolled back', async () => {
      await store.transact(
        async (tx) => {
          await tx.together(
            () => tx.insertSession(newSession('together')),
            () => tx.addMaskingEvents([maskingEvent('together', 0, 'cpf', 'a'.repeat(64), tx.now)]),
          );
          await tx.appendAudit({ type: 'session.started', actor: 'gateway', sessionId: 'together', data: {} });
        },
        { retrySafe: true },
      );
      assert.equal((await store.getSession('together'))?.status, 'running');
      assert.equal((await store.listMaskingEvents('together')).length, 1);

      // The failing write settles first; the others are still running (or not yet begun) when it does.
      const slowWrites = (tx: Parameters<Parameters<Store['transact']>[0]>[0]): Array<() => Promise<unknown>> =>
        Array.from({ length: 8 }, (_, k) => async () => {
          if (k % 2 === 1) await new Promise((resolve) => setTimeout(resolve, 30));
          await tx.insertSession(newSession(`left-${k}`));
        });
      for (const retrySafe of [true, false]) {
        await assert.rejects(
          store.transact((tx) => tx.together(() => Promise.reject(new Error('refused')), ...slowWrites(tx)), { retrySafe }),
          /refused/,
        );
        // Long enough for a write left running past the rollback to have landed outside it.
        await new Promise((resolve) => setTimeout(resolve, 100));
        for (let k = 0; k < 8; k++) assert.equal(await store.getSession(`left-${k}`), undefined, `left-${k} was rolled back`);
      }
      assertLinear(await store.readAudit(0, 100));
    });

    it('refuses a field larger than it keeps, and an oversized audit entry, recording nothing of that unit', async () => {
      await assert.rejects(
        store.transact((tx) => tx.insertSession(newSession('long', { path: `/proxy/autogen/${'a'.repeat(FIELD_LIMITS.path)}` }))),
        (error: unknown) =>
          error instanceof StoreError && /the path to record is \d+ characters long; the store keeps at most 8192/.test(error.message),
      );
      await store.transact((tx) => tx.insertSession(newSession('s1')));
      await assert.rejects(
        store.transact((tx) => tx.updateSession('s1', { status: 'failed', error: { code: 'x', message: 'e'.repeat(5000) } })),
        /errorMessage/,
      );
      await assert.rejects(
        store.transact((tx) => tx.appendAudit({ type: 'auth.rejected', actor: 'anonymous', data: { path: 'p'.repeat(300_000) } })),
        /auditData/,
      );
      assert.equal(await store.getSession('long'), undefined);
      assert.equal((await store.getSession('s1'))?.status, 'running');
      // Only s1's insert, vouched for by the entry its unit ended with.
      assert.deepEqual(
        (await store.readAudit(0, 10)).map((entry) => [entry.type, Object.keys(entry.data['records'] as object)]),
        [['records.written', ['session:s1']]],
      );
    });

    it('updates a session from its row as written without reading it back, sealed as verification computes it; a row changed meanwhile is read back', async () => {
      const created = Date.parse(newSession('k1').createdAt);
      const sealOf = async (entry: AuditEntry, id: string): Promise<void> => {
        const stored = await store.getSession(id);
        assert.ok(stored, id);
        assert.equal(
          (entry.data[RECORDS_KEY] as Record<string, string>)[recordKey.session(id)],
          sessionRecordValue(stored),
          `${id}'s seal`,
        );
      };
      const begin = (session: NewSession): Promise<SessionRecord | undefined> =>
        store.transact(async (tx) => {
          const written = await tx.insertSession(session);
          await tx.appendAudit({ type: 'session.started', actor: 'x', sessionId: session.id, data: {} });
          return written;
        });
      const update = (
        id: string,
        change: SessionUpdate,
        known: SessionRecord | undefined,
      ): Promise<[AuditEntry, SessionRecord | undefined]> =>
        store.transact(
          async (tx) => {
            const written = await tx.updateSession(id, change, known);
            return [await tx.appendAudit({ type: 'session.completed', actor: 'gateway', sessionId: id, data: {} }), written];
          },
          { retrySafe: true },
        );

      const k1 = await begin(newSession('k1', { masking: { profile: 'lgpd', count: 1, byDetector: { cpf: 1 } } }));
      assert.ok(k1, 'insert returns the row as written');
      // A stream's batch, then the completion, each from the row the write before left.
      const [streamed, afterBatch] = await update('k1', { masking: { profile: 'lgpd', count: 3, byDetector: { cpf: 2, email: 1 } } }, k1);
      assert.ok(afterBatch, 'computed, not read back');
      await sealOf(streamed, 'k1');
      const [completed, done] = await update(
        'k1',
        {
          status: 'failed',
          httpStatus: 502,
          upstreamStatus: 500,
          response: { contentType: undefined, bytes: 7, body: { nome: 'José 😀', n: 1.5 }, truncated: true },
          forwardedAt: new Date(created + 3).toISOString(),
          completedAt: new Date(created + 1500).toISOString(),
          upstreamMs: 12.345678901234,
          error: { code: 'upstream_failed', message: 'said "no" \\ \ud800 twice' },
        },
        afterBatch,
      );
      assert.ok(done, 'computed, not read back');
      await sealOf(completed, 'k1');
      const k1Stored = await store.getSession('k1');
      assert.equal(k1Stored?.totalMs, 1500, 'from arrival to completion');
      assert.equal(k1Stored?.error?.message, 'said "no" \\ \ufffd twice');
      assert.deepEqual(k1Stored?.response?.body, { nome: 'José 😀', n: 1.5 });
      assert.deepEqual(k1Stored?.masking, { profile: 'lgpd', count: 3, byDetector: { cpf: 2, email: 1 } });

      // Another writer (a replica closing it, a summary added) changes the row: the update reads it back.
      for (const [id, meanwhile] of [
        ['k2', (tx: StoreTx) => tx.updateSession('k2', { status: 'failed', error: { code: 'replica_lost', message: 'closed' } })],
        ['k3', (tx: StoreTx) => tx.addMaskingSummary('k3', { profile: 'lgpd', count: 2, byDetector: { cpf: 2 } })],
      ] as const) {
        const known = await begin(newSession(id));
        await store.transact(async (tx) => {
          await meanwhile(tx);
          await tx.appendAudit({ type: 'x', actor: 'y', sessionId: id, data: {} });
        });
        const [entry, written] = await update(
          id,
          { status: 'succeeded', httpStatus: 200, completedAt: new Date(created + 20).toISOString() },
          known,
        );
        assert.equal(written, undefined, `${id}: read back`);
        await sealOf(entry, id);
        assert.equal((await store.getSession(id))?.status, 'succeeded');
      }
      assert.equal((await store.getSession('k3'))?.masking.count, 2, 'what the other writer added stays');
      assertLinear(await store.readAudit(0, 100));
    });

    it('completions of one batch (each row it knows updated, its masking events added) are sealed as verification computes them, and found by keyed hash', async () => {
      const ids = Array.from({ length: 8 }, (_, k) => `c${k}`);
      const known = await Promise.all(
        ids.map((id) =>
          store.transact(
            async (tx) => {
              const written = await tx.insertSession(newSession(id));
              await tx.appendAudit({ type: 'session.started', actor: 'x', sessionId: id, data: {} });
              return written;
            },
            { retrySafe: true },
          ),
        ),
      );
      const createdAt = (id: string): number => Date.parse(newSession(id).createdAt);
      // Figures a JSON text carries exactly and one it may not (17 digits: written bound), text with
      // escapes, and a lone surrogate (written bound as well).
      const upstreamMs = [12.345, 7, 0.001, 1234.5678, 3.141592653589793, 99, 1e-7, 250.125];
      const completed = await Promise.all(
        ids.map((id, k) =>
          store.transact(
            async (tx) => {
              await tx.together(
                () =>
                  tx.updateSession(
                    id,
                    {
                      status: 'succeeded',
                      httpStatus: 200,
                      upstreamStatus: 200,
                      response: { contentType: 'application/json', bytes: 9, body: { nome: `José "${k}" 😀`, n: k + 0.5 } },
                      forwardedAt: new Date(createdAt(id) + k).toISOString(),
                      completedAt: new Date(createdAt(id) + 1000 + k).toISOString(),
                      upstreamMs: upstreamMs[k],
                      ...(k === 5 ? { error: { code: 'x', message: 'lone \ud800' } } : {}),
                      masking: { profile: 'lgpd', count: 2, byDetector: { cpf: 1, name: 1 } },
                    },
                    known[k],
                  ),
                () =>
                  tx.addMaskingEvents([
                    maskingEvent(id, 0, 'cpf', `hash-${id}-a`, tx.now),
                    maskingEvent(id, 1, 'name', `hash-${id}-b`, tx.now),
                  ]),
              );
              return tx.appendAudit({ type: 'session.completed', actor: 'gateway', sessionId: id, data: {} });
            },
            { retrySafe: true },
          ),
        ),
      );
      for (const [k, id] of ids.entries()) {
        const stored = await store.getSession(id);
        assert.ok(stored, id);
        assert.equal(stored.status, 'succeeded');
        assert.equal(stored.upstreamMs, upstreamMs[k], `${id}'s upstream time`);
        assert.equal(stored.totalMs, 1000 + k);
        assert.deepEqual(stored.response?.body, { nome: `José "${k}" 😀`, n: k + 0.5 });
        const records = completed[k]?.data[RECORDS_KEY] as Record<string, string>;
        assert.equal(records[recordKey.session(id)], sessionRecordValue(stored), `${id}'s seal`);
        assert.deepEqual(
          (await store.maskingEvents.ofSession(id)).map((event) => [event.seq, event.hmac]),
          [
            [0, `hash-${id}-a`],
            [1, `hash-${id}-b`],
          ],
        );
        assert.deepEqual(
          (await store.subjects.findByHmacs([`hash-${id}-b`])).map((row) => [row.sessionId, row.seq]),
          [[id, 1]],
        );
      }
      assertLinear(await store.readAudit(0, 100));
    });

    it('refuses masking events that overlap events already recorded, and the other units of the batch commit', async () => {
      await store.transact(async (tx) => {
        await tx.insertSession(newSession('o1'));
        await tx.addMaskingEvents([maskingEvent('o1', 0, 'cpf', 'ho-0', tx.now), maskingEvent('o1', 1, 'cpf', 'ho-1', tx.now)]);
      });
      const add = (id: string, first: number): Promise<unknown> =>
        store.transact(
          async (tx) => {
            if (id !== 'o1') await tx.insertSession(newSession(id));
            await tx.addMaskingEvents([maskingEvent(id, first, 'name', `hn-${id}-${first}`, tx.now)]);
            await tx.appendAudit({ type: 'session.masked', actor: 'gateway', sessionId: id, data: {} });
          },
          { retrySafe: true },
        );
      const [overlap, after, other] = await Promise.allSettled([add('o1', 1), add('o1', 2), add('o2', 0)]);
      assert.equal(overlap.status, 'rejected');
      assert.match(String(overlap.reason), /overlap events already recorded/);
      assert.equal(after.status, 'fulfilled');
      assert.equal(other.status, 'fulfilled');
      assert.deepEqual(
        (await store.maskingEvents.ofSession('o1')).map((event) => [event.seq, event.hmac]),
        [
          [0, 'ho-0'],
          [1, 'ho-1'],
          [2, 'hn-o1-2'],
        ],
      );
      assertLinear(await store.readAudit(0, 100));
    });

    it('updates a session (end-to-end time, masking summary) and pages through history newest first', async () => {
      for (let i = 0; i < 5; i++) await store.transact((tx) => tx.insertSession(newSession(`s${i}`)));
      const created = Date.parse(newSession('s2').createdAt);
      await store.transact(async (tx) => {
        await tx.updateSession('s2', {
          status: 'succeeded',
          httpStatus: 200,
          response: { contentType: 'text/plain', bytes: 3, body: 'abc' },
          completedAt: new Date(created + 1500).toISOString(),
        });
        await tx.addMaskingSummary('s2', { profile: 'lgpd', count: 2, byDetector: { cpf: 2 } });
        await tx.addMaskingSummary('s2', { profile: 'strict', count: 0, byDetector: {} });
      });
      const updated = await store.getSession('s2');
      assert.equal(updated?.status, 'succeeded');
      assert.equal(updated?.response?.body, 'abc');
      assert.equal(Math.round(updated?.totalMs ?? 0), 1500, 'from arrival to completion');
      assert.deepEqual(updated?.masking, { profile: 'strict', count: 2, byDetector: { cpf: 2 } });
      await assert.rejects(
        store.transact((tx) => tx.updateSession('nope', { status: 'failed' })),
        /does not exist/,
      );
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
      assert.deepEqual(
        (await store.listSessions({ limit: 10, status: 'succeeded' })).sessions.map((s) => s.id),
        ['s2'],
      );
    });

    it('decides an approval once, and an approved run is claimed by exactly one of two gateways', async () => {
      const other = await db.openAnother();
      await approvedApproval(store, 'a1', 's1');
      // Both gateways race to claim it, each in its own unit of work, as the execution queues do.
      const claim = (on: Store): Promise<Buffer | undefined> =>
        on.transact(async (tx) => {
          const approval = await tx.approvals.getForUpdate('a1');
          if (approval?.status !== 'approved') return undefined;
          return (await tx.approvals.claim('a1', tx.now.toISOString()))?.blob;
        });
      const claims = await Promise.all([claim(store), claim(other), claim(store), claim(other)]);
      const won = claims.filter((blob) => blob !== undefined);
      assert.equal(won.length, 1, 'one claim wins');
      assert.equal(won[0]?.toString(), 'sealed input');
      const after = await store.approvals.get('a1');
      assert.equal(after?.status, 'executing');
      assert.equal(after?.sealed, undefined, 'the input is deleted as it is claimed');
      assert.equal(
        await store.transact((tx) =>
          tx.approvals.transition('a1', ['pending', 'approved'], { status: 'denied', at: tx.now.toISOString() }),
        ),
        false,
        'a compare-and-set from a status it has left changes nothing',
      );
    });

    it('counts votes per approval and lists approvals for the groups that may decide them', async () => {
      await store.transact(async (tx) => {
        await tx.approvals.insert(newApproval('a1', 's1', tx.now));
        await tx.approvals.insert({
          ...newApproval('a2', 's2', tx.now),
          requirement: { ...newApproval('a2', 's2', tx.now).requirement, approvers: ['security'] },
        });
        const vote = {
          approvalId: 'a1',
          approver: 'dev:carla',
          approverView: {
            subject: 'carla',
            issuerId: 'dev',
            kind: 'person' as const,
            name: 'Carla',
            email: undefined,
            groups: ['privacy-office'],
          },
          groups: ['privacy-office'],
          decision: 'approve' as const,
          reason: 'ok',
          bindingHash: 'b'.repeat(64),
          at: tx.now.toISOString(),
        };
        assert.equal(await tx.approvals.addVote(vote), 1);
        assert.equal(await tx.approvals.withdrawVote('a1', 'dev:carla', tx.now.toISOString(), 'changed my mind'), true);
        assert.equal(await tx.approvals.addVote({ ...vote, reason: 'ok now' }), 2);
      });
      const votes = await store.approvals.votesFor(['a1', 'a2']);
      assert.deepEqual(
        votes.map((vote) => [vote.seq, vote.withdrawnAt === undefined]),
        [
          [1, false],
          [2, true],
        ],
      );
      const page = await store.approvals.list({
        everything: false,
        principal: 'dev:carla',
        groups: ['privacy-office', 'developers'],
        status: 'pending',
        role: 'approver',
        limit: 10,
        cursor: undefined,
      });
      assert.deepEqual(
        page.approvals.map((approval) => approval.id),
        ['a1'],
      );
      assert.ok(await store.approvals.nextDeadline());
    });

    it('runs a scheduled job on one gateway at a time', async () => {
      // SQLite is one gateway per file: the job is taken within the process; PostgreSQL: across replicas.
      const other = engine.name === 'postgres' ? await db.openAnother() : store;
      let release: () => void = () => undefined;
      const holding = store.exclusive('retention-purge', () => new Promise<string>((resolve) => (release = () => resolve('purged'))));
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(await other.exclusive('retention-purge', () => Promise.resolve('again')), { ran: false });
      assert.deepEqual(await other.exclusive('audit-checkpoint', () => Promise.resolve('signed')), { ran: true, value: 'signed' });
      release();
      assert.deepEqual(await holding, { ran: true, value: 'purged' });
      assert.deepEqual(await other.exclusive('retention-purge', () => Promise.resolve('next')), { ran: true, value: 'next' });
    });

    it('a read snapshot keeps seeing the store as it was when it began', async () => {
      await store.transact((tx) => tx.insertSession(newSession('s1')));
      const seen = await store.withReadSnapshot(async (snapshot) => {
        const before = (await snapshot.sessions.list({ limit: 10 })).sessions.length;
        await store.transact((tx) => tx.insertSession(newSession('s2')));
        const after = (await snapshot.sessions.list({ limit: 10 })).sessions.length;
        return { before, after };
      });
      assert.deepEqual(seen, { before: 1, after: 1 });
      assert.equal((await store.listSessions({ limit: 10 })).sessions.length, 2);
    });

    it('purges bodies and expired sessions with the rows other domains keep for them', async () => {
      await store.transact(async (tx) => {
        await tx.insertSession(newSession('s1', { request: { contentType: 'application/json', bytes: 40, body: { cpf: '[CPF]' } } }));
        await tx.updateSession('s1', { status: 'succeeded', response: { contentType: 'text/plain', bytes: 60, body: 'masked' } });
        await tx.insertSession(
          newSession('s2', { status: 'succeeded', request: { contentType: 'application/json', bytes: 5, body: null } }),
        );
        await tx.approvals.insert(newApproval('a2', 's2', tx.now));
        await tx.addMaskingEvents([maskingEvent('s2', 0, 'cpf', 'h1', tx.now)]);
      });
      const scope = { kind: 'default' as const, exceptGenerators: [], exceptUpstreams: [] };
      const cutoff = new Date(T0 + 3600_000).toISOString();
      assert.deepEqual(await store.retention.countPayloads(scope, cutoff, undefined), {
        count: 1,
        bytes: 100,
        from: newSession('s1').createdAt,
        to: newSession('s1').createdAt,
      });
      const purgedAt = new Date(T0 + 7200_000).toISOString();
      assert.equal(await store.transact((tx) => tx.retention.purgePayloads(scope, cutoff, undefined, purgedAt)), 1);
      const s1 = await store.getSession('s1');
      assert.equal(s1?.request?.body, null);
      assert.equal(s1?.response?.purgedAt, purgedAt);
      const evidence = await store.evidence.session('s1');
      assert.equal(evidence?.payloads.response?.body, 'purged');
      assert.equal((await store.evidence.session('s2'))?.payloads.request?.body, 'metadata-only');

      const expired = await store.retention.countExpiredSessions({ kind: 'generator', name: 'config-template' }, cutoff);
      assert.deepEqual([expired.count, expired.maskingEvents], [2, 1]);
      const deletion = await store.transact((tx) =>
        tx.retention.deleteExpiredSessions({ kind: 'generator', name: 'config-template' }, cutoff),
      );
      assert.deepEqual(deletion, { sessions: 2, maskingEvents: 1, linked: { approvals: 1 } });
      assert.equal(await store.approvals.get('a2'), undefined);
      assert.equal((await store.listSessions({ limit: 10 })).sessions.length, 0);
    });

    it('keeps every one of a large body’s masking events, in order, whatever their number', async () => {
      const events = Array.from({ length: 123 }, (_, seq) =>
        maskingEvent('s1', seq, seq % 2 === 0 ? 'cpf' : 'name', `h${seq}`, new Date(0)),
      );
      await store.transact(async (tx) => {
        await tx.insertSession(newSession('s1'));
        await tx.addMaskingEvents(events);
        assert.equal(await tx.nextMaskingSeq('s1'), 123);
      });
      assert.deepEqual(await store.listMaskingEvents('s1'), events);
    });

    it('finds masking events by keyed hash, and keeps the first checkpoint of an entry', async () => {
      await store.transact(async (tx) => {
        await tx.insertSession(newSession('s1'));
        await tx.addMaskingEvents([maskingEvent('s1', 0, 'cpf', 'h1', tx.now), maskingEvent('s1', 1, 'name', 'h2', tx.now)]);
        assert.equal(await tx.nextMaskingSeq('s1'), 2);
        const entry = await tx.appendAudit({ type: 'x', actor: 'y', data: {} });
        const checkpoint = { seq: entry.seq, hash: entry.hash, at: entry.at, reason: 'manual' as const, kid: 'k1', jws: 'first' };
        await tx.audit.insertCheckpoint(checkpoint);
        await tx.audit.insertCheckpoint({ ...checkpoint, jws: 'second' });
      });
      const found = await store.subjects.findByHmacs(['h2']);
      assert.deepEqual(
        found.map((row) => [row.sessionId, row.detector, row.location, row.generator]),
        [['s1', 'name', 'request:/name', 'config-template']],
      );
      assert.deepEqual(
        (await store.audit.checkpoints()).map((checkpoint) => checkpoint.jws),
        ['first'],
      );
    });

    it('finds the masking events of writes that shared a batch, each by its keyed hash', async () => {
      const ids = ['b1', 'b2', 'b3', 'b4'];
      await Promise.all(
        ids.map((id, k) =>
          store.transact(
            async (tx) => {
              await tx.insertSession(newSession(id));
              await tx.addMaskingEvents([
                maskingEvent(id, 0, 'cpf', `hash-${k}-a`, tx.now),
                maskingEvent(id, 1, 'name', `hash-${k}-b`, tx.now),
              ]);
              await tx.appendAudit({ type: 'session.started', actor: 'x', sessionId: id, data: {} });
            },
            { retrySafe: true },
          ),
        ),
      );
      for (const [k, id] of ids.entries()) {
        const found = await store.subjects.findByHmacs([`hash-${k}-b`]);
        assert.deepEqual(
          found.map((row) => [row.sessionId, row.seq, row.detector]),
          [[id, 1, 'name']],
        );
      }
      assertLinear(await store.readAudit(0, 100));
    });

    it('finds a keyed hash by its whole value, not by the first digits the index holds', async () => {
      const prefix = 'a3f09c2b7d41';
      await store.transact(async (tx) => {
        await tx.insertSession(newSession('s1'));
        await tx.addMaskingEvents([
          maskingEvent('s1', 0, 'cpf', `${prefix}11`, tx.now),
          maskingEvent('s1', 1, 'cpf', `${prefix}22`, tx.now),
          maskingEvent('s1', 2, 'name', `${prefix}33`, tx.now),
        ]);
      });
      const found = await store.subjects.findByHmacs([`${prefix}22`, `${prefix}33`, `${prefix}44`]);
      assert.deepEqual(
        found.map((row) => [row.seq, row.hmac]),
        [
          [1, `${prefix}22`],
          [2, `${prefix}33`],
        ],
      );
      assert.deepEqual(await store.subjects.findByHmacs([prefix]), [], 'a hash’s first digits alone find nothing');
    });

    it('reads a period for a policy simulation: sessions oldest first with a run’s input, and their deciding entries', async () => {
      await store.transact(async (tx) => {
        await tx.insertSession(newSession('s3', { request: { contentType: 'application/json', bytes: 20, body: { service: 'x' } } }));
        await tx.insertSession(newSession('s1', { request: { contentType: 'application/json', bytes: 20, body: null } }));
        await tx.insertSession(
          newSession('s2', { kind: 'proxy', generator: undefined, upstream: 'model', decision: 'deny', ruleId: 'no-models' }),
        );
        await tx.insertSession(newSession('s9'));
        await tx.appendAudit({ type: 'session.started', actor: 'dev:ana', sessionId: 's3', data: { target: { name: 'config-template' } } });
        await tx.appendAudit({ type: 'policy.denied', actor: 'dev:ana', sessionId: 's2', data: { target: { name: 'model' } } });
        await tx.appendAudit({ type: 'session.completed', actor: 'gateway', sessionId: 's3', data: {} });
        await tx.appendAudit({ type: 'stream.start_checked', actor: 'dev:ana', sessionId: 's2', data: { codeExecution: true } });
      });
      const period = { from: new Date(T0).toISOString(), to: new Date(T0 + 5000).toISOString() };
      const first = await store.simulation.calls({ ...period, limit: 2 });
      assert.deepEqual(
        first.map((call) => [call.id, call.kind, call.input]),
        [
          ['s1', 'run', undefined],
          ['s2', 'proxy', undefined],
        ],
      );
      assert.equal(first[1]?.identity.subject, 'ana');
      assert.deepEqual([first[1]?.decision, first[1]?.ruleId], ['deny', 'no-models']);
      const rest = await store.simulation.calls({ ...period, limit: 2, after: { createdAt: first[1].createdAt, id: 's2' } });
      assert.deepEqual(
        rest.map((call) => [call.id, call.input]),
        [['s3', { service: 'x' }]],
      );
      assert.deepEqual(
        (await store.simulation.calls({ ...period, generator: 'config-template', limit: 10 })).map((call) => call.id),
        ['s1', 's3'],
      );
      const entries = await store.simulation.decidingEntries(['s2', 's3']);
      assert.deepEqual(
        entries.map((entry) => [entry.sessionId, entry.type]),
        [
          ['s3', 'session.started'],
          ['s2', 'policy.denied'],
          ['s2', 'stream.start_checked'],
        ],
      );
    });
  });
}
