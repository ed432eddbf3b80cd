/**
 * Development mode: the embedded OpenID provider and demo AutoGen runtime, started on the
 * loopback addresses the policy file points at, so `npm start` is one command with no set-up.
 * It is refused in production and away from loopback: dev tokens prove nothing.
 */
import type { GatewayConfig } from '../config/types.js';
import type { Logger } from '../observability/logger.js';
import type { RunningGateway } from '../server.js';
import { describeStore } from '../store/index.js';
import { DEV_ACCOUNTS } from './accounts.js';
import { startDemoRuntime, type DemoRuntime } from './demoRuntime/server.js';
import { isLoopbackHost, isLoopbackHttpUrl } from './idp/constants.js';
import { startDevIdp, DEV_PASSWORD, type DevIdp } from './idp/index.js';

/** Where the CLI looks for the gateway when told nothing else (what `npm start` serves). */
const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:8787';

export interface DevEnvironment {
  readonly idp: DevIdp | undefined;
  readonly runtimes: readonly DemoRuntime[];
  close(): Promise<void>;
}

export class DevModeRefusedError extends Error {
  override readonly name = 'DevModeRefusedError';
  readonly code = 'dev_mode_refused';
}

export function assertDevModeAllowed(config: GatewayConfig, env: NodeJS.ProcessEnv): void {
  if (env['NODE_ENV'] === 'production') {
    throw new DevModeRefusedError(
      '--dev is refused because NODE_ENV=production: the dev identity provider issues tokens to anyone who knows the dev password.',
    );
  }
  if (!isLoopbackHost(config.server.host)) {
    throw new DevModeRefusedError(
      `--dev only binds to loopback, but server.host is ${config.server.host}. Remove --dev, or use host 127.0.0.1.`,
    );
  }
}

export async function startDevEnvironment(config: GatewayConfig, logger: Logger): Promise<DevEnvironment> {
  const started: Array<{ close(): Promise<void> }> = [];
  try {
    const devIssuer = config.identity.issuers.find((issuer) => isLoopbackHttpUrl(issuer.issuer));
    let idp: DevIdp | undefined;
    if (devIssuer) {
      const url = new URL(devIssuer.issuer);
      idp = await startDevIdp({
        host: url.hostname,
        port: Number(url.port || 80),
        issuer: devIssuer.issuer,
        dataDir: config.dataDir,
        audience: devIssuer.audiences[0] ?? 'autogen-gate',
        gatewayUrl: config.server.publicUrl,
        logger,
      });
      started.push(idp);
    }
    const runtimes: DemoRuntime[] = [];
    const runtimeUrls = new Set(
      [...config.upstreams.values()].filter((upstream) => isLoopbackHttpUrl(upstream.url)).map((upstream) => upstream.url),
    );
    for (const runtimeUrl of runtimeUrls) {
      const url = new URL(runtimeUrl);
      const runtime = await startDemoRuntime({ host: url.hostname, port: Number(url.port || 80) });
      started.push(runtime);
      runtimes.push(runtime);
    }
    return {
      idp,
      runtimes,
      close: async () => {
        for (const item of started.reverse()) await item.close();
      },
    };
  } catch (error) {
    for (const item of started.reverse()) await item.close().catch(() => undefined);
    throw error;
  }
}

/** What `npm start` prints: where everything is, who you can be, and a first command to try. */
export function devBanner(gateway: RunningGateway, dev: DevEnvironment): string {
  const rule = '='.repeat(78);
  const accounts = DEV_ACCOUNTS.map((account) => `    ${account.username.padEnd(7)} ${account.groups.join(', ')}`).join('\n');
  return [
    rule,
    '  AutoGen Gate — DEVELOPMENT MODE. NOT FOR PRODUCTION.',
    '  Tokens come from an embedded identity provider with a shared dev password.',
    rule,
    `  Gateway        ${gateway.url}`,
    `  Dev IdP        ${dev.idp?.issuer ?? '(none: no loopback issuer in the policy)'}   password for every account: ${DEV_PASSWORD}`,
    ...(dev.idp ? [`  ci-bot secret  ${dev.idp.clients.ciBot.secretPath} (client credentials for pipelines)`] : []),
    ...dev.runtimes.map((runtime) => `  Demo runtime   ${runtime.url}   (AutoGen Studio API shape)`),
    `  Policy         ${gateway.config.source.path}`,
    `  Store          ${describeStore(gateway.config.store)}`,
    '  Accounts:',
    accounts,
    '',
    '  Try it in a second terminal (the whole tour: README.md, "Try it"):',
    ...(gateway.url === DEFAULT_GATEWAY_URL ? [] : [`    export AUTOGEN_GATE_URL=${gateway.url}`]),
    '    export AUTOGEN_GATE_TOKEN=$(npx autogen-gate dev-token --user ana)',
    '    npx autogen-gate generators',
    '    npx autogen-gate run config-template --set service=payments-api',
    rule,
    '',
  ].join('\n');
}
