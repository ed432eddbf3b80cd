/**
 * What a sign-in leaves behind and how it is stored: the token set, the account it belongs to,
 * and the checks made on it. Free of `vscode` imports.
 */
import { ExtensionError } from '../common/errors.js';
import { SETTING } from '../config/settings.js';

/** Tokens from the token endpoint, with the expiry made absolute. */
export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  readonly idToken: string | undefined;
  /** Epoch ms when the access token expires. */
  readonly expiresAt: number;
  readonly scope: string | undefined;
}

/** The person, from the validated ID token (or the access token when the issuer sends no ID token). */
export interface AccountClaims {
  readonly sub: string;
  readonly name: string | undefined;
  readonly preferredUsername: string | undefined;
  readonly email: string | undefined;
  readonly groups: readonly string[];
}

/** One signed-in session as kept in SecretStorage (JSON). */
export interface StoredSession {
  readonly version: 1;
  /** Stable id of the VS Code authentication session; kept across refreshes. */
  readonly id: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly audience: string;
  readonly scopes: readonly string[];
  readonly account: { readonly id: string; readonly label: string };
  readonly claims: AccountClaims;
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  readonly idToken: string | undefined;
  /** Epoch ms. */
  readonly expiresAt: number;
  readonly createdAt: number;
  readonly refreshedAt: number | undefined;
  /** How the session was obtained, for the log and the Accounts tooltip. */
  readonly method: 'browser' | 'deviceCode';
}

/** The payload of a JWT, not verified (the gateway verifies; this reads `exp`/`aud` for the UX). */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function claimsFrom(payload: Readonly<Record<string, unknown>>): AccountClaims {
  const sub = optionalString(payload['sub']);
  if (sub === undefined) throw new ExtensionError('sign_in_failed', 'The issuer returned a token without a subject (sub).');
  const groups = payload['groups'];
  return {
    sub,
    name: optionalString(payload['name']),
    preferredUsername: optionalString(payload['preferred_username']),
    email: optionalString(payload['email']),
    groups: Array.isArray(groups) ? groups.filter((group): group is string => typeof group === 'string') : [],
  };
}

/** The label of the account in the Accounts menu and status bar: the user name people know. */
export function accountLabel(claims: AccountClaims): string {
  return claims.preferredUsername ?? claims.email ?? claims.name ?? claims.sub;
}

/**
 * A JWT access token must name the gateway's audience, or every call would fail with 401; say so
 * at sign-in, with the fix. Opaque tokens cannot be checked here (the gateway will).
 */
export function checkAudience(accessToken: string, audience: string): void {
  const payload = decodeJwtPayload(accessToken);
  if (!payload) return;
  const aud = payload['aud'];
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (audiences.includes(audience)) return;
  const got = audiences.filter((value) => typeof value === 'string').join(', ') || '(none)';
  throw new ExtensionError(
    'audience_mismatch',
    `The issuer gave a token for audience ${got}, but the gateway expects "${audience}". Set ${SETTING.audience} to the gateway's audience, or have the issuer add it (see ${SETTING.authorizationParameters}).`,
    [{ kind: 'openSettings', setting: SETTING.audience }],
  );
}

/** The access token's `exp` (epoch ms), when it is a JWT that has one. */
export function jwtExpiry(token: string): number | undefined {
  const exp = decodeJwtPayload(token)?.['exp'];
  return typeof exp === 'number' ? exp * 1000 : undefined;
}

/** True when the access token expires within `skewMs` (default 60 s) of `now`. */
export function isExpiring(session: Pick<StoredSession, 'expiresAt'>, now: number, skewMs = 60_000): boolean {
  return session.expiresAt - skewMs <= now;
}

/** Reads a stored session; anything malformed (older format, edited by hand) is treated as none. */
export function parseStoredSession(text: string | undefined): StoredSession | undefined {
  if (text === undefined || text === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const session = value as Partial<StoredSession>;
  const ok =
    session.version === 1 &&
    typeof session.id === 'string' &&
    typeof session.issuer === 'string' &&
    typeof session.clientId === 'string' &&
    typeof session.accessToken === 'string' &&
    typeof session.expiresAt === 'number' &&
    typeof session.account?.id === 'string' &&
    typeof session.account.label === 'string' &&
    typeof session.claims?.sub === 'string' &&
    Array.isArray(session.scopes);
  return ok ? (session as StoredSession) : undefined;
}

/** The resource indicator (RFC 8707) for an audience: itself if it is a URI, else `urn:<audience>`. */
export function resourceIndicatorFor(audience: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(audience) && URL.canParse(audience) ? audience : `urn:${audience}`;
}
