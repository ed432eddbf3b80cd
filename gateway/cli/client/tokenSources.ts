/**
 * Where a pipeline's (or a person's) access token comes from, in order: an explicit token
 * (`--token`, `AUTOGEN_GATE_TOKEN`); OAuth client credentials against the configured issuer
 * (`--client-id`, secret from AUTOGEN_GATE_CLIENT_SECRET or a file); GitHub Actions' OIDC token
 * (when the job has `id-token: write`, GitHub sets ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN); the
 * login `autogen-gate login` stored for a person, refreshed when it expires. Tokens are never
 * printed or logged.
 */
import { readFileSync } from 'node:fs';
import * as oidc from 'openid-client';
import { resourceIndicator } from './resourceIndicator.js';
import { credentialsPath, readLogin, saveLogin } from './credentialStore.js';
import { LoginError, refreshLogin } from './deviceLogin.js';

export type TokenSourceKind = 'explicit' | 'github-actions' | 'client-credentials' | 'login';

/** Every kind, in the order they are detected. */
export const TOKEN_SOURCES: readonly TokenSourceKind[] = ['explicit', 'client-credentials', 'github-actions', 'login'];

/** A stored access token this close to expiry is refreshed first. */
const EXPIRY_MARGIN_MS = 60_000;

export interface TokenSourceOptions {
  readonly token?: string | undefined;
  /** Force a source instead of detecting one. */
  readonly source?: TokenSourceKind | undefined;
  readonly clientId?: string | undefined;
  readonly clientSecretFile?: string | undefined;
  readonly issuer?: string | undefined;
  /** Audience of the token: GitHub's `audience` parameter, the OAuth `resource` indicator. */
  readonly audience: string;
  /** Extra OAuth scope for client credentials (some IdPs want `api://…/.default`). */
  readonly scope?: string | undefined;
  /** Allow plain http to an issuer off loopback (`--insecure`). */
  readonly insecure?: boolean | undefined;
  readonly env: NodeJS.ProcessEnv;
}

export interface ResolvedToken {
  readonly kind: TokenSourceKind;
  readonly token: string;
  /** Where it came from, for progress messages (never the token). */
  readonly description: string;
  /** A fresh token, when the source can make one (the gateway refused the last). */
  readonly refresh?: () => Promise<string>;
}

/** A token could not be obtained: the message says what to set or check. */
export class TokenSourceError extends Error {
  override readonly name = 'TokenSourceError';
  readonly code = 'token_unavailable';
}

const NO_SOURCE =
  'no access token: sign in with `autogen-gate login`; or pass --token (or set AUTOGEN_GATE_TOKEN; with `npm start`: ' +
  'export AUTOGEN_GATE_TOKEN=$(npx autogen-gate dev-token --user ana)); pipelines: --client-id with AUTOGEN_GATE_CLIENT_SECRET ' +
  '(client credentials), or GitHub Actions with `permissions: id-token: write`';

function detect(options: TokenSourceOptions): TokenSourceKind {
  if (options.source) return options.source;
  if (options.token ?? options.env['AUTOGEN_GATE_TOKEN']) return 'explicit';
  if (options.clientId ?? options.env['AUTOGEN_GATE_CLIENT_ID']) return 'client-credentials';
  if (options.env['ACTIONS_ID_TOKEN_REQUEST_URL'] && options.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']) return 'github-actions';
  if (readStoredLogin(options.env)) return 'login';
  throw new TokenSourceError(NO_SOURCE);
}

function readStoredLogin(env: NodeJS.ProcessEnv): ReturnType<typeof readLogin> {
  try {
    return readLogin(env);
  } catch (error) {
    throw new TokenSourceError((error as Error).message, { cause: error });
  }
}

/** The stored login's token, refreshed (and saved) when it is about to expire or was refused. */
async function storedLoginToken(options: TokenSourceOptions): Promise<ResolvedToken> {
  let login = readStoredLogin(options.env);
  if (!login)
    throw new TokenSourceError(`--token-source login needs a login: run autogen-gate login (none at ${credentialsPath(options.env)})`);
  const refresh = async (): Promise<string> => {
    if (!login) throw new TokenSourceError('no login');
    try {
      login = await refreshLogin(login, options.insecure === true);
    } catch (error) {
      throw new TokenSourceError(error instanceof LoginError ? error.message : String(error), { cause: error });
    }
    saveLogin(options.env, login);
    return login.accessToken;
  };
  const token = login.expiresAt - EXPIRY_MARGIN_MS > Date.now() ? login.accessToken : await refresh();
  return {
    kind: 'login',
    token,
    description: `the login of ${login.name ?? login.subject ?? 'you'} at ${login.issuer}`,
    refresh,
  };
}

function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(url.hostname);
}

