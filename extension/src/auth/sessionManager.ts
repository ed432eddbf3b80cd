/**
 * The signed-in session: kept in SecretStorage only (never in settings or global state), shared
 * by every VS Code window through `secrets.onDidChange`, and kept fresh with the refresh token.
 * Free of `vscode` imports: the authentication provider passes `context.secrets` in, and tests
 * pass a store of their own to play two windows against the real dev IdP.
 *
 * Refresh tokens rotate (the dev IdP and most IdPs revoke the whole grant when a used refresh
 * token comes back), so two windows must not refresh at once: before refreshing, a window
 * re-reads the store (another window may have done it already) and takes a short lease.
 */
import { randomUUID } from 'node:crypto';
import { Emitter, nextEvent, type Event } from '../common/event.js';
import { ExtensionError, describeForLog, type Logger } from '../common/errors.js';
import { Disposable, type IDisposable } from '../common/lifecycle.js';
import type { OidcClient, SignInResult } from './oidc.js';
import { accountLabel, isExpiring, parseStoredSession, type StoredSession } from './tokens.js';

/** The part of `vscode.SecretStorage` used here. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
  readonly onDidChange: (listener: (event: { readonly key: string }) => void) => IDisposable;
}

/** Which session the settings point at: one per issuer, client and audience. */
export interface SessionIdentity {
  readonly issuer: string;
  readonly clientId: string;
  readonly audience: string;
  readonly scopes: readonly string[];
}

/** Mirrors `vscode.AuthenticationProviderAuthenticationSessionsChangeEvent`. */
export interface SessionChange {
  readonly added: readonly StoredSession[];
  readonly removed: readonly StoredSession[];
  readonly changed: readonly StoredSession[];
}

export interface SessionManagerOptions {
  readonly secrets: SecretStore;
  readonly identity: () => SessionIdentity;
  /** The OIDC client for the current settings (discovered lazily, cached by the caller). */
  readonly oidc: () => Promise<OidcClient>;
  readonly log: Logger;
  readonly now?: () => number;
  /** Tells windows apart in the refresh lease; default a random id. */
  readonly windowId?: string;
  /** How long a refresh lease lasts; default 15 s. */
  readonly leaseMs?: number;
  /** How long to wait before reading a lease back (writes of other windows land meanwhile); default 150 ms. */
  readonly leaseSettleMs?: number;
}

interface Lease {
  readonly owner: string;
  readonly until: number;
}

const KEY_PREFIX = 'autogenGate.session';

export function storageKey(identity: Pick<SessionIdentity, 'issuer' | 'clientId' | 'audience'>): string {
  return `${KEY_PREFIX}|${identity.issuer}|${identity.clientId}|${identity.audience}`;
}

function sameTokens(a: StoredSession | undefined, b: StoredSession | undefined): boolean {
  return a?.id === b?.id && a?.accessToken === b?.accessToken && a?.refreshToken === b?.refreshToken;
}

export class SessionManager extends Disposable {
  private readonly changes = this.register(new Emitter<SessionChange>());
  /** Fires when the session appears, goes, or gets new tokens, in this window or another. */
  readonly onDidChange: Event<SessionChange> = this.changes.event;

  private current: StoredSession | undefined;
  private currentKey: string | undefined;
  private loading: Promise<StoredSession | undefined> | undefined;
  private refreshing: Promise<StoredSession> | undefined;
  private readonly now: () => number;
  private readonly windowId: string;
  private readonly storeChanges = this.register(new Emitter<string>());

  constructor(private readonly options: SessionManagerOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.windowId = options.windowId ?? randomUUID();
    this.register(
      options.secrets.onDidChange(({ key }) => {
        this.storeChanges.fire(key);
        if (key === this.key()) void this.reload('another window');
      }),
    );
  }

  private key(): string {
    return storageKey(this.options.identity());
  }

  /** The session of the current settings, or undefined (read from the store once, then cached). */
  async session(): Promise<StoredSession | undefined> {
    const key = this.key();
    if (this.currentKey === key) return this.current;
    this.loading ??= this.read(key).then((session) => {
      this.loading = undefined;
      this.apply(key, session);
      return session;
    });
    return this.loading;
  }

  /**
   * Re-reads the store, e.g. after another window signed in, out, or refreshed, or after the
   * settings changed to another issuer; fires the difference.
   */
  async reload(reason: string): Promise<void> {
    const key = this.key();
    const session = await this.read(key);
    this.options.log.debug(
      `session reloaded (${reason}): ${session ? `${session.account.label}, expires ${new Date(session.expiresAt).toISOString()}` : 'none'}`,
    );
    this.apply(key, session);
  }

