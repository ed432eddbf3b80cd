/**
 * `autogen-gate audit verify` on a real store tampered with the way someone with access to the
 * database file would: each kind of change is detected and the first broken link is named.
 */
import { strict as assert } from 'node:assert';
import { hashAuditEntry, type AuditEntry } from '../../../gateway/audit/chain.js';
import { signCheckpoint } from '../../../gateway/audit/checkpoints.js';
import { ephemeralSigner } from '../../../gateway/evidence/signingKey.js';
import { cli, openTestGateway, RawDb, tamper, type TestGateway } from '../evidence/support.js';
import { sqliteFileOf } from '../../support/storeFile.js';

const CPF = '529.982.247-25';

interface Row {
  seq: number;
  at: string;
  type: string;
  actor: string;
  session_id: string | null;
  data_json: string;
  prev_hash: string;
  hash: string;
}

async function rows(gateway: TestGateway): Promise<Row[]> {
  const db = await RawDb.open(sqliteFileOf(gateway.config.store));
  try {
    return await db.all<Row>('SELECT * FROM audit_log ORDER BY seq');
  } finally {
    await db.close();
  }
}

function entryOf(row: Row): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    type: row.type,
    actor: row.actor,
    sessionId: row.session_id ?? undefined,
    data: JSON.parse(row.data_json) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

async function verify(gateway: TestGateway, ...extra: string[]): Promise<{ code: number; out: string }> {
  const result = await cli(['audit', 'verify', ...extra], gateway.dir);
  return { code: result.code, out: result.stdout + result.stderr };
}

function firstBroken(out: string): string {
  const line = out.split('\n').find((l) => l.includes('First broken link:'));
  assert.ok(line, `no "First broken link" in:\n${out}`);
  return line;
}

