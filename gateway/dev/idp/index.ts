/**
 * The embedded development OpenID provider (`oidc-provider`) that `npm start` runs beside the
 * gateway: discovery and JWKS; authorization code with PKCE (S256) on any-port loopback
 * redirects; the device authorization grant (RFC 8628); rotating refresh tokens; revocation;
 * client credentials for `ci-bot`; RP-initiated logout. Access tokens are RS256 JWTs
 * (`typ: at+jwt`) for the gateway's audience, carrying `groups`, `name`, `email` and
 * `preferred_username`.
 *
 * It is a development tool: every account shares one published password. It binds to loopback
 * only and refuses to start with NODE_ENV=production. Keys, the ci-bot secret and the provider's
 * state (sessions, grants, refresh tokens) live under `<dataDir>/dev-idp/` and survive restarts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { JWK } from 'jose';
import type { Logger } from '../../observability/logger.js';
import { DEV_ACCOUNTS, type DevAccount } from '../accounts.js';
import { CLIENT_DESCRIPTIONS, redirectRuleFor, resolveCiSecret, type DevIdpClients } from './clients.js';
import { providerConfiguration } from './configuration.js';
import {
  DEFAULT_DEV_AUDIENCE,
  DEFAULT_DEV_ISSUER,
  DEV_CLIENT_IDS,
  DEV_PASSWORD,
  devIdpStateDir,
  isLoopbackHost,
  resourceIndicatorFor,
} from './constants.js';
import { createInteractionHandler, isInteractionPath } from './interactions.js';
import { loadOrCreateCookieKeys, loadOrCreateSigningKeys, publicJwk, type DevSigningJwk } from './keys.js';
import { loadOidcProvider, type ProviderModule } from './loadProvider.js';
import { DevStateStore } from './stateStore.js';
import { DevAccountState } from './accountState.js';
import {
  createAdminHandler,
  isAdminPath,
  loadAdminSecret,
  setAccountActive,
  type AdminDependencies,
  type OffboardResult,
} from './admin.js';
import type { ProvisioningTarget } from './provisioning.js';
import { homePage } from './views.js';

export { DEV_PASSWORD, DEFAULT_DEV_ISSUER, DEFAULT_DEV_AUDIENCE, DEV_CLIENT_IDS } from './constants.js';
export type { DevIdpClients } from './clients.js';
export type { OffboardResult } from './admin.js';
export type { ProvisioningTarget } from './provisioning.js';
export type { DevAccount } from '../accounts.js';

export interface DevIdpOptions {
  /** Address to bind; loopback only. Default: the issuer's host, else 127.0.0.1. */
  readonly host?: string;
  /** Port to bind; 0 picks a free one (the issuer then names it). Default: the issuer's port, else 8788. */
  readonly port?: number;
  /** The issuer URL; default `http://<host>:<bound port>`, i.e. http://127.0.0.1:8788. */
  readonly issuer?: string;
  /** The gateway's data dir; the IdP keeps its files in `<dataDir>/dev-idp/`. */
  readonly dataDir: string;
  /** The `aud` of access tokens. Default `autogen-gate`. */
  readonly audience?: string;
  /** The gateway's URL; accepted as a resource indicator besides `urn:<audience>`. */
  readonly gatewayUrl?: string;
  readonly logger?: Logger;
  /** Where NODE_ENV and AUTOGEN_GATE_DEV_CI_SECRET are read; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** The gateway's SCIM endpoint that offboarding pushes to (read when an action runs: the gateway may start later). */
  readonly provisioning?: () => ProvisioningTarget | undefined;
}

export interface DevIdp {
  readonly issuer: string;
  /** The `aud` of its access tokens. */
  readonly audience: string;
  /** Resource indicators (RFC 8707) that yield a token for `audience`; the first is the default. */
  readonly resourceIndicators: readonly string[];
  readonly accounts: readonly DevAccount[];
  readonly clients: DevIdpClients;
  /** `<dataDir>/dev-idp`. */
  readonly stateDir: string;
  /** The public signing keys (also at `<issuer>/jwks`). */
  readonly jwks: { readonly keys: readonly JWK[] };
  /** Offboards (or reactivates) a person: no more sign-ins here, and the gateway told over SCIM. */
  setActive(username: string, active: boolean): Promise<OffboardResult>;
  close(): Promise<void>;
}

export class DevIdpRefusedError extends Error {
  override readonly name = 'DevIdpRefusedError';
  readonly code = 'dev_mode_refused';
}

