/** The run form webview alone in Chromium: a form from the input JSON Schema, checked before it is sent. */
import assert from 'node:assert/strict';
import type { GeneratorSummary, RunFormState } from '../../webview-ui/src/protocol.js';
import { screenshot } from '../support/browser.js';
import { SIGNED_IN, useWebview } from './support.js';

const GENERATOR: GeneratorSummary = {
  name: 'release-notes',
  description: 'Release notes from a list of changes.',
  upstream: 'autogen',
  personalData: true,
  requiresApproval: true,
  approvers: ['privacy-office'],
  output: 'markdown',
  decision: 'approval',
  ruleId: 'release-notes-rule',
  input: {
    type: 'object',
    additionalProperties: false,
    required: ['service', 'environment'],
    properties: {
      tone: { type: 'string', enum: ['formal', 'casual'], description: 'Writing style' },
      service: { type: 'string', minLength: 3, maxLength: 20, title: 'Service name', description: 'As in the catalogue' },
      environment: { type: 'string', enum: ['development', 'staging', 'production'], default: 'staging' },
      changes: { type: 'integer', minimum: 1, maximum: 50 },
      draft: { type: 'boolean', default: true },
      labels: { type: 'array', items: { type: 'string' } },
    },
  },
};

function state(overrides: Partial<RunFormState> = {}): RunFormState {
  return { viewer: SIGNED_IN, generator: GENERATOR, initialInput: {}, run: undefined, ...overrides };
}

