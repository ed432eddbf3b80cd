/**
 * Launches Debian's Chromium through `playwright-core` for every UI test: the VS Code workbench
 * served by code-server, and webview pages tested on their own. Playwright's own browser
 * download does not work here (no network but the npm registry and Debian), so the executable
 * is `/usr/bin/chromium` (`apt-get install chromium`, done by scripts/setupUiTests.sh).
 *
 * Environment: `CHROMIUM_PATH` (another executable), `UI_TESTS_HEADED=1` (a visible window,
 * needs a display), `UI_TESTS_SLOWMO=<ms>` (slow every action down, to watch a test).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { artifactsDir, HarnessError } from './vscode/paths.js';

/**
 * Flags checked on these machines: without the background-networking ones Chromium keeps
 * trying Google's hosts through a closed network; `--no-sandbox` because tests run as root.
 */
const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface LaunchBrowserOptions {
  /** Default true, unless `UI_TESTS_HEADED=1`. */
  readonly headless?: boolean;
  /** Added after {@link CHROMIUM_ARGS}. */
  readonly args?: readonly string[];
  readonly executablePath?: string;
  readonly slowMo?: number;
}

/**
 * A fresh Chromium: Playwright gives every `launch()` a new temp profile (user-data-dir) and
 * deletes it on close, and every context it makes is a separate, empty session (so two users
 * signed in side by side each get their own context).
 */
export async function launchBrowser(options: LaunchBrowserOptions = {}): Promise<Browser> {
  const headless = options.headless ?? process.env['UI_TESTS_HEADED'] !== '1';
  return chromium.launch({
    executablePath: options.executablePath ?? process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    slowMo: options.slowMo ?? (Number(process.env['UI_TESTS_SLOWMO'] ?? '') || undefined),
    timeout: 60_000,
  });
}

/** Viewport used for every screenshot, so that artefacts compare across runs. */
export const DEFAULT_VIEWPORT = { width: 1400, height: 900 } as const;

/**
 * A new page in a new context, with the clipboard allowed (the workbench helpers read editor
 * text through it) and the default viewport. Close it with `page.context().close()`.
 */
export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context: BrowserContext = await browser.newContext({
    viewport: DEFAULT_VIEWPORT,
    permissions: ['clipboard-read', 'clipboard-write'],
    ...options,
  });
  return context.newPage();
}

/** Closes every context and the browser; never throws (it runs in `after` hooks). */
export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  try {
    await Promise.all(browser.contexts().map((context) => context.close()));
    await browser.close();
  } catch {
    // already closed or crashed: nothing left to release
  }
}

/**
 * Saves a full-window PNG into `test-artifacts/screenshots/<name>.png` (gitignored; CI keeps
 * the folder as an artefact) and returns its path. `name` may contain `/` for sub-folders.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = join(artifactsDir(), 'screenshots', `${name.replace(/[^\w./-]+/g, '-')}.png`);
  await mkdir(join(file, '..'), { recursive: true });
  await page.screenshot({ path: file });
  return file;
}

/** What a webview page posted and how to post to it, for webviews tested on their own. */
export interface FakeVsCodeApi {
  /** Messages the page passed to `vscode.postMessage`, oldest first. */
  posted(): Promise<unknown[]>;
  /** Waits until the page has posted a message for which `match` is true; returns it. */
  waitForPosted(match: (message: unknown) => boolean, timeoutMs?: number): Promise<unknown>;
  /** Delivers `message` to the page as the extension host would (`window` 'message' event). */
  send(message: unknown): Promise<void>;
}

/**
 * Installs a stand-in for `acquireVsCodeApi()` in `page` (call it before `goto`/`setContent`): `postMessage` records, `getState`/`setState` keep state in memory.
 * Lets a webview bundle from webview-ui/ be tested in a plain Chromium page with its protocol.
 */
export async function fakeVsCodeApi(page: Page, initialState?: unknown): Promise<FakeVsCodeApi> {
  const install = (state: unknown): void => {
    const target = globalThis as unknown as Record<string, unknown>;
    const posted: unknown[] = [];
    let current = state;
    target['__vscodePosted'] = posted;
    target['acquireVsCodeApi'] = () => ({
      postMessage: (message: unknown) => void posted.push(message),
      getState: () => current,
      setState: (next: unknown) => ((current = next), next),
    });
  };
  // For documents loaded later (goto) and for the current one (setContent keeps the window).
  await page.addInitScript(install, initialState);
  await page.evaluate(install, initialState);
  const posted = (): Promise<unknown[]> =>
    page.evaluate(() => [...((globalThis as unknown as Record<string, unknown[] | undefined>)['__vscodePosted'] ?? [])]);
  return {
    posted,
    waitForPosted: async (match, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await posted()).find(match);
        if (found !== undefined) return found;
        if (Date.now() >= deadline)
          throw new HarnessError(
            'timeout',
            `the webview posted no matching message within ${timeoutMs} ms: ${JSON.stringify(await posted())}`,
          );
        await page.waitForTimeout(50);
      }
    },
    send: async (message) => {
      await page.evaluate((data) => {
        const target = globalThis as unknown as { postMessage(message: unknown, origin: string): void };
        target.postMessage(data, '*');
      }, message);
    },
  };
}
