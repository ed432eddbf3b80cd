/**
 * The approvals webview alone in Chromium, with its protocol messages: state in, decisions out.
 * The clock is frozen, so the countdown is checked to the second.
 */
import assert from 'node:assert/strict';
import type { ApprovalItem, ApprovalsState } from '../../webview-ui/src/protocol.js';
import { screenshot } from '../support/browser.js';
import { BRUNO, CARLA, SIGNED_IN, SIGNED_OUT, useWebview } from './support.js';

const NOW = new Date('2026-11-25T12:00:00.000Z');

function item(overrides: Partial<ApprovalItem> = {}): ApprovalItem {
  return {
    id: 'appr-1',
    runId: 'run-1111-2222',
    generator: 'customer-report',
    generatorDescription: 'Monthly report of customers with pending payments.',
    personalData: true,
    requester: BRUNO,
    ruleId: 'customer-report-privacy-approval',
    ruleDescription: 'Data engineers may run the customer report once the privacy office approves',
    approverGroups: ['privacy-office'],
    quorum: 'one member of privacy-office',
    progress: '0 of 1 approval',
    status: 'pending',
    runStatus: 'pending_approval',
    input: { month: 'novembro de 2026', contato: '[EMAIL]' },
    createdAt: new Date(NOW.getTime() - 5 * 60_000).toISOString(),
    expiresAt: new Date(NOW.getTime() + 3_600_000).toISOString(),
    validUntil: undefined,
    decisions: [],
    outcome: undefined,
    mine: false,
    canDecide: true,
    cannotDecideReason: undefined,
    canRevoke: false,
    ...overrides,
  };
}

function state(items: ApprovalItem[], overrides: Partial<ApprovalsState> = {}): ApprovalsState {
  return {
    viewer: SIGNED_IN,
    items,
    now: NOW.toISOString(),
    loading: false,
    error: undefined,
    live: 'live',
    available: true,
    ...overrides,
  };
}

