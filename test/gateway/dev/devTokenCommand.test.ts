import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../../gateway/cli/main.js';
import type { CliIo } from '../../../gateway/cli/context.js';
import { startTestIdp, type TestIdp } from '../../support/devIdp.js';
import { makeTempDir, removeDir } from '../../support/tempDir.js';
import { verifyAccessToken } from './verifyToken.js';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

/** Runs `autogen-gate …` in-process, in a folder without a policy file unless the test writes one. */
async function run(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const io: CliIo = { stdin: new PassThrough(), stdout, stderr, env, cwd };
  const code = await main(argv, io);
  return { code, stdout: out(), stderr: err() };
}

function lastLine(text: string): string {
  const lines = text.trimEnd().split('\n');
  return lines[lines.length - 1] ?? '';
}

describe('autogen-gate dev-token', function () {
  this.timeout(20_000);
  let idp: TestIdp;
  let cwd: string;

  before(async () => {
    idp = await startTestIdp();
    cwd = makeTempDir();
  });

  after(async () => {
    await idp.close();
    removeDir(cwd);
  });

  it('prints a verifiable access token for a person as the last line', async () => {
    const result = await run(['dev-token', '--user', 'bruno', '--issuer', idp.issuer], cwd);
    assert.equal(result.code, 0, result.stderr);
    const { payload } = await verifyAccessToken(idp.issuer, lastLine(result.stdout));
    assert.equal(payload.sub, 'bruno');
    assert.deepEqual(payload['groups'], ['developers', 'data-engineers']);
    assert.match(result.stderr, /bruno \(developers, data-engineers\).*authorization code \+ PKCE/);
  });

  it('prints a ci-bot token through client credentials, with the secret from the data dir', async () => {
    const result = await run(['dev-token', '--user', 'ci-bot', '--issuer', idp.issuer, '--data-dir', idp.dataDir], cwd);
    assert.equal(result.code, 0, result.stderr);
    const { payload } = await verifyAccessToken(idp.issuer, lastLine(result.stdout));
    assert.equal(payload.sub, 'ci-bot');
    assert.deepEqual(payload['groups'], ['ci']);
    assert.match(result.stderr, /client credentials/);
  });

  it('takes the ci-bot secret from AUTOGEN_GATE_DEV_CI_SECRET, and says where to find one when there is none', async () => {
    const emptyDir = makeTempDir();
    try {
      const withEnv = await run(['dev-token', '--user', 'ci-bot', '--issuer', idp.issuer, '--data-dir', emptyDir], cwd, {
        AUTOGEN_GATE_DEV_CI_SECRET: idp.ciSecret,
      });
      assert.equal(withEnv.code, 0, withEnv.stderr);
      assert.equal((await verifyAccessToken(idp.issuer, lastLine(withEnv.stdout))).payload.sub, 'ci-bot');

      const without = await run(['dev-token', '--user', 'ci-bot', '--issuer', idp.issuer, '--data-dir', emptyDir], cwd);
      assert.equal(without.code, 1);
      assert.match(without.stderr, /AUTOGEN_GATE_DEV_CI_SECRET/);
      assert.equal(without.stdout, '');
    } finally {
      removeDir(emptyDir);
    }
  });

  it('finds the issuer and data dir in the policy file, as `npm start` runs them', async () => {
    const dir = makeTempDir();
    try {
      // The demo policy with this test IdP's issuer and data dir.
      const policy = readFileSync('autogen-gate.yaml', 'utf8')
        .replaceAll('http://127.0.0.1:8788', idp.issuer)
        .replace('dataDir: ./data', `dataDir: ${idp.dataDir}`);
      writeFileSync(join(dir, 'autogen-gate.yaml'), policy);
      const result = await run(['dev-token', '--user', 'ci-bot'], dir);
      assert.equal(result.code, 0, result.stderr);
      assert.equal((await verifyAccessToken(idp.issuer, lastLine(result.stdout))).payload.sub, 'ci-bot');
    } finally {
      removeDir(dir);
    }
  });

  it('refuses with NODE_ENV=production', async () => {
    const result = await run(['dev-token', '--user', 'ana', '--issuer', idp.issuer], cwd, { NODE_ENV: 'production' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /NODE_ENV=production/);
    assert.equal(result.stdout, '');
  });

  it('refuses an issuer that is not a loopback dev IdP', async () => {
    const result = await run(['dev-token', '--user', 'ana', '--issuer', 'https://login.example.com'], cwd);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /only talks to the embedded dev IdP on loopback/);
    assert.equal(result.stdout, '');
  });

  it('names the dev accounts for an unknown user (usage error)', async () => {
    const result = await run(['dev-token', '--user', 'mallory', '--issuer', idp.issuer], cwd);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /ana, bruno, carla, ci-bot/);
  });

  it('says so when the password is wrong, and when the IdP is not running', async () => {
    const wrong = await run(['dev-token', '--user', 'ana', '--issuer', idp.issuer, '--password', 'nope'], cwd);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /refused the login of ana/);

    const stopped = await startTestIdp();
    const issuer = stopped.issuer;
    await stopped.close();
    const down = await run(['dev-token', '--user', 'ana', '--issuer', issuer], cwd);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /is it running \(npm start\)/);
  });
});
