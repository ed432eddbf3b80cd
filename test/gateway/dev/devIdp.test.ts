import { strict as assert } from 'node:assert';
import { createServer } from 'node:net';
import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import {
  DevIdpBrowser,
  DevTokenError,
  devClientConfig,
  getClientCredentialsToken,
  getUserToken,
  submitForm,
} from '../../../gateway/dev/devTokens.js';
import { DEV_BANNER_TEXT } from '../../../gateway/dev/idp/views.js';
import { startDevIdp } from '../../../gateway/dev/idp/index.js';
import { startTestIdp, type TestIdp } from '../../support/devIdp.js';
import { makeTempDir, removeDir } from '../../support/tempDir.js';
import { discover, verifyAccessToken } from './verifyToken.js';

const PEOPLE = [
  { username: 'ana', name: 'Ana Souza', email: 'ana@autogen-gate.dev', groups: ['developers'] },
  { username: 'bruno', name: 'Bruno Lima', email: 'bruno@autogen-gate.dev', groups: ['developers', 'data-engineers'] },
  { username: 'carla', name: 'Carla Mendes', email: 'carla@autogen-gate.dev', groups: ['privacy-office'] },
] as const;

async function rejectsWith(promise: Promise<unknown>, code: string, pattern?: RegExp): Promise<DevTokenError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DevTokenError, `expected a DevTokenError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (pattern) assert.match(error.message, pattern);
    return error;
  }
  assert.fail(`expected a DevTokenError ${code}`);
}

/** An authorization request as a client would build it, PKCE included unless told otherwise. */
async function authorizationUrl(issuer: string, clientId: string, redirectUri: string, extra: Record<string, string> = {}): Promise<URL> {
  const config = await devClientConfig(issuer, clientId);
  const verifier = oidc.randomPKCECodeVerifier();
  return oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: oidc.randomState(),
    ...extra,
  });
}

describe('dev IdP', function () {
  this.timeout(20_000);
  let idp: TestIdp;

  before(async () => {
    idp = await startTestIdp();
  });

  after(async () => {
    await idp.close();
  });

  describe('discovery and keys', () => {
    it('publishes discovery for authorization code + PKCE, device flow, refresh, revocation, client credentials and logout', async () => {
      const document = await discover(idp.issuer);
      assert.equal(document.issuer, idp.issuer);
      assert.match(idp.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
      for (const endpoint of [
        'authorization_endpoint',
        'token_endpoint',
        'jwks_uri',
        'device_authorization_endpoint',
        'revocation_endpoint',
        'end_session_endpoint',
      ]) {
        assert.equal(typeof document[endpoint], 'string', endpoint);
        assert.ok((document[endpoint] as string).startsWith(idp.issuer), endpoint);
      }
      assert.deepEqual(document['code_challenge_methods_supported'], ['S256']);
      assert.deepEqual(document['response_types_supported'], ['code']);
      const grants = document['grant_types_supported'] as string[];
      for (const grant of ['authorization_code', 'refresh_token', 'client_credentials', 'urn:ietf:params:oauth:grant-type:device_code'])
        assert.ok(grants.includes(grant), grant);
      assert.ok((document['scopes_supported'] as string[]).includes('groups'));
      assert.ok((document['id_token_signing_alg_values_supported'] as string[]).includes('RS256'));
    });

    it('publishes RS256 and ES256 public keys, without private parts', async () => {
      const { jwks_uri: jwksUri } = await discover(idp.issuer);
      const jwks = (await (await fetch(jwksUri)).json()) as { keys: Array<Record<string, unknown>> };
      assert.deepEqual(jwks.keys.map((key) => key['alg']).sort(), ['ES256', 'RS256']);
      for (const key of jwks.keys) {
        assert.equal(typeof key['kid'], 'string');
        assert.equal(key['use'], 'sig');
        for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi'])
          assert.equal(key[secret], undefined, `${String(key['kid'])} leaks ${secret}`);
      }
      assert.deepEqual(jwks.keys.map((key) => key['kid']).sort(), idp.idp.jwks.keys.map((key) => key.kid).sort());
    });

    it('serves a home page with the banner, the accounts and the password', async () => {
      const response = await fetch(`${idp.issuer}/`);
      assert.equal(response.status, 200);
      const html = await response.text();
      assert.ok(html.includes(DEV_BANNER_TEXT));
      for (const person of PEOPLE) assert.ok(html.includes(person.name), person.name);
      assert.match(html, /password of every account is <code>dev<\/code>/);
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    });
  });

  describe('access tokens', () => {
    for (const person of PEOPLE) {
      it(`gives ${person.username} an RS256 at+jwt for autogen-gate with groups ${person.groups.join(', ')}`, async () => {
        const tokens = await idp.tokens(person.username);
        const { payload, protectedHeader } = await verifyAccessToken(idp.issuer, tokens.accessToken);
        assert.equal(protectedHeader.alg, 'RS256');
        assert.equal(protectedHeader.typ, 'at+jwt');
        assert.equal(payload.sub, person.username);
        assert.equal(payload.iss, idp.issuer);
        assert.equal(payload.aud, 'autogen-gate');
        assert.deepEqual(payload['groups'], person.groups);
        assert.equal(payload['name'], person.name);
        assert.equal(payload['email'], person.email);
        assert.equal(payload['preferred_username'], person.username);
        assert.equal(payload['client_id'], 'autogen-gate-cli');
        assert.ok(tokens.refreshToken, 'a refresh token for a first-party public client');
        assert.ok(tokens.idToken);
        const idToken = decodeJwt(tokens.idToken);
        assert.equal(idToken.aud, 'autogen-gate-cli');
        assert.equal(idToken['name'], person.name);
        assert.deepEqual(idToken['groups'], person.groups);
      });
    }

    it('gives ci-bot a client-credentials token with sub ci-bot and group ci', async () => {
      const tokens = await idp.tokens('ci-bot');
      const { payload } = await verifyAccessToken(idp.issuer, tokens.accessToken);
      assert.equal(payload.sub, 'ci-bot');
      assert.equal(payload['client_id'], 'ci-bot');
      assert.deepEqual(payload['groups'], ['ci']);
      assert.equal(tokens.refreshToken, undefined);
      assert.equal(tokens.idToken, undefined);
    });

    it('lets ci-bot send its secret in the body too (client_secret_post)', async () => {
      const config = await oidc.discovery(new URL(idp.issuer), 'ci-bot', undefined, oidc.ClientSecretPost(idp.ciSecret), {
        execute: [oidc.allowInsecureRequests],
      });
      const tokens = await oidc.clientCredentialsGrant(config);
      assert.equal((await verifyAccessToken(idp.issuer, tokens.access_token)).payload.sub, 'ci-bot');
    });

    it('refuses ci-bot with a wrong secret, and other audiences', async () => {
      await rejectsWith(getClientCredentialsToken(idp.issuer, 'ci-bot', 'not-the-secret'), 'token_error', /invalid_client/);
      await rejectsWith(getClientCredentialsToken(idp.issuer, 'ci-bot', idp.ciSecret, 'payroll-api'), 'token_error', /invalid_target/);
    });

    it('accepts urn:autogen-gate as the resource indicator, and the gateway URL when it knows it', async () => {
      const explicit = await getUserToken(idp.issuer, 'ana', undefined, { resource: 'urn:autogen-gate' });
      assert.equal((await verifyAccessToken(idp.issuer, explicit.accessToken)).payload.aud, 'autogen-gate');

      const dir = makeTempDir();
      const withGateway = await startDevIdp({ port: 0, dataDir: dir, gatewayUrl: 'http://127.0.0.1:8787', env: {} });
      try {
        assert.deepEqual(withGateway.resourceIndicators, ['urn:autogen-gate', 'http://127.0.0.1:8787']);
        const tokens = await getClientCredentialsToken(
          withGateway.issuer,
          'ci-bot',
          withGateway.clients.ciBot.clientSecret,
          'http://127.0.0.1:8787',
        );
        assert.equal((await verifyAccessToken(withGateway.issuer, tokens.accessToken)).payload.aud, 'autogen-gate');
      } finally {
        await withGateway.close();
        removeDir(dir);
      }
    });
  });

  describe('authorization code + PKCE', () => {
    it('signs in through the extension client on a loopback redirect of any port and path', async () => {
      const tokens = await getUserToken(idp.issuer, 'bruno', undefined, {
        clientId: 'autogen-gate-vscode',
        redirectHost: 'localhost',
        redirectPath: '/vscode/did-authenticate',
      });
      const { payload } = await verifyAccessToken(idp.issuer, tokens.accessToken);
      assert.equal(payload['client_id'], 'autogen-gate-vscode');
      assert.deepEqual(payload['groups'], ['developers', 'data-engineers']);
    });

    it('requires PKCE, with S256 only', async () => {
      const browser = new DevIdpBrowser();
      const redirectUri = 'http://127.0.0.1:4567/callback';
      const withoutPkce = await authorizationUrl(idp.issuer, 'autogen-gate-cli', redirectUri);
      withoutPkce.searchParams.delete('code_challenge');
      withoutPkce.searchParams.delete('code_challenge_method');
      const refused = await browser.step(withoutPkce);
      assert.equal(refused.location?.origin, 'http://127.0.0.1:4567');
      assert.equal(refused.location?.searchParams.get('error'), 'invalid_request');
      assert.match(refused.location?.searchParams.get('error_description') ?? '', /PKCE/);

      const plain = await authorizationUrl(idp.issuer, 'autogen-gate-cli', redirectUri, { code_challenge_method: 'plain' });
      const refusedPlain = await browser.step(plain);
      assert.equal(refusedPlain.location?.searchParams.get('error'), 'invalid_request');
    });

    it('accepts loopback and vscode:// redirects for the extension, and nothing else', async () => {
      const accepted = [
        'http://127.0.0.1:61234/callback',
        'http://localhost:3000/any/path?vscode-reqid=1',
        'http://[::1]:5555/callback',
        'vscode://autogen-gate.autogen-gate/did-authenticate',
        'code-oss://autogen-gate.autogen-gate/callback',
      ];
      const refused = [
        'https://evil.example/callback',
        'http://evil.example:8000/callback',
        'vscode://someone.else/did-authenticate',
        'http://user:pw@127.0.0.1:1/callback',
        'https://127.0.0.1:8443/callback',
      ];
      for (const redirectUri of accepted) {
        const step = await new DevIdpBrowser().step(await authorizationUrl(idp.issuer, 'autogen-gate-vscode', redirectUri));
        assert.equal(step.status, 303, redirectUri);
        assert.match(step.location?.pathname ?? '', /^\/interaction\//, redirectUri);
      }
      for (const redirectUri of refused) {
        const step = await new DevIdpBrowser().step(await authorizationUrl(idp.issuer, 'autogen-gate-vscode', redirectUri));
        assert.equal(step.status, 400, redirectUri);
        assert.equal(step.page, 'error', redirectUri);
        assert.match(step.html, /redirect_uri/);
      }
      // The command-line client has no editor callback.
      const cli = await new DevIdpBrowser().step(
        await authorizationUrl(idp.issuer, 'autogen-gate-cli', 'vscode://autogen-gate.autogen-gate/did-authenticate'),
      );
      assert.equal(cli.status, 400);
    });

    it('serves an accessible login page with the dev banner', async () => {
      const browser = new DevIdpBrowser();
      const first = await browser.step(await authorizationUrl(idp.issuer, 'autogen-gate-cli', 'http://127.0.0.1:4567/callback'));
      assert.ok(first.location);
      const login = await browser.step(first.location);
      assert.equal(login.status, 200);
      assert.equal(login.page, 'login');
      assert.ok(login.html.includes(DEV_BANNER_TEXT));
      assert.match(login.html, /<html lang="en">/);
      assert.match(login.html, /<label for="username">/);
      assert.match(login.html, /<label for="password">/);
      assert.match(login.html, /autocomplete="current-password"/);
      assert.match(login.html, /AutoGen Gate command line/);
      const csp = login.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /style-src 'nonce-[A-Za-z0-9+/=]+'/);
      const form = login.forms.find((candidate) => candidate.id === 'login-form');
      assert.equal(form?.method, 'POST');
    });

    it('refuses a wrong password or an unknown account, and says so on the form', async () => {
      await rejectsWith(getUserToken(idp.issuer, 'ana', 'not-dev'), 'login_failed', /Unknown username or wrong password/);
      await rejectsWith(getUserToken(idp.issuer, 'mallory'), 'login_failed');
      await rejectsWith(getUserToken(idp.issuer, 'ci-bot'), 'login_failed'); // a client, not a person
    });

    it('returns access_denied to the client when the person cancels', async () => {
      const browser = new DevIdpBrowser();
      const first = await browser.step(await authorizationUrl(idp.issuer, 'autogen-gate-cli', 'http://127.0.0.1:4567/callback'));
      assert.ok(first.location);
      const login = await browser.step(first.location);
      const abort = login.forms.find((form) => form.id === 'abort-form');
      assert.ok(abort);
      let step = await browser.step(submitForm(abort, {}, first.location));
      while (step.location && step.location.origin === new URL(idp.issuer).origin) step = await browser.step(step.location);
      assert.equal(step.location?.origin, 'http://127.0.0.1:4567');
      assert.equal(step.location?.searchParams.get('error'), 'access_denied');
    });

    it('ends the browser session at the end-session endpoint (RP-initiated logout), leaving refresh tokens to revocation', async () => {
      const browser = new DevIdpBrowser();
      const redirectUri = 'http://127.0.0.1:4567/callback';
      const config = await devClientConfig(idp.issuer, 'autogen-gate-cli');
      const verifier = oidc.randomPKCECodeVerifier();
      const signIn = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      const stoppedAt = await browser.browse(signIn, {
        username: 'carla',
        password: 'dev',
        stopBefore: (url) => url.href.startsWith(redirectUri),
      });
      assert.ok(stoppedAt?.searchParams.get('code'));
      assert.ok(stoppedAt);
      const tokens = await oidc.authorizationCodeGrant(config, stoppedAt, { pkceCodeVerifier: verifier });
      assert.ok(tokens.refresh_token);

      // Signed in: a second authorization needs no login.
      const again = await browser.browse(await authorizationUrl(idp.issuer, 'autogen-gate-cli', redirectUri), {
        username: 'nobody',
        password: 'x',
        stopBefore: (url) => url.href.startsWith(redirectUri),
      });
      assert.ok(again?.searchParams.get('code'));

      const endSession = new URL(`${idp.issuer}/session/end`);
      endSession.searchParams.set('client_id', 'autogen-gate-cli');
      endSession.searchParams.set('post_logout_redirect_uri', 'http://127.0.0.1:4567/signed-out');
      const logout = await browser.step(endSession);
      assert.equal(logout.page, 'logout');
      assert.ok(logout.html.includes('Carla Mendes'));
      const form = logout.forms.find((candidate) => candidate.id === 'op.logoutForm');
      assert.ok(form);
      const done = await browser.step(submitForm(form, { logout: 'yes' }, endSession));
      assert.equal(done.status, 303);
      assert.equal(done.location?.href, 'http://127.0.0.1:4567/signed-out');
      // Like offline_access tokens, refresh tokens outlive the browser session; clients revoke them on sign-out.
      assert.ok((await oidc.refreshTokenGrant(config, tokens.refresh_token)).access_token);

      // Signed out: the login form again.
      await assert.rejects(
        browser.browse(await authorizationUrl(idp.issuer, 'autogen-gate-cli', redirectUri), {
          username: 'nobody',
          password: 'x',
          stopBefore: (url) => url.href.startsWith(redirectUri),
        }),
        (error: unknown) => error instanceof DevTokenError && error.code === 'login_failed',
      );
    });
  });

  describe('start-up guards', () => {
    it('refuses NODE_ENV=production and addresses other than loopback', async () => {
      const dir = makeTempDir();
      try {
        await assert.rejects(startDevIdp({ port: 0, dataDir: dir, env: { NODE_ENV: 'production' } }), {
          code: 'dev_mode_refused',
          message: /NODE_ENV=production/,
        });
        await assert.rejects(startDevIdp({ host: '0.0.0.0', port: 0, dataDir: dir, env: {} }), {
          code: 'dev_mode_refused',
          message: /loopback/,
        });
        await assert.rejects(startDevIdp({ issuer: 'http://idp.example.com:8788', dataDir: dir, env: {} }), { code: 'dev_mode_refused' });
      } finally {
        removeDir(dir);
      }
    });

    it('says when its port is taken', async () => {
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const port = (blocker.address() as { port: number }).port;
      const dir = makeTempDir();
      try {
        await assert.rejects(startDevIdp({ port, dataDir: dir, env: {} }), /port is in use/);
      } finally {
        blocker.close();
        removeDir(dir);
      }
    });

    it('refuses to hand dev tokens out for an issuer that is not loopback', async () => {
      await rejectsWith(getUserToken('https://login.example.com', 'ana'), 'not_dev_issuer');
    });

    it('says when the dev IdP is not running', async () => {
      const closed = await startTestIdp();
      const issuer = closed.issuer;
      await closed.close();
      await rejectsWith(getUserToken(issuer, 'ana'), 'idp_unreachable', /is it running/);
    });
  });
});
