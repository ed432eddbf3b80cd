/** Files the CLI writes where it is told (`--out`, `--html`): the folder is made if missing. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeOutputFile(path: string, data: string | Uint8Array, mode?: number): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data, mode === undefined ? undefined : { mode });
}
