/**
 * One VS Code window with the extension under test installed, ready for the workbench helpers,
 * whichever backend runs it:
 *
 * - `code-server` (default; the only one on the project's machines and CI): code-server with a
 *   real Node extension host, its web workbench in Debian Chromium;
 * - `electron` (`VSCODE_TEST_ELECTRON=1`): desktop VS Code through `@vscode/test-electron` and
 *   Playwright's Electron support, where VS Code can be found or downloaded.
 *
 * Typical suite:
 *
 * ```ts
 * before(async function () {
 *   requireUiTestsInstalled();
 *   vscode = await launchVsCode({ vsixPath: 'dist/autogen-gate.vsix', workspaceDir, env });
 * });
 * afterEach(async function () {
 *   if (this.currentTest?.state === 'failed') await vscode.saveDiagnostics(this.currentTest.fullTitle());
 * });
 * after(() => vscode?.close());
 * ```
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { closeBrowser, launchBrowser, screenshot } from '../browser.js';
import { startCodeServer, type CodeServerOptions } from './codeServer.js';
import { startElectronVsCode } from './electron.js';
import { readAllLogs, readExtensionHostLog, readExtensionLog, waitForActivation, waitForLog } from './logs.js';
import { artifactsDir, HarnessError, isCodeServerInstalled, uiTestsCacheDir } from './paths.js';
import { openWorkbench } from './workbench.js';

export type VsCodeBackend = 'code-server' | 'electron';

/** `electron` when `VSCODE_TEST_ELECTRON=1`, else `code-server`. */
export function selectedBackend(): VsCodeBackend {
  return process.env['VSCODE_TEST_ELECTRON'] === '1' ? 'electron' : 'code-server';
}

export interface VsCodeSessionOptions extends CodeServerOptions {
  /** Default {@link selectedBackend}. */
  readonly backend?: VsCodeBackend;
  /**
   * code-server only: the browser to open the workbench in (a new context of it). Share one
   * browser between two sessions to have two users side by side; default a browser of its own.
   */
  readonly browser?: Browser;
  /** electron only: VS Code's executable (default `$VSCODE_EXECUTABLE`, else downloaded). */
  readonly vscodeExecutablePath?: string;
}

export interface VsCodeSession {
  readonly backend: VsCodeBackend;
  /** The workbench window. */
  readonly page: Page;
  /** code-server only: the workbench URL (open it again in another page for a second window). */
  readonly url: string | undefined;
  readonly userDataDir: string;
  /** The server's (or Electron's) own output. */
  logs(): string;
  /** An extension's output channel(s) as written to disk; see logs.ts. */
  extensionLog(extensionId: string, channel?: string): Promise<string>;
  waitForExtensionLog(extensionId: string, pattern: string | RegExp, options?: { channel?: string; timeoutMs?: number }): Promise<string>;
  extensionHostLog(): Promise<string>;
  /** Resolves once `extensionId` has activated; rejects with the error it failed with. */
  waitForActivation(extensionId: string, timeoutMs?: number): Promise<void>;
  /**
   * Saves a screenshot and every log into `test-artifacts/` under `name` (call it when a test
   * failed; CI keeps the folder). Returns the files written.
   */
  saveDiagnostics(name: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Starts VS Code with the extension installed and the workbench loaded. */
export async function launchVsCode(options: VsCodeSessionOptions): Promise<VsCodeSession> {
  const backend = options.backend ?? selectedBackend();
  if (backend === 'electron') {
    const vscode = await startElectronVsCode({
      ...options,
      ...(options.vscodeExecutablePath ? { executablePath: options.vscodeExecutablePath } : {}),
    });
    return makeSession(backend, vscode.page, undefined, vscode.userDataDir, vscode.logs, () => vscode.close());
  }
  const server = await startCodeServer(options);
  let browser: Browser | undefined;
  try {
    browser = options.browser ?? (await launchBrowser());
    const page = await openWorkbench(browser, server.url);
    const ownBrowser = options.browser === undefined ? browser : undefined;
    return makeSession(backend, page, server.url, server.userDataDir, server.logs, async () => {
      await page
        .context()
        .close()
        .catch(() => undefined);
      await closeBrowser(ownBrowser);
      await server.close();
    });
  } catch (error) {
    if (options.browser === undefined) await closeBrowser(browser);
    await server.close();
    throw error;
  }
}

/**
 * For a suite's `before`: skips it when code-server is not installed, except in CI (`CI=true`),
 * where a missing install is a failure, not a reason to skip.
 */
/** Fails (never skips) when code-server is missing: `npm test` installs it first. */
export function requireUiTestsInstalled(): void {
  if (selectedBackend() === 'electron' || isCodeServerInstalled()) return;
  throw new HarnessError(
    'not_installed',
    `code-server is not installed in ${uiTestsCacheDir()}: run scripts/setupUiTests.sh (npm test does)`,
  );
}

function makeSession(
  backend: VsCodeBackend,
  page: Page,
  url: string | undefined,
  userDataDir: string,
  logs: () => string,
  close: () => Promise<void>,
): VsCodeSession {
  let closed = false;
  return {
    backend,
    page,
    url,
    userDataDir,
    logs,
    extensionLog: (extensionId, channel) => readExtensionLog(userDataDir, extensionId, channel),
    waitForExtensionLog: (extensionId, pattern, opts = {}) =>
      waitForLog(() => readExtensionLog(userDataDir, extensionId, opts.channel), pattern, opts.timeoutMs),
    extensionHostLog: () => readExtensionHostLog(userDataDir),
    waitForActivation: (extensionId, timeoutMs) => waitForActivation(userDataDir, extensionId, timeoutMs),
    saveDiagnostics: async (name) => {
      const safe = name.replace(/[^\w.-]+/g, '-').slice(0, 120);
      const dir = join(artifactsDir(), 'logs', safe);
      await mkdir(dir, { recursive: true });
      const files: string[] = [];
      try {
        files.push(await screenshot(page, `failures/${safe}`));
      } catch {
        // the page may be gone (crash); the logs matter more
      }
      const write = async (file: string, text: string): Promise<void> => {
        await writeFile(join(dir, file), text);
        files.push(join(dir, file));
      };
      await write('server.log', logs());
      await write('exthost.log', await readExtensionHostLog(userDataDir));
      await write('vscode-logs.txt', await readAllLogs(userDataDir));
      return files;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await close();
    },
  };
}