/** Device-flow clients poll at `interval` seconds (RFC 8628 default 5); on loopback 1 s is plenty and keeps sign-in snappy. */
const DEVICE_POLL_INTERVAL_SECONDS = 1;

function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function bindHost(host: string): string {
  return host.startsWith('[') ? host.slice(1, -1) : host;
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(port, bindHost(host), () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** The wrapped redirect checks: registered URIs as oidc-provider sees them, plus each client's extra rule. */
function widenRedirectRules(provider: InstanceType<ProviderModule['Provider']>): void {
  const prototype = provider.Client.prototype;
  const redirectUriAllowed = prototype.redirectUriAllowed;
  const postLogoutRedirectUriAllowed = prototype.postLogoutRedirectUriAllowed;
  // Per provider instance: `provider.Client` is a class created for this provider alone.
  prototype.redirectUriAllowed = function (this: typeof prototype, uri: string): boolean {
    return redirectUriAllowed.call(this, uri) || redirectRuleFor(this.clientId)?.(uri) === true;
  };
  prototype.postLogoutRedirectUriAllowed = function (this: typeof prototype, uri: string): boolean {
    return postLogoutRedirectUriAllowed.call(this, uri) || redirectRuleFor(this.clientId)?.(uri) === true;
  };
}

function attachEventLogging(provider: InstanceType<ProviderModule['Provider']>, logger: Logger): void {
  provider.on('server_error', (_ctx, error) => logger.error({ err: error }, 'dev IdP server error'));
  // The `<route>.error` events of the routes the dev IdP serves (helpers/initialize_app.js); all
  // share the (ctx, error) signature, typed here as one of them.
  const events = [
    'authorization.error',
    'grant.error',
    'revocation.error',
    'userinfo.error',
    'discovery.error',
    'jwks.error',
    'end_session.error',
    'end_session_confirm.error',
    'device_authorization.error',
    'code_verification.error',
    'device_resume.error',
  ];
  for (const event of events) {
    provider.on(event as 'grant.error', (ctx, error) => {
      const described = error as { error?: unknown; error_description?: unknown };
      logger.warn(
        {
          event,
          route: ctx.oidc?.route,
          clientId: ctx.oidc?.client?.clientId,
          error: described.error,
          description: described.error_description,
        },
        'dev IdP refused a request',
      );
    });
  }
  provider.on('grant.success', (ctx) =>
    logger.debug({ clientId: ctx.oidc.client?.clientId, route: ctx.oidc.route }, 'dev IdP issued tokens'),
  );
}

interface HandlerSettings {
  readonly issuer: string;
  readonly audience: string;
  readonly resourceIndicators: readonly string[];
  readonly gatewayUrl: string | undefined;
  readonly signingKeys: readonly DevSigningJwk[];
  readonly cookieKeys: readonly string[];
  readonly ciSecret: string;
  readonly store: DevStateStore;
  readonly logger: Logger | undefined;
  readonly admin: AdminDependencies;
}

/** The provider, its interaction pages and the home page, behind one request handler. */
function createHandler(module: ProviderModule, settings: HandlerSettings): (req: IncomingMessage, res: ServerResponse) => void {
  const { issuer, audience, resourceIndicators, logger } = settings;
  const provider = new module.Provider(
    issuer,
    providerConfiguration(module, {
      audience,
      resourceIndicators,
      signingKeys: settings.signingKeys,
      cookieKeys: settings.cookieKeys,
      ciSecret: settings.ciSecret,
      adapter: settings.store.adapterFactory,
      accounts: DEV_ACCOUNTS,
      isActive: (username) => settings.admin.state.isActive(username),
    }),
  );
  widenRedirectRules(provider);
  if (logger) attachEventLogging(provider, logger);
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.oidc?.route === 'device_authorization' && ctx.status === 200 && typeof ctx.body === 'object' && ctx.body !== null) {
      (ctx.body as Record<string, unknown>)['interval'] = DEVICE_POLL_INTERVAL_SECONDS;
    }
  });

  const interactions = createInteractionHandler({
    provider,
    accounts: DEV_ACCOUNTS,
    password: DEV_PASSWORD,
    logger,
    isActive: (username) => settings.admin.state.isActive(username),
  });
  const admin = createAdminHandler(settings.admin);
  const home = homePage({
    issuer,
    audience,
    resource: resourceIndicators[0] ?? audience,
    gatewayUrl: settings.gatewayUrl,
    accounts: DEV_ACCOUNTS.filter((account) => account.kind === 'person'),
    password: DEV_PASSWORD,
    clients: CLIENT_DESCRIPTIONS,
  });
  const providerCallback = provider.callback();

  return (req, res) => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (isInteractionPath(pathname)) {
      void interactions(req, res);
    } else if (isAdminPath(pathname)) {
      void admin(req, res);
    } else if (pathname === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': home.csp,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : home.html);
    } else {
      void providerCallback(req, res);
    }
  };
}

