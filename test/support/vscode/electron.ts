/**
 * Desktop VS Code (Electron) for the same UI tests, on machines that have VS Code or can
 * download it (developers' laptops, hosted CI): `VSCODE_TEST_ELECTRON=1`. `@vscode/test-electron`
 * finds or downloads VS Code (`VSCODE_EXECUTABLE` skips the download) and Playwright drives it
 * through its Electron support, as VS Code's own smoke tests do; the workbench DOM is the one the
 * helpers in workbench.ts expect.
 *
 * Not runnable on the project's own machines and CI (no VS Code build, no network to fetch
 * one): there code-server is the backend. Linux without a display needs `xvfb-run -a`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { downloadAndUnzipVSCode, resolveCliPathFromVSCodeExecutablePath } from '@vscode/test-electron';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { DEFAULT_TEST_SETTINGS } from './codeServer.js';
import { HarnessError, uiTestsCacheDir } from './paths.js';
import { setClipboardAccess, waitForWorkbench } from './workbench.js';

/** The part of the `electron` module used here (its types are not installed). */
interface ElectronClipboard {
  readonly clipboard: { readText(): string; writeText(text: string): void };
}

export interface ElectronVsCodeOptions {
  readonly vsixPath?: string | readonly string[];
  readonly workspaceDir: string;
  readonly settings?: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, string>>;
  /** Default `$VSCODE_EXECUTABLE`, else downloaded into `.cache/ui-tests/vscode-test/`. */
  readonly executablePath?: string;
  /** Version to download; default `$VSCODE_TEST_VERSION` or `stable`. */
  readonly version?: string;
  readonly startTimeoutMs?: number;
  readonly keepTempDir?: boolean;
}

export interface ElectronVsCode {
  readonly app: ElectronApplication;
  /** The first workbench window. */
  readonly page: Page;
  readonly rootDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** What the CLI printed while installing extensions, and the app's stdout/stderr. */
  logs(): string;
  close(): Promise<void>;
}

/** Starts desktop VS Code with fresh user-data and extensions dirs; see {@link ElectronVsCodeOptions}. */
export async function startElectronVsCode(options: ElectronVsCodeOptions): Promise<ElectronVsCode> {
  const executablePath = options.executablePath ?? process.env['VSCODE_EXECUTABLE'] ?? (await downloadVsCode(options.version));
  const rootDir = mkdtempSync(join(tmpdir(), 'ui-vscode-'));
  const userDataDir = join(rootDir, 'user-data');
  const extensionsDir = join(rootDir, 'extensions');
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE' || key.startsWith('npm_')) delete env[key];
  }
  let output = '';
  let app: ElectronApplication | undefined;
  const cleanup = async (): Promise<void> => {
    await app?.close().catch(() => undefined);
    if (!options.keepTempDir) await rm(rootDir, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    await mkdir(join(userDataDir, 'User'), { recursive: true });
    await mkdir(extensionsDir, { recursive: true });
    await writeFile(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_TEST_SETTINGS, ...options.settings }, null, 2));

    const cli = resolveCliPathFromVSCodeExecutablePath(executablePath);
    const vsixPaths =
      options.vsixPath === undefined ? [] : typeof options.vsixPath === 'string' ? [options.vsixPath] : [...options.vsixPath];
    for (const vsix of vsixPaths) {
      const args = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', resolve(vsix), '--force'];
      const result = await runCli(cli, args, env);
      output += result.output;
      if (result.code !== 0)
        throw new HarnessError('install_extension_failed', `installing ${vsix} failed (exit ${result.code}):\n${result.output}`);
    }

    app = await _electron.launch({
      executablePath,
      args: [
        resolve(options.workspaceDir),
        '--user-data-dir',
        userDataDir,
        '--extensions-dir',
        extensionsDir,
        '--new-window',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-workspace-trust',
        '--disable-telemetry',
        '--disable-updates',
        '--disable-crash-reporter',
        '--disable-gpu',
        // Root in CI containers: Chromium's sandbox refuses to start otherwise.
        '--no-sandbox',
      ],
      env: Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
      timeout: options.startTimeoutMs ?? 60_000,
    });
    const started = app;
    started.process().stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.process().stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const page = await started.firstWindow();
    await waitForWorkbench(page, { timeoutMs: options.startTimeoutMs ?? 60_000 });
    // navigator.clipboard is not granted to the desktop renderer: read Electron's clipboard.
    setClipboardAccess(page, {
      read: () => started.evaluate((electron: ElectronClipboard) => electron.clipboard.readText()),
      write: (text) => started.evaluate((electron: ElectronClipboard, value: string) => electron.clipboard.writeText(value), text),
    });

    let closed = false;
    return {
      app: started,
      page,
      rootDir,
      userDataDir,
      extensionsDir,
      logs: () => output,
      close: async () => {
        if (closed) return;
        closed = true;
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function downloadVsCode(version: string | undefined): Promise<string> {
  try {
    return await downloadAndUnzipVSCode({
      version: version ?? process.env['VSCODE_TEST_VERSION'] ?? 'stable',
      cachePath: join(uiTestsCacheDir(), 'vscode-test'),
    });
  } catch (error) {
    throw new HarnessError(
      'not_installed',
      `desktop VS Code is not available (${error instanceof Error ? error.message : String(error)}): set VSCODE_EXECUTABLE ` +
        'to an installed VS Code, or unset VSCODE_TEST_ELECTRON to run on code-server',
      { cause: error },
    );
  }
}

function runCli(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
      killSignal: 'SIGKILL',
      shell: process.platform === 'win32',
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolveRun({ code, output }));
  });
}
