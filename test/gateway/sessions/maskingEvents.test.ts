/**
 * Masking events are recorded one row per distinct value and write, with an exact count and the
 * first 64 occurrences: 50,000 copies of three CPFs write three rows on every engine, the session
 * still counts 50,000 masked values, and the chain seals the rows (an edited count is named).
 */
import { strict as assert } from 'node:assert';
import { verifyLiveStore } from '../../../gateway/audit/liveVerify.js';
import { createLogger } from '../../../gateway/observability/logger.js';
import { createMetrics } from '../../../gateway/observability/metrics.js';
import { SessionRecorder, type PendingMaskingEvent } from '../../../gateway/recording/sessionRecorder.js';
import { aggregateMaskingEvents, MAX_KEPT_OCCURRENCES } from '../../../gateway/sessions/maskingEvents.js';
import { decision, identity } from '../evidence/support.js';
import { ENGINES, type EngineFixture } from '../store/engines.js';
import { editStoredEvents } from '../../support/maskingBatches.js';

const AT = '2026-11-25T12:00:00.000Z';

function cpf(hmac: string, offset: number): PendingMaskingEvent {
  return {
    location: `request:/messages/0/content:${offset}`,
    detector: 'cpf',
    hmac,
    keyId: 'k1',
    replacement: '[CPF]',
    original: { offset, length: 14 },
  };
}

describe('masking events aggregated per distinct value', () => {
  it('groups occurrences by detector, keyed hash, key and replacement, numbering rows in order of first appearance', () => {
    const rows = aggregateMaskingEvents('s1', 7, AT, [
      cpf('aa', 0),
      { ...cpf('bb', 20), detector: 'name', replacement: '[NOME]' },
      cpf('aa', 40),
      { ...cpf('aa', 60), keyId: 'k2' },
      { ...cpf('aa', 80), replacement: '***.***.***-**' },
      cpf('aa', 100),
    ]);
    assert.deepEqual(
      rows.map((row) => [row.seq, row.detector, row.hmac, row.keyId, row.replacement, row.count, row.location]),
      [
        [7, 'cpf', 'aa', 'k1', '[CPF]', 3, 'request:/messages/0/content:0'],
        [8, 'name', 'bb', 'k1', '[NOME]', 1, 'request:/messages/0/content:20'],
        [9, 'cpf', 'aa', 'k2', '[CPF]', 1, 'request:/messages/0/content:60'],
        [10, 'cpf', 'aa', 'k1', '***.***.***-**', 1, 'request:/messages/0/content:80'],
      ],
    );
    assert.deepEqual(rows[0]?.occurrences, [
      { location: 'request:/messages/0/content:0', original: { offset: 0, length: 14 } },
      { location: 'request:/messages/0/content:40', original: { offset: 40, length: 14 } },
      { location: 'request:/messages/0/content:100', original: { offset: 100, length: 14 } },
    ]);
    assert.deepEqual(aggregateMaskingEvents('s1', 0, AT, [{ ...cpf('cc', 5), original: undefined }])[0]?.occurrences, [
      { location: 'request:/messages/0/content:5' },
    ]);
  });

  it(`keeps the first ${MAX_KEPT_OCCURRENCES} places of a value and counts every occurrence`, () => {
    const [row] = aggregateMaskingEvents(
      's1',
      0,
      AT,
      Array.from({ length: 1000 }, (_, i) => cpf('aa', i * 20)),
    );
    assert.equal(row?.count, 1000);
    assert.equal(row?.occurrences?.length, MAX_KEPT_OCCURRENCES);
    assert.equal(row?.occurrences?.at(-1)?.location, `request:/messages/0/content:${(MAX_KEPT_OCCURRENCES - 1) * 20}`);
  });

  for (const engine of ENGINES) {
    describe(`recorded on ${engine.name}`, () => {
      let db: EngineFixture;
      beforeEach(async () => {
        db = await engine.open();
      });
      afterEach(async () => {
        await db.close();
      });

      it('writes a few rows for 50,000 copies of three CPFs, sealed in the chain, and verify names an edited count', async function () {
        this.timeout(60_000);
        const recorder = new SessionRecorder(db.store, () => 'v1', createMetrics(), createLogger({ level: 'silent' }));
        const hmacs = ['a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64)];
        const occurrences = Array.from({ length: 50_000 }, (_, i) => cpf(hmacs[i % 3] ?? '', i * 15));
        const id = await recorder.begin({
          kind: 'proxy',
          requestId: 'r1',
          identity: identity('ana'),
          generator: undefined,
          upstream: 'model',
          method: 'POST',
          path: '/proxy/model/v1/chat/completions',
          decision: decision('allow'),
          status: 'running',
          request: { contentType: 'application/json', bytes: 1_000_000, body: { messages: [] } },
          requestEvents: occurrences,
        });
        await recorder.complete(id, { status: 'succeeded', httpStatus: 200, events: occurrences.slice(0, 10) });

        const events = await db.store.listMaskingEvents(id);
        assert.deepEqual(
          events.map((event) => [event.seq, event.count, event.occurrences?.length]),
          [
            [0, 16_667, MAX_KEPT_OCCURRENCES],
            [1, 16_667, MAX_KEPT_OCCURRENCES],
            [2, 16_666, MAX_KEPT_OCCURRENCES],
            [3, 4, 4],
            [4, 3, 3],
            [5, 3, 3],
          ],
        );
        const session = await db.store.getSession(id);
        assert.deepEqual(session?.masking.byDetector, { cpf: 50_010 });
        const trusted = { keys: [] };
        const clean = await db.store.withReadSnapshot((snapshot) => verifyLiveStore(snapshot.audit, trusted));
        assert.deepEqual(clean.records?.problems, []);
        assert.equal(clean.records?.sealsChecked, 2);

        await editStoredEvents(db.raw, id, (events) => {
          for (const event of events) if (event['seq'] === 1) event['count'] = 1;
        });
        const edited = await db.store.withReadSnapshot((snapshot) => verifyLiveStore(snapshot.audit, trusted));
        assert.deepEqual(
          edited.records?.problems.map((problem) => [problem.kind, problem.sessionId]),
          [['masking_mismatch', id]],
        );
        assert.match(edited.records?.problems[0]?.message ?? '', /were edited/);
      });
    });
  }
});
