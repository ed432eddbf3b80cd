/** The session timeline webview alone in Chromium: every step, masked payloads, masking events, export. */
import assert from 'node:assert/strict';
import type { ApprovalItem, SessionDetailView, SessionState } from '../../webview-ui/src/protocol.js';
import { screenshot } from '../support/browser.js';
import { BRUNO, CARLA, SIGNED_IN, SIGNED_OUT, useWebview } from './support.js';

const HMAC = 'a3f1c2d4e5b6978812345678901234567890abcdef1234567890abcdef123456';

const SESSION: SessionDetailView = {
  id: 'run-0f3c9a7e',
  kind: 'run',
  createdAt: '2026-11-25T12:00:00.000Z',
  principal: BRUNO,
  generator: 'customer-report',
  upstream: 'autogen',
  method: 'POST',
  path: '/api/v1/generators/customer-report/runs',
  decision: 'approval',
  ruleId: 'customer-report-privacy-approval',
  status: 'succeeded',
  httpStatus: 200,
  totalMs: 65_400,
  maskedCount: 71,
  requestId: 'req-123',
  policyVersion: 'sha256:9f86d081884c7d65',
  updatedAt: '2026-11-25T12:01:05.400Z',
  forwardedAt: '2026-11-25T12:01:04.000Z',
  completedAt: '2026-11-25T12:01:05.400Z',
  upstreamStatus: 200,
  upstreamMs: 1_350,
  claims: { sub: 'bruno', groups: ['developers', 'data-engineers'] },
  request: { contentType: 'application/json', bytes: 42, body: { month: 'novembro de 2026' } },
  response: {
    contentType: 'application/json',
    bytes: 900,
    body: {
      format: 'markdown',
      text: '# Relatório\n| [NOME] | ***.456.789-** |',
      messages: [{ source: 'report_writer', content: 'done' }],
    },
  },
  masking: { profile: 'lgpd', count: 71, byDetector: { cpf: 70, name: 1 } },
  maskingEvents: [
    {
      seq: 1,
      at: '2026-11-25T12:01:05.000Z',
      location: 'result:/text:12',
      detector: 'name',
      hmac: HMAC,
      keyId: 'k1',
      replacement: '[NOME]',
      count: 1,
      occurrences: [{ location: 'result:/text:12' }],
    },
    {
      seq: 2,
      at: '2026-11-25T12:01:05.000Z',
      location: 'result:/text:40',
      detector: 'cpf',
      hmac: HMAC.split('').reverse().join(''),
      keyId: 'k1',
      replacement: '***.456.789-**',
      count: 70,
      occurrences: Array.from({ length: 64 }, (_, i) => ({
        location: `result:/text:${40 + i * 20}`,
        original: { offset: 30 + i * 20, length: 14 },
      })),
    },
  ],
  approvalId: 'appr-1',
  error: undefined,
};

const APPROVAL: ApprovalItem = {
  id: 'appr-1',
  runId: SESSION.id,
  generator: 'customer-report',
  generatorDescription: undefined,
  personalData: true,
  requester: BRUNO,
  ruleId: SESSION.ruleId,
  ruleDescription: undefined,
  approverGroups: ['privacy-office'],
  quorum: 'one member of privacy-office',
  progress: '1 of 1 approval',
  status: 'executed',
  runStatus: 'succeeded',
  input: { month: 'novembro de 2026' },
  createdAt: SESSION.createdAt,
  expiresAt: '2026-11-26T12:00:00.000Z',
  validUntil: undefined,
  decisions: [
    { approver: CARLA, decision: 'approve', reason: 'Monthly collections.', at: '2026-11-25T12:01:03.000Z', withdrawnAt: undefined },
  ],
  outcome: { code: 'succeeded', reason: undefined, at: SESSION.completedAt ?? '' },
  mine: false,
  canDecide: false,
  cannotDecideReason: 'Already decided.',
  canRevoke: false,
};

function state(overrides: Partial<SessionState> = {}): SessionState {
  return {
    viewer: SIGNED_IN,
    sessionId: SESSION.id,
    session: SESSION,
    approval: APPROVAL,
    loading: false,
    error: undefined,
    now: '2026-11-25T13:00:00.000Z',
    ...overrides,
  };
}

