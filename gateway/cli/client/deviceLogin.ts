/**
 * A person's sign-in at a terminal: the OAuth device authorization grant (RFC 8628) against the
 * configured OpenID issuer, with a public client (`autogen-gate-cli` at the dev IdP), then
 * refresh (RFC 6749 §6) and revocation (RFC 7009) of what it gave. No browser needs to run on
 * this machine: the person opens the issuer's page anywhere and types the code.
 */
import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import { resourceIndicator } from './resourceIndicator.js';
import type { StoredLogin } from './credentialStore.js';

export interface LoginSettings {
  readonly issuer: string;
  readonly clientId: string;
  /** The gateway's audience: sent as the RFC 8707 resource, checked in the token. */
  readonly audience: string;
  readonly scope: string;
  /** Allow plain http to an issuer off loopback (`--insecure`). */
  readonly insecure: boolean;
}

/** The sign-in could not happen; the message says what to check or do. */
export class LoginError extends Error {
  override readonly name = 'LoginError';
  readonly code = 'login_failed';
}

/** What the person must do, and the wait for them to do it. */
export interface DeviceLogin {
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete: string | undefined;
  readonly expiresInSeconds: number;
  /** Polls until the person approved; resolves with the login to store. */
  complete(signal?: AbortSignal): Promise<StoredLogin>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function plainHttpAllowed(url: URL, insecure: boolean): boolean {
  return url.protocol === 'http:' && (insecure || LOOPBACK.has(url.hostname));
}

/** Turns openid-client and network failures into a sentence with the next step. */
export function explainLoginError(error: unknown, settings: Pick<LoginSettings, 'issuer' | 'clientId' | 'audience'>): LoginError {
  if (error instanceof LoginError) return error;
  if (error instanceof oidc.ResponseBodyError || error instanceof oidc.AuthorizationResponseError) {
    const detail = error.error_description ? ` (${error.error_description})` : '';
    switch (error.error) {
      case 'access_denied':
        return new LoginError(`the sign-in was refused at ${settings.issuer}${detail}; run autogen-gate login again`, { cause: error });
      case 'expired_token':
        return new LoginError('the code expired before it was entered; run autogen-gate login again', { cause: error });
      case 'invalid_client':
      case 'unauthorized_client':
        return new LoginError(
          `${settings.issuer} refused client ${settings.clientId}${detail}: pass --client-id with the public client registered for this CLI (device flow, refresh tokens)`,
          { cause: error },
        );
      case 'invalid_target':
        return new LoginError(
          `${settings.issuer} does not issue tokens for audience ${settings.audience}${detail}: pass --audience with the gateway's audience`,
          { cause: error },
        );
      case 'invalid_grant':
        return new LoginError(`your login at ${settings.issuer} has ended${detail}; run autogen-gate login`, { cause: error });
      default:
        return new LoginError(`${settings.issuer} answered ${error.error}${detail}`, { cause: error });
    }
  }
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const network = typeof cause?.code === 'string' ? cause.code : undefined;
  if (network !== undefined || (error instanceof TypeError && error.message === 'fetch failed')) {
    return new LoginError(
      `cannot reach the identity provider at ${settings.issuer}${network ? ` (${network})` : ''}: check --issuer (or AUTOGEN_GATE_ISSUER) and that it runs`,
      { cause: error },
    );
  }
  return new LoginError(`sign-in at ${settings.issuer} failed: ${(error as Error).message ?? String(error)}`, { cause: error });
}

async function discover(settings: LoginSettings): Promise<oidc.Configuration> {
  const url = new URL(settings.issuer);
  if (url.protocol === 'http:' && !plainHttpAllowed(url, settings.insecure)) {
    throw new LoginError(
      `refusing to sign in over plain http at ${settings.issuer}: use its https address, or pass --insecure on a network you trust`,
    );
  }
  try {
    return await oidc.discovery(url, settings.clientId, undefined, oidc.None(), {
      ...(url.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
      timeout: 15,
    });
  } catch (error) {
    throw explainLoginError(error, settings);
  }
}

function loginFrom(
  settings: Pick<LoginSettings, 'issuer' | 'clientId' | 'audience'>,
  response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers,
  previous: StoredLogin | undefined,
  now: number,
): StoredLogin {
  let payload: Record<string, unknown> = {};
  try {
    payload = decodeJwt(response.access_token);
  } catch {
    // An opaque access token: the gateway is the judge of it.
  }
  const audiences = typeof payload['aud'] === 'string' ? [payload['aud']] : Array.isArray(payload['aud']) ? payload['aud'] : undefined;
  if (audiences && !audiences.includes(settings.audience)) {
    throw new LoginError(
      `${settings.issuer} gave a token for ${audiences.join(', ')}, not for the gateway (${settings.audience}): pass --audience with the gateway's audience`,
    );
  }
  const claims = { ...payload, ...(response.claims() ?? {}) };
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  return {
    version: 1,
    issuer: settings.issuer,
    clientId: settings.clientId,
    audience: settings.audience,
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? previous?.refreshToken,
    expiresAt:
      response.expires_in !== undefined
        ? now + response.expires_in * 1000
        : typeof payload['exp'] === 'number'
          ? payload['exp'] * 1000
          : now + 5 * 60_000,
    subject: text(claims['preferred_username']) ?? text(claims['sub']) ?? previous?.subject,
    name: text(claims['name']) ?? previous?.name,
  };
}

/** Starts a device authorization: show the code, then `complete()`. */
export async function startDeviceLogin(settings: LoginSettings): Promise<DeviceLogin> {
  const config = await discover(settings);
  if (typeof config.serverMetadata().device_authorization_endpoint !== 'string') {
    throw new LoginError(`${settings.issuer} does not offer the device authorization grant, which autogen-gate login needs`);
  }
  const parameters = { scope: settings.scope, resource: resourceIndicator(settings.audience) };
  let authorization: oidc.DeviceAuthorizationResponse;
  try {
    authorization = await oidc.initiateDeviceAuthorization(config, parameters);
  } catch (error) {
    throw explainLoginError(error, settings);
  }
  return {
    userCode: authorization.user_code,
    verificationUri: authorization.verification_uri,
    verificationUriComplete: authorization.verification_uri_complete,
    expiresInSeconds: authorization.expires_in,
    complete: async (signal) => {
      const expiry = AbortSignal.timeout(authorization.expires_in * 1000);
      try {
        const now = Date.now();
        const response = await oidc.pollDeviceAuthorizationGrant(config, authorization, undefined, {
          signal: signal ? AbortSignal.any([signal, expiry]) : expiry,
        });
        return loginFrom(settings, response, undefined, now);
      } catch (error) {
        if (expiry.aborted) throw new LoginError('the code expired before it was entered; run autogen-gate login again', { cause: error });
        throw explainLoginError(error, settings);
      }
    },
  };
}

/** A fresh access token for a stored login (the issuer may rotate the refresh token). */
export async function refreshLogin(login: StoredLogin, insecure: boolean): Promise<StoredLogin> {
  if (!login.refreshToken) throw new LoginError(`your login at ${login.issuer} has expired; run autogen-gate login`);
  const settings = { ...login, scope: '', insecure };
  const config = await discover(settings);
  try {
    const now = Date.now();
    const response = await oidc.refreshTokenGrant(config, login.refreshToken, { resource: resourceIndicator(login.audience) });
    return loginFrom(settings, response, login, now);
  } catch (error) {
    throw explainLoginError(error, settings);
  }
}

/**
 * Revokes a login's tokens at the issuer: `revoked`, or `no_endpoint` when the issuer offers
 * no revocation (its tokens then live out their lifetime).
 */
export async function revokeLogin(login: StoredLogin, insecure: boolean): Promise<'revoked' | 'no_endpoint'> {
  const settings = { ...login, scope: '', insecure };
  const config = await discover(settings);
  if (typeof config.serverMetadata().revocation_endpoint !== 'string') return 'no_endpoint';
  try {
    if (login.refreshToken) await oidc.tokenRevocation(config, login.refreshToken, { token_type_hint: 'refresh_token' });
    await oidc.tokenRevocation(config, login.accessToken, { token_type_hint: 'access_token' }).catch((error: unknown) => {
      // Self-contained JWT access tokens often cannot be revoked; they expire on their own.
      if (!(error instanceof oidc.ResponseBodyError && error.error === 'unsupported_token_type')) throw error;
    });
    return 'revoked';
  } catch (error) {
    throw explainLoginError(error, settings);
  }
}
