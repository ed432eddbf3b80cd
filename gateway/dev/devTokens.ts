/**
 * Tokens from the dev IdP through its real flows, over real HTTP, for the `dev-token` command and
 * every end-to-end test: the authorization code flow with PKCE (a headless "browser" follows the
 * redirects, posts the login form with cookies, and lands on a loopback redirect this module
 * listens on), the device authorization grant (the same browser approves the user code), and
 * client credentials. OAuth requests go through `openid-client`; nothing bypasses the IdP.
 *
 * The headless browser understands the dev IdP's pages only (their `data-page` and form ids),
 * which is all it needs: it is a test and tooling aid, not a general HTML client.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import {
  DEFAULT_DEV_AUDIENCE,
  DEFAULT_USER_SCOPE,
  DEV_CLIENT_IDS,
  DEV_PASSWORD,
  isLoopbackHttpUrl,
  resourceIndicatorFor,
} from './idp/constants.js';

export type DevTokenErrorCode =
  'not_dev_issuer' | 'idp_unreachable' | 'login_failed' | 'idp_error' | 'unexpected_page' | 'no_callback' | 'token_error';

export class DevTokenError extends Error {
  override readonly name = 'DevTokenError';
  constructor(
    readonly code: DevTokenErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The token endpoint's answer, camel-cased. */
export interface DevTokenSet {
  readonly accessToken: string;
  readonly tokenType: string;
  /** Seconds, as the token endpoint said. */
  readonly expiresIn: number | undefined;
  readonly refreshToken: string | undefined;
  readonly idToken: string | undefined;
  readonly scope: string | undefined;
}

export interface UserTokenOptions {
  /** A public client of the dev IdP; default `autogen-gate-cli`. */
  readonly clientId?: string;
  /** Default `openid profile email groups offline_access`. */
  readonly scope?: string;
  /** A resource indicator; default none (the IdP defaults to the gateway). */
  readonly resource?: string;
  /** Host of the loopback redirect; default 127.0.0.1. */
  readonly redirectHost?: '127.0.0.1' | 'localhost';
  /** Path of the loopback redirect; default /callback. */
  readonly redirectPath?: string;
  /** Per HTTP request; default 10 s. */
  readonly timeoutMs?: number;
}

