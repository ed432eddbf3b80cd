/**
 * Reads what the extension host wrote to disk under a user-data dir. Desktop VS Code and
 * code-server lay it out alike:
 *
 * - `logs/<session>/[window1/]exthost[N]/<publisher.name>/<Channel>.log`: a `LogOutputChannel`
 *   (`createOutputChannel(name, { log: true })`), the kind our extension's "Show Log" uses;
 * - `logs/<session>/[window1/]exthost[N]/output_<time>/<n>-<Channel>.log`: a plain channel;
 * - `.../exthost[N]/remoteexthost.log` (code-server) or `exthost.log` (desktop): activation,
 *   including "Activating extension X failed" with the error. An activation failure shows
 *   nothing in the UI, so tests should check it ({@link activationError}).
 *
 * Files are flushed a moment after the extension writes: use {@link waitForLog}.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { HarnessError } from './paths.js';

/** The text of an extension's output channels (all of them, or the one named `channel`). */
export async function readExtensionLog(userDataDir: string, extensionId: string, channel?: string): Promise<string> {
  const id = extensionId.toLowerCase();
  return readLogFiles(userDataDir, (path) => {
    const parts = path.split(/[\\/]/);
    const name = (parts.at(-1) ?? '').replace(/\.log$/, '');
    const folder = (parts.at(-2) ?? '').toLowerCase();
    if (folder === id) return channel === undefined || name === channel;
    // A plain channel's file does not name its extension: match it by channel name only.
    return channel !== undefined && folder.startsWith('output_') && name.replace(/^\d+-/, '') === channel;
  });
}

/** The extension host's own log(s). */
export async function readExtensionHostLog(userDataDir: string): Promise<string> {
  return readLogFiles(userDataDir, (path) => /[\\/](remoteexthost|exthost)\.log$/.test(path));
}

/**
 * The error with which `extensionId` failed to activate (message and stack as logged), or
 * undefined. Example: `ReferenceError: module is not defined in ES module scope`.
 */
export async function activationError(userDataDir: string, extensionId: string): Promise<string | undefined> {
  const lines = (await readExtensionHostLog(userDataDir)).split('\n');
  const start = lines.findIndex((line) => line.includes(`Activating extension ${extensionId} failed`));
  if (start < 0) return undefined;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \[(info|warning|trace|debug)\]/.test(line));
  return [lines[start], ...(end < 0 ? rest : rest.slice(0, end))].join('\n').trim();
}

/**
 * Waits until `extensionId` has activated (resolves) or failed to (rejects with the logged
 * error as a `HarnessError` with code `activation_failed`).
 */
export async function waitForActivation(userDataDir: string, extensionId: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const error = await activationError(userDataDir, extensionId);
    if (error !== undefined) throw new HarnessError('activation_failed', error);
    if ((await readExtensionHostLog(userDataDir)).includes(`_doActivateExtension ${extensionId},`)) {
      // There is no success line: a failure follows the start line in the same flush or the
      // next, so look once more after a flush interval.
      await delay(1_500);
      const late = await activationError(userDataDir, extensionId);
      if (late !== undefined) throw new HarnessError('activation_failed', late);
      return;
    }
    if (Date.now() >= deadline) throw new HarnessError('timeout', `extension ${extensionId} did not activate within ${timeoutMs} ms`);
    await delay(250);
  }
}

/** Polls `read()` until its text matches `pattern`; returns the text. */
export async function waitForLog(read: () => Promise<string>, pattern: string | RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await read();
    if (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) return text;
    if (Date.now() >= deadline) throw new HarnessError('timeout', `log never showed ${String(pattern)}; it has:\n${text.slice(-2_000)}`);
    await delay(250);
  }
}

/** Every log file under the user-data dir, each after a `==> <path>` header (for artefacts). */
export async function readAllLogs(userDataDir: string): Promise<string> {
  const files = await logFiles(userDataDir);
  const texts = await Promise.all(
    files.map(async (file) => `==> ${file.slice(userDataDir.length + 1)}\n${await readFile(file, 'utf8').catch(() => '')}`),
  );
  return texts.join('\n');
}

async function readLogFiles(userDataDir: string, accept: (path: string) => boolean): Promise<string> {
  const files = (await logFiles(userDataDir)).filter(accept);
  const texts = await Promise.all(files.map((file) => readFile(file, 'utf8').catch(() => '')));
  return texts.join('');
}

async function logFiles(userDataDir: string): Promise<string[]> {
  try {
    const entries = await readdir(join(userDataDir, 'logs'), { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .sort();
  } catch {
    return [];
  }
}
