/**
 * The extension's OpenID Connect flows against the real dev IdP: PKCE on a loopback redirect,
 * the device flow, refresh with rotation, revocation, and the errors people see when a setting
 * is wrong.
 */
import assert from 'node:assert/strict';
import { approveDeviceCode } from '../../../gateway/dev/devTokens.js';
import { ExtensionError } from '../../../extension/src/common/errors.js';
import { OidcClient, type OidcSettings } from '../../../extension/src/auth/oidc.js';
import { decodeJwtPayload } from '../../../extension/src/auth/tokens.js';
import { startTestIdp, type TestIdp } from '../../support/devIdp.js';
import { cancelOnLogin, signInAs } from '../support/idpBrowser.js';

function settingsFor(idp: TestIdp, overrides: Partial<OidcSettings> = {}): OidcSettings {
  return {
    issuer: idp.issuer,
    clientId: 'autogen-gate-vscode',
    audience: 'autogen-gate',
    scopes: ['openid', 'profile', 'email', 'groups', 'offline_access'],
    authorizationParameters: {},
    timeoutMs: 10_000,
    ...overrides,
  };
}

async function rejectsWith(promise: Promise<unknown>, code: string, message?: RegExp): Promise<ExtensionError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ExtensionError, `expected an ExtensionError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return error;
  }
  assert.fail(`expected ${code}`);
}

describe('extension auth: OIDC flows against the dev IdP', function () {
  this.timeout(60_000);
  let idp: TestIdp;
  let client: OidcClient;

  before(async () => {
    idp = await startTestIdp();
    client = await OidcClient.discover(settingsFor(idp));
  });
  after(() => idp?.close());

  it('discovers the issuer: device flow and revocation offered', () => {
    assert.equal(client.supportsDeviceFlow, true);
    assert.equal(client.supportsRevocation, true);
  });

  it('signs in with PKCE on a loopback redirect: a JWT for the gateway, the person from the ID token', async () => {
    let opened: URL | undefined;
    const open = signInAs('bruno');
    const result = await client.browserSignIn({
      openBrowser: async (url) => {
        opened = url;
        return open(url);
      },
    });
    assert.ok(opened);
    assert.equal(opened.searchParams.get('code_challenge_method'), 'S256');
    assert.ok((opened.searchParams.get('code_challenge') ?? '').length >= 43);
    assert.match(opened.searchParams.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    assert.equal(opened.searchParams.get('resource'), 'urn:autogen-gate');
    assert.ok(opened.searchParams.get('state') && opened.searchParams.get('nonce'));

    assert.equal(result.claims.sub, 'bruno');
    assert.equal(result.claims.preferredUsername, 'bruno');
    assert.equal(result.claims.name, 'Bruno Lima');
    assert.deepEqual([...result.claims.groups].sort(), ['data-engineers', 'developers']);
    const access = decodeJwtPayload(result.tokens.accessToken);
    assert.equal(access?.['aud'], 'autogen-gate');
    assert.equal(access?.['iss'], idp.issuer);
    assert.ok(result.tokens.refreshToken, 'a refresh token (offline_access)');
    assert.ok(result.tokens.expiresAt > Date.now() + 50 * 60_000);
  });

  it('uses the external redirect URI (asExternalUri) for the request and the code exchange', async () => {
    // As in remote windows: the browser reaches the listener through another address.
    let sent = '';
    const open = signInAs('ana');
    const result = await client.browserSignIn({
      externalRedirectUri: async (local) => local.replace('127.0.0.1', 'localhost'),
      openBrowser: async (url) => {
        sent = url.searchParams.get('redirect_uri') ?? '';
        return open(url);
      },
    });
    assert.match(sent, /^http:\/\/localhost:\d+\/callback$/);
    assert.equal(result.claims.sub, 'ana');
  });

  it('reports a cancelled login as access_denied', async () => {
    await rejectsWith(client.browserSignIn({ openBrowser: cancelOnLogin() }), 'access_denied', /refused at/);
  });

  it('stops waiting and frees the port when cancelled', async () => {
    const abort = new AbortController();
    let redirect = '';
    const pending = client.browserSignIn({
      signal: abort.signal,
      openBrowser: async (url) => {
        redirect = url.searchParams.get('redirect_uri') ?? '';
        setTimeout(() => abort.abort(), 50);
        return true;
      },
    });
    await rejectsWith(pending, 'sign_in_cancelled');
    await assert.rejects(fetch(redirect), 'the loopback listener is closed');
  });

  it('signs in with the device flow once the person enters the code', async () => {
    const device = await client.startDeviceSignIn();
    assert.match(device.userCode, /^[A-Z]{4}-[A-Z]{4}$/);
    assert.ok(device.verificationUri.startsWith(idp.issuer));
    assert.ok(device.expiresAt > Date.now());
    const completing = device.complete();
    await approveDeviceCode(device.verificationUriComplete ?? device.verificationUri, device.userCode, 'carla');
    const result = await completing;
    assert.equal(result.claims.sub, 'carla');
    assert.deepEqual(result.claims.groups, ['privacy-office']);
    assert.equal(decodeJwtPayload(result.tokens.accessToken)?.['aud'], 'autogen-gate');
  });

  it('cancels a device sign-in', async () => {
    const device = await client.startDeviceSignIn();
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    await rejectsWith(device.complete(abort.signal), 'sign_in_cancelled');
  });

  it('refreshes with rotation; a used refresh token is refused as an ended session', async () => {
    const first = await client.browserSignIn({ openBrowser: signInAs('ana') });
    const refreshed = await client.refresh(first.tokens.refreshToken ?? '');
    assert.notEqual(refreshed.tokens.accessToken, first.tokens.accessToken);
    assert.ok(refreshed.tokens.refreshToken);
    assert.notEqual(refreshed.tokens.refreshToken, first.tokens.refreshToken, 'the refresh token rotated');
    const error = await rejectsWith(client.refresh(first.tokens.refreshToken ?? ''), 'session_expired', /Sign in again/);
    assert.deepEqual(error.fix, [{ kind: 'signIn' }]);
  });

  it('revokes the refresh token (the session ends); a JWT access token is reported as not revocable', async () => {
    const signedIn = await client.browserSignIn({ openBrowser: signInAs('bruno') });
    assert.equal(await client.revoke(signedIn.tokens.refreshToken ?? '', 'refresh_token'), 'revoked');
    await rejectsWith(client.refresh(signedIn.tokens.refreshToken ?? ''), 'session_expired');
    assert.equal(await client.revoke(signedIn.tokens.accessToken, 'access_token'), 'unsupported');
  });

  it('says which setting to fix: unknown client', async () => {
    const wrong = await OidcClient.discover(settingsFor(idp, { clientId: 'no-such-client' }));
    const error = await rejectsWith(wrong.startDeviceSignIn(), 'sign_in_failed', /autogenGate\.clientId/);
    assert.deepEqual(error.fix, [{ kind: 'openSettings', setting: 'autogenGate.clientId' }]);
  });

  it('says which setting to fix: an audience the issuer does not serve', async () => {
    const wrong = await OidcClient.discover(settingsFor(idp, { audience: 'some-other-api' }));
    const error = await rejectsWith(wrong.startDeviceSignIn(), 'sign_in_failed', /autogenGate\.audience/);
    assert.deepEqual(error.fix, [{ kind: 'openSettings', setting: 'autogenGate.audience' }]);
  });

  it('checks the audience of the token it gets', async () => {
    // No resource indicator: the IdP picks its default audience, which is not the one configured.
    const wrong = await OidcClient.discover(settingsFor(idp, { audience: 'gateway-b', authorizationParameters: { resource: '' } }));
    await rejectsWith(
      wrong.browserSignIn({ openBrowser: signInAs('ana') }),
      'audience_mismatch',
      /audience autogen-gate, but the gateway expects "gateway-b"/,
    );
  });

  it('says which setting to fix: issuer unreachable or not an issuer', async () => {
    const down = await rejectsWith(
      OidcClient.discover(settingsFor(idp, { issuer: 'http://127.0.0.1:9' })),
      'issuer_unreachable',
      /Cannot reach the identity provider at http:\/\/127\.0\.0\.1:9/,
    );
    assert.deepEqual(down.fix, [{ kind: 'openSettings', setting: 'autogenGate.issuer' }]);
    await rejectsWith(OidcClient.discover(settingsFor(idp, { issuer: `${idp.issuer}/realms/x` })), 'issuer_invalid', /autogenGate\.issuer/);
  });
});
