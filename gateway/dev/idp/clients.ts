/**
 * The dev IdP's three static clients and their redirect rules, and the `ci-bot` secret
 * (generated on first start into `<dataDir>/dev-idp/ci-bot.secret`, or taken from
 * AUTOGEN_GATE_DEV_CI_SECRET).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ClientMetadata } from 'oidc-provider';
import { CI_SECRET_ENV, ciSecretPath, devIdpStateDir, DEV_CLIENT_IDS, isLoopbackHost } from './constants.js';
import { ensureStateDir, writeSecretFileOnce } from './keys.js';

/** Where the `ci-bot` secret came from, for the start-up log. */
export type CiSecretSource = 'env' | 'file' | 'generated';

export interface DevIdpClients {
  readonly ciBot: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly secretSource: CiSecretSource;
    readonly secretPath: string;
  };
  readonly vscode: { readonly clientId: string };
  readonly cli: { readonly clientId: string };
}

/** The extension's id (`publisher.name` in package.json): the authority of its editor callback URIs. */
const EXTENSION_ID = 'autogen-gate.autogen-gate';

/** URI schemes of the VS Code family, for `vscode://<extension id>/…` callbacks (`env.uriScheme`). */
const EDITOR_SCHEMES = ['vscode', 'vscode-insiders', 'code-oss', 'vscodium'] as const;

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export function resolveCiSecret(dataDir: string, env: NodeJS.ProcessEnv): { secret: string; source: CiSecretSource; path: string } {
  const path = ciSecretPath(dataDir);
  const fromEnv = env[CI_SECRET_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return { secret: fromEnv, source: 'env', path };
  ensureStateDir(devIdpStateDir(dataDir));
  const generated = randomBytes(32).toString('base64url');
  const created = writeSecretFileOnce(path, `${generated}\n`);
  const secret = readFileSync(path, 'utf8').trim();
  if (secret === '') throw new Error(`${path} is empty; delete it to let the dev IdP generate a new ci-bot secret`);
  return { secret, source: created ? 'generated' : 'file', path };
}

/** Reads the `ci-bot` secret as a client sees it: the env variable, else the file the IdP wrote. */
export function readCiSecret(dataDir: string, env: NodeJS.ProcessEnv): string | undefined {
  const fromEnv = env[CI_SECRET_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  try {
    const secret = readFileSync(ciSecretPath(dataDir), 'utf8').trim();
    return secret === '' ? undefined : secret;
  } catch {
    return undefined;
  }
}

/**
 * RFC 8252 §7.3: a native client's loopback redirect may use any port, chosen at sign-in. The
 * dev IdP goes a step further and accepts any path (and query) on a loopback `http` address, so
 * whichever callback path a tool picks (code-server's `/callback?vscode-reqid=…` included)
 * works; userinfo and fragments stay forbidden.
 */
function isAllowedLoopbackRedirect(value: string): boolean {
  const url = URL.parse(value);
  return (
    url !== null &&
    url.protocol === 'http:' &&
    isLoopbackHost(url.hostname) &&
    url.username === '' &&
    url.password === '' &&
    !value.includes('#')
  );
}

/** `vscode://autogen-gate.autogen-gate/<any path>` and its siblings: the editor hands these to the extension. */
function isAllowedEditorRedirect(value: string): boolean {
  const url = URL.parse(value);
  if (url === null || value.includes('#')) return false;
  const scheme = url.protocol.slice(0, -1);
  return (EDITOR_SCHEMES as readonly string[]).includes(scheme) && url.host.toLowerCase() === EXTENSION_ID;
}

/** Per client: the redirect URIs it may use beyond its registered ones. */
export function redirectRuleFor(clientId: string): ((uri: string) => boolean) | undefined {
  if (clientId === DEV_CLIENT_IDS.vscode) return (uri) => isAllowedLoopbackRedirect(uri) || isAllowedEditorRedirect(uri);
  if (clientId === DEV_CLIENT_IDS.cli) return isAllowedLoopbackRedirect;
  return undefined;
}

const LOOPBACK_CALLBACKS = ['http://127.0.0.1/callback', 'http://localhost/callback', 'http://[::1]/callback'];

export function clientMetadata(ciSecret: string): ClientMetadata[] {
  return [
    {
      client_id: DEV_CLIENT_IDS.ciBot,
      client_name: 'CI pipeline (ci-bot)',
      client_secret: ciSecret,
      token_endpoint_auth_method: 'client_secret_basic', // client_secret_post works too: oidc-provider accepts either
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
    {
      client_id: DEV_CLIENT_IDS.vscode,
      client_name: 'AutoGen Gate for VS Code',
      application_type: 'native', // loopback redirects on any port (RFC 8252 §7.3) and custom schemes
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT],
      response_types: ['code'],
      redirect_uris: [...LOOPBACK_CALLBACKS, ...EDITOR_SCHEMES.map((scheme) => `${scheme}://${EXTENSION_ID}/did-authenticate`)],
      post_logout_redirect_uris: LOOPBACK_CALLBACKS.map((uri) => uri.replace('/callback', '/signed-out')),
    },
    {
      client_id: DEV_CLIENT_IDS.cli,
      client_name: 'AutoGen Gate command line',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT],
      response_types: ['code'],
      redirect_uris: LOOPBACK_CALLBACKS,
      post_logout_redirect_uris: LOOPBACK_CALLBACKS.map((uri) => uri.replace('/callback', '/signed-out')),
    },
  ];
}

/** What each client is for (home page, docs). */
export const CLIENT_DESCRIPTIONS: ReadonlyArray<{ readonly clientId: string; readonly description: string }> = [
  {
    clientId: DEV_CLIENT_IDS.vscode,
    description:
      'The VS Code extension: authorization code + PKCE on a loopback or vscode:// redirect, or the device flow; refresh tokens.',
  },
  {
    clientId: DEV_CLIENT_IDS.cli,
    description: 'Command-line tools: authorization code + PKCE on a loopback redirect, or the device flow; refresh tokens.',
  },
  {
    clientId: DEV_CLIENT_IDS.ciBot,
    description: 'CI pipelines: client credentials with the secret in data/dev-idp/ci-bot.secret (groups: ci).',
  },
];
