/**
 * Masking events stored a write to a row (migration 008), on every engine: rows written one per
 * value before the migration are converted and read back the same (timeline, seals, look-up,
 * purge counts), the audit cursor pages through batches event by event, the look-up's index
 * follows the purge, and a write whose seqs overlap stored events is refused.
 */
import { strict as assert } from 'node:assert';
import { canonicalMaskingEvents, sealMaskingEvents } from '../../../gateway/audit/maskingDigest.js';
import { verifyLiveStore } from '../../../gateway/audit/liveVerify.js';
import type { MaskingEventRecord, Store } from '../../../gateway/store/types.js';
import { SqliteStore } from '../../../gateway/store/sqlite/sqliteStore.js';
import { ENGINES, type EngineFixture } from './engines.js';
import { maskingEvent, newSession, T0 } from './builders.js';

/** Records `events` as one write of `sessionId`, sealed by a `session.masked` entry, as the recorder does. */
async function record(store: Store, events: readonly MaskingEventRecord[], retrySafe = false): Promise<void> {
  const first = events[0];
  assert.ok(first);
  await store.transact(
    async (tx) => {
      await tx.addMaskingEvents(events);
      await tx.appendAudit({
        type: 'session.masked',
        actor: 'gateway',
        sessionId: first.sessionId,
        data: { maskingEvents: sealMaskingEvents(first.seq, events) },
      });
    },
    { retrySafe },
  );
}

function event(sessionId: string, seq: number, hmac: string, at: Date, overrides: Partial<MaskingEventRecord> = {}): MaskingEventRecord {
  return { ...maskingEvent(sessionId, seq, 'cpf', hmac, at), location: `result:/text:offset:${seq}`, ...overrides };
}

/** The look-up's index entries, moved or still recent (migration 009). */
async function indexEntries(db: EngineFixture): Promise<number> {
  return (await db.raw('SELECT 1 FROM masking_subjects UNION ALL SELECT 1 FROM masking_subjects_recent')).length;
}

const hash = (digit: string, tail = ''): string => `${digit.repeat(64 - tail.length)}${tail}`;

/** The schema as migration 007 left it, with `events` as its rows (the one-row-per-value layout). */
async function backTo007(db: EngineFixture, events: readonly MaskingEventRecord[], edited: ReadonlyMap<string, string>): Promise<void> {
  await db.raw('DROP TABLE masking_subjects');
  await db.raw('DROP TABLE masking_batches');
  if (db.config.driver === 'postgres') {
    await db.raw('DROP FUNCTION gate_json_or_text(text)');
    await db.raw('DROP FUNCTION gate_json_array(text)');
  }
  await db.raw(`CREATE TABLE masking_events (
    session_id TEXT NOT NULL, seq INTEGER NOT NULL, at TEXT NOT NULL, location TEXT NOT NULL, detector TEXT NOT NULL,
    hmac TEXT NOT NULL, key_id TEXT NOT NULL, replacement TEXT NOT NULL, count INTEGER NOT NULL DEFAULT 1, occurrences_json TEXT,
    PRIMARY KEY (session_id, seq))`);
  await db.raw('CREATE INDEX masking_events_hmac_prefix ON masking_events (substr(hmac, 1, 12))');
  for (const e of events) {
    const occurrences = edited.get(`${e.sessionId}/${e.seq}`) ?? (e.occurrences === undefined ? null : JSON.stringify(e.occurrences));
    await db.raw(
      'INSERT INTO masking_events (session_id, seq, at, location, detector, hmac, key_id, replacement, count, occurrences_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [e.sessionId, e.seq, e.at, e.location, e.detector, e.hmac, e.keyId, e.replacement, e.count, occurrences],
    );
  }
  await db.raw("DELETE FROM schema_migrations WHERE id = '008_masking_batches'");
}

