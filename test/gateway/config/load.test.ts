import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig, parseConfig } from '../../../gateway/config/load.js';
import { makeTempDir, removeDir } from '../../support/tempDir.js';
import { sqliteFileOf } from '../../support/storeFile.js';

const MINIMAL = `version: 1
identity:
  issuers:
    - id: company
      issuer: https://login.example.com
      audience: autogen-gate
upstreams:
  autogen:
    type: autogen-studio
    url: http://studio.internal:8081/
generators:
  report:
    upstream: autogen
    team: { label: report }
rules:
  - id: devs
    generators: [report]
    when: { groups: [developers] }
    decision: allow
`;

function issuesOf(text: string): ConfigError {
  try {
    parseConfig(text, '/etc/autogen-gate/autogen-gate.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  assert.fail('the configuration was accepted');
}

describe('policy file loading', () => {
  it('loads the demo policy that npm start uses', () => {
    const config = loadConfig(resolve('autogen-gate.yaml'));
    assert.deepEqual([...config.generators.keys()], ['config-template', 'customer-report']);
    assert.equal(config.server.port, 8787);
    assert.equal(sqliteFileOf(config.store), resolve('data/autogen-gate.db'));
    assert.equal(config.generators.get('customer-report')?.masking, 'lgpd');
    assert.equal(config.rules.find((rule) => rule.id === 'customer-report-privacy-approval')?.approval?.pendingTtlMs, 24 * 3_600_000);
    assert.match(config.source.version, /^[0-9a-f]{64}$/);
  });

  it('fills documented defaults and normalises durations, URLs and paths', () => {
    const config = parseConfig(MINIMAL, '/etc/autogen-gate/autogen-gate.yaml');
    assert.equal(config.server.host, '127.0.0.1');
    assert.equal(config.server.publicUrl, 'http://127.0.0.1:8787');
    assert.equal(config.identity.clockToleranceMs, 30_000);
    assert.deepEqual(config.identity.issuers[0]?.algorithms, ['RS256', 'PS256', 'ES256', 'EdDSA']);
    assert.deepEqual(config.identity.issuers[0]?.audiences, ['autogen-gate']);
    assert.equal(config.upstreams.get('autogen')?.url, 'http://studio.internal:8081');
    assert.equal(config.upstreams.get('autogen')?.timeoutMs, 120_000);
    assert.equal(config.dataDir, '/etc/autogen-gate/data');
    assert.equal(config.generators.get('report')?.masking, 'lgpd', 'masking is on unless turned off');
  });

  it('names an unknown key, its line, and suggests the right one', () => {
    const error = issuesOf(MINIMAL.replace('    decision: allow', '    decison: allow'));
    const issue = error.issues.find((candidate) => candidate.message.includes('decison'));
    assert.ok(issue, error.message);
    assert.equal(issue.path, 'rules[0].decison');
    assert.match(issue.message, /did you mean "decision"/);
    assert.equal(issue.line, 19);
    assert.match(error.message, /autogen-gate\.yaml/);
  });

  it('says which values an enum accepts and shows an example', () => {
    const error = issuesOf(MINIMAL.replace('decision: allow', 'decision: allw'));
    const issue = error.issues.find((candidate) => candidate.path === 'rules[0].decision');
    assert.ok(issue, error.message);
    assert.match(issue.message, /must be one of "allow", "deny", "approval" \(got "allw"\); did you mean "allow"/);
    assert.equal(issue.example, 'decision: allow');
  });

  it('refuses a secret written inline', () => {
    const error = issuesOf(`${MINIMAL}masking:\n  keys:\n    - id: k1\n      secret: 0123456789abcdef0123456789abcdef\n`);
    const issue = error.issues.find((candidate) => candidate.path === 'masking.keys[0].secret');
    assert.ok(issue, error.message);
    assert.match(issue.message, /secret reference \(env:NAME or file:PATH\)/);
  });

  it('refuses a rule that names a generator that does not exist', () => {
    const error = issuesOf(MINIMAL.replace('generators: [report]', 'generators: [reprot]'));
    assert.match(error.message, /rules\[0\]\.generators\[0\]: unknown generator "reprot"; defined: report/);
  });

  it('requires an approval block on approval rules and refuses duplicate rule ids', () => {
    const error = issuesOf(`${MINIMAL}  - id: devs\n    generators: [report]\n    decision: approval\n`);
    assert.ok(
      error.issues.some((issue) => issue.path === 'rules[1].approval' && /is required/.test(issue.message)),
      error.message,
    );
    const duplicate = issuesOf(`${MINIMAL}  - id: devs\n    generators: [report]\n    decision: deny\n`);
    assert.match(duplicate.message, /rule id "devs" is used twice/);
  });

  it('admits response masking a job at a time, 256 waiting for up to 30 s, unless configured', () => {
    const defaults = parseConfig(MINIMAL, '/etc/autogen-gate/autogen-gate.yaml');
    assert.deepEqual(defaults.server.masking, { budgetBytes: 2_097_152, queue: 256, queueWaitMs: 30_000 });
    const set = parseConfig(
      `${MINIMAL}server: { maskingBytes: 65536, maskingQueue: 0, maskingQueueWait: 500ms }\n`,
      '/etc/autogen-gate/autogen-gate.yaml',
    );
    assert.deepEqual(set.server.masking, { budgetBytes: 65_536, queue: 0, queueWaitMs: 500 });
  });

  it('refuses masking admission limits that make no sense, naming the key', () => {
    const none = issuesOf(`${MINIMAL}server: { maskingBytes: 0 }\n`);
    assert.ok(
      none.issues.some((issue) => issue.path === 'server.maskingBytes'),
      none.message,
    );
    const zeroWait = issuesOf(`${MINIMAL}server: { maskingQueueWait: 0s }\n`);
    const issue = zeroWait.issues.find((candidate) => candidate.path === 'server.maskingQueueWait');
    assert.ok(issue, zeroWait.message);
    assert.match(issue.message, /set server\.maskingQueue to 0/);
  });

  it('refuses a duration it cannot read', () => {
    const error = issuesOf(
      MINIMAL.replace('    url: http://studio.internal:8081/', '    url: http://studio.internal:8081/\n    timeout: 2 minutes'),
    );
    assert.match(error.message, /upstreams\.autogen\.timeout: must be a duration such as 30s, 15m, 24h or 7d \(got "2 minutes"\)/);
  });

  it('refuses turning masking off for a generator that handles personal data', () => {
    const error = issuesOf(
      MINIMAL.replace('    team: { label: report }', '    team: { label: report }\n    personalData: true\n    masking: none'),
    );
    assert.match(error.message, /personalData: true cannot turn masking off/);
  });

  it('reports YAML syntax errors with their line', () => {
    const error = issuesOf('version: 1\nidentity:\n  issuers: [\n');
    assert.match(error.message, /YAML syntax/);
    assert.ok(error.issues[0]?.line !== undefined);
  });

  it('explains a missing file', () => {
    const dir = makeTempDir();
    try {
      assert.throws(
        () => loadConfig(join(dir, 'nope.yaml')),
        (error: unknown) => error instanceof ConfigError && /cannot read the file/.test(error.message),
      );
      writeFileSync(join(dir, 'empty.yaml'), '');
      assert.throws(() => loadConfig(join(dir, 'empty.yaml')), /must be a YAML mapping/);
    } finally {
      removeDir(dir);
    }
  });

  describe('store', () => {
    const withStore = (store: string): string => `${MINIMAL}store:\n${store}`;

    it('takes an SQLite block alone, or with the driver key of earlier files', () => {
      const config = parseConfig(
        withStore('  sqlite: { path: gate.db, synchronous: full, busyTimeout: 5s, minFreeBytes: 1048576 }'),
        '/etc/autogen-gate/autogen-gate.yaml',
      );
      assert.deepEqual(config.store, {
        driver: 'sqlite',
        path: '/etc/autogen-gate/data/gate.db',
        synchronous: 'full',
        busyTimeoutMs: 5000,
        minFreeBytes: 1048576,
        replicaTimeoutMs: 0,
      });
      const legacy = parseConfig(withStore('  driver: sqlite\n  sqlite: { path: gate.db }'), '/etc/autogen-gate/autogen-gate.yaml');
      assert.deepEqual(legacy.store, {
        driver: 'sqlite',
        path: '/etc/autogen-gate/data/gate.db',
        synchronous: 'normal',
        busyTimeoutMs: 2000,
        minFreeBytes: 64 * 1024 * 1024,
        replicaTimeoutMs: 0,
      });
      assert.equal(parseConfig(MINIMAL, '/etc/autogen-gate/autogen-gate.yaml').store.driver, 'sqlite', 'SQLite when no engine is named');
    });

    it('takes a PostgreSQL URL with its password as a secret reference, file paths anchored at the policy file', () => {
      const config = parseConfig(
        withStore(
          '  postgres:\n    url: postgres://gate@db.internal:5432/gate?sslmode=require\n    password: file:secrets/db-password\n    poolSize: 4',
        ),
        '/etc/autogen-gate/autogen-gate.yaml',
      );
      assert.deepEqual(config.store, {
        driver: 'postgres',
        url: 'postgres://gate@db.internal:5432/gate?sslmode=require',
        password: 'file:/etc/autogen-gate/secrets/db-password',
        poolSize: 4,
        connectTimeoutMs: 5000,
        lockTimeoutMs: 5000,
        replicaTimeoutMs: 30_000,
      });
      const referenced = parseConfig(
        withStore('  postgres: { url: env:AUTOGEN_GATE_DATABASE_URL }'),
        '/etc/autogen-gate/autogen-gate.yaml',
      );
      assert.equal(referenced.store.driver === 'postgres' && referenced.store.url, 'env:AUTOGEN_GATE_DATABASE_URL');
    });

    it('refuses two engines, a driver that contradicts the block, a password inside the URL and an inline password', () => {
      const both = issuesOf(withStore('  sqlite: { path: gate.db }\n  postgres: { url: "postgres://gate@db/gate" }'));
      const twoEngines = both.issues.find((issue) => issue.path === 'store');
      assert.match(twoEngines?.message ?? '', /exactly one/);
      assert.match(twoEngines?.example ?? '', /postgres:/, 'shows an example');

      const contradiction = issuesOf(withStore('  driver: postgres\n  sqlite: { path: gate.db }'));
      assert.ok(contradiction.issues.some((issue) => issue.path === 'store.driver' && /no postgres block/.test(issue.message)));

      const inline = issuesOf(withStore('  postgres: { url: "postgres://gate:hunter2@db/gate" }'));
      const url = inline.issues.find((issue) => issue.path === 'store.postgres.url');
      assert.match(url?.message ?? '', /password written inline/);
      assert.doesNotMatch(inline.message, /hunter2/, 'the error does not repeat the password');

      const password = issuesOf(withStore('  postgres: { url: "postgres://gate@db/gate", password: hunter2 }'));
      assert.ok(password.issues.some((issue) => issue.path === 'store.postgres.password' && /secret reference/.test(issue.message)));

      const scheme = issuesOf(withStore('  postgres: { url: "mysql://gate@db/gate" }'));
      assert.ok(scheme.issues.some((issue) => issue.path === 'store.postgres.url' && /postgres:\/\//.test(issue.message)));
    });
  });
});
