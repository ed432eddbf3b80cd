/**
 * Data-subject look-up on a store with many sessions: every session that masked a given CPF is
 * found (whatever its formatting, across a key rotation), nothing for a CPF that never passed,
 * and neither the store nor the audit log ever holds the value.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpfCheckDigits, demoCustomers, formatCpf, seededRandom, type DemoCustomer } from '../../../gateway/dev/demoRuntime/demoData.js';
import { loadConfig } from '../../../gateway/config/load.js';
import { builtinProfile, createKeyring, createMasker } from '../../../gateway/masking/index.js';
import type { SignedDocument } from '../../../gateway/evidence/signedDocument.js';
import type { SubjectReport } from '../../../gateway/subjects/types.js';
import { cli, openTestGateway, RawDb, testPolicy, type TestGateway } from '../evidence/support.js';
import { sqliteFileOf } from '../../support/storeFile.js';

function reportRows(people: readonly DemoCustomer[]): string {
  return ['| Nome | CPF | E-mail |', '| --- | --- | --- |', ...people.map((p) => `| ${p.nome} | ${p.cpf} | ${p.email} |`)].join('\n');
}

/** A valid CPF that no demo customer has. */
function unusedCpf(used: ReadonlySet<string>): string {
  for (let n = 100_000_000; ; n++) {
    const base = String(n).split('').map(Number);
    const cpf = formatCpf([...base, ...cpfCheckDigits(base)]);
    if (!used.has(cpf)) return cpf;
  }
}

function storeBytes(gateway: TestGateway): string {
  const path = sqliteFileOf(gateway.config.store);
  return [path, `${path}-wal`]
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString('latin1'))
    .join('');
}

