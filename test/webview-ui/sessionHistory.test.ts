/** The session history webview alone in Chromium: filters, paging and keyboard, through its protocol. */
import assert from 'node:assert/strict';
import type { HistoryInit, SessionSummaryView } from '../../webview-ui/src/protocol.js';
import { screenshot } from '../support/browser.js';
import { BRUNO, SIGNED_IN, SIGNED_OUT, useWebview } from './support.js';

function session(index: number, overrides: Partial<SessionSummaryView> = {}): SessionSummaryView {
  return {
    id: `session-${index}`,
    kind: 'run',
    createdAt: new Date(Date.UTC(2026, 10, 25, 12, 0, index)).toISOString(),
    principal: BRUNO,
    generator: index % 2 === 0 ? 'customer-report' : 'config-template',
    upstream: 'autogen',
    method: 'POST',
    path: '/api/v1/generators/x/runs',
    decision: index % 2 === 0 ? 'approval' : 'allow',
    ruleId: index % 2 === 0 ? 'customer-report-privacy-approval' : 'developers-config-template',
    status: 'succeeded',
    httpStatus: 200,
    totalMs: 1234,
    maskedCount: index % 2 === 0 ? 14 : 0,
    ...overrides,
  };
}

const CONTEXT: HistoryInit = { viewer: SIGNED_IN, generators: ['config-template'], pageSize: 3, live: 'live' };

