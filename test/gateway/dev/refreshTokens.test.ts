import { strict as assert } from 'node:assert';
import * as oidc from 'openid-client';
import { DevIdpBrowser, devClientConfig } from '../../../gateway/dev/devTokens.js';
import { startTestIdp, type TestIdp } from '../../support/devIdp.js';
import { verifyAccessToken } from './verifyToken.js';

function isInvalidGrant(error: unknown): boolean {
  return error instanceof oidc.ResponseBodyError && error.error === 'invalid_grant';
}

describe('dev IdP refresh tokens and revocation', function () {
  this.timeout(20_000);
  let idp: TestIdp;
  let config: oidc.Configuration;

  before(async () => {
    idp = await startTestIdp();
    config = await devClientConfig(idp.issuer, 'autogen-gate-vscode');
  });

  after(async () => {
    await idp.close();
  });

  async function signIn(user: string): Promise<string> {
    const tokens = await idp.tokens(user, { clientId: 'autogen-gate-vscode' });
    assert.ok(tokens.refreshToken);
    return tokens.refreshToken;
  }

  it('rotates the refresh token on each use; the new access token carries the same identity', async () => {
    const first = await signIn('bruno');
    const refreshed = await oidc.refreshTokenGrant(config, first);
    assert.ok(refreshed.refresh_token);
    assert.notEqual(refreshed.refresh_token, first);
    const { payload } = await verifyAccessToken(idp.issuer, refreshed.access_token);
    assert.equal(payload.sub, 'bruno');
    assert.deepEqual(payload['groups'], ['developers', 'data-engineers']);
    assert.equal(payload['client_id'], 'autogen-gate-vscode');

    // The rotated-out token is spent…
    await assert.rejects(oidc.refreshTokenGrant(config, first), isInvalidGrant);
    // …and replaying it counts as theft: oidc-provider revokes the whole grant, the new token included.
    await assert.rejects(oidc.refreshTokenGrant(config, refreshed.refresh_token), isInvalidGrant);
  });

  it('keeps working across several rotations', async () => {
    let refreshToken = await signIn('carla');
    for (let round = 0; round < 3; round += 1) {
      const refreshed = await oidc.refreshTokenGrant(config, refreshToken);
      assert.ok(refreshed.refresh_token);
      refreshToken = refreshed.refresh_token;
    }
    const last = await oidc.refreshTokenGrant(config, refreshToken);
    assert.equal((await verifyAccessToken(idp.issuer, last.access_token)).payload.sub, 'carla');
  });

  it('makes a revoked refresh token unusable (sign-out)', async () => {
    const refreshToken = await signIn('ana');
    await oidc.tokenRevocation(config, refreshToken, { token_type_hint: 'refresh_token' });
    await assert.rejects(oidc.refreshTokenGrant(config, refreshToken), isInvalidGrant);
  });

  it('keeps a refresh token when the same browser signs in as someone else', async () => {
    const browser = new DevIdpBrowser();
    const redirectUri = 'http://127.0.0.1:4567/callback';
    const signIn = async (user: string, prompt?: string): Promise<string> => {
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        ...(prompt ? { prompt } : {}),
      });
      const returned = await browser.browse(url, {
        username: user,
        password: 'dev',
        stopBefore: (candidate) => candidate.href.startsWith(redirectUri),
      });
      assert.ok(returned);
      const tokens = await oidc.authorizationCodeGrant(config, returned, { pkceCodeVerifier: verifier });
      assert.ok(tokens.refresh_token);
      return tokens.refresh_token;
    };
    const anas = await signIn('ana');
    await signIn('carla', 'login');
    const refreshed = await oidc.refreshTokenGrant(config, anas);
    assert.equal((await verifyAccessToken(idp.issuer, refreshed.access_token)).payload.sub, 'ana');
  });

  it('refuses a refresh token presented by another client', async () => {
    const refreshToken = await signIn('ana');
    const cli = await devClientConfig(idp.issuer, 'autogen-gate-cli');
    await assert.rejects(oidc.refreshTokenGrant(cli, refreshToken), isInvalidGrant);
  });
});