describe('subject find (data-subject look-up)', function () {
  this.timeout(120_000);
  const people = demoCustomers(40, 77);
  const target = people[7] as DemoCustomer;
  let gateway: TestGateway;
  /** Sessions whose result included the target. */
  const expected = new Set<string>();
  const all: string[] = [];

  before(async () => {
    gateway = await openTestGateway();
    const random = seededRandom(5);
    for (let i = 0; i < 300; i++) {
      gateway.clock.advance(20 * 60_000);
      const sample = Array.from({ length: 3 }, () => people[Math.floor(random() * people.length)] as DemoCustomer);
      const id = await gateway.run({ result: `Relatório ${i}\n\n${reportRows(sample)}` });
      all.push(id);
      if (sample.includes(target)) expected.add(id);
    }
    assert.ok(expected.size >= 10 && expected.size < 100, `the target appears in ${expected.size} sessions`);
  });
  after(async () => {
    await gateway.close();
  });

  it('finds every session that masked the CPF, and only those, whatever its formatting', async () => {
    for (const cpf of [target.cpf, target.cpf.replace(/\D/g, '')]) {
      const result = await cli(['subject', 'find', '--cpf', cpf, '--json'], gateway.dir);
      assert.equal(result.code, 0, result.stderr);
      const report = JSON.parse(result.stdout) as SubjectReport;
      assert.deepEqual(new Set(report.matches.map((m) => m.sessionId)), expected);
      assert.equal(report.summary.sessions, expected.size);
      for (const match of report.matches) {
        assert.ok(match.occurrences.every((o) => o.detector === 'cpf' && o.location.startsWith('result:/text')));
        assert.equal(match.generator, 'customer-report');
        assert.ok(match.createdAt);
      }
    }
  });

  it('finds the same sessions by e-mail, and names by name (with the homonym warning)', async () => {
    const byEmail = JSON.parse(
      (await cli(['subject', 'find', '--email', target.email.toUpperCase(), '--json'], gateway.dir)).stdout,
    ) as SubjectReport;
    assert.deepEqual(new Set(byEmail.matches.map((m) => m.sessionId)), expected);
    const byName = JSON.parse((await cli(['subject', 'find', '--name', target.nome, '--json'], gateway.dir)).stdout) as SubjectReport;
    for (const id of expected)
      assert.ok(
        byName.matches.some((m) => m.sessionId === id),
        `name look-up missed ${id}`,
      );
    assert.match(byName.notes.join(' '), /Names are not unique/);
  });

  it('finds nothing for a CPF that never passed, and says when a CPF cannot be one', async () => {
    const never = unusedCpf(new Set(people.map((p) => p.cpf)));
    const result = await cli(['subject', 'find', '--cpf', never], gateway.dir);
    assert.equal(result.code, 0);
    assert.match(
      result.stdout,
      /No session recorded this cpf \(searched 1 masking key\(s\); records kept since 2026-01-05T09:20:00\.000Z\)/,
    );
    const invalid = await cli(['subject', 'find', '--cpf', '123.456.789-00'], gateway.dir);
    assert.match(invalid.stdout, /Note: The CPF given is not valid/);
  });

  it('writes a signed report for the request, and records the look-up with HMACs, never the value', async () => {
    const result = await cli(
      ['subject', 'find', '--cpf', target.cpf, '--reference', 'LGPD-2026-0113', '--out', 'subject.json'],
      gateway.dir,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`Found in ${expected.size} session\\(s\\)`));
    assert.match(result.stdout, /Recorded in the audit log as entry (\d+)/);
    const file = readFileSync(join(gateway.dir, 'subject.json'), 'utf8');
    assert.equal(file.includes(target.cpf), false);
    assert.equal(file.includes(target.cpf.replace(/\D/g, '')), false);
    const document = JSON.parse(file) as SignedDocument<SubjectReport>;
    assert.equal(document.content.reference, 'LGPD-2026-0113');
    const verified = await cli(['evidence', 'verify', 'subject.json'], gateway.dir);
    assert.equal(verified.code, 0, verified.stdout);
    assert.match(verified.stdout, /subject\.json: VERIFIED\n  subject report /);

    const db = await RawDb.open(sqliteFileOf(gateway.config.store));
    const [entry] = await db.all<{ actor: string; data_json: string }>(
      "SELECT actor, data_json FROM audit_log WHERE type = 'subject.lookup' ORDER BY seq DESC LIMIT 1",
    );
    await db.close();
    assert.equal(entry?.actor, 'cli:privacy-officer');
    const data = JSON.parse(entry?.data_json ?? '{}') as {
      reference: string;
      query: Array<{ detector: string; hmacs: Array<{ keyId: string; hmac: string }> }>;
      sessions: number;
      exported: boolean;
    };
    assert.equal(data.reference, 'LGPD-2026-0113');
    assert.equal(data.sessions, expected.size);
    assert.equal(data.exported, true);
    assert.equal(data.query[0]?.detector, 'cpf');
    assert.match(data.query[0]?.hmacs[0]?.hmac ?? '', /^[0-9a-f]{64}$/);
    // Not in the store file, not in its write-ahead log: no CPF, no e-mail of anyone, ever.
    const bytes = storeBytes(gateway);
    for (const person of people) {
      assert.equal(bytes.includes(person.cpf), false, `${person.cpf} is in the store`);
      assert.equal(bytes.includes(person.cpf.replace(/\D/g, '')), false, `${person.cpf} (digits) is in the store`);
      assert.equal(bytes.includes(person.email), false, `${person.email} is in the store`);
    }
  });

  it('finds events recorded before a key rotation', async () => {
    // Rotate: a new current key k2, the old k1 still listed for look-ups.
    const rotated = testPolicy('masking:\n  keys: [{ id: k2 }, { id: k1 }]\n');
    writeFileSync(gateway.configPath, rotated);
    const config = loadConfig(gateway.configPath);
    const masker = createMasker(builtinProfile(), createKeyring(config.masking, join(config.dataDir, 'keys'), config.baseDir));
    const after = await gateway.run({ result: `Depois da rotação: ${reportRows([target])}`, masker });
    const result = await cli(['subject', 'find', '--cpf', target.cpf, '--json'], gateway.dir);
    const report = JSON.parse(result.stdout) as SubjectReport;
    assert.deepEqual(report.coverage.keys, ['k2', 'k1']);
    assert.deepEqual(new Set(report.matches.map((m) => m.sessionId)), new Set([...expected, after]));
    assert.deepEqual(new Set(report.matches.flatMap((m) => m.occurrences.map((o) => o.keyId))), new Set(['k1', 'k2']));
  });
});
