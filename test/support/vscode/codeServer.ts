/**
 * Starts a throwaway code-server (VS Code server + web workbench, real Node extension host) for
 * one test: its own user-data, extensions and XDG folders under a temp dir, the extension under
 * test installed from its `.vsix`, `settings.json` written before start, bound to 127.0.0.1 on a
 * free port. `close()` kills the whole process tree (server, extension host, file watcher, pty
 * host) and removes the temp dir.
 *
 * Installed by `scripts/setupUiTests.sh`; see docs/testing.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { readExtensionHostLog, readExtensionLog, waitForActivation, waitForLog } from './logs.js';
import { codeServerEntryPath, HarnessError, isCodeServerInstalled, node24Path, uiTestsCacheDir } from './paths.js';

export interface CodeServerOptions {
  /** The extension(s) to install before start. */
  readonly vsixPath?: string | readonly string[];
  /** Folder opened as the workspace. */
  readonly workspaceDir: string;
  /** User settings, merged over {@link DEFAULT_TEST_SETTINGS}. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Extra environment for the server and so for the extension host (e.g. the gateway URL). */
  readonly env?: Readonly<Record<string, string>>;
  /** Port to bind on 127.0.0.1; default a free one. */
  readonly port?: number;
  /** How long to wait for `/healthz`; default 60 s. */
  readonly startTimeoutMs?: number;
  /** Keep the temp dir after `close()` (for debugging; its path is in `rootDir`). */
  readonly keepTempDir?: boolean;
  /** Echo the server's output to this process's stderr as it comes (also `UI_TESTS_DEBUG=1`). */
  readonly echoOutput?: boolean;
}

