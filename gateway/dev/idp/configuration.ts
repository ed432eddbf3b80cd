/**
 * The oidc-provider configuration of the dev IdP. Every choice that differs from oidc-provider's
 * defaults says why; the defaults it keeps are the library's documented ones.
 */
import type { AccessToken, Account, AdapterFactory, ClientCredentials, Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type { DevAccount } from '../accounts.js';
import { clientMetadata } from './clients.js';
import type { DevSigningJwk } from './keys.js';
import type { ProviderModule } from './loadProvider.js';
import {
  deviceConfirmPage,
  deviceInputPage,
  deviceSuccessPage,
  errorPage,
  logoutPage,
  logoutSuccessPage,
  type RenderedPage,
} from './views.js';

export interface ProviderSettings {
  readonly audience: string;
  /** Resource indicators that name the gateway; the first is the default for requests without one. */
  readonly resourceIndicators: readonly string[];
  readonly signingKeys: readonly DevSigningJwk[];
  readonly cookieKeys: readonly string[];
  readonly ciSecret: string;
  readonly adapter: AdapterFactory;
  readonly accounts: readonly DevAccount[];
  /** False once an account was offboarded: the provider no longer finds it. */
  readonly isActive: (username: string) => boolean;
}

/** Token lifetimes in seconds: long enough to be convenient, short enough to exercise refresh. */
const DEV_TTL = {
  accessToken: 60 * 60,
  idToken: 60 * 60,
  authorizationCode: 60,
  deviceCode: 10 * 60,
  interaction: 60 * 60,
  refreshToken: 14 * 24 * 60 * 60,
  session: 14 * 24 * 60 * 60,
  grant: 14 * 24 * 60 * 60,
} as const;

/** Cookie names of their own: the gateway and other dev servers share the 127.0.0.1 cookie jar (cookies ignore ports). */
const COOKIE_NAMES = {
  session: 'agdev_idp_session',
  interaction: 'agdev_idp_interaction',
  resume: 'agdev_idp_resume',
} as const;

function render(ctx: KoaContextWithOIDC, rendered: RenderedPage): void {
  ctx.type = 'html';
  ctx.set('content-security-policy', rendered.csp);
  ctx.set('x-content-type-options', 'nosniff');
  ctx.set('referrer-policy', 'no-referrer');
  ctx.body = rendered.html;
}

/** oidc-provider's own forms hold the CSRF token the next POST must carry. */
function xsrfOf(form: string): string | undefined {
  return /name="xsrf" value="([^"]+)"/.exec(form)?.[1];
}

/** oidc-provider's re-render errors of the code page, by class name (helpers/re_render_errors.js). */
function deviceErrorMessage(error: Error | undefined): string | undefined {
  switch (error?.name) {
    case undefined:
      return undefined;
    case 'NoCodeError':
    case 'NotFoundError':
      return 'That code is not valid. Check it and try again.';
    case 'ExpiredError':
      return 'That code has expired. Start the sign-in again on your device.';
    case 'AlreadyUsedError':
      return 'That code was already used. Start the sign-in again on your device.';
    case 'AbortedError':
      return 'The sign-in was cancelled. Start it again on your device.';
    default:
      return 'The code could not be checked. Try again.';
  }
}

function toAccount(account: DevAccount): Account {
  return {
    accountId: account.username,
    // All claims; oidc-provider hands out those the granted scopes and the `claims` map allow.
    claims: () => ({
      sub: account.username,
      name: account.name,
      preferred_username: account.username,
      ...(account.email ? { email: account.email, email_verified: true } : {}),
      groups: [...account.groups],
    }),
  };
}