  /** Stores a new sign-in and makes it the session (replacing any other). */
  async signedIn(result: SignInResult, method: StoredSession['method']): Promise<StoredSession> {
    const identity = this.options.identity();
    const session: StoredSession = {
      version: 1,
      id: randomUUID(),
      issuer: identity.issuer,
      clientId: identity.clientId,
      audience: identity.audience,
      scopes: [...identity.scopes],
      account: { id: `${identity.issuer}#${result.claims.sub}`, label: accountLabel(result.claims) },
      claims: result.claims,
      accessToken: result.tokens.accessToken,
      refreshToken: result.tokens.refreshToken,
      idToken: result.tokens.idToken,
      expiresAt: result.tokens.expiresAt,
      createdAt: this.now(),
      refreshedAt: undefined,
      method,
    };
    const key = storageKey(identity);
    await this.options.secrets.store(key, JSON.stringify(session));
    this.apply(key, session);
    this.options.log.info(
      `signed in as ${session.account.label} (${method}); access token expires ${new Date(session.expiresAt).toISOString()}${session.refreshToken ? '' : '; no refresh token was issued'}`,
    );
    return session;
  }

  /**
   * A valid access token: the stored one, or a refreshed one when it expires within a minute
   * (or `forceRefresh`, after the gateway refused it). Throws `not_signed_in` or
   * `session_expired` (with a Sign In fix) when there is none to be had.
   */
  async accessToken(options: { readonly forceRefresh?: boolean } = {}): Promise<string> {
    const session = await this.session();
    if (!session) throw new ExtensionError('not_signed_in', 'Sign in to AutoGen Gate first.', [{ kind: 'signIn' }]);
    if (!options.forceRefresh && !isExpiring(session, this.now())) return session.accessToken;
    return (await this.refresh(session, options.forceRefresh === true)).accessToken;
  }

