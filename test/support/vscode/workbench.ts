/**
 * Playwright helpers over the VS Code workbench (code-server's web workbench here; the same DOM
 * in desktop VS Code driven through Playwright's Electron support). They drive the UI the way a
 * user does: the command palette, quick picks, input boxes, notifications, modal dialogs, the
 * Accounts menu and webviews.
 *
 * Selectors are VS Code's own CSS classes (stable for years, used by VS Code's smoke tests);
 * when an upgrade breaks one, it is fixed here once.
 */
import type { Browser, BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import { DEFAULT_VIEWPORT, screenshot as saveScreenshot } from '../browser.js';
import { HarnessError } from './paths.js';

/** Default wait of every helper; `UI_TESTS_TIMEOUT_MS` overrides it (slow machines). */
export const DEFAULT_TIMEOUT_MS = Number(process.env['UI_TESTS_TIMEOUT_MS'] ?? '') || 30_000;

export interface TimeoutOption {
  readonly timeoutMs?: number;
}

/** The part of the page's globals used here (the project compiles without the DOM lib). */
interface WithClipboard {
  readonly navigator: { readonly clipboard: { readText(): Promise<string>; writeText(text: string): Promise<void> } };
}

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const QUICK_INPUT_ROW = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;
const TOAST_MESSAGE = '.notifications-toasts .notification-list-item-message';
const DIALOG = '.monaco-dialog-box';

export interface OpenWorkbenchOptions extends TimeoutOption {
  /**
   * How to treat code-server's rewriting of loopback links. The web workbench turns every
   * `http://localhost|127.0.0.1|0.0.0.0:PORT/...` passed to `openExternal`/`asExternalUri` into
   * `<code-server>/proxy/PORT/...` (its port proxy), which breaks pages that use absolute paths,
   * such as an IdP's login form on loopback. `bypass` (default) redirects those requests of the
   * browser context to `http://127.0.0.1:PORT/...` directly, as desktop VS Code would open them;
   * `keep` leaves code-server's behaviour. (Setting `VSCODE_PROXY_URI` to a 127.0.0.1 template
   * instead breaks the workbench: "Failed to construct 'URL': Invalid URL".)
   */
  readonly portProxy?: 'bypass' | 'keep';
}

/**
 * Opens the workbench at `url` in a new context (clipboard allowed, fixed viewport) of
 * `browser`, or in a new page of `context`, and waits until it has rendered.
 */
export async function openWorkbench(
  browserOrContext: Browser | BrowserContext,
  url: string,
  options: OpenWorkbenchOptions = {},
): Promise<Page> {
  const context =
    'newContext' in browserOrContext
      ? await browserOrContext.newContext({ viewport: DEFAULT_VIEWPORT, permissions: ['clipboard-read', 'clipboard-write'] })
      : browserOrContext;
  if ((options.portProxy ?? 'bypass') === 'bypass') await bypassPortProxy(context, new URL(url).origin);
  const page = await context.newPage();
  await page.goto(url);
  await waitForWorkbench(page, options);
  return page;
}

/** See {@link OpenWorkbenchOptions.portProxy}. */
export async function bypassPortProxy(context: BrowserContext, codeServerOrigin: string): Promise<void> {
  await context.route(`${codeServerOrigin}/proxy/**`, async (route) => {
    const match = /^\/proxy\/(\d+)(\/.*)?$/.exec(new URL(route.request().url()).pathname);
    if (!match || route.request().resourceType() !== 'document') return route.fallback();
    const target = new URL(route.request().url());
    const direct = `http://127.0.0.1:${match[1]}${match[2] ?? '/'}${target.search}`;
    await route.fulfill({ status: 302, headers: { location: direct } });
  });
}

/** Waits for the workbench of an already loaded page (also after `page.reload()`). */
export async function waitForWorkbench(page: Page, options: TimeoutOption = {}): Promise<void> {
  const timeout = options.timeoutMs ?? 60_000;
  await page.locator('.monaco-workbench').waitFor({ timeout });
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout });
}

