/**
 * The extension in a real VS Code (code-server + Chromium through the harness), against the real
 * dev IdP, gateway (with approvals and evidence) and demo AutoGen runtime: two people side by
 * side. bruno signs in with the device flow, runs config-template from the palette, asks for
 * customer-report and sees it pending; carla signs in with PKCE, approves it in the approvals
 * webview; bruno's masked result arrives; the session's timeline opens from the history webview;
 * its evidence is exported; bruno signs out from the Accounts menu. Screenshots go to
 * test-artifacts/screenshots/extension/.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { demoCustomers } from '../../gateway/dev/demoRuntime/demoData.js';
import { approveDeviceCode } from '../../gateway/dev/devTokens.js';
import { closeBrowser, launchBrowser } from '../support/browser.js';
import { useHarness } from '../support/gatewayHarness.js';
import { makeTempDir, removeDir } from '../support/tempDir.js';
import {
  acceptOpenExternal,
  acceptSignInPrompt,
  accountsMenuItems,
  activeEditorLanguage,
  activeEditorText,
  answerDialog,
  clearNotifications,
  clickAccountsMenu,
  clickNotificationButton,
  launchVsCode,
  poll,
  quickPickItems,
  quickPickSelect,
  requireUiTestsInstalled,
  runCommand,
  screenshot,
  selectedBackend,
  statusBarItem,
  waitForActiveEditor,
  waitForNotification,
  webviewFrame,
  type VsCodeSession,
} from '../support/vscode/index.js';
import { completeIdpSignIn } from '../extension/support/idpPages.js';
import { ensureVsix } from '../extension/support/vsix.js';

const EXTENSION_ID = 'autogen-gate.autogen-gate';
const SHOTS = 'extension';

/** Opens a workspace file from the Explorer (double-click: a pinned editor). */
async function openFile(page: Page, name: string): Promise<void> {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  await row.waitFor();
  await row.dblclick();
  // Focus the editor (the double-click leaves it in the Explorer). A tab shows the file name
  // without its extension in `.label-name` (the extension is a suffix element).
  await page.locator(`.tabs-container .tab[data-resource-name="${name}"]`).first().click();
  await waitForActiveEditor(page, name.replace(/\.[^.]+$/, ''));
}

async function signInWithDeviceCode(vscode: VsCodeSession, username: string, issuer: string): Promise<void> {
  const { page } = vscode;
  await runCommand(page, 'AutoGen Gate: Sign In');
  await vscode.waitForActivation(EXTENSION_ID);
  await acceptSignInPrompt(page);
  if (vscode.backend === 'electron') {
    // Desktop VS Code opens the system browser, out of Playwright's reach: enter the code the
    // dialog shows the way a person would on another device.
    const dialog = page
      .locator('.monaco-dialog-box')
      .filter({ hasText: /Sign in to AutoGen Gate with the code/ })
      .first();
    await dialog.waitFor();
    const code = /[A-Z]{4}-[A-Z]{4}/.exec(await dialog.innerText())?.[0];
    assert.ok(code, 'the dialog shows the user code');
    await answerDialog(page, /Sign in to AutoGen Gate with the code/, 'Copy Code & Open Sign-In Page');
    await approveDeviceCode(`${issuer}/device`, code, username);
    return;
  }
  const opened = acceptOpenExternal(page);
  const message = await answerDialog(page, /Sign in to AutoGen Gate with the code/, 'Copy Code & Open Sign-In Page');
  assert.match(message, /[A-Z]{4}-[A-Z]{4}/, 'the dialog shows the user code');
  const idp = await opened;
  assert.equal(await completeIdpSignIn(idp, username), 'device-success');
  await screenshot(idp, `${SHOTS}/01-device-flow-success`);
  await idp.close();
}

async function signInWithBrowser(vscode: VsCodeSession, username: string): Promise<void> {
  const { page } = vscode;
  const opened = acceptOpenExternal(page, { timeoutMs: 60_000 });
  await runCommand(page, 'AutoGen Gate: Sign In');
  await vscode.waitForActivation(EXTENSION_ID);
  await acceptSignInPrompt(page);
  const idp = await opened;
  assert.equal(await completeIdpSignIn(idp, username), 'redirected');
  await screenshot(idp, `${SHOTS}/05-pkce-loopback-callback`);
  await idp.close();
}

