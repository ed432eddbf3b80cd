/** Files the CLI writes where it is told (`--out`, `--html`): the folder is made if missing. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exitCodes.js';

export function writeOutputFile(path: string, data: string | Uint8Array, mode?: number): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data, mode === undefined ? undefined : { mode });
}

/**
 * Where an export's required `--out FILE` points, resolved against the working directory; or
 * undefined after saying it is required (usage error).
 */
export function requiredOut(ctx: CliContext, command: string, out: string | undefined): string | undefined {
  if (out !== undefined) return resolve(ctx.io.cwd, out);
  ctx.io.stderr.write(`${command}: --out FILE is required\n`);
  ctx.setExitCode(ExitCode.usage);
  return undefined;
}
