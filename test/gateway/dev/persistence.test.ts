import { strict as assert } from 'node:assert';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as oidc from 'openid-client';
import { devClientConfig, getClientCredentialsToken } from '../../../gateway/dev/devTokens.js';
import { startTestIdp } from '../../support/devIdp.js';
import { discover, verifyAccessToken } from './verifyToken.js';

async function kids(issuer: string): Promise<string[]> {
  const { jwks_uri: jwksUri } = await discover(issuer);
  const jwks = (await (await fetch(jwksUri)).json()) as { keys: Array<{ kid: string }> };
  return jwks.keys.map((key) => key.kid).sort();
}

describe('dev IdP state across restarts', function () {
  this.timeout(30_000);

  it('keeps its signing keys: a token from before the restart verifies against the new instance', async () => {
    const idp = await startTestIdp();
    try {
      const token = await idp.token('ana');
      const before = await kids(idp.issuer);
      const discoveryBefore = await discover(idp.issuer);
      await idp.restart();
      assert.deepEqual(await kids(idp.issuer), before);
      assert.deepEqual(await discover(idp.issuer), discoveryBefore);
      const { payload } = await verifyAccessToken(idp.issuer, token);
      assert.equal(payload.sub, 'ana');
    } finally {
      await idp.close();
    }
  });

  it("keeps grants: the extension's refresh token still works after a restart", async () => {
    const idp = await startTestIdp();
    try {
      const tokens = await idp.tokens('bruno', { clientId: 'autogen-gate-vscode' });
      assert.ok(tokens.refreshToken);
      await idp.restart();
      const config = await devClientConfig(idp.issuer, 'autogen-gate-vscode');
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refreshToken);
      assert.equal((await verifyAccessToken(idp.issuer, refreshed.access_token)).payload.sub, 'bruno');
    } finally {
      await idp.close();
    }
  });

  it('keeps the generated ci-bot secret, in files only its owner can read', async () => {
    const idp = await startTestIdp();
    try {
      const secret = idp.ciSecret;
      assert.equal(idp.idp.clients.ciBot.secretSource, 'generated');
      assert.ok(secret.length >= 32);
      await idp.token('ana'); // a sign-in, so there is state to save
      await idp.restart();
      assert.equal(idp.ciSecret, secret);
      assert.equal(idp.idp.clients.ciBot.secretSource, 'file');
      const stateDir = join(idp.dataDir, 'dev-idp');
      assert.equal(statSync(stateDir).mode & 0o777, 0o700);
      for (const file of ['ci-bot.secret', 'signing-keys.json', 'cookie-keys.json', 'state.json']) {
        assert.equal(statSync(join(stateDir, file)).mode & 0o777, 0o600, file);
      }
      assert.equal(readFileSync(join(stateDir, 'ci-bot.secret'), 'utf8').trim(), secret);
      const tokens = await getClientCredentialsToken(idp.issuer, 'ci-bot', secret);
      assert.equal((await verifyAccessToken(idp.issuer, tokens.accessToken)).payload.sub, 'ci-bot');
    } finally {
      await idp.close();
    }
  });

  it('takes the ci-bot secret from AUTOGEN_GATE_DEV_CI_SECRET when set', async () => {
    const secret = 'a-ci-secret-chosen-by-the-pipeline-0123456789';
    const idp = await startTestIdp(undefined, { env: { AUTOGEN_GATE_DEV_CI_SECRET: secret } });
    try {
      assert.equal(idp.ciSecret, secret);
      assert.equal(idp.idp.clients.ciBot.secretSource, 'env');
      const tokens = await getClientCredentialsToken(idp.issuer, 'ci-bot', secret);
      assert.deepEqual((await verifyAccessToken(idp.issuer, tokens.accessToken)).payload['groups'], ['ci']);
    } finally {
      await idp.close();
    }
  });
});
