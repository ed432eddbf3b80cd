/**
 * deploy/make-secrets.sh: the keys it writes are the ones the shipped policies reference, and the
 * gateway's own key loaders accept them as they are.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputCipher } from '../../gateway/approvals/inputCipher.js';
import { parseConfig } from '../../gateway/config/load.js';
import { loadEvidenceSigner } from '../../gateway/evidence/signingKey.js';
import { createKeyring } from '../../gateway/masking/keyring.js';
import { makeTempDir, removeDir } from '../support/tempDir.js';
import { POLICY_MOUNT_PATH, policyData, secretReferences, shippedPolicies } from './support/shippedPolicies.js';

const SCRIPT = resolve('deploy/make-secrets.sh');
const KEYS_MOUNT = '/run/secrets/autogen-gate/';

function makeSecrets(dir: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('sh', [SCRIPT, dir], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function contents(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

describe('deploy/make-secrets.sh', () => {
  let work: string;
  let secrets: string;

  beforeEach(() => {
    work = makeTempDir('autogen-gate-secrets-');
    secrets = join(work, 'secrets');
  });
  afterEach(() => removeDir(work));

  it('creates every key file the shipped policies reference, in a folder only its owner can enter', () => {
    const made = makeSecrets(secrets);
    assert.equal(made.status, 0, made.stderr);
    const files = readdirSync(secrets).sort();
    assert.deepEqual(files, ['database-url', 'evidence-signing-key.pem', 'held-input-key', 'masking-key', 'postgres-password']);
    assert.equal(statSync(secrets).mode & 0o777, 0o700);
    for (const policy of shippedPolicies()) {
      for (const { key, ref } of secretReferences(policyData(policy))) {
        assert.ok(files.includes(ref.slice(`file:${KEYS_MOUNT}`.length)), `${policy.file}: ${key} → ${ref}`);
      }
    }
  });

  it('writes keys that the gateway loads as the shipped policy names them, generating none of its own', async () => {
    assert.equal(makeSecrets(secrets).status, 0);
    const policy = shippedPolicies().find((shipped) => shipped.example === 'sidecar');
    assert.ok(policy);
    const config = parseConfig(policy.text.replaceAll(`file:${KEYS_MOUNT}`, `file:${secrets}/`), POLICY_MOUNT_PATH);
    const keysDir = join(work, 'keys');

    const keyring = createKeyring(config.masking, keysDir, config.baseDir);
    assert.equal(keyring.currentKeyId, 'k1');
    const { cipher, generated } = InputCipher.fromConfig(config.approvals.inputKeys, keysDir, config.baseDir);
    assert.deepEqual(generated, []);
    const aad = Buffer.from('run-1');
    assert.equal(cipher.open(cipher.seal(Buffer.from('{"month":"novembro"}'), aad), aad).toString(), '{"month":"novembro"}');
    const evidence = await loadEvidenceSigner(config.evidence, keysDir, config.baseDir);
    assert.equal(evidence.signer.alg, 'ES256');
    assert.equal(evidence.generated, false);
    assert.deepEqual(readdirSync(keysDir), ['evidence-public.jwks'], 'only the public half is written');
  });

  it('writes the database URL with the PostgreSQL password, or $DATABASE_URL as given', () => {
    assert.equal(makeSecrets(secrets).status, 0);
    const password = readFileSync(join(secrets, 'postgres-password'), 'utf8').trim();
    const url = new URL(readFileSync(join(secrets, 'database-url'), 'utf8').trim());
    assert.equal(url.protocol, 'postgres:');
    assert.equal(url.hostname, 'postgres', 'the compose service');
    assert.equal(url.password, password);

    const managed = join(work, 'managed');
    assert.equal(makeSecrets(managed, { DATABASE_URL: 'postgres://gate@db.internal:5432/gate?sslmode=verify-full' }).status, 0);
    assert.equal(readFileSync(join(managed, 'database-url'), 'utf8'), 'postgres://gate@db.internal:5432/gate?sslmode=verify-full\n');
  });

  it('never replaces a key: a second run keeps every file as it was', () => {
    assert.equal(makeSecrets(secrets).status, 0);
    const first = contents(secrets);
    const again = makeSecrets(secrets);
    assert.equal(again.status, 0);
    assert.deepEqual(contents(secrets), first);
    assert.equal((again.stdout.match(/^kept /gm) ?? []).length, 5);
  });

  it('says how to call it when the folder is missing', () => {
    const bare = spawnSync('sh', [SCRIPT], { encoding: 'utf8' });
    assert.equal(bare.status, 2);
    assert.match(bare.stderr, /^usage: .* DIR/);
  });
});