async function githubActionsToken(options: TokenSourceOptions): Promise<string> {
  const requestUrl = options.env['ACTIONS_ID_TOKEN_REQUEST_URL'];
  const requestToken = options.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
  if (!requestUrl || !requestToken) {
    throw new TokenSourceError(
      'GitHub Actions OIDC is not available: give the job `permissions: id-token: write` (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN are unset)',
    );
  }
  const url = new URL(requestUrl);
  url.searchParams.set('audience', options.audience);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `bearer ${requestToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new TokenSourceError(`cannot reach the GitHub Actions token endpoint (${(error as Error).message})`, { cause: error });
  }
  if (!response.ok) throw new TokenSourceError(`the GitHub Actions token endpoint answered HTTP ${response.status}`);
  const body = (await response.json().catch(() => undefined)) as { value?: unknown } | undefined;
  if (typeof body?.value !== 'string') throw new TokenSourceError('the GitHub Actions token endpoint answered without a token');
  return body.value;
}

async function clientCredentialsToken(options: TokenSourceOptions): Promise<string> {
  const clientId = options.clientId ?? options.env['AUTOGEN_GATE_CLIENT_ID'];
  const issuer = options.issuer ?? options.env['AUTOGEN_GATE_ISSUER'];
  if (!clientId) throw new TokenSourceError('client credentials need --client-id (or AUTOGEN_GATE_CLIENT_ID)');
  if (!issuer)
    throw new TokenSourceError('client credentials need --issuer (or AUTOGEN_GATE_ISSUER): the OpenID issuer that knows the client');
  let secret = options.env['AUTOGEN_GATE_CLIENT_SECRET'];
  const secretFile = options.clientSecretFile ?? options.env['AUTOGEN_GATE_CLIENT_SECRET_FILE'];
  if (secretFile) {
    try {
      secret = readFileSync(secretFile, 'utf8').trim();
    } catch (error) {
      throw new TokenSourceError(`cannot read the client secret file ${secretFile} (${(error as Error).message})`, { cause: error });
    }
  }
  if (!secret) throw new TokenSourceError('client credentials need a secret: set AUTOGEN_GATE_CLIENT_SECRET or pass --client-secret-file');
  const issuerUrl = new URL(issuer);
  try {
    if (issuerUrl.protocol === 'http:' && !isLoopbackHttp(issuerUrl) && options.insecure !== true) {
      throw new TokenSourceError(
        `refusing to send the client secret over plain http to ${issuer}: use its https address, or pass --insecure on a network you trust`,
      );
    }
    const config = await oidc.discovery(issuerUrl, clientId, undefined, oidc.ClientSecretBasic(secret), {
      // Plain HTTP only for a loopback issuer (the embedded dev IdP), or when asked for.
      ...(issuerUrl.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
      timeout: 15,
    });
    const parameters: Record<string, string> = { resource: resourceIndicator(options.audience) };
    if (options.scope) parameters['scope'] = options.scope;
    const tokens = await oidc.clientCredentialsGrant(config, parameters);
    return tokens.access_token;
  } catch (error) {
    if (error instanceof oidc.ResponseBodyError) {
      throw new TokenSourceError(
        `the issuer refused the client credentials: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}`,
        { cause: error },
      );
    }
    if (error instanceof oidc.WWWAuthenticateChallengeError) {
      // A 401 with a challenge: the client id or secret is wrong.
      const parameters = error.cause[0]?.parameters;
      throw new TokenSourceError(
        `the issuer refused the client credentials: ${parameters?.error ?? `HTTP ${error.status}`}${parameters?.error_description ? ` (${parameters.error_description})` : ''}`,
        { cause: error },
      );
    }
    throw new TokenSourceError(`cannot get a token from ${issuer}: ${(error as Error).message}`, { cause: error });
  }
}

export async function resolveToken(options: TokenSourceOptions): Promise<ResolvedToken> {
  const kind = detect(options);
  switch (kind) {
    case 'explicit': {
      const token = options.token ?? options.env['AUTOGEN_GATE_TOKEN'];
      if (!token) throw new TokenSourceError('--source explicit needs --token or AUTOGEN_GATE_TOKEN');
      return { kind, token: token.trim(), description: options.token ? '--token' : 'AUTOGEN_GATE_TOKEN' };
    }
    case 'github-actions':
      return { kind, token: await githubActionsToken(options), description: `GitHub Actions OIDC (audience ${options.audience})` };
    case 'client-credentials':
      return {
        kind,
        token: await clientCredentialsToken(options),
        description: `client credentials of ${options.clientId ?? options.env['AUTOGEN_GATE_CLIENT_ID'] ?? ''}`,
        refresh: () => clientCredentialsToken(options),
      };
    case 'login':
      return storedLoginToken(options);
  }
}