export interface CodeServer {
  /** Workbench URL with the workspace folder, e.g. `http://127.0.0.1:41234/?folder=/tmp/ws`. */
  readonly url: string;
  /** `http://127.0.0.1:PORT` without a trailing slash. */
  readonly origin: string;
  readonly port: number;
  /** The temp dir holding everything below (removed by `close()` unless `keepTempDir`). */
  readonly rootDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** Everything code-server printed so far (server and `--install-extension`). */
  logs(): string;
  /**
   * The text of an extension's output channels as the extension host wrote them to disk (see
   * logs.ts); `channel` picks one by name (e.g. `AutoGen Gate`).
   */
  extensionLog(extensionId: string, channel?: string): Promise<string>;
  /** Waits until the extension's log (or one channel of it) matches `pattern`; returns it. */
  waitForExtensionLog(extensionId: string, pattern: string | RegExp, options?: { channel?: string; timeoutMs?: number }): Promise<string>;
  /** The extension host's own log (activation errors land here, not in the UI). */
  extensionHostLog(): Promise<string>;
  /** Resolves once `extensionId` has activated; rejects with its activation error. */
  waitForActivation(extensionId: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Settings that keep a fresh workbench quiet and deterministic: no welcome page, tips, trust
 * prompt, AI/chat side bar, update or recommendation toasts that would cover the notifications
 * a test waits for.
 */
export const DEFAULT_TEST_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  // Desktop VS Code shows modal dialogs natively (out of Playwright's reach) unless 'custom'.
  'window.dialogStyle': 'custom',
};

/** Starts code-server; see {@link CodeServerOptions}. Rejects with a {@link HarnessError}. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  if (!isCodeServerInstalled()) {
    throw new HarnessError('not_installed', `code-server is not installed in ${uiTestsCacheDir()}: run scripts/setupUiTests.sh`);
  }
  const echo = options.echoOutput ?? process.env['UI_TESTS_DEBUG'] === '1';
  const rootDir = mkdtempSync(join(tmpdir(), 'ui-code-server-'));
  const userDataDir = join(rootDir, 'user-data');
  const extensionsDir = join(rootDir, 'extensions');
  const workspaceDir = resolve(options.workspaceDir);
  let output = '';
  const record = (chunk: string): void => {
    output += chunk;
    if (echo) process.stderr.write(chunk);
  };

  // Inherited from a parent VS Code or npm these would confuse the server or its extension host.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('VSCODE_') && key !== 'ELECTRON_RUN_AS_NODE' && !key.startsWith('npm_')),
  );
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    // code-server writes a config (with a generated password) under XDG_CONFIG_HOME and its
    // own logs under XDG_DATA_HOME; keep both out of the real home folder.
    XDG_CONFIG_HOME: join(rootDir, 'xdg-config'),
    XDG_DATA_HOME: join(rootDir, 'xdg-data'),
    XDG_CACHE_HOME: join(rootDir, 'xdg-cache'),
    XDG_STATE_HOME: join(rootDir, 'xdg-state'),
    ...options.env,
  };
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  let child: ChildProcess | undefined;
  const cleanup = async (): Promise<void> => {
    if (child) await killTree(child);
    if (!options.keepTempDir) await rm(rootDir, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    await mkdir(join(userDataDir, 'User'), { recursive: true });
    await mkdir(extensionsDir, { recursive: true });
    await writeFile(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_TEST_SETTINGS, ...options.settings }, null, 2));

    const vsixPaths =
      options.vsixPath === undefined ? [] : typeof options.vsixPath === 'string' ? [options.vsixPath] : [...options.vsixPath];
    for (const vsix of vsixPaths) {
      const args = [...common, '--install-extension', resolve(vsix), '--force'];
      const result = await run(node24Path(), [codeServerEntryPath(), ...args], env, 120_000);
      record(result.output);
      if (result.code !== 0 || !/successfully installed/i.test(result.output)) {
        throw new HarnessError('install_extension_failed', `installing ${vsix} failed (exit ${result.code}):\n${result.output}`);
      }
    }

    let port = 0;
    // A free port can be taken between freePort() and the bind: try another one then.
    for (let attempt = 1; ; attempt++) {
      port = options.port ?? (await freePort());
      const args = [
        '--auth',
        'none',
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--ignore-last-opened',
        ...common,
        workspaceDir,
      ];
      const outputBefore = output.length;
      // detached: its own process group, so close() can signal the server and all it forked.
      const server = spawn(node24Path(), [codeServerEntryPath(), ...args], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      child = server;
      if (server.pid !== undefined) trackGroup(server.pid);
      server.stdout.setEncoding('utf8').on('data', record);
      server.stderr.setEncoding('utf8').on('data', record);
      const exited = new Promise<never>((_resolve, reject) => {
        server.once('exit', (code, signal) =>
          reject(new HarnessError('start_failed', `code-server exited (${code ?? signal}) before it was healthy:\n${output}`)),
        );
      });
      exited.catch(() => undefined);
      try {
        await Promise.race([waitHealthy(`http://127.0.0.1:${port}`, options.startTimeoutMs ?? 60_000, () => output), exited]);
        break;
      } catch (error) {
        const portTaken = /EADDRINUSE/.test(output.slice(outputBefore));
        if (!(error instanceof HarnessError && error.code === 'start_failed' && portTaken && options.port === undefined && attempt < 3))
          throw error;
        await killTree(server);
      }
    }
    const origin = `http://127.0.0.1:${port}`;

    let closed = false;
    return {
      url: `${origin}/?folder=${encodeURIComponent(workspaceDir)}`,
      origin,
      port,
      rootDir,
      userDataDir,
      extensionsDir,
      logs: () => output,
      extensionLog: (extensionId, channel) => readExtensionLog(userDataDir, extensionId, channel),
      waitForExtensionLog: (extensionId, pattern, opts = {}) =>
        waitForLog(() => readExtensionLog(userDataDir, extensionId, opts.channel), pattern, opts.timeoutMs),
      extensionHostLog: () => readExtensionHostLog(userDataDir),
      waitForActivation: (extensionId, timeoutMs) => waitForActivation(userDataDir, extensionId, timeoutMs),
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

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitHealthy(origin: string, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await delay(200);
  }
  throw new HarnessError('start_timeout', `code-server did not answer ${origin}/healthz within ${timeoutMs} ms:\n${output()}`);
}

/**
 * Servers still running, by process group. The server runs detached (its own group, so that
 * one signal reaches its extension host and helpers), so Ctrl+C or a kill of the test process
 * would not reach it: kill the groups on exit and on SIGINT/SIGTERM/SIGHUP, then let the signal
 * do what it would have done.
 */
const liveGroups = new Set<number>();
let exitHandlersInstalled = false;

function trackGroup(pid: number): void {
  liveGroups.add(pid);
  if (exitHandlersInstalled) return;
  exitHandlersInstalled = true;
  process.on('exit', killLiveGroups);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killLiveGroups();
      process.kill(process.pid, signal);
    });
  }
}

function killLiveGroups(): void {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  liveGroups.clear();
}

/** SIGTERM to the process group, SIGKILL after 5 s. */
async function killTree(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  liveGroups.delete(pid);
  if (child.exitCode !== null || child.signalCode !== null) {
    // The server is gone; its extension host or pty host may not be.
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // group already gone
    }
    return;
  }
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(-pid, name);
    } catch {
      // group already gone
    }
  };
  signal('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), delay(5_000).then(() => true)]);
  if (timedOut) {
    signal('SIGKILL');
    await exited;
  }
  // Children that ignored SIGTERM after the server went (the pty host, watchers) get SIGKILL.
  signal('SIGKILL');
}

function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolveRun({ code, output }));
  });
}
