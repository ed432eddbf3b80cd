/**
 * Names, defaults and small helpers of the development OpenID provider that other modules (the
 * CLI, the token helpers, tests) need without loading `oidc-provider` itself.
 */
import { join } from 'node:path';

/** The password of every dev account. Shown on the login page: it protects nothing. */
export const DEV_PASSWORD = 'dev';

/** Where `npm start` runs the dev IdP (the demo policy's `identity.issuers[dev]`). */
export const DEFAULT_DEV_ISSUER = 'http://127.0.0.1:8788';

/** The `aud` of every access token the dev IdP issues (the demo policy's `audience`). */
export const DEFAULT_DEV_AUDIENCE = 'autogen-gate';

/** Client ids, contracts with the extension's defaults, the CLI and CI docs. */
export const DEV_CLIENT_IDS = {
  /** Confidential, client credentials only: a CI pipeline with no person behind it (`autogen-gate run` in CI). */
  ciBot: 'ci-bot',
  /** Public (PKCE), loopback and editor redirects, device flow, refresh tokens: the extension. */
  vscode: 'autogen-gate-vscode',
  /** Public (PKCE), loopback redirects and device flow: command-line tools. */
  cli: 'autogen-gate-cli',
} as const;

/** Overrides the generated `ci-bot` secret (e.g. to give CI a known value). */
export const CI_SECRET_ENV = 'AUTOGEN_GATE_DEV_CI_SECRET';

/** What a user token asks for: OIDC profile claims, groups, and a refresh token. */
export const DEFAULT_USER_SCOPE = 'openid profile email groups offline_access';

/** The folder under the gateway's data dir where the dev IdP keeps keys, secrets and state. */
export function devIdpStateDir(dataDir: string): string {
  return join(dataDir, 'dev-idp');
}

export function ciSecretPath(dataDir: string): string {
  return join(devIdpStateDir(dataDir), 'ci-bot.secret');
}

/**
 * The resource indicator (RFC 8707) that stands for an audience. Resource indicators must be
 * absolute URIs, while the gateway's audience is a bare name (`autogen-gate`), so a bare name
 * is written as `urn:<name>`; an audience that already is a URI is its own indicator.
 */
export function resourceIndicatorFor(audience: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(audience) && URL.canParse(audience) ? audience : `urn:${audience}`;
}

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Loopback as RFC 8252 §7.3 means it: the literal addresses, plus `localhost`. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTNAMES.has(host.toLowerCase());
}

export function isLoopbackHttpUrl(url: string): boolean {
  const parsed = URL.parse(url);
  return parsed !== null && parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname);
}