/**
 * Runs a command from the palette by its full title as shown there, `Category: Title` (e.g.
 * `AutoGen Gate: Sign In`). Retries while the command is not listed yet: contributed commands
 * appear only once the extension host has scanned the extensions, a few seconds after the
 * workbench shows. Running the command is what activates an extension with `onCommand`.
 */
export async function runCommand(page: Page, title: string, options: TimeoutOption = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const row = page
    .locator(QUICK_INPUT_ROW)
    .filter({ has: page.locator('.label-name', { hasText: exactText(title) }) })
    .first();
  await openPalette(page);
  const input = page.locator(QUICK_INPUT_BOX);
  for (let attempt = 0; ; attempt++) {
    // fill() sets the value in one input event; the palette then filters on it.
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ timeout: Math.min(2_000 + attempt * 1_000, Math.max(deadline - Date.now(), 1)) });
      break;
    } catch {
      if (Date.now() >= deadline) {
        const listed = await page.locator(QUICK_INPUT_ROW).evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
        await page.keyboard.press('Escape');
        throw new HarnessError('command_not_found', `command "${title}" is not in the palette; it lists: ${JSON.stringify(listed)}`);
      }
      // Clear the filter so the next fill() is a change the palette re-filters on.
      await input.fill('>');
    }
  }
  await row.click();
  // Done when the palette has closed or turned into the command's own quick pick/input box
  // (same widget, value no longer starting with '>').
  await poll(
    async () => !(await input.isVisible()) || !(await input.inputValue()).startsWith('>'),
    5_000,
    () => '',
  ).catch(() => undefined);
}

/** Opens the command palette (F1), closing any quick input that was open. */
export async function openPalette(page: Page): Promise<void> {
  if (await page.locator(QUICK_INPUT_BOX).isVisible()) await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await page.locator(QUICK_INPUT_BOX).waitFor({ timeout: 10_000 });
}

/**
 * Waits for a notification toast whose message contains `text` (or matches the RegExp) and
 * returns its locator (`.notification-list-item`) for reading or clicking its buttons. Info
 * toasts without buttons hide after about 10 s: wait for them right after the action.
 */