describe('webview: run form', function () {
  this.timeout(60_000);
  const ui = useWebview('runForm');

  it('builds the fields from the schema: required first, typed controls, labels and help', async () => {
    await ui.view.notify('runForm/state/didChange', state());
    await ui.view.page.locator('form').waitFor();
    const fields = await ui.view.page
      .locator('[data-field]')
      .evaluateAll((elements) => elements.map((element) => `${element.tagName.toLowerCase()}:${element.getAttribute('data-field')}`));
    assert.deepEqual(fields, [
      'vscode-textfield:service',
      'vscode-single-select:environment',
      'vscode-single-select:tone',
      'vscode-textfield:changes',
      'vscode-checkbox:draft',
      'vscode-textarea:labels',
    ]);
    assert.equal(await ui.view.page.locator('vscode-label[for="field-0"]').innerText(), 'Service name');
    assert.equal(await ui.view.page.locator('vscode-label[for="field-0"]').getAttribute('required'), '');
    assert.match(await ui.view.page.locator('vscode-form-helper').first().innerText(), /As in the catalogue/);
    assert.equal(
      await ui.view.page
        .locator('vscode-single-select[data-field="environment"]')
        .evaluate((element) => (element as unknown as { value: string }).value),
      'staging',
      'the schema default',
    );
    assert.equal(await ui.view.page.locator('vscode-checkbox[data-field="draft"]').getAttribute('checked'), '');
    assert.match(
      await ui.view.page.locator('.badges').innerText(),
      /Personal data: the result is masked.*Needs approval by privacy-office.*Output: markdown/s,
    );
    assert.equal(await ui.view.page.locator('vscode-button[data-action="run"]').innerText(), 'Request Run');
    await screenshot(ui.view.page, 'webview-ui/run-form');
  });

  it('says what to fix next to each field and sends nothing until it is valid', async () => {
    await ui.view.notify('runForm/state/didChange', state());
    await ui.view.page.locator('vscode-textfield[data-field="service"] input').fill('ab');
    await ui.view.page.locator('vscode-textfield[data-field="changes"] input').fill('99');
    await ui.view.page.locator('vscode-textarea[data-field="labels"] textarea').fill('[oops');
    await ui.view.page.locator('vscode-button[data-action="run"]').click();
    const errors = await ui.view.page.locator('[role="alert"]').allInnerTexts();
    assert.deepEqual(errors, ['Service name needs at least 3 characters.', 'changes must be at most 50.', errors[2]]);
    assert.match(errors[2] ?? '', /^labels is not valid JSON/);
    assert.equal(await ui.view.page.locator('vscode-textfield[data-field="service"]').getAttribute('aria-invalid'), 'true');
    assert.equal((await ui.view.requests('run/generator/start')).length, 0);
  });

  it('sends typed values; follows the run to "waiting for approval"', async () => {
    await ui.view.notify('runForm/state/didChange', state());
    await ui.view.page.locator('vscode-textfield[data-field="service"] input').fill('payments-api');
    await ui.view.page.locator('vscode-textfield[data-field="changes"] input').fill('12');
    await ui.view.page.locator('vscode-textarea[data-field="labels"] textarea').fill('["lgpd", "q4"]');
    await ui.view.page.locator('vscode-checkbox[data-field="draft"]').click();
    await ui.view.page.locator('vscode-button[data-action="run"]').click();
    const request = await ui.view.request('run/generator/start');
    assert.deepEqual(request.params, {
      input: { service: 'payments-api', environment: 'staging', changes: 12, draft: false, labels: ['lgpd', 'q4'] },
    });
    await ui.view.respond(request.id, { runId: 'run-9' });
    await ui.view.notify('runForm/run/didChange', {
      runId: 'run-9',
      status: 'pending_approval',
      message: 'Waiting for approval by privacy-office (0 of 1 approval); expires in 23 h 59 min.',
      masking: undefined,
    });
    await ui.view.page.locator('[data-run-status="pending_approval"]').waitFor();
    assert.match(await ui.view.page.locator('[data-run-message]').innerText(), /Waiting for approval by privacy-office/);
    await ui.view.page.getByRole('button', { name: 'Open Approvals' }).click();
    await ui.view.request('approvals/view/open');
    await ui.view.notify('runForm/run/didChange', {
      runId: 'run-9',
      status: 'succeeded',
      message: 'Done: 3 values masked (cpf 2, name 1). The result opened in an editor.',
      masking: { profile: 'lgpd', count: 3, byDetector: { cpf: 2, name: 1 } },
    });
    await ui.view.page.locator('[data-run-status="succeeded"]').waitFor();
    assert.match(await ui.view.page.locator('[data-run-status="succeeded"]').innerText(), /Masked: cpf 2 · name 1/);
    await ui.view.page.getByRole('button', { name: 'Open Timeline' }).click();
    assert.deepEqual((await ui.view.request('session/timeline/open')).params, { sessionId: 'run-9' });
  });

  it('submits with Enter in a text field, and shows a refusal from the gateway', async () => {
    await ui.view.notify('runForm/state/didChange', state({ initialInput: { service: 'billing' } }));
    assert.equal(
      await ui.view.page
        .locator('vscode-textfield[data-field="service"]')
        .evaluate((element) => (element as unknown as { value: string }).value),
      'billing',
      'starts with the given input',
    );
    await ui.view.page.locator('vscode-textfield[data-field="service"] input').press('Enter');
    const request = await ui.view.request('run/generator/start');
    await ui.view.fail(request.id, 'denied_by_policy', 'Policy does not let you run release-notes (rule x).');
    await ui.view.page.locator('[data-submit-error]').waitFor();
    assert.match(await ui.view.page.locator('[data-submit-error]').innerText(), /Policy does not let you run/);
  });

  it('edits the whole input as JSON when the generator declares no schema', async () => {
    await ui.view.notify(
      'runForm/state/didChange',
      state({ generator: { ...GENERATOR, input: undefined, requiresApproval: false }, initialInput: { a: 1 } }),
    );
    const json = ui.view.page.locator('vscode-textarea[data-field="(extra)"]');
    await json.waitFor();
    assert.equal(await ui.view.page.locator('vscode-label[for="field-extra"]').innerText(), 'Input (JSON object)');
    await json.locator('textarea').fill('{ "prompt": "hello" }');
    await ui.view.page.locator('vscode-button[data-action="run"]').click();
    assert.deepEqual((await ui.view.request('run/generator/start')).params, { input: { prompt: 'hello' } });
  });
});