export interface DeviceTokenOptions {
  readonly clientId?: string;
  readonly scope?: string;
  readonly resource?: string;
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_HOPS = 30;

function toTokenSet(response: oidc.TokenEndpointResponse): DevTokenSet {
  return {
    accessToken: response.access_token,
    tokenType: response.token_type,
    expiresIn: response.expires_in,
    refreshToken: response.refresh_token,
    idToken: response.id_token,
    scope: response.scope,
  };
}

function assertDevIssuer(issuer: string): void {
  if (!isLoopbackHttpUrl(issuer)) {
    throw new DevTokenError(
      'not_dev_issuer',
      `${issuer} is not a dev IdP: dev tokens come only from an http://127.0.0.1 (or localhost) issuer, never from a real identity provider`,
    );
  }
}

/** Turns network and OAuth failures into DevTokenErrors that say what to check. */
function explain(error: unknown, issuer: string): Error {
  if (error instanceof DevTokenError) return error;
  if (error instanceof oidc.ResponseBodyError || error instanceof oidc.AuthorizationResponseError) {
    return new DevTokenError(
      'token_error',
      `${issuer} refused: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}`,
      { cause: error },
    );
  }
  if (error instanceof oidc.WWWAuthenticateChallengeError) {
    // A 401 with a challenge: a client secret the IdP does not accept.
    const parameters = error.cause[0]?.parameters;
    return new DevTokenError(
      'token_error',
      `${issuer} refused: ${parameters?.error ?? `HTTP ${error.status}`}${parameters?.error_description ? ` (${parameters.error_description})` : ''}`,
      { cause: error },
    );
  }
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (
    error instanceof TypeError ||
    (cause && typeof cause.code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND'].includes(cause.code))
  ) {
    return new DevTokenError('idp_unreachable', `cannot reach the dev IdP at ${issuer}; is it running (npm start)?`, { cause: error });
  }
  if (error instanceof oidc.ClientError) return new DevTokenError('token_error', `${issuer}: ${error.message}`, { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * An openid-client configuration for a dev IdP client. Plain HTTP is allowed only because the
 * issuer is loopback; with a secret the client authenticates with HTTP Basic.
 */
export async function devClientConfig(issuer: string, clientId: string, secret?: string): Promise<oidc.Configuration> {
  const insecure = isLoopbackHttpUrl(issuer);
  try {
    return await oidc.discovery(new URL(issuer), clientId, undefined, secret === undefined ? oidc.None() : oidc.ClientSecretBasic(secret), {
      ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
      timeout: DEFAULT_TIMEOUT_MS / 1000,
    });
  } catch (error) {
    throw explain(error, issuer);
  }
}

/* ------------------------------------------------------------------------------------------ */
/* A headless browser for the dev IdP's pages                                                  */
/* ------------------------------------------------------------------------------------------ */

interface StoredCookie {
  readonly name: string;
  readonly value: string;
  readonly path: string;
  readonly expiresAt: number | undefined;
}

/** Cookies of one origin (the dev IdP), with path scoping and expiry: enough for oidc-provider's cookies. */
class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  store(setCookies: readonly string[], requestUrl: URL): void {
    for (const header of setCookies) {
      const [pair = '', ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path = requestUrl.pathname.replace(/\/[^/]*$/, '') || '/';
      let expiresAt: number | undefined;
      for (const attribute of attributes) {
        const [rawKey = '', ...rest] = attribute.split('=');
        const key = rawKey.trim().toLowerCase();
        const attributeValue = rest.join('=').trim();
        if (key === 'path' && attributeValue.startsWith('/')) path = attributeValue;
        else if (key === 'max-age') expiresAt = Date.now() + Number(attributeValue) * 1000;
        else if (key === 'expires' && expiresAt === undefined) expiresAt = Date.parse(attributeValue);
      }
      const id = `${name};${path}`;
      if ((expiresAt !== undefined && expiresAt <= Date.now()) || value === '') this.cookies.delete(id);
      else this.cookies.set(id, { name, value, path, expiresAt });
    }
  }

  header(url: URL): string | undefined {
    const now = Date.now();
    const matching = [...this.cookies.values()]
      .filter(
        (cookie) =>
          (cookie.expiresAt === undefined || cookie.expiresAt > now) &&
          (url.pathname === cookie.path || url.pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`)),
      )
      .sort((a, b) => b.path.length - a.path.length); // RFC 6265 §5.4: longer paths first
    return matching.length ? matching.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ') : undefined;
  }
}

/** A form on a dev IdP page: where it posts and the values it carries (hidden fields included). */
export interface PageForm {
  readonly id: string | undefined;
  readonly action: string | undefined;
  readonly method: string;
  readonly fields: Map<string, string>;
}

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (entity, body: string) => {
    const lower = body.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[lower] ?? entity;
  });
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    const name = match[1];
    if (name) found.set(name.toLowerCase(), decodeEntities(match[3] ?? match[4] ?? ''));
  }
  return found;
}

function formsOf(html: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const formAttributes = attributes(match[1] ?? '');
    const fields = new Map<string, string>();
    for (const input of (match[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
      const inputAttributes = attributes(input[1] ?? '');
      const name = inputAttributes.get('name');
      if (name !== undefined) fields.set(name, inputAttributes.get('value') ?? '');
    }
    forms.push({
      id: formAttributes.get('id'),
      action: formAttributes.get('action'),
      method: (formAttributes.get('method') ?? 'get').toUpperCase(),
      fields,
    });
  }
  return forms;
}

function pageOf(html: string): string | undefined {
  return /<body[^>]*\bdata-page="([^"]+)"/.exec(html)?.[1];
}

function pageError(html: string): string {
  const field = (name: string): string | undefined => {
    const match = new RegExp(`data-field="${name}"[^>]*>([\\s\\S]*?)</dd>`).exec(html)?.[1];
    return match === undefined ? undefined : decodeEntities(match.replace(/<[^>]+>/g, '')).trim();
  };
  const error = field('error') ?? /class="error"[^>]*>([\s\S]*?)</.exec(html)?.[1];
  const description = field('error_description');
  return [error, description].filter((part) => part !== undefined && part !== '').join(': ') || 'unknown error';
}

/** One request of the browser. */
export interface Navigation {
  readonly url: URL;
  readonly method: 'GET' | 'POST';
  readonly body: URLSearchParams | undefined;
}

/** One answer of the IdP, parsed: a redirect, or a page with its kind (`data-page`) and forms. */
export interface PageStep {
  readonly status: number;
  readonly location: URL | undefined;
  readonly page: string | undefined;
  readonly forms: readonly PageForm[];
  readonly html: string;
  readonly headers: Headers;
}

/** The request that submits `form` with `values` over its own fields, as a browser would. */
export function submitForm(form: PageForm, values: Readonly<Record<string, string>>, base: URL): Navigation {
  const body = new URLSearchParams([...form.fields]);
  for (const [name, value] of Object.entries(values)) body.set(name, value);
  return { url: new URL(form.action ?? base.href, base), method: 'POST', body };
}

/** What the browser does on the IdP's pages. */
export interface Visitor {
  readonly username: string;
  readonly password: string;
  readonly userCode?: string;
  /** Stops before requesting a URL for which this returns true (the client's redirect). */
  readonly stopBefore?: (url: URL) => boolean;
}

/**
 * A cookie-keeping HTTP client that drives the dev IdP's pages the way a person would in a
 * browser. Exported for tests that need to stop half-way (abort, logout, error pages).
 */
export class DevIdpBrowser {
  private readonly jar = new CookieJar();

  constructor(private readonly timeoutMs: number = DEFAULT_TIMEOUT_MS) {}

  /** One request, no redirect following, the answer parsed. */
  async step(navigation: Navigation | URL): Promise<PageStep> {
    const request = navigation instanceof URL ? { url: navigation, method: 'GET' as const, body: undefined } : navigation;
    const response = await this.request(request);
    const location = response.headers.get('location');
    const html = await response.text();
    return {
      status: response.status,
      location: location === null ? undefined : new URL(location, request.url),
      page: pageOf(html),
      forms: formsOf(html),
      html,
      headers: response.headers,
    };
  }

  async request(navigation: Navigation): Promise<Response> {
    const headers = new Headers({ accept: 'text/html,application/xhtml+xml', 'user-agent': 'autogen-gate-dev-tokens' });
    const cookie = this.jar.header(navigation.url);
    if (cookie) headers.set('cookie', cookie);
    if (navigation.body) headers.set('content-type', 'application/x-www-form-urlencoded');
    const response = await fetch(navigation.url, {
      method: navigation.method,
      headers,
      ...(navigation.body ? { body: navigation.body.toString() } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    this.jar.store(response.headers.getSetCookie(), navigation.url);
    return response;
  }

  /**
   * Follows redirects and fills the IdP's forms until the flow leaves the IdP (stopBefore) or
   * ends on a page that says it is done (device-success). Returns the URL it stopped before.
   */
  async browse(start: URL, visitor: Visitor): Promise<URL | undefined> {
    let navigation: Navigation = { url: start, method: 'GET', body: undefined };
    let logins = 0;
    let codeEntries = 0;
    for (let hop = 0; hop < MAX_HOPS; hop += 1) {
      if (visitor.stopBefore?.(navigation.url)) return navigation.url;
      const response = await this.request(navigation);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        navigation = { url: new URL(location, navigation.url), method: 'GET', body: undefined };
        continue;
      }
      const html = await response.text();
      const page = pageOf(html);
      const forms = formsOf(html);
      const submit = (form: PageForm | undefined, values: Record<string, string>): Navigation => {
        if (!form)
          throw new DevTokenError(
            'unexpected_page',
            `the dev IdP's ${page ?? 'unknown'} page has no form to submit (${navigation.url.href})`,
          );
        return submitForm(form, values, navigation.url);
      };
      switch (page) {
        case 'login':
          if (logins > 0)
            throw new DevTokenError('login_failed', `the dev IdP refused the login of ${visitor.username}: ${pageError(html)}`);
          logins += 1;
          navigation = submit(
            forms.find((form) => form.id === 'login-form'),
            { username: visitor.username, password: visitor.password },
          );
          break;
        case 'device-input':
          if (visitor.userCode === undefined)
            throw new DevTokenError('unexpected_page', 'the dev IdP asks for a device code, but none was given');
          if (codeEntries > 0)
            throw new DevTokenError('idp_error', `the dev IdP refused the device code ${visitor.userCode}: ${pageError(html)}`);
          codeEntries += 1;
          navigation = submit(
            forms.find((form) => form.fields.has('user_code')),
            { user_code: visitor.userCode },
          );
          break;
        case 'device-confirm':
          navigation = submit(
            forms.find((form) => form.fields.get('confirm') === 'yes'),
            {},
          );
          break;
        case 'device-success':
          return undefined;
        case 'error':
          throw new DevTokenError('idp_error', `the dev IdP answered ${response.status}: ${pageError(html)}`);
        case undefined:
          // oidc-provider's self-submitting form_post pages (switching accounts ends the old
          // session first; verification_uri_complete): a browser's script would post them.
          if (forms.length === 1 && /document\.forms\[0\]\.submit\(\)/.test(html)) {
            navigation = submit(forms[0], {});
            break;
          }
          throw new DevTokenError(
            'unexpected_page',
            `unexpected answer ${response.status} from ${navigation.url.origin}${navigation.url.pathname}: ${html
              .replace(/<[^>]+>/g, ' ')
              .replace(/\s+/g, ' ')
              .trim()
              .slice(0, 200)}`,
          );
        default:
          throw new DevTokenError(
            'unexpected_page',
            `unexpected answer ${response.status} from ${navigation.url.origin}${navigation.url.pathname}: ${html
              .replace(/<[^>]+>/g, ' ')
              .replace(/\s+/g, ' ')
              .trim()
              .slice(0, 200)}`,
          );
      }
    }
    throw new DevTokenError('unexpected_page', `the dev IdP sign-in did not finish within ${MAX_HOPS} steps`);
  }
}

/* ------------------------------------------------------------------------------------------ */
/* The loopback redirect                                                                       */
/* ------------------------------------------------------------------------------------------ */

interface LoopbackCallback {
  readonly redirectUri: string;
  /** The full URL the IdP redirected to, once it arrived. */
  received(): URL | undefined;
  close(): Promise<void>;
}

/** RFC 8252 §7.3: a loopback listener on a port of its own choosing, for one redirect. */
async function startLoopbackCallback(host: string, path: string): Promise<LoopbackCallback> {
  let received: URL | undefined;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname !== path) {
      res.writeHead(404).end();
      return;
    }
    received ??= new URL(`${redirectUri}${url.search}`);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html><html lang="en"><title>Signed in</title><p>Signed in. You can close this window.</p></html>');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host === 'localhost' ? '127.0.0.1' : host, () => resolve());
  });
  const redirectUri = `http://${host}:${(server.address() as AddressInfo).port}${path}`;
  return {
    redirectUri,
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/* ------------------------------------------------------------------------------------------ */
/* The flows                                                                                   */
/* ------------------------------------------------------------------------------------------ */

/**
 * A user's tokens through the authorization code flow with PKCE (S256), driven headlessly:
 * authorization request, login form, (automatic) consent, redirect to a loopback listener on an
 * ephemeral port, code exchange.
 */
export async function getUserToken(
  issuer: string,
  username: string,
  password: string = DEV_PASSWORD,
  options: UserTokenOptions = {},
): Promise<DevTokenSet> {
  assertDevIssuer(issuer);
  const config = await devClientConfig(issuer, options.clientId ?? DEV_CLIENT_IDS.cli);
  const callback = await startLoopbackCallback(options.redirectHost ?? '127.0.0.1', options.redirectPath ?? '/callback');
  try {
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const authorizationUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: callback.redirectUri,
      scope: options.scope ?? DEFAULT_USER_SCOPE,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      login_hint: username,
      ...(options.resource ? { resource: options.resource } : {}),
    });
    const browser = new DevIdpBrowser(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const stoppedAt = await browser.browse(authorizationUrl, {
      username,
      password,
      stopBefore: (url) => url.href.startsWith(callback.redirectUri),
    });
    if (!stoppedAt) throw new DevTokenError('no_callback', 'the dev IdP finished the sign-in without redirecting back');
    // Deliver the redirect to the loopback listener, as the browser would.
    await (await browser.request({ url: stoppedAt, method: 'GET', body: undefined })).body?.cancel();
    const received = callback.received();
    if (!received) throw new DevTokenError('no_callback', `the loopback redirect ${callback.redirectUri} was never called`);
    const tokens = await oidc.authorizationCodeGrant(config, received, { pkceCodeVerifier: codeVerifier, expectedState: state });
    return toTokenSet(tokens);
  } catch (error) {
    throw explain(error, issuer);
  } finally {
    await callback.close();
  }
}

/**
 * Approves a device authorization (RFC 8628) as the user would in a browser: opens the
 * verification page, enters the user code, confirms, signs in.
 */
export async function approveDeviceCode(
  verificationUri: string,
  userCode: string,
  username: string,
  password: string = DEV_PASSWORD,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<void> {
  assertDevIssuer(verificationUri);
  try {
    await new DevIdpBrowser(timeoutMs).browse(new URL(verificationUri), { username, password, userCode });
  } catch (error) {
    throw explain(error, new URL(verificationUri).origin);
  }
}

/** A user's tokens through the device authorization grant: request, approve headlessly, poll. */
export async function getDeviceFlowToken(
  issuer: string,
  username: string,
  password: string = DEV_PASSWORD,
  options: DeviceTokenOptions = {},
): Promise<DevTokenSet> {
  assertDevIssuer(issuer);
  const config = await devClientConfig(issuer, options.clientId ?? DEV_CLIENT_IDS.cli);
  try {
    const authorization = await oidc.initiateDeviceAuthorization(config, {
      scope: options.scope ?? DEFAULT_USER_SCOPE,
      ...(options.resource ? { resource: options.resource } : {}),
    });
    await approveDeviceCode(authorization.verification_uri, authorization.user_code, username, password, options.timeoutMs);
    const tokens = await oidc.pollDeviceAuthorizationGrant(config, authorization, undefined, {
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS * 3),
    });
    return toTokenSet(tokens);
  } catch (error) {
    throw explain(error, issuer);
  }
}

/**
 * A client's own token through the client credentials grant. `audience` becomes the resource
 * indicator (`urn:<audience>` for a bare name); default the gateway's.
 */
export async function getClientCredentialsToken(
  issuer: string,
  clientId: string,
  secret: string,
  audience: string = DEFAULT_DEV_AUDIENCE,
): Promise<DevTokenSet> {
  const config = await devClientConfig(issuer, clientId, secret);
  try {
    return toTokenSet(await oidc.clientCredentialsGrant(config, { resource: resourceIndicatorFor(audience) }));
  } catch (error) {
    throw explain(error, issuer);
  }
}
