import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { credentialsPath, type StoredLogin } from '../../../gateway/cli/client/credentialStore.js';
import { LoginError, refreshLogin } from '../../../gateway/cli/client/deviceLogin.js';
import { ExitCode } from '../../../gateway/cli/exitCodes.js';
import { approveDeviceCode } from '../../../gateway/dev/devTokens.js';
import { runCli, type CliRun } from '../../support/cli.js';
import { startHarness, type Harness } from '../../support/gatewayHarness.js';
import { deadPort } from '../../support/httpUpstream.js';

describe('autogen-gate login and logout', function () {
  this.timeout(60_000);
  let harness: Harness;
  let env: NodeJS.ProcessEnv;
  let path: string;

  const stored = (): StoredLogin => JSON.parse(readFileSync(path, 'utf8')) as StoredLogin;

  /** `autogen-gate login ARGS`, typing the code on the dev IdP's device page as `user` would. */
  async function login(user: string, args: readonly string[] = []): Promise<CliRun> {
    let approving: Promise<void> | undefined;
    const run = await runCli(['login', ...args], {
      env,
      onStderr: (text) => {
        const shown = /open (\S+) and enter the code (\S+)/.exec(text);
        if (shown && !approving) approving = approveDeviceCode(shown[1] ?? '', shown[2] ?? '', user);
      },
    });
    await approving;
    return run;
  }

  before(async () => {
    harness = await startHarness();
    env = { AUTOGEN_GATE_URL: harness.gateway.url, AUTOGEN_GATE_ISSUER: harness.idp.issuer, XDG_CONFIG_HOME: join(harness.dir, 'home') };
    path = credentialsPath(env);
  });
  after(() => harness.stop());

  it('signs in with a device code and keeps the token for the owner only', async () => {
    const run = await login('ana');
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.match(run.stderr, new RegExp(`^To sign in, open ${harness.idp.issuer}/device and enter the code [A-Z]{4}-[A-Z]{4}\\n`));
    assert.match(
      run.stderr,
      new RegExp(`Signed in as Ana Souza \\(ana\\) at ${harness.idp.issuer}\\. The token is in ${path} \\(readable by you only\\)`),
    );
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(dirname(path)).mode & 0o777, 0o700);
    assert.equal(stored().clientId, 'autogen-gate-cli');
    assert.ok(stored().refreshToken, 'a refresh token is kept');
  });

  it('lets the people-facing commands use the login; an explicit token still comes first', async () => {
    const generators = await runCli(['generators'], { env });
    assert.equal(generators.code, ExitCode.ok, generators.stderr);
    assert.match(generators.stdout, /^As Ana Souza \(ana; groups: developers\):/);
    const run = await runCli(['run', 'config-template', '--set', 'service=ledger'], { env });
    assert.match(run.stderr, /authenticated with the login of Ana Souza at http:\/\/127\.0\.0\.1:\d+/);
    const carla = await runCli(['generators'], { env: { ...env, AUTOGEN_GATE_TOKEN: await harness.token('carla') } });
    assert.match(carla.stdout, /^As Carla Mendes/);
  });

  it('refreshes an expired token, and saves the rotated refresh token', async () => {
    const before = stored();
    writeFileSync(path, JSON.stringify({ ...before, expiresAt: Date.now() - 1000 }), { mode: 0o600 });
    const run = await runCli(['sessions'], { env });
    assert.equal(run.code, ExitCode.ok, run.stderr);
    const after = stored();
    assert.notEqual(after.accessToken, before.accessToken);
    assert.notEqual(after.refreshToken, before.refreshToken);
    assert.ok(after.expiresAt > Date.now() + 60_000);
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });

  it('refuses a token file other users can read', async () => {
    chmodSync(path, 0o644);
    const run = await runCli(['generators'], { env });
    assert.equal(run.code, ExitCode.gatewayUnreachable);
    assert.match(run.stderr, /can be read by other users; remove it and run autogen-gate login again \(or chmod 600 /);
    chmodSync(path, 0o600);
  });

  it('logout revokes the login at the issuer and forgets it', async () => {
    const before = stored();
    const run = await runCli(['logout'], { env });
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.match(run.stderr, new RegExp(`^Signed out Ana Souza: revoked at ${harness.idp.issuer}; .* removed\\.\\n$`));
    assert.equal(existsSync(path), false);
    await assert.rejects(refreshLogin(before, false), (error: unknown) => error instanceof LoginError && /has ended/.test(error.message));
    const after = await runCli(['generators'], { env });
    assert.equal(after.code, ExitCode.gatewayUnreachable);
    assert.match(after.stderr, /no access token: sign in with `autogen-gate login`/);
    assert.match((await runCli(['logout'], { env })).stderr, /^Not signed in/);
  });

  it('says what to check when the issuer cannot be used', async () => {
    const down = await runCli(['login', '--issuer', `http://127.0.0.1:${await deadPort()}`], { env });
    assert.equal(down.code, ExitCode.failure);
    assert.match(
      down.stderr,
      /cannot reach the identity provider at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): check --issuer \(or AUTOGEN_GATE_ISSUER\)/,
    );
    const plain = await runCli(['login', '--issuer', 'http://idp.invalid'], { env });
    assert.equal(plain.code, ExitCode.failure);
    assert.match(plain.stderr, /refusing to sign in over plain http at http:\/\/idp\.invalid: use its https address, or pass --insecure/);
    const client = await runCli(['login', '--client-id', 'no-such-client'], { env });
    assert.equal(client.code, ExitCode.failure);
    assert.match(client.stderr, /refused client no-such-client.*: pass --client-id with the public client registered for this CLI/);
  });
});