describe('audit verify (live store)', function () {
  this.timeout(30_000);
  let gateway: TestGateway;

  beforeEach(async () => {
    gateway = await openTestGateway();
    for (let i = 0; i < 30; i++) {
      gateway.clock.advance(60_000);
      if (i % 7 === 3) await gateway.run({ user: 'ana', effect: 'deny' });
      else
        await gateway.run({
          result: i % 2 === 0 ? `Cliente Maria Souza, CPF ${CPF}, e-mail maria.souza@exemplo.com.br.` : 'Relatório sem dados pessoais.',
        });
    }
  });
  afterEach(async () => {
    await gateway.close();
  });

  it('passes on an untouched store, found through the same configuration lookup as serve', async () => {
    const { code, out } = await verify(gateway);
    assert.equal(code, 0, out);
    assert.match(out, /Audit chain of .*gate\.db: OK/);
    assert.match(out, /57 entries \(1–57\), starting from genesis/);
    assert.match(out, /30 session record\(s\)/);
    assert.doesNotMatch(out, /First broken link/);
  });

  it('names an edited entry, and what differs from the session it records', async () => {
    const denied = (await rows(gateway)).find((row) => row.type === 'policy.denied');
    assert.ok(denied);
    await tamper(gateway, [`UPDATE audit_log SET data_json = json_set(data_json, '$.decision', 'allow') WHERE seq = ?`, [denied.seq]]);
    const { code, out } = await verify(gateway);
    assert.equal(code, 1);
    const line = firstBroken(out);
    assert.match(line, new RegExp(`entry ${denied.seq} \\(policy\\.denied, .*\\) was edited: its content no longer matches its hash`));
    assert.match(line, /decision is "deny" in the session record but "allow" in the chain/);
  });

  it('names a deleted entry', async () => {
    await tamper(gateway, 'DELETE FROM audit_log WHERE seq = 20');
    const { code, out } = await verify(gateway);
    assert.equal(code, 1);
    assert.match(firstBroken(out), /entry 20 was deleted: the chain jumps from entry 19 to 21/);
  });

  it('names two reordered entries', async () => {
    await tamper(
      gateway,
      'UPDATE audit_log SET seq = -1 WHERE seq = 30',
      'UPDATE audit_log SET seq = 30 WHERE seq = 31',
      'UPDATE audit_log SET seq = 31 WHERE seq = -1',
    );
    const { code, out } = await verify(gateway);
    assert.equal(code, 1);
    assert.match(firstBroken(out), /entries were reordered: the entry stored at seq 30 \(.*\) was recorded as seq 31/);
    // The swap is reported once per moved entry, not as a cascade of broken links after it.
    assert.match(out, /the entry stored at seq 31 \(.*\) was recorded as seq 30/);
    assert.doesNotMatch(out, /entries 31 and 32/);
  });

  it('names an entry edited with its hash recomputed (the link after it breaks)', async () => {
    const target = (await rows(gateway)).find((row) => row.seq === 25);
    assert.ok(target);
    const entry = entryOf(target);
    const forged = { ...entry, actor: 'dev:someone-else' };
    await tamper(gateway, ['UPDATE audit_log SET actor = ?, hash = ? WHERE seq = 25', [forged.actor, hashAuditEntry(forged)]]);
    const { code, out } = await verify(gateway);
    assert.equal(code, 1);
    assert.match(firstBroken(out), /the link between entries 25 and 26 is broken: .* entry 25 was altered and its hash recomputed/);
  });

  it('reports the first broken link when several were broken', async () => {
    await tamper(gateway, 'DELETE FROM audit_log WHERE seq = 40', `UPDATE audit_log SET type = 'session.tampered' WHERE seq = 12`);
    const { code, out } = await verify(gateway);
    assert.equal(code, 1);
    assert.match(firstBroken(out), /entry 12 \(session\.tampered, .*\) was edited/);
    assert.match(out, /entry 40 was deleted/);
  });

  it('detects a chain rewritten after a signed checkpoint (every hash recomputed)', async () => {
    assert.equal((await cli(['audit', 'checkpoint'], gateway.dir)).code, 0);
    // Rewrite from entry 10 on, recomputing every hash and link so the chain is self-consistent.
    const all = await rows(gateway);
    const db = await RawDb.open(sqliteFileOf(gateway.config.store));
    let previous = all.find((row) => row.seq === 9)?.hash ?? '';
    for (const row of all.filter((r) => r.seq >= 10)) {
      const entry = { ...entryOf(row), prevHash: previous, ...(row.seq === 10 ? { actor: 'dev:mallory' } : {}) };
      const hash = hashAuditEntry(entry);
      await db.run('UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?', [entry.actor, previous, hash, row.seq]);
      previous = hash;
    }
    await db.close();
    const { code, out } = await verify(gateway, '--chain-only');
    assert.equal(code, 1);
    assert.match(
      firstBroken(out),
      /entry 57 is not the entry signed in the checkpoint of .*: the chain was rewritten at or before entry 57/,
    );
  });

  it('detects a rewrite that also removed every checkpoint, against a bundle the privacy office holds (--anchor)', async () => {
    assert.equal((await cli(['evidence', 'export', '--from', '2020-01-01', '--out', 'held.json'], gateway.dir)).code, 0);
    const all = await rows(gateway);
    const db = await RawDb.open(sqliteFileOf(gateway.config.store));
    let previous = all.find((row) => row.seq === 19)?.hash ?? '';
    for (const row of all.filter((r) => r.seq >= 20)) {
      const entry = { ...entryOf(row), prevHash: previous, ...(row.seq === 20 ? { actor: 'dev:mallory' } : {}) };
      const hash = hashAuditEntry(entry);
      await db.run('UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?', [entry.actor, previous, hash, row.seq]);
      previous = hash;
    }
    await db.run('DELETE FROM audit_checkpoints');
    await db.close();
    assert.equal((await verify(gateway, '--chain-only')).code, 0, 'self-consistent, and no checkpoint left to contradict it');
    const { code, out } = await verify(gateway, '--chain-only', '--anchor', 'held.json');
    assert.equal(code, 1);
    assert.match(firstBroken(out), /entry 57 is not the entry signed in the checkpoint of .* \(bundle held\.json\)/);
  });

  it('detects a cut-off tail that a signed checkpoint vouched for', async () => {
    assert.equal((await cli(['audit', 'checkpoint'], gateway.dir)).code, 0);
    await tamper(gateway, 'DELETE FROM audit_log WHERE seq > 50');
    const { code, out } = await verify(gateway, '--chain-only');
    assert.equal(code, 1);
    assert.match(
      firstBroken(out),
      /the chain was cut off: it ends at entry 50, but a checkpoint signed at .* vouches for entry 57; entries 51–57 were deleted/,
    );
  });

  it('refuses a checkpoint signed by another key', async () => {
    const intruder = await ephemeralSigner();
    const forged = await signCheckpoint(intruder, { seq: 5, hash: 'f'.repeat(64), at: new Date().toISOString(), reason: 'manual' });
    await tamper(gateway, [
      'INSERT INTO audit_checkpoints (seq, hash, at, reason, kid, jws) VALUES (?, ?, ?, ?, ?, ?)',
      [forged.seq, forged.hash, forged.at, forged.reason, forged.kid, forged.jws],
    ]);
    const { code, out } = await verify(gateway);
    assert.equal(code, 1);
    assert.match(
      firstBroken(out),
      /the checkpoint stored for entry 5 does not verify \(signed by key .*, which is not among the trusted keys/,
    );
  });

  it('refuses old entries deleted outside retention (no purge record anchors the chain)', async () => {
    await tamper(gateway, 'DELETE FROM audit_log WHERE seq <= 3');
    const { code, out } = await verify(gateway);
    assert.equal(code, 1);
    assert.match(firstBroken(out), /entries 1–3 \(3 entries\) are missing and no retention purge record accounts for them/);
  });

  it('detects a session record edited after the fact (the chain itself intact)', async () => {
    const denied = (await rows(gateway)).find((row) => row.type === 'policy.denied');
    assert.ok(denied?.session_id);
    await tamper(gateway, [`UPDATE sessions SET decision = 'allow', rule_id = 'engineers-report' WHERE id = ?`, [denied.session_id]]);
    const { code, out } = await verify(gateway);
    assert.equal(code, 1);
    assert.match(
      out,
      new RegExp(
        `session ${denied.session_id} was edited after it was recorded: decision is "allow" in the session record but "deny" in the chain; rule is "engineers-report" in the session record but "nobody-else" in the chain \\(entry ${denied.seq}\\)`,
      ),
    );
    assert.equal((await verify(gateway, '--chain-only')).code, 0, 'the chain alone is intact');
  });

  it('detects masking events edited, deleted or added (sealed in the chain)', async () => {
    // Since migration 008 a write's events are one row, a JSON array: an event is edited, deleted or added inside it.
    const events = await (async () => {
      const db = await RawDb.open(sqliteFileOf(gateway.config.store));
      try {
        return await db.all<{ session_id: string; seq: number; batch_id: number; position: number }>(
          `SELECT b.session_id, json_extract(e.value, '$.seq') AS seq, b.id AS batch_id, e.key AS position
           FROM masking_batches b, json_each(b.events_json) e WHERE json_extract(e.value, '$.detector') = 'cpf' ORDER BY b.session_id, seq`,
        );
      } finally {
        await db.close();
      }
    })();
    assert.ok(events.length >= 3);
    const sessions = [...new Set(events.map((event) => event.session_id))];
    const [edited, deleted, added] = sessions.map((id) => events.find((event) => event.session_id === id));
    assert.ok(edited && deleted && added);
    await tamper(
      gateway,
      [
        `UPDATE masking_batches SET events_json = json_set(events_json, '$[' || ? || '].hmac', ?) WHERE id = ?`,
        [edited.position, '0'.repeat(64), edited.batch_id],
      ],
      [
        `UPDATE masking_batches SET events_json = json_remove(events_json, '$[' || ? || ']') WHERE id = ?`,
        [deleted.position, deleted.batch_id],
      ],
      [
        `INSERT INTO masking_batches (session_id, first_seq, event_count, events_json)
         VALUES (?, 99, 1, json_array(json_object('at', ?, 'detector', 'cpf', 'hmac', ?, 'keyId', 'k1', 'location', 'result:/text:offset:0', 'replacement', '[CPF]', 'seq', 99)))`,
        [added.session_id, gateway.clock.now().toISOString(), '1'.repeat(64)],
      ],
    );
    const { code, out } = await verify(gateway);
    assert.equal(code, 1);
    assert.match(out, new RegExp(`session ${edited.session_id}: the masking events sealed in entry \\d+ \\(seq .*\\) were edited`));
    assert.match(out, new RegExp(`session ${deleted.session_id}: 1 of the \\d+ masking events sealed in entry \\d+ were deleted`));
    assert.match(
      out,
      new RegExp(
        `session ${added.session_id}: 1 masking event\\(s\\) \\(seq 99\\) are not sealed by any audit entry: they were added afterwards`,
      ),
    );
  });

  it('detects a session written into the store without its audit entries', async () => {
    await tamper(gateway, [
      `INSERT INTO sessions (id, kind, request_id, created_at, updated_at, subject, issuer_id, identity_json, generator, upstream, method, path, decision, rule_id, policy_version, status, masking_json)
       VALUES ('forged-session', 'run', 'r', ?, ?, 'bruno', 'dev', '{}', 'customer-report', 'runtime', 'POST', '/x', 'allow', 'engineers-report', 'v', 'succeeded', '{}')`,
      [gateway.clock.now().toISOString(), gateway.clock.now().toISOString()],
    ]);
    const { code, out } = await verify(gateway);
    assert.equal(code, 1);
    assert.match(out, /session forged-session \(created .*\) has no opening audit entry/);
  });

  it('answers --json for scripts', async () => {
    await tamper(gateway, 'DELETE FROM audit_log WHERE seq = 33');
    const result = await cli(['audit', 'verify', '--json'], gateway.dir);
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout) as { ok: boolean; chain: { problems: Array<{ kind: string; seq: number; message: string }> } };
    assert.equal(report.ok, false);
    assert.equal(report.chain.problems[0]?.kind, 'deleted');
    assert.equal(report.chain.problems[0]?.seq, 33);
    assert.match(report.chain.problems[0]?.message ?? '', /entry 33 was deleted/);
  });
});

describe('audit verify while the gateway writes', function () {
  this.timeout(60_000);

  it('sees one consistent snapshot: sessions recorded during verification are never reported as unrecorded', async () => {
    const gateway = await openTestGateway();
    let writing = true;
    let written = 0;
    // Two writers recording sessions back to back for as long as the verifications run.
    const writers = [0, 1].map(async () => {
      while (writing) {
        await gateway.run({ result: `CPF ${CPF}` });
        written++;
      }
    });
    try {
      // At least 10 verifications, and until sessions were recorded under most of them.
      for (let round = 0; round < 10 || written < 40; round++) {
        const verification = await gateway.context.evidence.verify();
        assert.equal(verification.ok, true, `round ${round}: ${JSON.stringify(verification.records?.problems.slice(0, 2))}`);
      }
      writing = false;
      await Promise.all(writers);
      const final = await gateway.context.evidence.verify();
      assert.equal(final.ok, true);
      assert.equal(final.records?.sessionsChecked, written);
    } finally {
      writing = false;
      await Promise.all(writers).catch(() => undefined);
      await gateway.close();
    }
  });
});
