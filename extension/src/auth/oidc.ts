/**
 * OpenID Connect for the extension, through `openid-client` (panva): discovery, the
 * authorization code flow with PKCE on a loopback redirect (RFC 8252), the device authorization
 * grant (RFC 8628), refresh, and revocation (RFC 7009). Free of `vscode` imports: the
 * authentication provider supplies the UI (open a browser, show a code) as callbacks, and the
 * tests drive the same code against the real dev IdP.
 */
import * as oidc from 'openid-client';
import { ExtensionError, type FixAction } from '../common/errors.js';
import { isLoopbackHostname, SETTING } from '../config/settings.js';
import { startLoopbackRedirect } from './loopback.js';
import {
  checkAudience,
  claimsFrom,
  decodeJwtPayload,
  jwtExpiry,
  resourceIndicatorFor,
  type AccountClaims,
  type TokenSet,
} from './tokens.js';

export interface OidcSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly audience: string;
  readonly scopes: readonly string[];
  /** Extra authorization/device request parameters; `resource: ""` suppresses the resource indicator. */
  readonly authorizationParameters: Readonly<Record<string, string>>;
  /** Per HTTP request to the issuer. */
  readonly timeoutMs: number;
}

/** A completed sign-in: the tokens and whom they belong to. */
export interface SignInResult {
  readonly tokens: TokenSet;
  readonly claims: AccountClaims;
}

export interface BrowserSignInOptions {
  /** Opens the authorization URL in the user's browser; false when it could not. */
  readonly openBrowser: (url: URL) => Promise<boolean>;
  /**
   * Maps the local redirect URI to the one the browser can reach (VS Code's `asExternalUri`:
   * the same on desktop, a forwarded port in remote windows). Default: unchanged.
   */
  readonly externalRedirectUri?: (localUri: string) => Promise<string>;
  readonly signal?: AbortSignal;
  /** How long to wait for the browser; default 5 minutes. */
  readonly timeoutMs?: number;
}

/** A device authorization in progress: show `userCode` and `verificationUri`, then `complete()`. */
export interface DeviceSignIn {
  readonly userCode: string;
  readonly verificationUri: string;
  /** The verification URI with the code filled in, when the issuer offers one. */
  readonly verificationUriComplete: string | undefined;
  /** Epoch ms when the code expires. */
  readonly expiresAt: number;
  /** Polls the token endpoint until the user approved (or denied, or the code expired). */
  complete(signal?: AbortSignal): Promise<SignInResult>;
}

function fixFor(setting: string): FixAction[] {
  return [{ kind: 'openSettings', setting }];
}

/** Turns openid-client and network errors into ExtensionErrors that say what to fix. */
function explainOidcError(
  error: unknown,
  settings: Pick<OidcSettings, 'issuer' | 'clientId' | 'audience'>,
  during: 'discovery' | 'sign-in' | 'refresh' | 'revocation',
): Error {
  if (error instanceof ExtensionError) return error;
  if (error instanceof oidc.AuthorizationResponseError || error instanceof oidc.ResponseBodyError) {
    const code = error.error;
    const description = error.error_description ? `: ${error.error_description}` : '';
    switch (code) {
      case 'access_denied':
        return new ExtensionError('access_denied', `The sign-in was refused at ${settings.issuer}${description}.`, [], { cause: error });
      case 'invalid_client':
      case 'unauthorized_client':
        return new ExtensionError(
          'sign_in_failed',
          `${settings.issuer} refused client "${settings.clientId}"${description}. Set ${SETTING.clientId} to the public client registered for this extension (PKCE and/or device flow, refresh tokens).`,
          fixFor(SETTING.clientId),
          { cause: error },
        );
      case 'invalid_target':
        return new ExtensionError(
          'sign_in_failed',
          `${settings.issuer} does not issue tokens for the audience "${settings.audience}"${description}. Set ${SETTING.audience} to the gateway's audience.`,
          fixFor(SETTING.audience),
          { cause: error },
        );
      case 'invalid_scope':
        return new ExtensionError(
          'sign_in_failed',
          `${settings.issuer} refused the scopes${description}. Check ${SETTING.scopes}.`,
          fixFor(SETTING.scopes),
          { cause: error },
        );
      case 'expired_token':
        return new ExtensionError(
          'sign_in_failed',
          'The sign-in code expired before it was entered. Start the sign-in again.',
          [{ kind: 'signIn' }],
          { cause: error },
        );
      case 'invalid_grant':
        if (during === 'refresh')
          return new ExtensionError(
            'session_expired',
            'Your AutoGen Gate session has ended (the refresh token is no longer valid). Sign in again.',
            [{ kind: 'signIn' }],
            { cause: error },
          );
        return new ExtensionError(
          'sign_in_failed',
          `${settings.issuer} refused the sign-in${description}. Try again.`,
          [{ kind: 'signIn' }],
          { cause: error },
        );
      default:
        return new ExtensionError('sign_in_failed', `${settings.issuer} answered ${code}${description}.`, [{ kind: 'showLog' }], {
          cause: error,
        });
    }
  }
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const networkCode = typeof cause?.code === 'string' ? cause.code : undefined;
  const name = (error as { name?: unknown }).name;
  // fetch reports network failures as `TypeError: fetch failed` with the system error as cause.
  const network = networkCode !== undefined || (error instanceof TypeError && error.message === 'fetch failed');
  if (name === 'AbortError' || name === 'TimeoutError' || network) {
    if (name === 'AbortError') return new ExtensionError('sign_in_cancelled', 'Sign-in cancelled.', [], { cause: error });
    return new ExtensionError(
      'issuer_unreachable',
      `Cannot reach the identity provider at ${settings.issuer}${networkCode ? ` (${networkCode})` : ''}. Is it running (npm start starts the dev one), and is ${SETTING.issuer} right?`,
      fixFor(SETTING.issuer),
      { cause: error },
    );
  }
  if (during === 'discovery') {
    return new ExtensionError(
      'issuer_invalid',
      `${settings.issuer} is not a usable OpenID Connect issuer: ${(error as Error).message ?? String(error)}. Set ${SETTING.issuer} to the issuer exactly as it names itself (its /.well-known/openid-configuration "issuer").`,
      fixFor(SETTING.issuer),
      { cause: error },
    );
  }
  return new ExtensionError('sign_in_failed', `Sign-in failed: ${(error as Error).message ?? String(error)}`, [{ kind: 'showLog' }], {
    cause: error,
  });
}

