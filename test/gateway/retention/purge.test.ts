/**
 * Retention with a frozen clock: payloads expire first, then metadata and the oldest audit
 * entries; the chain stays verifiable from the signed anchor the purge leaves, and every purge
 * is itself in the audit log.
 */
import { strict as assert } from 'node:assert';
import { PURGE_ENTRY_TYPE, type PurgedAuditRange } from '../../../gateway/audit/verify.js';
import { signCheckpoint } from '../../../gateway/audit/checkpoints.js';
import { cli, DAY, openTestGateway, RawDb, tamper, type TestGateway } from '../evidence/support.js';
import { sqliteFileOf } from '../../support/storeFile.js';

const RETENTION = `
retention:
  payloads: 30d
  metadata: 365d
  generators:
    config-template: { payloads: metadata-only }
  purge: { every: "off" }
`;
const START = Date.parse('2026-01-05T09:00:00.000Z');
const CPF = '529.982.247-25';

async function query<T>(gateway: TestGateway, sql: string, params: unknown[] = []): Promise<T[]> {
  const db = await RawDb.open(sqliteFileOf(gateway.config.store));
  try {
    return await db.all<T>(sql, params);
  } finally {
    await db.close();
  }
}

async function sessionsWithBodies(gateway: TestGateway): Promise<number> {
  const [row] = await query<{ n: number }>(
    gateway,
    "SELECT COUNT(*) AS n FROM sessions WHERE json_extract(response_json, '$.body') IS NOT NULL",
  );
  return row?.n ?? 0;
}