  /** Refreshes once even when several callers ask at the same time. */
  refresh(session: StoredSession, force = false): Promise<StoredSession> {
    this.refreshing ??= this.doRefresh(session, force).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /**
   * Signs out: revokes the refresh token (which ends the grant) and the access token at the
   * issuer, best effort, then forgets the session in every window.
   */
  async signOut(): Promise<StoredSession | undefined> {
    const session = await this.session();
    if (!session) return undefined;
    const key = this.key();
    await this.options.secrets.delete(key);
    this.apply(key, undefined);
    this.options.log.info(`signed out ${session.account.label}`);
    try {
      const client = await this.options.oidc();
      // The refresh token first: revoking it ends the grant, so no new access token can be had.
      if (session.refreshToken) {
        const refresh = await client.revoke(session.refreshToken, 'refresh_token');
        this.options.log.info(
          refresh === 'revoked' ? 'refresh token revoked at the issuer' : `the issuer did not revoke the refresh token (${refresh})`,
        );
      }
      const access = await client.revoke(session.accessToken, 'access_token');
      const expires = new Date(session.expiresAt).toISOString();
      if (access === 'revoked') this.options.log.info('access token revoked at the issuer');
      else
        this.options.log.info(
          `the issuer cannot revoke the access token (${access === 'unsupported' ? 'a self-contained JWT' : 'no revocation endpoint'}); it stops working at ${expires}`,
        );
    } catch (error) {
      this.options.log.warn(`could not revoke the tokens at the issuer (they expire on their own): ${describeForLog(error)}`);
    }
    return session;
  }

  private async doRefresh(stale: StoredSession, force: boolean): Promise<StoredSession> {
    const key = this.key();
    /** Tokens another window stored after `than`: newer, so use them rather than refresh again. */
    const newer = (candidate: StoredSession, than: StoredSession): boolean =>
      !sameTokens(candidate, than) && (candidate.expiresAt > than.expiresAt || !isExpiring(candidate, this.now()));
    // Another window may have refreshed already: its tokens are in the store.
    let latest = await this.read(key);
    if (!latest) {
      // Signed out in another window meanwhile.
      this.apply(key, undefined);
      throw new ExtensionError('not_signed_in', 'Sign in to AutoGen Gate first.', [{ kind: 'signIn' }]);
    }
    if (newer(latest, stale)) {
      this.apply(key, latest);
      return latest; // a forced refresh is satisfied by tokens newer than the refused ones
    }
    if (!force && !isExpiring(latest, this.now())) return latest;
    if (!latest.refreshToken) {
      await this.expire(key, latest, 'no refresh token');
      throw new ExtensionError('session_expired', 'Your AutoGen Gate sign-in has expired. Sign in again.', [{ kind: 'signIn' }]);
    }

    if (!(await this.acquireLease(key))) {
      // Another window is refreshing: wait for its result rather than spend the same token.
      await nextEvent(this.storeChanges.event, (changed) => changed === key, this.options.leaseMs ?? 15_000);
      const after = await this.read(key);
      if (!after) {
        this.apply(key, undefined);
        throw new ExtensionError('not_signed_in', 'Sign in to AutoGen Gate first.', [{ kind: 'signIn' }]);
      }
      if (newer(after, latest)) {
        this.apply(key, after);
        return after;
      }
      // The other window gave up (or died): refresh ourselves, with the newest refresh token.
      latest = after;
    }
    if (!latest.refreshToken)
      throw new ExtensionError('session_expired', 'Your AutoGen Gate sign-in has expired. Sign in again.', [{ kind: 'signIn' }]);
    const refreshToken = latest.refreshToken;
    const base = latest;

    try {
      const client = await this.options.oidc();
      const { tokens, claims } = await client.refresh(refreshToken);
      const refreshed: StoredSession = {
        ...base,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        idToken: tokens.idToken ?? base.idToken,
        expiresAt: tokens.expiresAt,
        refreshedAt: this.now(),
        ...(claims ? { claims, account: { id: base.account.id, label: accountLabel(claims) } } : {}),
      };
      await this.options.secrets.store(key, JSON.stringify(refreshed));
      this.apply(key, refreshed);
      this.options.log.info(`access token refreshed; expires ${new Date(refreshed.expiresAt).toISOString()}`);
      return refreshed;
    } catch (error) {
      if (error instanceof ExtensionError && error.code === 'session_expired') {
        // Lost a race with another window that rotated the token? Then its tokens are stored.
        const after = await this.read(key);
        if (after && after.refreshToken !== refreshToken) {
          this.apply(key, after);
          return after;
        }
        await this.expire(key, base, describeForLog(error));
      }
      throw error;
    } finally {
      await this.releaseLease(key);
    }
  }

  private async expire(key: string, session: StoredSession, reason: string): Promise<void> {
    this.options.log.warn(`session of ${session.account.label} ended: ${reason}`);
    await this.options.secrets.delete(key);
    this.apply(key, undefined);
  }

  private leaseKey(key: string): string {
    return `${key}|refresh-lease`;
  }

  private async readLease(key: string): Promise<Lease | undefined> {
    const raw = await this.options.secrets.get(this.leaseKey(key));
    try {
      return raw ? (JSON.parse(raw) as Lease) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Takes the refresh lease. SecretStorage has no compare-and-set, so two windows may both write
   * theirs: each waits a moment and reads it back, and only the one whose write landed last
   * (the same value for both) goes ahead.
   */
  private async acquireLease(key: string): Promise<boolean> {
    const held = await this.readLease(key);
    if (held && held.owner !== this.windowId && held.until > this.now()) return false;
    const mine: Lease = { owner: this.windowId, until: this.now() + (this.options.leaseMs ?? 15_000) };
    await this.options.secrets.store(this.leaseKey(key), JSON.stringify(mine));
    await new Promise((resolve) => setTimeout(resolve, this.options.leaseSettleMs ?? 150));
    return (await this.readLease(key))?.owner === this.windowId;
  }

  private async releaseLease(key: string): Promise<void> {
    const raw = await this.options.secrets.get(this.leaseKey(key));
    if (raw && raw.includes(`"owner":"${this.windowId}"`)) await this.options.secrets.delete(this.leaseKey(key));
  }

  private async read(key: string): Promise<StoredSession | undefined> {
    return parseStoredSession(await this.options.secrets.get(key));
  }

  /** Makes `next` the session of `key` and fires what changed. */
  private apply(key: string, next: StoredSession | undefined): void {
    const previous = this.current;
    this.currentKey = key;
    this.current = next;
    if (sameTokens(previous, next) && previous?.expiresAt === next?.expiresAt) return;
    const change: SessionChange =
      previous && next && previous.id === next.id
        ? { added: [], removed: [], changed: [next] }
        : { added: next ? [next] : [], removed: previous ? [previous] : [], changed: [] };
    this.changes.fire(change);
  }
}