export async function waitForNotification(page: Page, text: string | RegExp, options: TimeoutOption = {}): Promise<Locator> {
  const message = page.locator(TOAST_MESSAGE, { hasText: text }).first();
  try {
    await message.waitFor({ timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  } catch (error) {
    const shown = await notificationMessages(page);
    throw new HarnessError('timeout', `no notification ${String(text)}; showing: ${JSON.stringify(shown)}`, { cause: error });
  }
  return page
    .locator('.notifications-toasts .notification-list-item')
    .filter({ has: page.locator('.notification-list-item-message', { hasText: text }) })
    .first();
}

/** The messages of the toasts currently shown. */
export async function notificationMessages(page: Page): Promise<string[]> {
  return page.locator(TOAST_MESSAGE).allInnerTexts();
}

/** Clicks a button (e.g. `Open Approvals`, `Cancel`) on the toast whose message matches `text`. */
export async function clickNotificationButton(
  page: Page,
  text: string | RegExp,
  button: string,
  options: TimeoutOption = {},
): Promise<void> {
  const toast = await waitForNotification(page, text, options);
  await toast.getByRole('button', { name: button, exact: true }).click();
}

/** Hides every toast (they would cover the editor in screenshots and intercept clicks). */
export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
}

/**
 * Picks the item labelled `label` in the open quick pick (e.g. the generator list of
 * `showQuickPick`). Types the label to filter first, so items below the fold are reachable.
 */
export async function quickPickSelect(page: Page, label: string, options: TimeoutOption = {}): Promise<void> {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const input = page.locator(QUICK_INPUT_BOX);
  await input.waitFor({ timeout });
  await input.fill(label);
  const row = page
    .locator(QUICK_INPUT_ROW)
    .filter({ has: page.locator('.label-name', { hasText: exactText(label) }) })
    .first();
  await row.waitFor({ timeout });
  await row.click();
}

/** The labels of the items the open quick pick shows (only those rendered: the list is virtual). */
export async function quickPickItems(page: Page, options: TimeoutOption = {}): Promise<string[]> {
  await page
    .locator(QUICK_INPUT_ROW)
    .first()
    .waitFor({ timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  return page.locator(`${QUICK_INPUT_ROW} .label-name`).allInnerTexts();
}

/**
 * Types `text` into the open input box (`showInputBox`) and, unless `submit` is false, presses
 * Enter. Pass `expectPrompt` to check the box is the one expected (its prompt or placeholder).
 */
export async function typeIntoInput(
  page: Page,
  text: string,
  options: TimeoutOption & { readonly submit?: boolean; readonly expectPrompt?: string | RegExp } = {},
): Promise<void> {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const input = page.locator(QUICK_INPUT_BOX);
  await input.waitFor({ timeout });
  if (options.expectPrompt !== undefined) {
    const expected = options.expectPrompt;
    const shown = async (): Promise<string> =>
      `${await page.locator(QUICK_INPUT).innerText()} ${(await input.getAttribute('placeholder')) ?? ''}`;
    await poll(
      async () => (typeof expected === 'string' ? (await shown()).includes(expected) : expected.test(await shown())),
      timeout,
      async () => `the input box does not show ${String(expected)}: ${await shown()}`,
    );
  }
  await input.fill(text);
  if (options.submit !== false) await input.press('Enter');
}

/** The validation message under the open input box, or '' (e.g. "Enter a valid URL"). */
export async function inputValidationMessage(page: Page): Promise<string> {
  const message = page.locator(`${QUICK_INPUT} .quick-input-message`);
  return (await message.isVisible()) ? message.innerText() : '';
}

/**
 * Waits for a modal dialog whose text matches `text` and clicks `button` in it; returns the
 * dialog's message. VS Code asks e.g. "The extension 'X' wants to sign in using Y." (button
 * `Allow`) and "Do you want Code to open the external website?" (`Open`, `Copy`).
 */
export async function answerDialog(page: Page, text: string | RegExp, button: string, options: TimeoutOption = {}): Promise<string> {
  const dialog = page.locator(DIALOG).filter({ hasText: text }).first();
  try {
    await dialog.waitFor({ timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  } catch (error) {
    throw new HarnessError('timeout', `no dialog ${String(text)}`, { cause: error });
  }
  const message = (
    await dialog
      .locator('.dialog-message-container')
      .first()
      .innerText()
      .catch(() => '')
  ).trim();
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  return message;
}

/** Accepts VS Code's "The extension 'X' wants to sign in using Y." prompt. */
export async function acceptSignInPrompt(page: Page, options: TimeoutOption = {}): Promise<string> {
  return answerDialog(page, /wants to sign in/, 'Allow', options);
}

/**
 * Follows `vscode.env.openExternal` (e.g. to the IdP's login or device page) and returns the
 * page the browser opened for it, to log in there with Playwright. In the web workbench the site
 * opens in a new tab of the same context; VS Code first asks "Do you want Code to open the
 * external website?" unless the domain is trusted, and this answers `Open`. Start waiting
 * before the action: `const opened = acceptOpenExternal(page); await runCommand(...); await opened`.
 */
export async function acceptOpenExternal(page: Page, options: TimeoutOption = {}): Promise<Page> {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const popup = page.context().waitForEvent('page', { timeout });
  const dialog = page
    .locator(DIALOG)
    .filter({ hasText: /open the external website/ })
    .first();
  const first = await Promise.race([popup.then(() => 'popup' as const), dialog.waitFor({ timeout }).then(() => 'dialog' as const)]).catch(
    () => 'none' as const,
  );
  if (first === 'dialog') await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  const opened = await popup;
  await opened.waitForLoadState();
  return opened;
}

/** The entries of the Accounts menu (e.g. `bruno (AutoGen Gate)`, `Sign in with AutoGen Gate to use X (1)`). */
export async function accountsMenuItems(page: Page, options: TimeoutOption = {}): Promise<string[]> {
  await openAccountsMenu(page, options);
  const items = await page.locator('.monaco-menu .action-item .action-label').allInnerTexts();
  await page.keyboard.press('Escape');
  await page
    .locator('.monaco-menu')
    .first()
    .waitFor({ state: 'hidden', timeout: 5_000 })
    .catch(() => undefined);
  return items.map((item) => item.trim()).filter((item) => item.length > 0);
}

/**
 * Clicks an entry of the Accounts menu, following `path` through sub-menus (an account's
 * sub-menu holds `Sign Out`, `Manage Trusted Extensions`...).
 */
export async function clickAccountsMenu(page: Page, path: readonly (string | RegExp)[], options: TimeoutOption = {}): Promise<void> {
  await openAccountsMenu(page, options);
  for (const [index, label] of path.entries()) {
    const item = page.locator('.monaco-menu .action-item .action-label', { hasText: label }).last();
    await item.waitFor({ timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
    // Hovering focuses a menu entry (and opens its sub-menu); Enter runs it. A mouse click on an
    // entry of a sub-menu only focuses it in the web workbench.
    await item.hover();
    if (index === path.length - 1) await page.keyboard.press('Enter');
  }
}

async function openAccountsMenu(page: Page, options: TimeoutOption): Promise<void> {
  const button = page
    .locator('.activitybar .action-item .action-label.codicon-accounts-view-bar-icon, .action-label[aria-label^="Accounts"]')
    .first();
  await button.click({ timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  await page
    .locator('.monaco-menu')
    .first()
    .waitFor({ timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
}

/**
 * The content of a webview, as a FrameLocator to query inside it. `titleOrIndex` is the editor
 * tab title of a webview panel (the tab is activated first) or the index among the shown
 * webviews (0 = the first). VS Code nests two frames: the host iframe
 * (`iframe.webview.ready`) and the extension's document (`#active-frame`).
 */
export async function webviewFrame(page: Page, titleOrIndex: string | number = 0, options: TimeoutOption = {}): Promise<FrameLocator> {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof titleOrIndex === 'string') {
    const tab = page.locator('.tabs-container .tab', { has: page.locator('.label-name', { hasText: exactText(titleOrIndex) }) }).first();
    await tab.waitFor({ timeout });
    await tab.click();
  }
  // Hidden webviews keep their iframe (visibility: hidden): only visible ones count.
  const frames = page.locator('iframe.webview.ready').filter({ visible: true });
  const index = typeof titleOrIndex === 'number' ? titleOrIndex : 0;
  const host = frames.nth(index);
  await host.waitFor({ timeout });
  const inner = host.contentFrame().locator('#active-frame');
  await inner.waitFor({ state: 'attached', timeout });
  const content = host.contentFrame().frameLocator('#active-frame');
  await content.locator('body').waitFor({ state: 'attached', timeout });
  return content;
}

/**
 * The full text of the active text editor. Monaco renders only the visible lines, so the DOM is
 * not enough: focus the editor, select all, copy and read the clipboard (the context must allow
 * `clipboard-read`, as {@link openWorkbench} and `newPage` do). The selection is collapsed
 * afterwards.
 */
export async function activeEditorText(page: Page, options: TimeoutOption = {}): Promise<string> {
  const editor = await focusActiveEditor(page, options);
  const clipboard = clipboards.get(page) ?? webClipboard(page);
  // A sentinel tells "copied" from "not yet copied" (copying is asynchronous).
  const sentinel = `\u0000harness-${Date.now()}`;
  await clipboard.write(sentinel);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+C');
  let text = sentinel;
  await poll(
    async () => (text = await clipboard.read()) !== sentinel,
    5_000,
    () => 'the active editor copied nothing',
  );
  await editor.press('ControlOrMeta+Home');
  return text;
}

/** Clipboard access for {@link activeEditorText}. */
export interface ClipboardAccess {
  read(): Promise<string>;
  write(text: string): Promise<void>;
}

const clipboards = new WeakMap<Page, ClipboardAccess>();

/**
 * Replaces how {@link activeEditorText} reaches the clipboard for `page`: desktop VS Code uses
 * Electron's clipboard; the web workbench `navigator.clipboard` (the default).
 */
export function setClipboardAccess(page: Page, access: ClipboardAccess): void {
  clipboards.set(page, access);
}

function webClipboard(page: Page): ClipboardAccess {
  // The callbacks run in the page; the project compiles without the DOM lib, hence the casts.
  return {
    read: () => page.evaluate(() => (globalThis as unknown as WithClipboard).navigator.clipboard.readText()),
    write: (text) => page.evaluate((value) => (globalThis as unknown as WithClipboard).navigator.clipboard.writeText(value), text),
  };
}

/** Waits until the active editor tab's title matches `title` (e.g. a result editor opening). */
export async function waitForActiveEditor(page: Page, title: string | RegExp, options: TimeoutOption = {}): Promise<void> {
  const label = typeof title === 'string' ? exactText(title) : title;
  await page
    .locator('.editor-group-container.active .tab.active .label-name', { hasText: label })
    .first()
    .waitFor({ timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
}

/**
 * Closes every editor. A modified one makes VS Code ask "Do you want to save the changes…?":
 * answer with `answerDialog(page, /save the changes/, "Don't Save")`.
 */
export async function closeAllEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
}

/** The title of the active editor tab (e.g. `Untitled-1`, `Approvals`). */
export async function activeEditorTitle(page: Page, options: TimeoutOption = {}): Promise<string> {
  const tab = page.locator('.editor-group-container.active .tab.active .label-name').first();
  await tab.waitFor({ timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  return tab.innerText();
}

/** The language mode of the active editor as the status bar shows it (e.g. `JSON`, `YAML`). */
export async function activeEditorLanguage(page: Page, options: TimeoutOption = {}): Promise<string> {
  const item = page.locator('#status\\.editor\\.mode .statusbar-item-label, #status\\.editor\\.mode a').first();
  await item.waitFor({ timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  return (await item.innerText()).trim();
}

async function focusActiveEditor(page: Page, options: TimeoutOption): Promise<Locator> {
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  await editor.waitFor({ timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  // The element that takes keyboard input: an EditContext div since VS Code 1.10x, a textarea
  // before (and in browsers without EditContext). The IME textarea beside it is read-only.
  const input = editor.locator('.native-edit-context, textarea.inputarea').first();
  await input.focus();
  return input;
}

/** A status bar item, found by its text (e.g. `/bruno/`) or its id (`#id`), once shown. */
export async function statusBarItem(page: Page, textOrId: string | RegExp, options: TimeoutOption = {}): Promise<Locator> {
  const item =
    typeof textOrId === 'string' && textOrId.startsWith('#')
      ? page.locator(`.part.statusbar [id="${textOrId.slice(1)}"]`)
      : page.locator('.part.statusbar .statusbar-item', { hasText: textOrId });
  await item.first().waitFor({ timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  return item.first();
}

/** Saves `test-artifacts/screenshots/<name>.png`; see `screenshot` in test/support/browser.ts. */
export async function screenshot(page: Page, name: string): Promise<string> {
  return saveScreenshot(page, name);
}

/** Polls `check` every 100 ms until it is true; throws a timeout HarnessError with `describe()`. */
export async function poll(check: () => Promise<boolean>, timeoutMs: number, describe: () => Promise<string> | string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() >= deadline) throw new HarnessError('timeout', await describe());
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** A RegExp matching exactly `text` (Playwright's `hasText` string matches substrings). */
function exactText(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}