function toTokenSet(response: oidc.TokenEndpointResponse, now: number): TokenSet {
  const expiresAt =
    response.expires_in !== undefined ? now + response.expires_in * 1000 : (jwtExpiry(response.access_token) ?? now + 5 * 60_000);
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token,
    idToken: response.id_token,
    expiresAt,
    scope: response.scope,
  };
}

/** The person of a token response: the validated ID token's claims, else the access token's. */
function claimsOf(response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): AccountClaims {
  const idClaims = response.claims();
  if (idClaims) return claimsFrom(idClaims);
  const payload = decodeJwtPayload(response.access_token);
  if (payload) return claimsFrom(payload);
  throw new ExtensionError(
    'sign_in_failed',
    'The issuer returned neither an ID token nor a readable access token; include "openid" in autogenGate.scopes.',
    fixFor(SETTING.scopes),
  );
}

export class OidcClient {
  private constructor(
    readonly settings: OidcSettings,
    private readonly config: oidc.Configuration,
  ) {}

  /** Discovers the issuer (`/.well-known/openid-configuration`) and builds a public client. */
  static async discover(settings: OidcSettings): Promise<OidcClient> {
    const issuerUrl = new URL(settings.issuer);
    // Plain http only for a loopback issuer (the dev IdP); settings.ts refuses it elsewhere.
    const insecure = issuerUrl.protocol === 'http:' && isLoopbackHostname(issuerUrl.hostname);
    try {
      const config = await oidc.discovery(issuerUrl, settings.clientId, undefined, oidc.None(), {
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
        timeout: Math.max(1, Math.round(settings.timeoutMs / 1000)),
      });
      return new OidcClient(settings, config);
    } catch (error) {
      throw explainOidcError(error, settings, 'discovery');
    }
  }

  get supportsDeviceFlow(): boolean {
    return typeof this.config.serverMetadata().device_authorization_endpoint === 'string';
  }

  get supportsRevocation(): boolean {
    return typeof this.config.serverMetadata().revocation_endpoint === 'string';
  }

  /** Parameters every authorization, device and refresh request carries. */
  private requestParameters(): Record<string, string> {
    const { resource, ...extra } = this.settings.authorizationParameters;
    const parameters: Record<string, string> = { ...extra };
    // RFC 8707: name the gateway, so a JWT for its audience comes back. `resource: ""` opts out
    // (issuers that reject the parameter); another value replaces ours.
    if (resource === undefined) parameters['resource'] = resourceIndicatorFor(this.settings.audience);
    else if (resource !== '') parameters['resource'] = resource;
    return parameters;
  }

