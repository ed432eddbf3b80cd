/**
 * The extension package the UI tests install: `dist/autogen-gate.vsix`, rebuilt when older than
 * what it is made of (bundle sources, manifest, .vscodeignore), so a test never runs an old
 * extension. `npm run package` makes the same file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const VSIX_PATH = resolve('dist/autogen-gate.vsix');

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, entry) => Math.max(latest, newest(join(path, entry))), stat.mtimeMs);
}

function age(path: string): number {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

/** Runs scripts/bundle.mjs when dist/ is older than the extension or webview sources. */
export function ensureBundles(): void {
  const sources = Math.max(newest('extension/src'), newest('webview-ui/src'), newest('gateway/api/wire.ts'));
  if (age('dist/extension.cjs') < sources || newest('dist/webview') < newest('webview-ui/src')) {
    execFileSync(process.execPath, ['scripts/bundle.mjs'], { stdio: 'inherit' });
  }
}

/** Bundles and packages when needed; returns the .vsix path. */
export function ensureVsix(): string {
  ensureBundles();
  const inputs = Math.max(age('dist/extension.cjs'), newest('dist/webview'), age('package.json'), age('.vscodeignore'), newest('media'));
  if (age(VSIX_PATH) < inputs) {
    try {
      execFileSync(
        process.execPath,
        [
          resolve('node_modules/@vscode/vsce/vsce'),
          'package',
          '--no-dependencies',
          '--allow-missing-repository',
          '--readme-path',
          'docs/extension.md',
          '--no-rewrite-relative-links',
          '--out',
          VSIX_PATH,
        ],
        { stdio: 'pipe', encoding: 'utf8' },
      );
    } catch (error) {
      const output = error as { stdout?: string; stderr?: string };
      throw new Error(`vsce package failed:\n${output.stdout ?? ''}${output.stderr ?? ''}`, { cause: error });
    }
  }
  return VSIX_PATH;
}
