/**
 * Which dev IdP a development command talks to (`dev-token`, `dev-offboard`): flags first, then
 * the policy file `npm start` runs (its loopback issuer, data dir and audience), then the
 * embedded defaults. A policy named with --config must load; the default one is only a hint.
 * Development commands refuse NODE_ENV=production and any issuer off loopback: they would
 * otherwise send the dev password, or an admin secret, to a real IdP.
 */
import { resolve } from 'node:path';
import type { GatewayConfig } from '../config/types.js';
import { DEFAULT_DEV_AUDIENCE, DEFAULT_DEV_ISSUER, isLoopbackHttpUrl } from '../dev/idp/constants.js';
import { loadCliConfig } from './configLookup.js';
import type { CliContext } from './context.js';

export interface DevTargetOptions {
  readonly issuer?: string | undefined;
  readonly dataDir?: string | undefined;
  readonly config?: string | undefined;
}

export interface DevTarget {
  readonly issuer: string;
  readonly dataDir: string;
  readonly audience: string;
}

export class DevCommandRefusedError extends Error {
  override readonly name = 'DevCommandRefusedError';
  readonly code = 'dev_mode_refused';
}

export function resolveDevTarget(ctx: CliContext, options: DevTargetOptions): DevTarget {
  let config: GatewayConfig | undefined;
  try {
    config = loadCliConfig(ctx.io, options.config);
  } catch (error) {
    if (options.config !== undefined) throw error;
  }
  const devIssuer = config?.identity.issuers.find((issuer) => isLoopbackHttpUrl(issuer.issuer));
  const issuer = options.issuer ?? devIssuer?.issuer ?? DEFAULT_DEV_ISSUER;
  const matching = config?.identity.issuers.find((candidate) => candidate.issuer === issuer);
  return {
    issuer,
    dataDir: options.dataDir !== undefined ? resolve(ctx.io.cwd, options.dataDir) : (config?.dataDir ?? resolve(ctx.io.cwd, 'data')),
    audience: matching?.audiences[0] ?? DEFAULT_DEV_AUDIENCE,
  };
}

/** Refuses production and issuers off loopback; `command` names the command in the message. */
export function assertDevOnly(ctx: CliContext, command: string, issuer: string): void {
  if (ctx.io.env['NODE_ENV'] === 'production')
    throw new DevCommandRefusedError(`${command} refuses to run with NODE_ENV=production: it is for the embedded development IdP only.`);
  if (!isLoopbackHttpUrl(issuer))
    throw new DevCommandRefusedError(
      `${command} only talks to the embedded dev IdP on loopback (http://127.0.0.1:…), not ${issuer}. With a real identity provider, use its own tools.`,
    );
}