  /**
   * The authorization code flow with PKCE (S256), `state` and `nonce`, on a loopback redirect:
   * listen on 127.0.0.1, open the browser, wait for the redirect, exchange the code.
   */
  async browserSignIn(options: BrowserSignInOptions): Promise<SignInResult> {
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const verifier = oidc.randomPKCECodeVerifier();
    const loopback = await startLoopbackRedirect({ state, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
    try {
      const redirectUri = options.externalRedirectUri ? await options.externalRedirectUri(loopback.redirectUri) : loopback.redirectUri;
      const url = oidc.buildAuthorizationUrl(this.config, {
        ...this.requestParameters(),
        redirect_uri: redirectUri,
        scope: this.settings.scopes.join(' '),
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      const opened = await options.openBrowser(url);
      if (!opened) throw new ExtensionError('sign_in_cancelled', 'The browser was not opened; sign-in cancelled.');
      const query = await loopback.waitForRedirect(options.signal);
      // The code is bound to the redirect URI we sent, whatever address reached the listener.
      const currentUrl = new URL(redirectUri);
      currentUrl.search = query.toString();
      const now = Date.now();
      const response = await oidc.authorizationCodeGrant(this.config, currentUrl, {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: this.settings.scopes.includes('openid'),
      });
      return this.result(response, now);
    } catch (error) {
      throw explainOidcError(error, this.settings, 'sign-in');
    } finally {
      await loopback.close();
    }
  }

  /** Starts the device authorization grant; the caller shows the code, then calls `complete`. */
  async startDeviceSignIn(): Promise<DeviceSignIn> {
    if (!this.supportsDeviceFlow) {
      throw new ExtensionError(
        'sign_in_failed',
        `${this.settings.issuer} does not offer the device authorization grant. Set ${SETTING.signInMethod} to "browser".`,
        fixFor(SETTING.signInMethod),
      );
    }
    let authorization: oidc.DeviceAuthorizationResponse;
    try {
      authorization = await oidc.initiateDeviceAuthorization(this.config, {
        ...this.requestParameters(),
        scope: this.settings.scopes.join(' '),
      });
    } catch (error) {
      throw explainOidcError(error, this.settings, 'sign-in');
    }
    const expiresAt = Date.now() + authorization.expires_in * 1000;
    return {
      userCode: authorization.user_code,
      verificationUri: authorization.verification_uri,
      verificationUriComplete: authorization.verification_uri_complete,
      expiresAt,
      complete: async (signal) => {
        try {
          const now = Date.now();
          const response = await oidc.pollDeviceAuthorizationGrant(this.config, authorization, undefined, {
            signal: signal
              ? AbortSignal.any([signal, AbortSignal.timeout(Math.max(1, expiresAt - Date.now()))])
              : AbortSignal.timeout(Math.max(1, expiresAt - Date.now())),
          });
          return this.result(response, now);
        } catch (error) {
          if (signal?.aborted) throw new ExtensionError('sign_in_cancelled', 'Sign-in cancelled.', [], { cause: error });
          if ((error as { name?: unknown }).name === 'TimeoutError')
            throw new ExtensionError(
              'sign_in_failed',
              'The sign-in code expired before it was entered. Start the sign-in again.',
              [{ kind: 'signIn' }],
              { cause: error },
            );
          throw explainOidcError(error, this.settings, 'sign-in');
        }
      },
    };
  }

  /** Exchanges a refresh token; the issuer may rotate it (the new one is in the result). */
  async refresh(refreshToken: string): Promise<{ tokens: TokenSet; claims: AccountClaims | undefined }> {
    try {
      const now = Date.now();
      const response = await oidc.refreshTokenGrant(this.config, refreshToken, this.requestParameters());
      const tokens = toTokenSet(response, now);
      checkAudience(tokens.accessToken, this.settings.audience);
      const idClaims = response.claims();
      return {
        tokens: { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken },
        claims: idClaims ? claimsFrom(idClaims) : undefined,
      };
    } catch (error) {
      throw explainOidcError(error, this.settings, 'refresh');
    }
  }

  /**
   * Revokes a token (RFC 7009). `unsupported`: the issuer cannot revoke this kind of token (many
   * cannot revoke self-contained JWT access tokens; they expire on their own); `no_endpoint`:
   * the issuer offers no revocation at all.
   */
  async revoke(token: string, hint: 'refresh_token' | 'access_token'): Promise<'revoked' | 'unsupported' | 'no_endpoint'> {
    if (!this.supportsRevocation) return 'no_endpoint';
    try {
      await oidc.tokenRevocation(this.config, token, { token_type_hint: hint });
      return 'revoked';
    } catch (error) {
      if (error instanceof oidc.ResponseBodyError && error.error === 'unsupported_token_type') return 'unsupported';
      throw explainOidcError(error, this.settings, 'revocation');
    }
  }

  private result(response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers, now: number): SignInResult {
    const tokens = toTokenSet(response, now);
    checkAudience(tokens.accessToken, this.settings.audience);
    return { tokens, claims: claimsOf(response) };
  }
}