describe('retention purge (frozen clock)', function () {
  this.timeout(60_000);
  let gateway: TestGateway;
  /** Session ids by the day they were created. */
  let byDay: string[];

  beforeEach(async () => {
    gateway = await openTestGateway({ policyExtra: RETENTION, start: new Date(START).toISOString() });
    byDay = [];
    for (let day = 0; day < 100; day++) {
      gateway.clock.set(new Date(START + day * DAY));
      byDay.push(await gateway.run({ result: `Cliente Maria Souza, CPF ${CPF}, dia ${day}.` }));
    }
  });
  afterEach(async () => {
    await gateway.close();
  });

  it('deletes expired payloads and keeps metadata, masking events and a verifiable chain; the purge is in the audit log', async () => {
    gateway.clock.set(new Date(START + 100 * DAY));
    const entriesBefore = (await query<{ n: number }>(gateway, 'SELECT COUNT(*) AS n FROM audit_log'))[0]?.n ?? 0;
    const report = await gateway.context.retention.purge({ trigger: 'cli', actor: 'cli:test' });

    // Bodies of sessions created before day 70 (30 days before "now") are gone; later ones stay.
    assert.equal(report.totals.payloads, 70);
    assert.equal(report.totals.sessions, 0);
    assert.equal(await sessionsWithBodies(gateway), 30);
    const first = (await gateway.context.store.getSession(byDay[0] ?? ''))!;
    assert.equal(first.response?.body, null);
    assert.ok(first.response.bytes > 0, 'the size stays as metadata');
    assert.equal((first.response as unknown as { purgedAt: string }).purgedAt, new Date(START + 100 * DAY).toISOString());
    const recent = (await gateway.context.store.getSession(byDay[99] ?? ''))!;
    assert.match(JSON.stringify(recent.response?.body), /\[CPF\]/);
    assert.equal((await query(gateway, 'SELECT 1 FROM sessions')).length, 100);
    // Two values masked per result (the name and the CPF).
    assert.equal((await query<{ n: number }>(gateway, 'SELECT SUM(event_count) AS n FROM masking_batches'))[0]?.n, 200);

    // Recorded: one retention.purged entry with the counts and the creation range of what went.
    const entries = await query<{ seq: number; type: string; actor: string; data_json: string }>(
      gateway,
      'SELECT seq, type, actor, data_json FROM audit_log WHERE type = ?',
      [PURGE_ENTRY_TYPE],
    );
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.seq, entriesBefore + 1);
    assert.equal(entries[0]?.actor, 'cli:test');
    const data = JSON.parse(entries[0]?.data_json ?? '{}') as {
      scopes: Array<{ scope: string; payloadsPurged: number; payloadsCreated: { from: string; to: string } }>;
      audit: unknown;
    };
    const defaults = data.scopes.find((scope) => scope.scope === 'default');
    assert.equal(defaults?.payloadsPurged, 70);
    assert.deepEqual(defaults?.payloadsCreated, { from: new Date(START).toISOString(), to: new Date(START + 69 * DAY).toISOString() });
    assert.equal(data.audit, null);

    const verified = await cli(['audit', 'verify'], gateway.dir);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
  });

  it('deletes expired metadata and old audit entries, and the chain verifies from the signed anchor', async () => {
    gateway.clock.set(new Date(START + 100 * DAY));
    await gateway.context.retention.purge({ trigger: 'cli' });
    // A checkpoint the gateway signed long ago, of an entry about to expire.
    const [early] = await query<{ hash: string }>(gateway, 'SELECT hash FROM audit_log WHERE seq = 5');
    const old = await signCheckpoint(gateway.context.signer, {
      seq: 5,
      hash: early?.hash ?? '',
      at: new Date(START + DAY).toISOString(),
      reason: 'periodic',
    });
    await gateway.context.store.transact((tx) => tx.audit.insertCheckpoint(old));
    gateway.clock.set(new Date(START + 400 * DAY));
    const report = await gateway.context.retention.purge({ trigger: 'cli' });
    // Checkpoints of deleted entries go; the anchor's stays.
    assert.deepEqual(await query<{ seq: number; reason: string }>(gateway, 'SELECT seq, reason FROM audit_checkpoints WHERE seq <= 71'), [
      { seq: 71, reason: 'purge' },
    ]);

    // Created before day 35 (365 days before day 400): sessions, their events and entries go.
    assert.equal(report.totals.sessions, 35);
    assert.equal(report.totals.maskingEvents, 70);
    assert.equal((await query(gateway, 'SELECT 1 FROM sessions')).length, 65);
    assert.equal(await gateway.context.store.getSession(byDay[34] ?? ''), undefined);
    assert.ok(await gateway.context.store.getSession(byDay[35] ?? ''));
    const range = report.audit.range;
    assert.ok(range, 'audit entries expired');
    // Entry 1 is gateway.started; each day adds a start and a completion entry.
    assert.equal(range.fromSeq, 1);
    assert.equal(range.toSeq, 1 + 35 * 2);
    assert.equal(range.count, 71);
    const remaining = await query<{ seq: number; prev_hash: string }>(gateway, 'SELECT seq, prev_hash FROM audit_log ORDER BY seq LIMIT 1');
    assert.equal(remaining[0]?.seq, 72);
    assert.equal(remaining[0]?.prev_hash, range.anchor.hash);

    // The purge record states the range, the hash it chained from and the signed anchor.
    const [purge] = await query<{ data_json: string }>(
      gateway,
      'SELECT data_json FROM audit_log WHERE type = ? ORDER BY seq DESC LIMIT 1',
      [PURGE_ENTRY_TYPE],
    );
    const recorded = (JSON.parse(purge?.data_json ?? '{}') as { audit: PurgedAuditRange }).audit;
    assert.equal(recorded.fromSeq, 1);
    assert.equal(recorded.toSeq, 71);
    assert.equal(recorded.chainedFrom, '0'.repeat(64));
    assert.equal(recorded.anchor.hash, range.anchor.hash);
    assert.match(recorded.anchor.checkpoint, /^[\w-]+\.[\w-]+\.[\w-]+$/);

    const verification = await gateway.context.evidence.verify();
    assert.equal(
      verification.ok,
      true,
      JSON.stringify(verification.chain.problems.concat((verification.records?.problems as never[]) ?? [])),
    );
    assert.equal(verification.chain.anchor.kind, 'purge');
    const verified = await cli(['audit', 'verify'], gateway.dir);
    assert.equal(verified.code, 0, verified.stdout);
    assert.match(verified.stdout, /starting from the signed retention anchor at entry 71/);

    // A later purge continues the anchors: each deletion chains from the previous anchor.
    gateway.clock.set(new Date(START + 430 * DAY));
    const next = await gateway.context.retention.purge({ trigger: 'cli' });
    assert.equal(next.audit.range?.fromSeq, 72);
    assert.equal(next.audit.range?.chainedFrom, range.anchor.hash);
    const again = await cli(['audit', 'verify'], gateway.dir);
    assert.equal(again.code, 0, again.stdout);

    // Deleting past the anchor by hand is not retention: it is caught.
    const firstSeq = (await query<{ seq: number }>(gateway, 'SELECT MIN(seq) AS seq FROM audit_log'))[0]?.seq ?? 0;
    await tamper(gateway, ['DELETE FROM audit_log WHERE seq <= ?', [firstSeq + 1]]);
    const broken = await cli(['audit', 'verify'], gateway.dir);
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, /no retention purge record accounts for them|anchored the chain at entry/);
  });

  it('a dry run deletes nothing and records nothing; --as-of says what will have expired', async () => {
    gateway.clock.set(new Date(START + 100 * DAY));
    const before = await query(gateway, 'SELECT seq FROM audit_log');
    const dry = await cli(['retention', 'purge', '--dry-run', '--as-of', new Date(START + 400 * DAY).toISOString()], gateway.dir);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /dry run: nothing was deleted/);
    assert.match(dry.stdout, /sessions: would delete 35 \(created 2026-01-05 – 2026-02-08\) with 70 masking event\(s\)/);
    assert.match(dry.stdout, /audit log \(kept 365d\): would delete entries 1–71/);
    assert.equal((await query(gateway, 'SELECT seq FROM audit_log')).length, before.length);
    assert.equal(await sessionsWithBodies(gateway), 100);
    const refused = await cli(['retention', 'purge', '--as-of', '2030-01-01'], gateway.dir);
    assert.equal(refused.code, 2);
  });

  it('never cuts a chain that does not verify: the expired entries stay as evidence, and the purge says why', async () => {
    await tamper(gateway, 'DELETE FROM audit_log WHERE seq = 10');
    gateway.clock.set(new Date(START + 400 * DAY));
    const report = await gateway.context.retention.purge({ trigger: 'cli' });
    assert.equal(report.audit.range, undefined);
    assert.match(report.audit.blocked ?? '', /the chain does not verify up to entry 72 \(entry 10 was deleted/);
    assert.equal(report.totals.sessions, 35, 'sessions still expire');
    assert.equal(
      (await query(gateway, 'SELECT MIN(seq) AS seq FROM audit_log'))[0] &&
        (await query<{ seq: number }>(gateway, 'SELECT MIN(seq) AS seq FROM audit_log'))[0]?.seq,
      1,
    );
    const [purge] = await query<{ data_json: string }>(gateway, 'SELECT data_json FROM audit_log WHERE type = ?', [PURGE_ENTRY_TYPE]);
    assert.match(purge?.data_json ?? '', /"auditBlocked":"the chain does not verify/);
  });

  it('records "metadata only" generators without bodies, and purges bodies recorded before the override at once', async () => {
    gateway.clock.set(new Date(START + 100 * DAY));
    const before = await gateway.run({ generator: 'config-template', user: 'ana', result: 'service: api', input: { service: 'api' } });
    gateway.applyPayloadPolicy();
    const after = await gateway.run({ generator: 'config-template', user: 'ana', result: 'service: api', input: { service: 'api' } });
    const report = await gateway.run({ result: `CPF ${CPF}` });

    const recorded = (await gateway.context.store.getSession(after))!;
    assert.equal(recorded.request?.body, null);
    assert.equal(recorded.response?.body, null);
    assert.ok((recorded.request?.bytes ?? 0) > 0 && (recorded.response?.bytes ?? 0) > 0, 'sizes are metadata');
    assert.match(
      JSON.stringify((await gateway.context.store.getSession(report))?.response?.body),
      /\[CPF\]/,
      'other generators keep their bodies',
    );
    assert.ok((await gateway.context.store.getSession(before))?.response?.body, 'recorded before the override');

    gateway.clock.advance(60_000);
    const purge = await gateway.context.retention.purge({ trigger: 'cli' });
    const scope = purge.scopes.find((s) => s.scope === 'generator:config-template');
    assert.equal(scope?.payloadsPeriod, 'metadata-only');
    assert.equal(scope?.payloads.count, 1);
    assert.equal((await gateway.context.store.getSession(before))?.response?.body, null);
  });

  it('deletes approvals, their votes and webhook deliveries with their sessions, and keeps runs still waiting', async () => {
    const old = byDay[0] ?? '';
    const waiting = byDay[1] ?? '';
    await tamper(
      gateway,
      [`UPDATE sessions SET status = 'pending_approval' WHERE id = ?`, [waiting]],
      ...[old, waiting].map((sessionId, i): readonly [string, unknown[]] => [
        `INSERT INTO approvals (id, session_id, status, created_at, updated_at, expires_at, requester, requester_json, generator, rule_id, policy_version, approvers_json, quorum, pending_ttl_ms, valid_for_ms, binding_hash, input_key_id)
         VALUES (?, ?, 'executed', '2026-01-05', '2026-01-05', '2026-01-06', 'dev:bruno', '{}', 'customer-report', 'r', 'v', '[]', 'any', 1, 1, 'h', 'a1')`,
        [`approval-${i}`, sessionId],
      ]),
      [
        `INSERT INTO approval_votes (approval_id, seq, approver, approver_json, groups_json, decision, reason, binding_hash, at) VALUES ('approval-0', 1, 'dev:carla', '{}', '[]', 'approve', 'ok', 'h', '2026-01-05')`,
        [],
      ],
      [
        `INSERT INTO approval_webhook_outbox (id, approval_id, event, payload, created_at, updated_at, next_attempt_at, status) VALUES ('d1', 'approval-0', 'decided', '{}', '2026-01-05', '2026-01-05', '2026-01-05', 'delivered')`,
        [],
      ],
    );
    gateway.clock.set(new Date(START + 400 * DAY));
    const report = await gateway.context.retention.purge({ trigger: 'cli' });
    assert.deepEqual(report.totals.linked, { approvals: 1, approval_votes: 1, approval_webhook_outbox: 1 });
    assert.deepEqual(
      (await query<{ id: string }>(gateway, 'SELECT id FROM approvals')).map((row) => row.id),
      ['approval-1'],
    );
    assert.ok(await gateway.context.store.getSession(waiting), 'a run waiting for approval is kept until it is final');
    assert.equal(await gateway.context.store.getSession(old), undefined);
  });

  it('purges on demand from the CLI (on the real clock) and prints what went', async () => {
    // Its own store, recorded 100 to 91 days before the real now, since the CLI runs on the real clock.
    const recent = await openTestGateway({ policyExtra: RETENTION, start: new Date(Date.now() - 100 * DAY).toISOString() });
    try {
      for (let day = 0; day < 10; day++) {
        recent.clock.set(new Date(Date.now() - (100 - day) * DAY));
        await recent.run({ result: `CPF ${CPF}` });
      }
      const result = await cli(['retention', 'purge'], recent.dir);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /default: payloads 30d, metadata 365d/);
      assert.match(result.stdout, /generator:config-template: payloads metadata-only, metadata 365d/);
      assert.match(result.stdout, /payload bodies: deleted 10 session\(s\), \d+ B \(created /);
      assert.match(result.stdout, /sessions: deleted 0 with 0 masking event\(s\)/);
      assert.match(result.stdout, /recorded in the audit log as entry 22/);
      const [entry] = await query<{ actor: string }>(recent, 'SELECT actor FROM audit_log WHERE seq = 22');
      assert.equal(entry?.actor, 'cli:privacy-officer');
      assert.equal(await sessionsWithBodies(recent), 0);
      assert.equal((await cli(['audit', 'verify'], recent.dir)).code, 0);
    } finally {
      await recent.close();
    }
  });
});
