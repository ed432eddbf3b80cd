/**
 * What every command that talks to the gateway shares: where the gateway is, where the token
 * comes from (tokenSources.ts), and the refusal to send a token in clear text to anything but
 * this machine. Flags are the same on every such command.
 */
import type { Command } from 'commander';
import { GatewayClient } from '../../api/client/gatewayClient.js';
import type { CliContext } from '../context.js';
import { reportFailure, UsageError } from './failures.js';
import { resolveToken, TOKEN_SOURCES, type ResolvedToken, type TokenSourceKind } from './tokenSources.js';

export const DEFAULT_GATEWAY = 'http://127.0.0.1:8787';

/** Flags of every command that sends a token. */
export interface ConnectionOptions {
  gateway?: string;
  token?: string;
  tokenSource?: string;
  clientId?: string;
  clientSecretFile?: string;
  issuer?: string;
  audience?: string;
  scope?: string;
  insecure?: boolean;
}

export interface Connection {
  readonly client: GatewayClient;
  readonly gatewayUrl: string;
  readonly token: ResolvedToken;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function connectionFlags(command: Command): Command {
  return command
    .option('--gateway <url>', `gateway URL (default: $AUTOGEN_GATE_URL or ${DEFAULT_GATEWAY})`)
    .option('--token <token>', 'access token (prefer $AUTOGEN_GATE_TOKEN: flags show in process lists)')
    .option('--token-source <kind>', `${TOKEN_SOURCES.join(', ')} (default: the first available, in that order)`)
    .option('--client-id <id>', 'OAuth client for client credentials (or $AUTOGEN_GATE_CLIENT_ID); secret from $AUTOGEN_GATE_CLIENT_SECRET')
    .option('--client-secret-file <file>', 'read the client secret from a file (or $AUTOGEN_GATE_CLIENT_SECRET_FILE)')
    .option('--issuer <url>', 'OpenID issuer for client credentials (or $AUTOGEN_GATE_ISSUER)')
    .option('--audience <aud>', 'token audience the gateway expects (default: $AUTOGEN_GATE_AUDIENCE or autogen-gate)')
    .option('--scope <scope>', 'extra OAuth scope for client credentials')
    .option('--insecure', 'allow sending the token over plain http to a gateway (or issuer) that is not on this machine');
}

/** The gateway's base URL; plain http only to loopback, unless `--insecure`. */
export function gatewayUrlOf(options: ConnectionOptions, env: NodeJS.ProcessEnv): string {
  const text = (options.gateway ?? env['AUTOGEN_GATE_URL'] ?? DEFAULT_GATEWAY).replace(/\/+$/, '');
  const url = URL.parse(text);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`--gateway (or AUTOGEN_GATE_URL) must be an http(s) URL such as ${DEFAULT_GATEWAY}, got ${JSON.stringify(text)}`);
  }
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname) && options.insecure !== true) {
    throw new UsageError(
      `refusing to send your token over plain http to ${url.host}: use the gateway's https:// address, or pass --insecure if the network is trusted`,
    );
  }
  return text;
}

/** Resolves the gateway and a token, and builds the client; throws UsageError or TokenSourceError. */
export async function connect(ctx: CliContext, options: ConnectionOptions, timeoutMs = 30_000): Promise<Connection> {
  const env = ctx.io.env;
  if (options.tokenSource !== undefined && !TOKEN_SOURCES.includes(options.tokenSource as TokenSourceKind)) {
    throw new UsageError(`--token-source must be one of ${TOKEN_SOURCES.join(', ')}`);
  }
  const gatewayUrl = gatewayUrlOf(options, env);
  const token = await resolveToken({
    token: options.token,
    source: options.tokenSource as TokenSourceKind | undefined,
    clientId: options.clientId,
    clientSecretFile: options.clientSecretFile,
    issuer: options.issuer,
    audience: options.audience ?? env['AUTOGEN_GATE_AUDIENCE'] ?? 'autogen-gate',
    scope: options.scope,
    insecure: options.insecure,
    env,
  });
  let current = token.token;
  const client = new GatewayClient({
    baseUrl: gatewayUrl,
    token: async ({ forceRefresh }) => {
      if (forceRefresh && token.refresh) current = await token.refresh();
      return current;
    },
    timeoutMs,
    userAgent: 'autogen-gate-cli',
  });
  return { client, gatewayUrl, token };
}

/**
 * Runs a people-facing command against the gateway: connects, runs `action`, and turns any
 * failure into its message and exit code.
 */
export async function withGateway(
  ctx: CliContext,
  options: ConnectionOptions,
  action: (connection: Connection) => Promise<void>,
): Promise<void> {
  let gatewayUrl = options.gateway ?? ctx.io.env['AUTOGEN_GATE_URL'] ?? DEFAULT_GATEWAY;
  try {
    const connection = await connect(ctx, options);
    gatewayUrl = connection.gatewayUrl;
    await action(connection);
  } catch (error) {
    reportFailure(ctx, error, gatewayUrl);
  }
}