describe('extension in VS Code (code-server): sign in, run, approve, review', function () {
  this.timeout(600_000);

  let browser: Browser;
  let workspace: string;
  let bruno: VsCodeSession;
  let carla: VsCodeSession;
  let runId = '';
  let vsixPath: string;

  // Registered before the harness: the editors and the browser close while the gateway still answers.
  after(async function () {
    this.timeout(60_000);
    await bruno?.close();
    await carla?.close();
    await closeBrowser(browser);
    if (workspace) removeDir(workspace);
  });
  before(function () {
    this.timeout(300_000);
    requireUiTestsInstalled();
    vsixPath = ensureVsix();
  });
  const harness = useHarness();
  before(async function () {
    this.timeout(300_000);
    workspace = makeTempDir('autogen-gate-ws-');
    writeFileSync(join(workspace, 'report-input.json'), `${JSON.stringify({ month: 'novembro de 2026' }, null, 2)}\n`);
    const settings = {
      'autogenGate.gatewayUrl': harness().gateway.url,
      'autogenGate.issuer': harness().idp.issuer,
      'autogenGate.clientId': 'autogen-gate-vscode',
      'autogenGate.audience': 'autogen-gate',
      // The save dialog as a quick input, the same on desktop as in code-server.
      'files.simpleDialog.enable': true,
    };
    browser = await launchBrowser();
    [bruno, carla] = await Promise.all([
      launchVsCode({ vsixPath, workspaceDir: workspace, browser, settings: { ...settings, 'autogenGate.signInMethod': 'deviceCode' } }),
      launchVsCode({
        vsixPath,
        workspaceDir: workspace,
        browser,
        settings: { ...settings, 'autogenGate.signInMethod': selectedBackend() === 'electron' ? 'deviceCode' : 'browser' },
      }),
    ]);
  });

  // The steps build on each other: after a failure the rest fail at once (not after timeouts).
  let failedStep: string | undefined;
  beforeEach(function () {
    if (failedStep) throw new Error(`an earlier step failed: ${failedStep}`);
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || failedStep) return;
    const title = this.currentTest.title;
    failedStep = title;
    await bruno?.saveDiagnostics(`bruno ${title}`).catch(() => undefined);
    await carla?.saveDiagnostics(`carla ${title}`).catch(() => undefined);
  });

  it('signs bruno in with the device flow: status bar and Accounts menu show him', async () => {
    await signInWithDeviceCode(bruno, 'bruno', harness().idp.issuer);
    const { page } = bruno;
    await waitForNotification(page, 'Signed in to AutoGen Gate as bruno');
    await statusBarItem(page, /bruno/);
    await screenshot(page, `${SHOTS}/02-bruno-signed-in`);
    const accounts = await accountsMenuItems(page);
    assert.ok(
      accounts.some((item) => /bruno/.test(item)),
      `the Accounts menu lists bruno: ${JSON.stringify(accounts)}`,
    );
    const log = await bruno.waitForExtensionLog(EXTENSION_ID, /signed in as bruno \(deviceCode\)/);
    assert.doesNotMatch(log, /eyJ[A-Za-z0-9_-]{20,}\./, 'no token in the log');
  });

  it('runs config-template from the palette: form webview, result editor in YAML', async () => {
    const { page } = bruno;
    await clearNotifications(page);
    await runCommand(page, 'AutoGen Gate: Run Generator…');
    const items = await quickPickItems(page);
    assert.ok(items.includes('config-template') && items.includes('customer-report'), `bruno may run both: ${JSON.stringify(items)}`);
    await screenshot(page, `${SHOTS}/03-generator-pick`);
    await quickPickSelect(page, 'config-template');
    const form = await webviewFrame(page, 'Run config-template');
    await form.locator('vscode-textfield[data-field="service"] input').fill('payments-api');
    await form.locator('vscode-button[data-action="run"]').click();
    // An untitled editor is named after its first line.
    await waitForNotification(page, /config-template: result opened; nothing was masked/, { timeoutMs: 60_000 });
    await waitForActiveEditor(page, /Configuration template for/);
    assert.equal(await activeEditorLanguage(page), 'YAML');
    const text = await activeEditorText(page);
    assert.match(text, /name: payments-api/);
    await screenshot(page, `${SHOTS}/04-config-template-result`);
  });

  it('asks for customer-report as bruno with the editor JSON and shows it pending', async () => {
    const { page } = bruno;
    await clearNotifications(page);
    await openFile(page, 'report-input.json');
    await runCommand(page, 'AutoGen Gate: Run Generator…');
    await quickPickSelect(page, 'customer-report');
    await quickPickSelect(page, 'Use the JSON in the active editor');
    await waitForNotification(page, /customer-report needs approval by privacy-office/);
    await waitForNotification(page, /Waiting for approval by privacy-office/);
    await screenshot(page, `${SHOTS}/06-bruno-pending`);
    await clickNotificationButton(page, /customer-report needs approval/, 'Open Approvals');
    const approvals = await webviewFrame(page, 'Approvals');
    const card = approvals.locator('article[data-status="pending"]').first();
    await card.waitFor();
    assert.match(await card.innerText(), /your request/);
    assert.match(await card.locator('[data-field="input"]').innerText(), /novembro de 2026/);
    assert.match(await card.locator('[data-why]').innerText(), /You requested this run/, 'the reason the buttons are disabled');
    assert.equal(await card.locator('vscode-button[disabled]').count(), 2);
    runId = (await card.locator('a[data-open-session] code').innerText()).trim();
    assert.ok(runId.length > 0);
    await screenshot(page, `${SHOTS}/07-bruno-own-request-disabled`);
  });

  it('signs carla in with PKCE; the status bar counts the request; she approves it in the approvals webview', async () => {
    // PKCE in code-server (the browser tab is Playwright's); the device flow on desktop VS Code.
    if (carla.backend === 'electron') await signInWithDeviceCode(carla, 'carla', harness().idp.issuer);
    else await signInWithBrowser(carla, 'carla');
    const { page } = carla;
    await waitForNotification(page, 'Signed in to AutoGen Gate as carla');
    const item = await statusBarItem(page, /carla.*1/, { timeoutMs: 30_000 });
    await screenshot(page, `${SHOTS}/08-carla-status-bar`);
    await item.click();
    const approvals = await webviewFrame(page, 'Approvals');
    const pending = approvals.locator('article[data-status="pending"]').filter({ hasText: 'customer-report' }).first();
    await pending.waitFor();
    // Its status changes once decided: follow the card by its approval id.
    const card = approvals.locator(`article[data-approval-id="${await pending.getAttribute('data-approval-id')}"]`);
    assert.match(await card.locator('[data-field="requester"]').innerText(), /Bruno Lima/);
    assert.match(await card.locator('[data-field="rule"]').innerText(), /customer-report-privacy-approval/);
    assert.match(await card.locator('[data-field="expires"]').innerText(), /in \d+ h/);
    const approve = card.locator('vscode-button[data-action="approve"]');
    assert.equal(await approve.getAttribute('disabled'), '', 'Approve is disabled until a reason is written');
    await card.locator('vscode-textarea textarea').fill('Monthly collections report; data minimised by masking.');
    await screenshot(page, `${SHOTS}/09-carla-approving`);
    await approve.click();
    await card.locator('[data-outcome]').waitFor();
    assert.match(await card.locator('[data-outcome]').innerText(), /Approved/);
    await screenshot(page, `${SHOTS}/10-carla-approved`);
  });

  it("delivers bruno's result masked, in a Markdown editor, with a masking summary", async () => {
    const { page } = bruno;
    await waitForNotification(page, /customer-report: result opened; \d+ values masked/, { timeoutMs: 90_000 });
    await waitForActiveEditor(page, /Relatório de clientes/);
    assert.equal(await activeEditorLanguage(page), 'Markdown');
    const text = await activeEditorText(page);
    assert.match(text, /Relatório de clientes/);
    for (const customer of demoCustomers(6)) {
      assert.ok(!text.includes(customer.cpf), `CPF ${customer.cpf} must be masked`);
      assert.ok(!text.includes(customer.email), `e-mail ${customer.email} must be masked`);
    }
    assert.match(text, /\[CPF\]|\*\*\*\.\d{3}\.\d{3}-\*\*|CPF_[0-9a-f]{8}/, 'masked CPFs are visible as such');
    await screenshot(page, `${SHOTS}/11-bruno-masked-result`);
  });

  it("opens the session's timeline from the history webview (carla, auditor)", async () => {
    const { page } = carla;
    await clearNotifications(page);
    await runCommand(page, 'AutoGen Gate: Show Session History');
    const history = await webviewFrame(page, 'Session History');
    const row = history.locator(`tr[data-session-id="${runId}"]`);
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /Bruno Lima/);
    assert.match(await row.innerText(), /customer-report/);
    assert.match(await row.innerText(), /Succeeded/);
    await screenshot(page, `${SHOTS}/12-history`);
    // Keyboard: focus the row and open it with Enter.
    await row.focus();
    await row.press('Enter');
    const timeline = await webviewFrame(page, `customer-report · ${runId.slice(0, 8)}`);
    await timeline.locator('[data-step="approval"]').waitFor();
    await assertTimeline(timeline);
    await screenshot(page, `${SHOTS}/13-timeline`);
  });

  it('exports the evidence of that session with the save dialog', async () => {
    const { page } = carla;
    const timeline = await webviewFrame(page, `customer-report · ${runId.slice(0, 8)}`);
    await timeline.locator('vscode-button[data-action="export"]').click();
    // The save dialog (a quick input in code-server) proposes the gateway's file name in the workspace.
    const name = `evidence-session-${runId}.json`;
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await poll(
      async () => (await input.inputValue().catch(() => '')).endsWith(name),
      30_000,
      async () => `the save dialog shows ${await input.inputValue().catch(() => '(nothing)')}`,
    );
    await screenshot(page, `${SHOTS}/14-evidence-save-dialog`);
    await input.press('Enter');
    const target = join(workspace, name);
    await poll(
      async () => existsSync(target),
      30_000,
      () => `no evidence file; the workspace has ${readdirSync(workspace).join(', ')}`,
    );
    await timeline.getByText('Evidence saved.').waitFor();
    const bundle = readFileSync(target, 'utf8');
    assert.ok(bundle.includes(runId), 'the bundle is about the session');
    assert.ok(
      !demoCustomers(6).some((customer) => bundle.includes(customer.cpf) || bundle.includes(customer.email)),
      'no original personal data in the evidence',
    );
    await screenshot(page, `${SHOTS}/15-evidence-exported`);
  });

  it('signs bruno out from the Accounts menu and revokes his tokens', async () => {
    const { page } = bruno;
    await clearNotifications(page);
    await clickAccountsMenu(page, [/bruno/, 'Sign Out']);
    await answerDialog(page, /bruno/, 'Sign Out').catch(() => undefined);
    await statusBarItem(page, /AutoGen Gate: Sign In/);
    await bruno.waitForExtensionLog(EXTENSION_ID, /refresh token revoked at the issuer/);
    await screenshot(page, `${SHOTS}/16-bruno-signed-out`);
  });
});

async function assertTimeline(timeline: FrameLocator): Promise<void> {
  assert.match(await timeline.locator('[data-field="identity"]').innerText(), /Bruno Lima/);
  assert.match(await timeline.locator('[data-step="decision"]').innerText(), /Approval required/);
  assert.match(await timeline.locator('[data-field="rule"]').innerText(), /customer-report-privacy-approval/);
  const approval = await timeline.locator('[data-step="approval"]').innerText();
  assert.match(approval, /Approved by Carla Mendes/);
  assert.match(approval, /Monthly collections report/);
  assert.match(await timeline.locator('[data-field="request"]').innerText(), /novembro de 2026/);
  const response = await timeline.locator('[data-field="response"]').innerText();
  for (const customer of demoCustomers(6)) assert.ok(!response.includes(customer.cpf), 'the response is masked');
  const events = timeline.locator('[data-field="masking-events"] tbody tr');
  assert.ok((await events.count()) > 5, 'masking events are listed');
  const first = await events.first().innerText();
  assert.match(first, /[0-9a-f]{12}…/, 'HMAC prefix, never the value');
  assert.match(await timeline.locator('[data-field="timings"]').innerText(), /Total time/);
}
