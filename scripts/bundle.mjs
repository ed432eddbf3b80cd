// Bundles the extension host code and the webview UI with esbuild.
// The gateway and tests are compiled by tsc; the extension is bundled because VS Code loads one
// CommonJS file and the webviews load one script each.
import { build } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';

const extensionEntry = 'extension/src/extension.ts';
if (existsSync(extensionEntry)) {
  await build({
    entryPoints: [extensionEntry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: 'dist/extension.cjs',
    external: ['vscode'],
    sourcemap: true,
    logLevel: 'warning',
  });
}

const webviewEntries = existsSync('webview-ui/src/panels')
  ? readdirSync('webview-ui/src/panels')
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `webview-ui/src/panels/${f}`)
  : [];
if (webviewEntries.length > 0) {
  await build({
    entryPoints: webviewEntries,
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'esm',
    outdir: 'dist/webview',
    sourcemap: true,
    logLevel: 'warning',
  });
}
