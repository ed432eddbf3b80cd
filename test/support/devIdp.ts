/**
 * The dev IdP for tests: started on an ephemeral loopback port in a temp folder, with tokens for
 * the dev accounts through the real flows, and deliberately bad tokens for the gateway's
 * negative tests. Signing arbitrary claims with the IdP's own private key lives here, in test
 * support, and nowhere in the IdP: it reads the key file the IdP persisted.
 */
import { createHmac, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { decodeJwt, importJWK, SignJWT, type JWTPayload } from 'jose';
import {
  getClientCredentialsToken,
  getDeviceFlowToken,
  getUserToken,
  type DevTokenSet,
  type UserTokenOptions,
} from '../../gateway/dev/devTokens.js';
import { DEV_CLIENT_IDS } from '../../gateway/dev/idp/constants.js';
import { startDevIdp, type DevIdp, type DevIdpOptions } from '../../gateway/dev/idp/index.js';
import { readSigningKeys, type DevSigningJwk } from '../../gateway/dev/idp/keys.js';
import { makeTempDir, removeDir } from './tempDir.js';

/** The dev accounts a test can ask a token for. */
const TEST_USERS = ['ana', 'bruno', 'carla', 'ci-bot'] as const;
export type TestUser = (typeof TEST_USERS)[number];

export interface SignOptions {
  /** Which of the IdP's keys signs; default RS256 (what it signs access tokens with). */
  readonly alg?: 'RS256' | 'ES256';
  /** Header fields over the defaults (`alg`, `kid`, `typ: at+jwt`). */
  readonly header?: Readonly<Record<string, unknown>>;
}

/** Tokens the gateway must refuse, each wrong in exactly one way. */
export interface BadTokens {
  /** Real key, real claims, but `exp` an hour ago. */
  readonly expired: string;
  /** Real key, `nbf` an hour ahead. */
  readonly notYetValid: string;
  /** Real key, `aud` of another API. */
  readonly wrongAudience: string;
  /** Real key, `iss` of an issuer the gateway does not trust. */
  readonly wrongIssuer: string;
  /** A real token whose payload was edited (groups) after signing. */
  readonly tampered: string;
  /** `alg: none`, no signature. */
  readonly algNone: string;
  /** HS256 with the IdP's public key (SPKI PEM) as the HMAC secret: the key-confusion attack. */
  readonly hs256WithPublicKey: string;
  /** RS256 by a key the IdP never published (`kid` unknown). */
  readonly unknownKey: string;
}

export interface TestIdp {
  readonly idp: DevIdp;
  readonly issuer: string;
  readonly audience: string;
  readonly dataDir: string;
  readonly ciSecret: string;
  /** An access token of a dev account: PKCE flow for people, client credentials for ci-bot. */
  token(user: string): Promise<string>;
  /** The whole token response for a user (PKCE), or ci-bot (client credentials). */
  tokens(user: string, options?: UserTokenOptions): Promise<DevTokenSet>;
  /** A user's tokens through the device authorization grant. */
  deviceTokens(user: string): Promise<DevTokenSet>;
  /** Signs claims with the IdP's current private key; `iss`, `aud`, `iat`, `exp` default to a valid token's. */
  sign(claims: JWTPayload, options?: SignOptions): Promise<string>;
  /** Tokens for the gateway's negative tests, built from a real token of `user` (default ana). */
  badTokens(user?: string): Promise<BadTokens>;
  /** Stops the IdP and starts it again on the same port and data dir (same issuer). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

function isTestUser(user: string): user is TestUser {
  return (TEST_USERS as readonly string[]).includes(user);
}

class RunningTestIdp implements TestIdp {
  constructor(
    private current: DevIdp,
    readonly dataDir: string,
    private readonly options: Omit<DevIdpOptions, 'dataDir'>,
    private readonly ownsDir: boolean,
  ) {}

  get idp(): DevIdp {
    return this.current;
  }

  get issuer(): string {
    return this.current.issuer;
  }

  get audience(): string {
    return this.current.audience;
  }

  get ciSecret(): string {
    return this.current.clients.ciBot.clientSecret;
  }

  async tokens(user: string, options?: UserTokenOptions): Promise<DevTokenSet> {
    if (!isTestUser(user)) throw new Error(`no dev account ${user}; choose one of ${TEST_USERS.join(', ')}`);
    if (user === 'ci-bot') return getClientCredentialsToken(this.issuer, DEV_CLIENT_IDS.ciBot, this.ciSecret, this.audience);
    return getUserToken(this.issuer, user, undefined, options);
  }

  async token(user: string): Promise<string> {
    return (await this.tokens(user)).accessToken;
  }

  async deviceTokens(user: string): Promise<DevTokenSet> {
    return getDeviceFlowToken(this.issuer, user);
  }

  private signingKey(alg: 'RS256' | 'ES256'): DevSigningJwk {
    const key = readSigningKeys(this.current.stateDir)?.find((candidate) => candidate.alg === alg);
    if (!key) throw new Error(`the dev IdP in ${this.current.stateDir} has no ${alg} key`);
    return key;
  }

  async sign(claims: JWTPayload, options: SignOptions = {}): Promise<string> {
    const alg = options.alg ?? 'RS256';
    const jwk = this.signingKey(alg);
    const now = Math.floor(Date.now() / 1000);
    const payload: JWTPayload = { iss: this.issuer, aud: this.audience, iat: now, exp: now + 3600, ...claims };
    return new SignJWT(payload).setProtectedHeader({ alg, kid: jwk.kid, typ: 'at+jwt', ...options.header }).sign(await importJWK(jwk, alg));
  }

  async badTokens(user = 'ana'): Promise<BadTokens> {
    const real = await this.token(user);
    const claims = decodeJwt(real);
    const now = Math.floor(Date.now() / 1000);
    const rsa = this.signingKey('RS256');
    const [header = '', , signature = ''] = real.split('.');
    const unsigned = (head: Record<string, unknown>, body: JWTPayload): string =>
      `${base64url(JSON.stringify(head))}.${base64url(JSON.stringify(body))}`;

    const publicPem = createPublicKey({ key: { kty: rsa.kty, n: rsa.n, e: rsa.e }, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    const confused = unsigned({ alg: 'HS256', typ: 'at+jwt', kid: rsa.kid }, claims);
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

    return {
      expired: await this.sign({ ...claims, iat: now - 7200, exp: now - 3600 }),
      notYetValid: await this.sign({ ...claims, iat: now, nbf: now + 3600, exp: now + 7200 }),
      wrongAudience: await this.sign({ ...claims, aud: 'some-other-api' }),
      wrongIssuer: await this.sign({ ...claims, iss: 'http://127.0.0.1:9/not-the-dev-idp' }),
      tampered: `${header}.${base64url(JSON.stringify({ ...claims, groups: ['privacy-office', 'data-engineers'] }))}.${signature}`,
      algNone: `${unsigned({ alg: 'none', typ: 'at+jwt' }, claims)}.`,
      hs256WithPublicKey: `${confused}.${createHmac('sha256', publicPem).update(confused).digest('base64url')}`,
      unknownKey: await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'not-a-dev-idp-key', typ: 'at+jwt' }).sign(stranger),
    };
  }

  async restart(): Promise<void> {
    const port = Number(new URL(this.current.issuer).port);
    await this.current.close();
    // Let this process's HTTP clients (undici's keep-alive pool) see their sockets close before
    // the port answers again; otherwise the first request after the restart may land on one.
    await new Promise((resolve) => setTimeout(resolve, 50));
    this.current = await startDevIdp({ ...this.options, dataDir: this.dataDir, port, issuer: this.current.issuer });
  }

  async close(): Promise<void> {
    await this.current.close();
    if (this.ownsDir) removeDir(this.dataDir);
  }
}

/**
 * Starts a dev IdP on 127.0.0.1 with an ephemeral port. With `dataDir` the caller owns the folder;
 * without, a temp folder is made and removed on close.
 */
export async function startTestIdp(dataDir?: string, options: Omit<DevIdpOptions, 'dataDir'> = {}): Promise<TestIdp> {
  const dir = dataDir ?? makeTempDir('autogen-gate-idp-');
  const settings: Omit<DevIdpOptions, 'dataDir'> = { host: '127.0.0.1', port: 0, ...options, env: options.env ?? {} };
  const idp = await startDevIdp({ ...settings, dataDir: dir });
  return new RunningTestIdp(idp, dir, settings, dataDir === undefined);
}