describe('webview: approvals', function () {
  this.timeout(60_000);
  const ui = useWebview('approvals', { clock: NOW });

  it('shows a pending request: requester, generator, rule, masked input, age and a live countdown', async () => {
    await ui.view.notify('approvals/state/didChange', state([item()]));
    const card = ui.view.page.locator('article[data-approval-id="appr-1"]');
    await card.waitFor();
    assert.match(await card.locator('h2').innerText(), /customer-report/);
    assert.match(await card.locator('[data-field="requester"]').innerText(), /Bruno Lima \(bruno · developers, data-engineers\)/);
    assert.match(await card.locator('[data-field="rule"]').innerText(), /customer-report-privacy-approval/);
    assert.match(await card.locator('[data-field="progress"]').innerText(), /0 of 1 approval/);
    assert.match(await card.locator('[data-field="input"]').innerText(), /"month": "novembro de 2026"/);
    assert.match(await card.locator('[data-age]').innerText(), /5 min ago/);
    assert.equal(await card.locator('[data-countdown]').innerText(), 'in 1 h 00 min');
    await ui.view.page.clock.runFor(61_000);
    assert.equal(await card.locator('[data-countdown]').innerText(), 'in 58 min 59 s');
    assert.match(await ui.view.page.locator('[data-summary]').innerText(), /1 pending request, 1 waiting for your decision/);
    assert.equal(await ui.view.page.locator('.live').getAttribute('data-live'), 'live');
    await screenshot(ui.view.page, 'webview-ui/approvals-pending');
  });

  it('requires a reason: the buttons stay disabled until one is written, then the decision is sent', async () => {
    await ui.view.notify('approvals/state/didChange', state([item()]));
    const card = ui.view.page.locator('article[data-approval-id="appr-1"]');
    const approve = card.locator('vscode-button[data-action="approve"]');
    await approve.waitFor();
    assert.equal(await approve.getAttribute('disabled'), '');
    assert.equal(await card.locator('vscode-button[data-action="deny"]').getAttribute('disabled'), '');
    assert.equal(await card.locator('vscode-label').innerText(), 'Reason');

    await card.locator('vscode-textarea textarea').fill('Monthly collections; masked output.');
    assert.equal(await approve.getAttribute('disabled'), null);
    await approve.click();
    const request = await ui.view.request('approvals/decision/submit');
    assert.deepEqual(request.params, { approvalId: 'appr-1', decision: 'approve', reason: 'Monthly collections; masked output.' });
    await ui.view.respond(
      request.id,
      item({
        status: 'approved',
        decisions: [
          {
            approver: CARLA,
            decision: 'approve',
            reason: 'Monthly collections; masked output.',
            at: NOW.toISOString(),
            withdrawnAt: undefined,
          },
        ],
      }),
    );
    await card.locator('[data-outcome]').waitFor();
    assert.match(await card.locator('[data-outcome]').innerText(), /Approved\. Bruno Lima's run starts now\./);
  });

  it('shows why a decision failed (e.g. decided meanwhile)', async () => {
    await ui.view.notify('approvals/state/didChange', state([item()]));
    const card = ui.view.page.locator('article[data-approval-id="appr-1"]');
    await card.locator('vscode-textarea textarea').fill('No.');
    await card.locator('vscode-button[data-action="deny"]').click();
    const request = await ui.view.request('approvals/decision/submit');
    assert.equal(request.params['decision'], 'deny');
    await ui.view.fail(request.id, 'conflict', 'This request was already decided.');
    await card.locator('[data-outcome][role="alert"]').waitFor();
    assert.match(await card.locator('[data-outcome]').innerText(), /already decided/);
    assert.equal(
      await card.locator('vscode-textarea').evaluate((element) => (element as unknown as { value: string }).value),
      'No.',
      'the reason is kept to try again',
    );
  });

  it("disables the buttons of one's own request and says why", async () => {
    await ui.view.notify(
      'approvals/state/didChange',
      state([item({ mine: true, canDecide: false, cannotDecideReason: 'You asked for this run; someone else must approve it.' })], {
        viewer: { ...SIGNED_IN, subject: 'bruno', label: 'bruno' },
      }),
    );
    const card = ui.view.page.locator('article[data-approval-id="appr-1"]');
    await card.waitFor();
    assert.match(await card.locator('h2').innerText(), /your request/);
    assert.equal(await card.locator('vscode-button[disabled]').count(), 2);
    assert.equal(await card.locator('vscode-textarea').count(), 0, 'no reason field');
    const why = card.locator('[data-why]');
    assert.match(await why.innerText(), /You asked for this run/);
    const whyId = await why.getAttribute('id');
    assert.equal(
      await card.locator('vscode-button').first().getAttribute('aria-describedby'),
      whyId,
      'the explanation describes the buttons',
    );
    await screenshot(ui.view.page, 'webview-ui/approvals-own-request');
  });

  it('follows live updates: a decided request moves to "Recently decided"', async () => {
    await ui.view.notify('approvals/state/didChange', state([item()]));
    await ui.view.page.locator('article[data-status="pending"]').waitFor();
    await ui.view.notify(
      'approvals/state/didChange',
      state([
        item({
          status: 'executed',
          canDecide: false,
          outcome: { code: 'succeeded', reason: undefined, at: NOW.toISOString() },
          decisions: [{ approver: CARLA, decision: 'approve', reason: 'ok', at: NOW.toISOString(), withdrawnAt: undefined }],
        }),
      ]),
    );
    await ui.view.page.locator('article[data-status="executed"]').waitFor();
    assert.match(await ui.view.page.locator('[data-summary]').innerText(), /Nothing is waiting/);
    assert.match(await ui.view.page.locator('article').innerText(), /Approved by Carla Mendes/);
    assert.match(await ui.view.page.locator('[data-field="outcome"]').innerText(), /succeeded/);
  });

  it('lets an approver withdraw an approval that has not executed yet, with a reason', async () => {
    const approved = item({
      status: 'approved',
      canDecide: false,
      canRevoke: true,
      validUntil: new Date(NOW.getTime() + 3_600_000).toISOString(),
      decisions: [{ approver: CARLA, decision: 'approve', reason: 'ok', at: NOW.toISOString(), withdrawnAt: undefined }],
    });
    await ui.view.notify('approvals/state/didChange', state([approved]));
    const card = ui.view.page.locator('article[data-approval-id="appr-1"]');
    const withdraw = card.locator('vscode-button[data-action="revoke"]');
    await withdraw.waitFor();
    assert.equal(await withdraw.getAttribute('disabled'), '', 'a reason first');
    await card.locator('vscode-textarea textarea').fill('Wrong month requested.');
    await withdraw.click();
    const request = await ui.view.request('approvals/approval/revoke');
    assert.deepEqual(request.params, { approvalId: 'appr-1', reason: 'Wrong month requested.' });
    await ui.view.respond(request.id, { ...approved, status: 'revoked', canRevoke: false });
    await card.locator('[data-outcome]').waitFor();
    assert.match(await card.locator('[data-outcome]').innerText(), /Approval withdrawn/);
  });

  it('asks the host to refresh, to open the run, and to sign in', async () => {
    await ui.view.notify('approvals/state/didChange', state([item()]));
    await ui.view.page.getByRole('button', { name: 'Refresh' }).click();
    await ui.view.request('approvals/list/refresh');
    await ui.view.page.locator('a[data-open-session]').click();
    assert.deepEqual((await ui.view.request('session/timeline/open')).params, { sessionId: 'run-1111-2222' });
    await ui.view.notify('approvals/state/didChange', state([], { viewer: SIGNED_OUT }));
    await ui.view.page.getByRole('button', { name: 'Sign In' }).click();
    await ui.view.request('auth/session/signIn');
  });

  it('shows errors and a gateway without approvals', async () => {
    await ui.view.notify(
      'approvals/state/didChange',
      state([], {
        error: { code: 'gateway_unreachable', message: 'Cannot reach the gateway at http://127.0.0.1:8787.' },
        available: false,
        live: 'polling',
      }),
    );
    await ui.view.page.locator('[role="alert"][data-error-code="gateway_unreachable"]').waitFor();
    assert.match(await ui.view.page.locator('.notice.warning').innerText(), /does not offer approvals/);
    assert.equal(await ui.view.page.locator('.live').getAttribute('data-live'), 'polling');
  });

  it('keeps a half-written reason in the webview state (restored when the panel is shown again)', async () => {
    await ui.view.notify('approvals/state/didChange', state([item()]));
    await ui.view.page.locator('vscode-textarea textarea').fill('Draft reason');
    const saved = await ui.view.page.evaluate(() =>
      (globalThis as unknown as { acquireVsCodeApi(): { getState(): unknown } }).acquireVsCodeApi().getState(),
    );
    assert.deepEqual(saved, { drafts: { 'appr-1': 'Draft reason' } });
    // VS Code hands the saved state to the new document of a panel shown again.
    const again = await ui.reopen({ state: saved });
    try {
      await again.notify('approvals/state/didChange', state([item()]));
      await again.page.locator('vscode-textarea').waitFor();
      assert.equal(
        await again.page.locator('vscode-textarea').evaluate((element) => (element as unknown as { value: string }).value),
        'Draft reason',
      );
      assert.equal(await again.page.locator('vscode-button[data-action="approve"]').getAttribute('disabled'), null);
    } finally {
      await again.page.context().close();
    }
  });
});
