/**
 * Where every command finds the policy: `--config FILE`, else `AUTOGEN_GATE_CONFIG`, else
 * `./autogen-gate.yaml`. The same lookup for `serve`, `policy check`, `audit verify`…, so tools
 * run next to `npm start` find its store with no flags.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, type LoadOptions } from '../config/load.js';
import type { GatewayConfig } from '../config/types.js';
import type { CliIo } from './context.js';

export const DEFAULT_CONFIG_FILE = 'autogen-gate.yaml';

export class ConfigNotFoundError extends Error {
  override readonly name = 'ConfigNotFoundError';
  readonly code = 'config_not_found';
}

export function configPath(io: CliIo, flag: string | undefined): string {
  const chosen = flag ?? io.env['AUTOGEN_GATE_CONFIG'] ?? DEFAULT_CONFIG_FILE;
  const path = resolve(io.cwd, chosen);
  if (!existsSync(path)) {
    const how =
      flag !== undefined
        ? '--config'
        : io.env['AUTOGEN_GATE_CONFIG'] !== undefined
          ? 'AUTOGEN_GATE_CONFIG'
          : `the default (./${DEFAULT_CONFIG_FILE})`;
    throw new ConfigNotFoundError(
      `no policy file at ${path} (from ${how}). Pass --config FILE, set AUTOGEN_GATE_CONFIG, or run where ${DEFAULT_CONFIG_FILE} is.`,
    );
  }
  return path;
}

export function loadCliConfig(io: CliIo, flag: string | undefined, options: LoadOptions = {}): GatewayConfig {
  return loadConfig(configPath(io, flag), options);
}
