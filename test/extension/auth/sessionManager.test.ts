/**
 * The stored session against the real dev IdP, with two "windows" sharing one SecretStorage:
 * sign-in is seen by the other window, refresh happens once (refresh tokens rotate, and the dev
 * IdP revokes the whole grant when a used one comes back, so a double refresh would show), and
 * sign-out revokes and reaches every window.
 */
import assert from 'node:assert/strict';
import { OidcClient } from '../../../extension/src/auth/oidc.js';
import { SessionManager, storageKey, type SessionChange, type SessionIdentity } from '../../../extension/src/auth/sessionManager.js';
import { ExtensionError, silentLogger } from '../../../extension/src/common/errors.js';
import { startTestIdp, type TestIdp } from '../../support/devIdp.js';
import { signInAs } from '../support/idpBrowser.js';
import { SharedSecretStorage } from '../support/secretStore.js';

describe('extension auth: session storage, refresh and sign-out across windows', function () {
  this.timeout(60_000);
  let idp: TestIdp;
  let client: OidcClient;
  let identity: SessionIdentity;

  before(async () => {
    idp = await startTestIdp();
    identity = {
      issuer: idp.issuer,
      clientId: 'autogen-gate-vscode',
      audience: 'autogen-gate',
      scopes: ['openid', 'profile', 'email', 'groups', 'offline_access'],
    };
    client = await OidcClient.discover({ ...identity, authorizationParameters: {}, timeoutMs: 10_000 });
  });
  after(() => idp?.close());

  /** A window: its session manager with a clock the test moves. */
  function window(
    storage: SharedSecretStorage,
    clock: { now: number },
    name: string,
  ): { manager: SessionManager; changes: SessionChange[] } {
    const manager = new SessionManager({
      secrets: storage.window(),
      identity: () => identity,
      oidc: async () => client,
      log: silentLogger,
      now: () => clock.now,
      windowId: name,
      leaseMs: 5_000,
    });
    const changes: SessionChange[] = [];
    manager.onDidChange((change) => changes.push(change));
    return { manager, changes };
  }

  async function until(check: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (!check()) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('keeps the session in SecretStorage only, under a key per issuer, client and audience; another window sees it', async () => {
    const storage = new SharedSecretStorage();
    const clock = { now: Date.now() };
    const a = window(storage, clock, 'a');
    const b = window(storage, clock, 'b');
    assert.equal(await b.manager.session(), undefined);

    const session = await a.manager.signedIn(await client.browserSignIn({ openBrowser: signInAs('bruno') }), 'browser');
    assert.deepEqual(storage.keys(), [storageKey(identity)]);
    assert.equal(session.account.label, 'bruno');
    assert.equal(session.account.id, `${idp.issuer}#bruno`);
    assert.equal(a.changes.at(-1)?.added[0]?.id, session.id);

    await until(() => b.changes.some((change) => change.added.length === 1), 'the other window to see the sign-in');
    assert.equal((await b.manager.session())?.accessToken, session.accessToken);
    a.manager.dispose();
    b.manager.dispose();
  });

  it('hands out the stored token while it is fresh, and refreshes it a minute before it expires', async () => {
    const storage = new SharedSecretStorage();
    const clock = { now: Date.now() };
    const { manager, changes } = window(storage, clock, 'a');
    const session = await manager.signedIn(await client.browserSignIn({ openBrowser: signInAs('ana') }), 'browser');
    assert.equal(await manager.accessToken(), session.accessToken);

    clock.now = session.expiresAt - 30_000;
    const refreshed = await manager.accessToken();
    assert.notEqual(refreshed, session.accessToken);
    const stored = await manager.session();
    assert.equal(stored?.id, session.id, 'the same VS Code session, with new tokens');
    assert.notEqual(stored?.refreshToken, session.refreshToken, 'rotated');
    assert.deepEqual(
      changes.at(-1)?.changed.map((item) => item.id),
      [session.id],
    );
    manager.dispose();
  });

  it('refreshes once when two windows need a new token at the same moment', async () => {
    const storage = new SharedSecretStorage();
    const clock = { now: Date.now() };
    const a = window(storage, clock, 'a');
    const b = window(storage, clock, 'b');
    const session = await a.manager.signedIn(await client.browserSignIn({ openBrowser: signInAs('carla') }), 'browser');
    await b.manager.reload('test');
    clock.now = session.expiresAt - 10_000;

    const [tokenA, tokenB, tokenA2] = await Promise.all([a.manager.accessToken(), b.manager.accessToken(), a.manager.accessToken()]);
    assert.equal(tokenA, tokenA2, 'one refresh per window even with concurrent callers');
    assert.equal(tokenA, tokenB, 'both windows use the one refreshed token');
    // Had a used refresh token been sent twice, the dev IdP would have revoked the grant.
    const latest = await a.manager.session();
    await client.refresh(latest?.refreshToken ?? '');
    a.manager.dispose();
    b.manager.dispose();
  });

  it('refreshes on demand after the gateway refused a token (forceRefresh)', async () => {
    const storage = new SharedSecretStorage();
    const clock = { now: Date.now() };
    const { manager } = window(storage, clock, 'a');
    const session = await manager.signedIn(await client.browserSignIn({ openBrowser: signInAs('ana') }), 'browser');
    assert.notEqual(await manager.accessToken({ forceRefresh: true }), session.accessToken);
    manager.dispose();
  });

  it('ends the session when the refresh token no longer works, with a Sign In fix', async () => {
    const storage = new SharedSecretStorage();
    const clock = { now: Date.now() };
    const { manager, changes } = window(storage, clock, 'a');
    const session = await manager.signedIn(await client.browserSignIn({ openBrowser: signInAs('bruno') }), 'browser');
    await client.revoke(session.refreshToken ?? '', 'refresh_token');
    clock.now = session.expiresAt;
    await assert.rejects(
      manager.accessToken(),
      (error: unknown) => error instanceof ExtensionError && error.code === 'session_expired' && error.fix[0]?.kind === 'signIn',
    );
    assert.equal(await manager.session(), undefined);
    assert.equal(storage.raw(storageKey(identity)), undefined);
    assert.equal(changes.at(-1)?.removed[0]?.id, session.id);
    await assert.rejects(manager.accessToken(), (error: unknown) => error instanceof ExtensionError && error.code === 'not_signed_in');
    manager.dispose();
  });

  it('signs out everywhere and revokes the refresh token at the issuer', async () => {
    const storage = new SharedSecretStorage();
    const clock = { now: Date.now() };
    const a = window(storage, clock, 'a');
    const b = window(storage, clock, 'b');
    const session = await a.manager.signedIn(await client.browserSignIn({ openBrowser: signInAs('ana') }), 'browser');
    await b.manager.reload('test');
    await a.manager.signOut();
    await until(
      () => b.changes.some((change) => change.removed.some((item) => item.id === session.id)),
      'the other window to see the sign-out',
    );
    assert.equal(await b.manager.session(), undefined);
    await assert.rejects(
      client.refresh(session.refreshToken ?? ''),
      (error: unknown) => error instanceof ExtensionError && error.code === 'session_expired',
    );
    a.manager.dispose();
    b.manager.dispose();
  });

  it('keeps sessions of other issuers apart (switching settings switches sessions)', async () => {
    const storage = new SharedSecretStorage();
    const clock = { now: Date.now() };
    const { manager, changes } = window(storage, clock, 'a');
    const original = identity;
    try {
      const session = await manager.signedIn(await client.browserSignIn({ openBrowser: signInAs('ana') }), 'browser');
      identity = { ...original, audience: 'another-gateway' };
      await manager.reload('settings changed');
      assert.equal(await manager.session(), undefined);
      assert.equal(changes.at(-1)?.removed[0]?.id, session.id);
      identity = original;
      await manager.reload('settings changed back');
      assert.equal((await manager.session())?.id, session.id);
    } finally {
      identity = original;
      manager.dispose();
    }
  });
});