describe('webview: session history', function () {
  this.timeout(60_000);
  const ui = useWebview('sessionHistory');

  /** Context in, first page requested and answered. */
  async function firstPage(sessions: SessionSummaryView[], nextCursor?: string): Promise<void> {
    await ui.view.notify('history/context/didChange', CONTEXT);
    const request = await ui.view.request('sessions/page/load');
    assert.deepEqual(request.params, { filters: {}, cursor: undefined });
    await ui.view.respond(request.id, { sessions, nextCursor });
    await ui.view.page.locator('tbody tr[data-session-id]').first().waitFor();
  }

  it('loads the first page once it knows who is signed in, and shows the table', async () => {
    await firstPage([session(0), session(1), session(2)], 'cursor-2');
    const rows = ui.view.page.locator('tbody tr[data-session-id]');
    assert.equal(await rows.count(), 3);
    const first = await rows.first().innerText();
    assert.match(first, /Bruno Lima/);
    assert.match(first, /customer-report/);
    assert.match(first, /Approval required/);
    assert.match(first, /customer-report-privacy-approval/);
    assert.match(first, /Succeeded/);
    assert.match(first, /14/);
    assert.match(first, /1\.2 s/);
    assert.equal(await ui.view.page.locator('table[aria-label="Sessions"] caption').count(), 1);
    assert.equal(await ui.view.page.locator('th[scope="col"]').count(), 7);
    await screenshot(ui.view.page, 'webview-ui/session-history');
  });

  it('pages forward with the cursor and back through the cursors seen', async () => {
    await firstPage([session(0), session(1), session(2)], 'cursor-2');
    const next = ui.view.page.locator('vscode-button[data-action="next"]');
    const previous = ui.view.page.locator('vscode-button[data-action="previous"]');
    assert.equal(await previous.getAttribute('disabled'), '');
    await next.click();
    const second = await ui.view.request('sessions/page/load');
    assert.deepEqual(second.params, { filters: {}, cursor: 'cursor-2' });
    await ui.view.respond(second.id, { sessions: [session(3)], nextCursor: undefined });
    await ui.view.page.locator('tr[data-session-id="session-3"]').waitFor();
    assert.equal(await ui.view.page.locator('[data-page]').innerText(), 'Page 2');
    assert.equal(await next.getAttribute('disabled'), '');
    await previous.click();
    const back = await ui.view.request('sessions/page/load');
    assert.deepEqual(back.params, { filters: {}, cursor: undefined });
  });

  it('filters by who, generator, decision, status and dates', async () => {
    await firstPage([session(0)]);
    await ui.view.page.locator('vscode-textfield[data-filter="subject"] input').fill('bruno');
    await ui.view.page.locator('vscode-textfield[data-filter="from"] input').fill('2026-11-01');
    await ui.view.page.locator('vscode-textfield[data-filter="to"] input').fill('2026-11-30');
    // Choices come from the generators the viewer may run plus those seen in the table.
    await ui.view.page.locator('vscode-single-select[data-filter="generator"]').evaluate((element) => {
      const select = element as unknown as { value: string; dispatchEvent(event: Event): boolean };
      select.value = 'customer-report';
      select.dispatchEvent(new Event('change'));
    });
    await ui.view.page.locator('vscode-single-select[data-filter="decision"]').evaluate((element) => {
      const select = element as unknown as { value: string; dispatchEvent(event: Event): boolean };
      select.value = 'approval';
      select.dispatchEvent(new Event('change'));
    });
    await ui.view.page.locator('vscode-button[data-action="apply"]').click();
    const request = await ui.view.request('sessions/page/load');
    assert.deepEqual(request.params, {
      filters: { subject: 'bruno', generator: 'customer-report', decision: 'approval', from: '2026-11-01', to: '2026-11-30' },
      cursor: undefined,
    });
    const options = await ui.view.page.locator('vscode-single-select[data-filter="generator"] vscode-option').allInnerTexts();
    assert.deepEqual(
      options.map((text) => text.trim()),
      ['Any', 'config-template', 'customer-report'],
    );
    await ui.view.respond(request.id, { sessions: [], nextCursor: undefined });
    await ui.view.page.getByText('No sessions match these filters.').waitFor();
    const saved = await ui.view.page.evaluate(() =>
      (globalThis as unknown as { acquireVsCodeApi(): { getState(): unknown } }).acquireVsCodeApi().getState(),
    );
    assert.deepEqual(saved, {
      filters: { subject: 'bruno', generator: 'customer-report', decision: 'approval', from: '2026-11-01', to: '2026-11-30' },
    });
    await ui.view.page.locator('vscode-button[data-action="clear"]').click();
    assert.deepEqual((await ui.view.request('sessions/page/load')).params, { filters: {}, cursor: undefined });
  });

  it('hides the "who" filter from non-auditors', async () => {
    await ui.view.notify('history/context/didChange', { ...CONTEXT, viewer: { ...SIGNED_IN, auditor: false } });
    await ui.view.page.locator('form.filters').waitFor();
    assert.equal(await ui.view.page.locator('[data-filter="subject"]').count(), 0);
    assert.match(await ui.view.page.locator('body').innerText(), /You see your own sessions/);
  });

  it('moves through rows with the arrow keys and opens one with Enter', async () => {
    await firstPage([session(0), session(1), session(2)]);
    const rows = ui.view.page.locator('tbody tr[data-session-id]');
    assert.equal(await rows.first().getAttribute('tabindex'), '0');
    assert.equal(await rows.nth(1).getAttribute('tabindex'), '-1');
    await rows.first().focus();
    await ui.view.page.keyboard.press('ArrowDown');
    await ui.view.page.keyboard.press('ArrowDown');
    await ui.view.page.keyboard.press('ArrowUp');
    assert.equal(await rows.nth(1).getAttribute('aria-selected'), 'true');
    assert.equal(
      await ui.view.page.evaluate(() =>
        (
          globalThis as unknown as { document: { activeElement: { getAttribute(name: string): string | null } | null } }
        ).document.activeElement?.getAttribute('data-session-id'),
      ),
      'session-1',
    );
    await ui.view.page.keyboard.press('Enter');
    assert.deepEqual((await ui.view.request('session/timeline/open')).params, { sessionId: 'session-1' });
    await ui.view.page.keyboard.press('End');
    await ui.view.page.keyboard.press(' ');
    assert.deepEqual((await ui.view.request('session/timeline/open')).params, { sessionId: 'session-2' });
  });

  it('reloads the first page when the gateway reports changes', async () => {
    await firstPage([session(0)]);
    await ui.view.notify('sessions/list/didChange', { sessionIds: ['session-9'] });
    const reload = await ui.view.request('sessions/page/load');
    await ui.view.respond(reload.id, { sessions: [session(9), session(0)], nextCursor: undefined });
    await ui.view.page.locator('tr[data-session-id="session-9"]').waitFor();
  });

  it('shows the error of a failed load, and the sign-in when signed out', async () => {
    await ui.view.notify('history/context/didChange', CONTEXT);
    const request = await ui.view.request('sessions/page/load');
    await ui.view.fail(request.id, 'forbidden', "Only auditors may list other people's sessions.");
    await ui.view.page.locator('[role="alert"][data-error-code="forbidden"]').waitFor();
    await ui.view.notify('history/context/didChange', { ...CONTEXT, viewer: SIGNED_OUT });
    await ui.view.page.getByRole('button', { name: 'Sign In' }).click();
    await ui.view.request('auth/session/signIn');
  });
});