export function providerConfiguration(module: ProviderModule, settings: ProviderSettings): Configuration {
  const people = new Map(settings.accounts.filter((account) => account.kind === 'person').map((account) => [account.username, account]));
  const pipelines = new Map(
    settings.accounts.filter((account) => account.kind === 'pipeline').map((account) => [account.username, account]),
  );
  const resources = new Set(settings.resourceIndicators);
  const defaultResource = settings.resourceIndicators[0];
  if (defaultResource === undefined) throw new Error('the dev IdP needs at least one resource indicator');

  return {
    adapter: settings.adapter,
    clients: clientMetadata(settings.ciSecret),
    jwks: { keys: settings.signingKeys.map((key) => ({ ...key })) },
    cookies: { keys: [...settings.cookieKeys], names: { ...COOKIE_NAMES } },

    findAccount: (_ctx, sub) => {
      // An offboarded person's sessions and refresh tokens stop working: there is no such account any more.
      const account = settings.isActive(sub) ? people.get(sub) : undefined;
      return account ? toAccount(account) : undefined;
    },
    scopes: ['openid', 'offline_access', 'profile', 'email', 'groups'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
      groups: ['groups'],
    },
    // Profile claims in the ID token too (not only at userinfo): the extension labels the account from it.
    conformIdTokenClaims: false,

    /** The gateway authorises on these; they ride in every access token, whatever the scopes. */
    extraTokenClaims: (_ctx, token: AccessToken | ClientCredentials) => {
      if ('accountId' in token) {
        const account = people.get(token.accountId);
        if (!account) return undefined;
        return {
          name: account.name,
          preferred_username: account.username,
          ...(account.email ? { email: account.email } : {}),
          groups: [...account.groups],
        };
      }
      const pipeline = token.clientId === undefined ? undefined : pipelines.get(token.clientId);
      return pipeline ? { name: pipeline.name, preferred_username: pipeline.username, groups: [...pipeline.groups] } : undefined;
    },

    responseTypes: ['code'], // OAuth 2.1: no implicit or hybrid flows
    pkce: { required: () => true }, // oidc-provider 9 only knows S256; required for every client
    rotateRefreshToken: true,
    // Public clients rarely send prompt=consent, without which oidc-provider drops offline_access;
    // every client here is first-party, so any client allowed to refresh gets a refresh token.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // Refresh tokens outlive the browser session that created them, as offline_access ones do:
    // signing in as someone else in the same browser, or signing out of the IdP's session, must
    // not sign the editor out. The editor signs out by revoking its refresh token.
    expiresWithSession: () => false,

    ttl: {
      AccessToken: DEV_TTL.accessToken,
      ClientCredentials: DEV_TTL.accessToken,
      IdToken: DEV_TTL.idToken,
      AuthorizationCode: DEV_TTL.authorizationCode,
      DeviceCode: DEV_TTL.deviceCode,
      Interaction: DEV_TTL.interaction,
      RefreshToken: DEV_TTL.refreshToken,
      Session: DEV_TTL.session,
      Grant: DEV_TTL.grant,
    },

    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },

    features: {
      devInteractions: { enabled: false }, // our own pages (interactions.ts), with the dev banner
      deviceFlow: {
        enabled: true,
        userCodeInputSource: (ctx, form, _out, error) => {
          const userCode = typeof ctx.oidc.params?.['user_code'] === 'string' ? ctx.oidc.params['user_code'] : undefined;
          render(
            ctx,
            deviceInputPage({
              action: ctx.oidc.urlFor('code_verification'),
              xsrf: xsrfOf(form),
              providerForm: form,
              userCode,
              error: deviceErrorMessage(error),
            }),
          );
        },
        userCodeConfirmSource: (ctx, form, client, _deviceInfo, userCode) => {
          render(ctx, deviceConfirmPage({ providerForm: form, clientName: client.clientName ?? client.clientId, userCode }));
        },
        successSource: (ctx) => {
          const client = ctx.oidc.client;
          render(ctx, deviceSuccessPage(client ? (client.clientName ?? client.clientId) : 'your device'));
        },
      },
      revocation: {
        enabled: true,
        // oidc-provider's default rule, made explicit: a client revokes only its own tokens; a
        // public client presenting another's token gets the RFC 7009 200 and nothing happens.
        allowedPolicy: (_ctx, client, token) => {
          if (token.clientId === client.clientId) return true;
          if (client.clientAuthMethod === 'none') return false;
          throw new module.errors.InvalidRequest('client is not authorized to revoke the presented token');
        },
      },
      clientCredentials: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          const accountId = ctx.oidc.session?.accountId;
          render(
            ctx,
            logoutPage({
              providerForm: form,
              accountName: accountId === undefined ? undefined : (people.get(accountId)?.name ?? accountId),
            }),
          );
        },
        postLogoutSuccessSource: (ctx) => render(ctx, logoutSuccessPage()),
      },
      resourceIndicators: {
        enabled: true,
        // A client that names no resource still gets a JWT for the gateway.
        defaultResource: (_ctx, _client, oneOf) => oneOf ?? defaultResource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resourceIndicator) => {
          if (!resources.has(resourceIndicator)) {
            throw new module.errors.InvalidTarget(`unknown resource; this dev IdP issues tokens for ${[...resources].join(' or ')}`);
          }
          return {
            // The OIDC scopes, so the token and the token response say what was granted; the gateway
            // authorises on groups, not on scopes.
            scope: 'openid profile email groups offline_access',
            audience: settings.audience,
            accessTokenFormat: 'jwt',
            accessTokenTTL: DEV_TTL.accessToken,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },

    renderError: (ctx, out) => {
      render(ctx, errorPage({ error: out.error, description: out.error_description }));
    },
  };
}