describe('webview: session timeline', function () {
  this.timeout(60_000);
  const ui = useWebview('session');

  it('shows identity, decision and rule, approval, forwarding, masking and completion in order', async () => {
    await ui.view.notify('session/state/didChange', state());
    await ui.view.page.locator('ol.timeline').waitFor();
    const steps = await ui.view.page
      .locator('ol.timeline > li')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-step')));
    assert.deepEqual(steps, ['requested', 'decision', 'approval', 'forwarded', 'upstream', 'masked', 'completed']);
    assert.match(await ui.view.page.locator('[data-field="identity"]').innerText(), /Bruno Lima \(person\)/);
    assert.match(await ui.view.page.locator('[data-step="requested"]').innerText(), /bruno from issuer dev/);
    assert.match(await ui.view.page.locator('[data-step="decision"]').innerText(), /Approval required/);
    assert.match(await ui.view.page.locator('[data-field="rule"]').innerText(), /customer-report-privacy-approval/);
    assert.match(
      await ui.view.page.locator('[data-field="approval-decisions"]').innerText(),
      /Approved by Carla Mendes \(carla\).*“Monthly collections\.”/,
    );
    assert.match(await ui.view.page.locator('[data-step="upstream"]').innerText(), /HTTP 200 after 1\.4 s/);
    assert.match(await ui.view.page.locator('[data-field="masking-summary"]').innerText(), /cpf 70 · name 1/);
    assert.match(await ui.view.page.locator('[data-step="completed"]').innerText(), /Completed: Succeeded.*HTTP 200\. Total 1 min 5 s/s);
    await screenshot(ui.view.page, 'webview-ui/session-timeline');
  });

  it('shows the masked request and response, and each masked value with its count, places and an HMAC prefix only', async () => {
    await ui.view.notify('session/state/didChange', state());
    assert.match(await ui.view.page.locator('[data-field="request"]').innerText(), /"month": "novembro de 2026"/);
    assert.match(await ui.view.page.locator('[data-field="response"]').innerText(), /\[NOME\] \| \*\*\*\.456\.789-\*\*/);
    const rows = ui.view.page.locator('[data-field="masking-events"] tbody tr');
    assert.equal(await rows.count(), 2);
    const cells = await rows.first().locator('td').allInnerTexts();
    assert.deepEqual(cells, ['1', 'name', '1', 'result:/text:12', `${HMAC.slice(0, 12)}…`, 'k1', '[NOME]']);
    const repeated = rows.nth(1);
    assert.equal(await repeated.locator('[data-field="count"]').innerText(), '70');
    assert.match(await repeated.locator('[data-field="more-locations"]').innerText(), /and 69 more \(the first 64 places kept\)/);
    assert.match((await repeated.locator('[data-field="more-locations"]').getAttribute('title')) ?? '', /result:\/text:1300$/);
    assert.ok(
      !(await ui.view.page.locator('[data-field="masking-events"]').innerText()).includes(HMAC),
      'the full HMAC is not printed, only its prefix',
    );
    assert.match(await ui.view.page.locator('[data-field="timings"]').innerText(), /Total time\s+1 min 5 s/);
  });

  it('exports the evidence and opens the result through the host, and refreshes', async () => {
    await ui.view.notify('session/state/didChange', state());
    await ui.view.page.locator('vscode-button[data-action="export"]').click();
    const exportRequest = await ui.view.request('evidence/session/export');
    assert.deepEqual(exportRequest.params, { sessionId: SESSION.id });
    await ui.view.respond(exportRequest.id, { saved: true });
    await ui.view.page.getByText('Evidence saved.').waitFor();
    await ui.view.page.locator('vscode-button[data-action="open-result"]').click();
    await ui.view.request('session/result/open');
    await ui.view.page.getByRole('button', { name: 'Refresh' }).click();
    await ui.view.request('session/detail/refresh');
    const saved = await ui.view.page.evaluate(() =>
      (globalThis as unknown as { acquireVsCodeApi(): { getState(): unknown } }).acquireVsCodeApi().getState(),
    );
    assert.deepEqual(saved, { sessionId: SESSION.id }, 'the session id is kept so the panel comes back after a reload');
  });

  it('shows a held run without a response yet, and errors', async () => {
    await ui.view.notify(
      'session/state/didChange',
      state({
        session: {
          ...SESSION,
          status: 'pending_approval',
          forwardedAt: undefined,
          completedAt: undefined,
          upstreamStatus: undefined,
          upstreamMs: undefined,
          response: undefined,
          maskingEvents: [],
          masking: { profile: undefined, count: 0, byDetector: {} },
        },
        approval: undefined,
      }),
    );
    await ui.view.page.locator('[data-step="approval"]').waitFor();
    assert.match(await ui.view.page.locator('[data-step="approval"]').innerText(), /waiting for a decision/);
    assert.match(await ui.view.page.locator('body').innerText(), /Not yet: the run waits for approval/);
    await ui.view.notify(
      'session/state/didChange',
      state({
        session: undefined,
        approval: undefined,
        error: { code: 'not_found', message: 'No session with that id is visible to you.' },
      }),
    );
    await ui.view.page.locator('[role="alert"][data-error-code="not_found"]').waitFor();
    await ui.view.notify('session/state/didChange', state({ viewer: SIGNED_OUT, session: undefined }));
    await ui.view.page.getByRole('button', { name: 'Sign In' }).waitFor();
  });
});