export async function startDevIdp(options: DevIdpOptions): Promise<DevIdp> {
  const env = options.env ?? process.env;
  if (env['NODE_ENV'] === 'production') {
    throw new DevIdpRefusedError(
      'the dev identity provider does not run with NODE_ENV=production: every account shares a published password.',
    );
  }
  const issuerUrl = options.issuer === undefined ? undefined : new URL(options.issuer);
  if (issuerUrl && issuerUrl.pathname !== '/') {
    throw new DevIdpRefusedError(`the dev IdP issuer must be an origin without a path, got ${options.issuer}`);
  }
  const host = options.host ?? issuerUrl?.hostname ?? new URL(DEFAULT_DEV_ISSUER).hostname;
  const port = options.port ?? (issuerUrl ? Number(issuerUrl.port || 80) : Number(new URL(DEFAULT_DEV_ISSUER).port));
  if (!isLoopbackHost(host) || (issuerUrl && !isLoopbackHost(issuerUrl.hostname))) {
    throw new DevIdpRefusedError(`the dev IdP binds to loopback only (127.0.0.1, ::1, localhost), got ${issuerUrl?.hostname ?? host}`);
  }
  const audience = options.audience ?? DEFAULT_DEV_AUDIENCE;
  const logger = options.logger?.child({ component: 'dev-idp' });
  const stateDir = devIdpStateDir(options.dataDir);

  const signingKeys: DevSigningJwk[] = await loadOrCreateSigningKeys(stateDir);
  const cookieKeys = loadOrCreateCookieKeys(stateDir);
  const ci = resolveCiSecret(options.dataDir, env);
  const store = DevStateStore.open(join(stateDir, 'state.json'), logger);
  const admin: AdminDependencies = {
    accounts: DEV_ACCOUNTS,
    state: DevAccountState.open(stateDir),
    adminSecret: loadAdminSecret(stateDir),
    provisioning: options.provisioning ?? (() => undefined),
    logger,
  };
  const module = await loadOidcProvider();

  // Listen first: with port 0 the issuer is only known once the port is bound.
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    if (handler) handler(req, res);
    else res.writeHead(503, { 'retry-after': '1' }).end('dev IdP starting');
  });
  server.keepAliveTimeout = 5_000;
  let address: AddressInfo;
  try {
    address = await listen(server, host, port);
  } catch (error) {
    await store.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(`the dev IdP cannot listen on ${host}:${port}: the port is in use (is another \`npm start\` running?)`, {
        cause: error,
      });
    }
    throw error;
  }
  const issuer = options.issuer ?? `http://${hostForUrl(host)}:${address.port}`;
  const resourceIndicators = [
    ...new Set([resourceIndicatorFor(audience), ...(options.gatewayUrl ? [options.gatewayUrl.replace(/\/+$/, '')] : [])]),
  ];
  const clients: DevIdpClients = {
    ciBot: { clientId: DEV_CLIENT_IDS.ciBot, clientSecret: ci.secret, secretSource: ci.source, secretPath: ci.path },
    vscode: { clientId: DEV_CLIENT_IDS.vscode },
    cli: { clientId: DEV_CLIENT_IDS.cli },
  };
  const stop = async (): Promise<void> => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await store.close();
  };
  try {
    handler = createHandler(module, {
      issuer,
      audience,
      resourceIndicators,
      gatewayUrl: options.gatewayUrl,
      signingKeys,
      cookieKeys,
      ciSecret: ci.secret,
      store,
      logger,
      admin,
    });
  } catch (error) {
    await stop();
    throw error;
  }

  logger?.info({ issuer, audience, stateDir, ciSecret: ci.source }, 'dev IdP listening (development only)');

  let closing: Promise<void> | undefined;
  return {
    issuer,
    audience,
    resourceIndicators,
    accounts: DEV_ACCOUNTS,
    clients,
    stateDir,
    jwks: { keys: signingKeys.map(publicJwk) },
    setActive: (username, active) => setAccountActive(admin, username, active),
    close() {
      closing ??= stop();
      return closing;
    },
  };
}