for (const engine of ENGINES) {
  describe(`masking events a write to a row, on ${engine.name}`, () => {
    let db: EngineFixture;
    let store: Store;

    beforeEach(async () => {
      db = await engine.open({ clock: () => new Date(T0) });
      store = db.store;
    });
    afterEach(async () => {
      await db.close();
    });

    it('converts rows written one per value (migration 008) into batches that read back the same', async () => {
      const t1 = new Date(T0);
      const t2 = new Date(T0 + 1000);
      await store.transact(async (tx) => {
        for (const id of ['s-a', 's-b', 's-c']) {
          await tx.insertSession(newSession(id));
          await tx.appendAudit({ type: 'session.started', actor: 'dev:ana', sessionId: id, data: {} });
        }
      });
      // s-a: two writes (seq 0-2, then 3-4); s-b: rows from before aggregation (no count, no occurrences); s-c: one row.
      const a1 = [0, 1, 2].map((seq) => event('s-a', seq, hash('a', String(seq)), t1));
      const a2 = [3, 4].map((seq) => event('s-a', seq, hash('b', String(seq)), t2));
      const b1 = [0, 1].map((seq) => event('s-b', seq, hash('c', String(seq)), t1, { count: 1, occurrences: undefined }));
      const c1 = [event('s-c', 0, hash('a', '0'), t1)];
      for (const write of [a1, a2, b1, c1]) await record(store, write);
      const before = new Map<string, readonly MaskingEventRecord[]>();
      for (const id of ['s-a', 's-b', 's-c']) before.set(id, await store.listMaskingEvents(id));
      const all = [...before.values()].flat();
      assert.equal(all.length, 8);
      assert.equal(before.get('s-b')?.[0]?.occurrences, undefined);

      // s-c's one row had occurrences that no longer parse: verification named it before, and must after.
      await backTo007(db, all, new Map([['s-c/0', '{not json']]));
      assert.equal((await db.raw('SELECT 1 FROM masking_events')).length, 8);

      const migrated = await db.openAnother(() => new Date(T0));
      assert.deepEqual(await migrated.listMaskingEvents('s-a'), before.get('s-a'));
      assert.deepEqual(await migrated.listMaskingEvents('s-b'), before.get('s-b'));
      assert.deepEqual(await migrated.listMaskingEvents('s-c'), [{ ...before.get('s-c')?.[0], occurrences: [] }]);
      // Each run of seqs one write made at one instant is one batch; the old table is gone.
      const batches = await db.raw<{ session_id: string; first_seq: number; event_count: number }>(
        'SELECT session_id, first_seq, event_count FROM masking_batches ORDER BY session_id, first_seq',
      );
      assert.deepEqual(
        batches.map((b) => [b.session_id, Number(b.first_seq), Number(b.event_count)]),
        [
          ['s-a', 0, 3],
          ['s-a', 3, 2],
          ['s-b', 0, 2],
          ['s-c', 0, 1],
        ],
      );
      await assert.rejects(db.raw('SELECT 1 FROM masking_events'));

      // The seals written before the migration still match; the unreadable row is still named.
      const report = await migrated.withReadSnapshot((snapshot) => verifyLiveStore(snapshot.audit, { keys: [] }));
      assert.deepEqual(
        report.records?.problems.map((problem) => [problem.kind, problem.sessionId]),
        [['masking_mismatch', 's-c']],
      );
      assert.match(report.records?.problems[0]?.message ?? '', /were edited/);

      // The look-up finds converted rows by whole hash (s-a's seq 0 and s-c's share one value).
      const found = await migrated.subjects.findByHmacs([hash('a', '0'), hash('c', '1')]);
      assert.deepEqual(
        found.map((row) => [row.sessionId, row.seq, row.count, row.locations]),
        [
          ['s-a', 0, 2, ['request:/cpf', 'request:/cpf-again']],
          ['s-b', 1, 1, ['result:/text:offset:1']],
          ['s-c', 0, 2, []],
        ],
      );
      // The next write numbers after the converted rows.
      await record(migrated, [event('s-a', 5, hash('d'), t2)]);
      assert.deepEqual(
        (await migrated.listMaskingEvents('s-a')).map((e) => e.seq),
        [0, 1, 2, 3, 4, 5],
      );
      const expired = await migrated.retention.countExpiredSessions(
        { kind: 'generator', name: 'config-template' },
        new Date(T0 + 86_400_000).toISOString(),
      );
      assert.equal(expired.maskingEvents, 9);
    });

    it('pages the audit cursor event by event across batches, whatever the page size', async () => {
      await store.transact(async (tx) => {
        for (const id of ['p1', 'p2']) await tx.insertSession(newSession(id));
      });
      const at = new Date(T0);
      await record(
        store,
        [0, 1, 2].map((seq) => event('p1', seq, hash('1', String(seq)), at)),
      );
      await record(
        store,
        [3, 4, 5, 6].map((seq) => event('p1', seq, hash('2', String(seq)), at)),
      );
      await record(store, [event('p1', 7, hash('3'), at)]);
      await record(
        store,
        [0, 1].map((seq) => event('p2', seq, hash('4', String(seq)), at)),
      );
      const expected = [...[0, 1, 2, 3, 4, 5, 6, 7].map((seq) => `p1/${seq}`), 'p2/0', 'p2/1'];
      for (const limit of [1, 2, 3, 4, 5, 10, 11]) {
        const seen: string[] = [];
        let after = { sessionId: '', seq: -1 };
        for (;;) {
          const page = await store.audit.maskingEvents(after, limit);
          assert.ok(page.length <= limit);
          seen.push(...page.map((e) => `${e.sessionId}/${e.seq}`));
          const last = page[page.length - 1];
          if (!last || page.length < limit) break;
          after = { sessionId: last.sessionId, seq: last.seq };
        }
        assert.deepEqual(seen, expected, `page size ${limit}`);
      }
      // From the middle of a batch.
      assert.deepEqual(
        (await store.audit.maskingEvents({ sessionId: 'p1', seq: 4 }, 3)).map((e) => `${e.sessionId}/${e.seq}`),
        ['p1/5', 'p1/6', 'p1/7'],
      );
    });

    it('finds every write that masked a value, only by its whole hash, and forgets it with its purged session', async () => {
      const prefix = '5e11ab0c9d2f';
      await store.transact(async (tx) => {
        await tx.insertSession(newSession('old', { createdAt: new Date(T0).toISOString() }));
        await tx.insertSession(newSession('new', { createdAt: new Date(T0 + 10_000).toISOString() }));
      });
      const at = new Date(T0);
      // The same value twice in one write (two detectors) and again in a later write; a neighbour sharing its prefix.
      await record(store, [
        event('old', 0, `${prefix}${'1'.repeat(52)}`, at),
        event('old', 1, `${prefix}${'1'.repeat(52)}`, at, { detector: 'name' }),
        event('old', 2, `${prefix}${'2'.repeat(52)}`, at),
      ]);
      // On SQLite a write's entries wait in the recent table until they are moved: the old write's
      // are moved here, the new one's stay, and the look-up and the purge must see both places.
      if (store instanceof SqliteStore) await store.mergeSubjects();
      await record(store, [event('new', 0, `${prefix}${'1'.repeat(52)}`, at)]);
      const found = await store.subjects.findByHmacs([`${prefix}${'1'.repeat(52)}`]);
      assert.deepEqual(
        found.map((row) => [row.sessionId, row.seq, row.detector]),
        [
          ['old', 0, 'cpf'],
          ['old', 1, 'name'],
          ['new', 0, 'cpf'],
        ],
      );
      assert.equal(await indexEntries(db), 2, 'one index entry per distinct prefix and write');

      const cutoff = new Date(T0 + 5000).toISOString();
      const scope = { kind: 'generator', name: 'config-template' } as const;
      assert.equal((await store.retention.countExpiredSessions(scope, cutoff)).maskingEvents, 3);
      const deleted = await store.transact((tx) => tx.retention.deleteExpiredSessions(scope, cutoff));
      assert.equal(deleted.sessions, 1);
      assert.equal(deleted.maskingEvents, 3);
      assert.equal(await indexEntries(db), 1, "the purged write's index entries went with it");
      assert.deepEqual(
        (await store.subjects.findByHmacs([`${prefix}${'1'.repeat(52)}`])).map((row) => row.sessionId),
        ['new'],
      );
    });

    it('reads a batch edited into text that is not JSON as blank events, which verification names, and still purges it', async () => {
      await store.transact(async (tx) => {
        await tx.insertSession(newSession('x1'));
        await tx.appendAudit({ type: 'session.started', actor: 'dev:ana', sessionId: 'x1', data: {} });
      });
      const at = new Date(T0);
      await record(
        store,
        [0, 1].map((seq) => event('x1', seq, hash('9', String(seq)), at)),
      );
      await db.raw("UPDATE masking_batches SET events_json = '{broken' WHERE session_id = 'x1'");
      assert.deepEqual(
        (await store.listMaskingEvents('x1')).map((e) => [e.seq, e.hmac]),
        [
          [0, ''],
          [1, ''],
        ],
      );
      const report = await store.withReadSnapshot((snapshot) => verifyLiveStore(snapshot.audit, { keys: [] }));
      assert.deepEqual(
        report.records?.problems.map((problem) => [problem.kind, problem.sessionId]),
        [['masking_mismatch', 'x1']],
      );
      assert.match(report.records?.problems[0]?.message ?? '', /were edited/);
      assert.deepEqual(await store.subjects.findByHmacs([hash('9', '0')]), []);
      const scope = { kind: 'generator', name: 'config-template' } as const;
      const deleted = await store.transact((tx) => tx.retention.deleteExpiredSessions(scope, new Date(T0 + 86_400_000).toISOString()));
      assert.equal(deleted.maskingEvents, 2);
      assert.equal((await db.raw('SELECT 1 FROM masking_batches')).length, 0);
      // Its look-up entries cannot be found from text that no longer names the hashes: they stay, and find nothing.
      assert.deepEqual(await store.subjects.findByHmacs([hash('9', '0')]), []);
    });

    it('stores the very text the seal digests when writes go gathered into one flush, whatever their strings hold', async () => {
      await store.transact(async (tx) => {
        for (const id of ['g1', 'g2']) {
          await tx.insertSession(newSession(id));
          await tx.appendAudit({ type: 'session.started', actor: 'dev:ana', sessionId: id, data: {} });
        }
      });
      const at = new Date(T0);
      // Quotes, backslashes, NUL, a lone surrogate, U+2028, accents and an emoji: each must come
      // back as it went in, whether the flush carried the row inside its JSON parameter or bound it.
      const awkward = ['"quoted" \\ back', 'nul\u0000here', 'lone \ud800 half', 'line\u2028sep', 'São Paulo 😀'];
      const writes = ['g1', 'g2'].map((id, w) =>
        awkward.map((text, seq) =>
          event(id, seq, hash(String(w + 1), String(seq)), at, {
            location: `result:/${text}`,
            replacement: `[${text}]`,
            occurrences: [{ location: text, original: { offset: 2 ** 40 + seq, length: seq } }],
          }),
        ),
      );
      await Promise.all(writes.map((events) => record(store, events, true)));
      for (const events of writes) {
        const id = events[0]?.sessionId;
        const [row] = await db.raw<{ events_json: string }>('SELECT events_json FROM masking_batches WHERE session_id = ?', [id]);
        assert.equal(row?.events_json, canonicalMaskingEvents(events));
        assert.deepEqual(await store.listMaskingEvents(id ?? ''), events);
      }
      assert.deepEqual(
        (await store.subjects.findByHmacs([hash('2', '3')])).map((found) => [found.sessionId, found.seq]),
        [['g2', 3]],
      );
      const report = await store.withReadSnapshot((snapshot) => verifyLiveStore(snapshot.audit, { keys: [] }));
      assert.equal(report.ok, true, JSON.stringify(report.records?.problems));
    });

    it("stores a stream's write of thousands of events (a text too long to gather) as one batch, found, verified, overlap refused", async () => {
      await store.transact(async (tx) => {
        await tx.insertSession(newSession('s'));
        await tx.appendAudit({ type: 'session.started', actor: 'dev:ana', sessionId: 's', data: {} });
      });
      const at = new Date(T0);
      const write = (from: number, count: number, digit: string): MaskingEventRecord[] =>
        Array.from({ length: count }, (_, k) =>
          event('s', from + k, hash(digit, String(from + k)), at, { location: `response:offset:${from + k}` }),
        );
      const long = write(0, 2000, 'a');
      assert.ok(JSON.stringify(long).length > 256 * 1024, 'a text longer than a gathered batch takes');
      await record(store, long);
      await record(store, write(2000, 3, 'b'));
      await assert.rejects(record(store, write(1999, 2000, 'c')), /overlap/);
      assert.equal((await db.raw('SELECT 1 FROM masking_batches')).length, 2);
      const stored = await store.listMaskingEvents('s');
      assert.deepEqual(
        stored.map((e) => [e.seq, e.hmac]),
        [...long, ...write(2000, 3, 'b')].map((e) => [e.seq, e.hmac]),
      );
      assert.deepEqual(
        (await store.subjects.findByHmacs([hash('a', '1234')])).map((row) => [row.sessionId, row.seq]),
        [['s', 1234]],
      );
      const report = await store.withReadSnapshot((snapshot) => verifyLiveStore(snapshot.audit, { keys: [] }));
      assert.deepEqual(report.records?.problems ?? [], []);
    });

    it('refuses a write whose seqs overlap events already stored for the session, and keeps nothing of it', async () => {
      await store.transact(async (tx) => tx.insertSession(newSession('o')));
      const at = new Date(T0);
      await record(
        store,
        [0, 1, 2].map((seq) => event('o', seq, hash('6', String(seq)), at)),
      );
      await assert.rejects(
        record(
          store,
          [2, 3].map((seq) => event('o', seq, hash('7', String(seq)), at)),
        ),
        /overlap/,
      );
      await assert.rejects(
        record(
          store,
          [0].map((seq) => event('o', seq, hash('7', String(seq)), at)),
        ),
      );
      assert.deepEqual(
        (await store.listMaskingEvents('o')).map((e) => e.seq),
        [0, 1, 2],
      );
      await record(
        store,
        [3].map((seq) => event('o', seq, hash('8'), at)),
      );
      assert.deepEqual(
        (await store.listMaskingEvents('o')).map((e) => e.seq),
        [0, 1, 2, 3],
      );
    });
  });
}
