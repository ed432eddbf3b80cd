/**
 * The run form: who answers for the generator, its purpose and legal basis (a suspended one says
 * why and who can fix it), its input as a form built from its JSON Schema, checked field by field
 * before the host sends it to the gateway, and the run's progress below it (started, waiting for
 * approval, done with what was masked, or why it failed).
 */
import { html, nothing, render, type TemplateResult } from 'lit';
import '../styles/common.css';
import { HostConnection, RequestError } from '../lib/hostConnection.js';
import { appRoot, pill, signedOutNotice, statusTone } from '../lib/common.js';
import { inputChecked, inputValue } from '../lib/elements.js';
import { formatByDetector, statusLabel } from '../lib/format.js';
import { collectInput, formFromSchema, initialRaw, type FormField, type SchemaForm } from '../lib/schemaForm.js';
import type { RunFormProtocol, RunFormRun, RunFormState } from '../protocol.js';
import { governanceRefuses, governanceStateLabel, registrationFacts, suspensionText } from '../../../gateway/api/governanceText.js';
import type { GeneratorSummary } from '../../../gateway/api/wire.js';

const EXTRA_ID = 'field-extra';
const host = new HostConnection<RunFormProtocol>();
const root = appRoot();

let state: RunFormState | undefined;
let form: SchemaForm = { fields: [], openEnded: true };
let raw: Record<string, string | boolean | undefined> = {};
let extraJson = '';
let errors: Readonly<Record<string, string>> = {};
let submitError: string | undefined;
let submitting = false;
let run: RunFormRun | undefined;

function reset(next: RunFormState): void {
  form = formFromSchema(next.generator.input);
  raw = Object.fromEntries(form.fields.map((field) => [field.name, initialRaw(field, next.initialInput)]));
  const known = new Set(form.fields.map((field) => field.name));
  const extra = Object.fromEntries(Object.entries(next.initialInput).filter(([name]) => !known.has(name)));
  extraJson = Object.keys(extra).length > 0 || form.fields.length === 0 ? JSON.stringify(extra, null, 2) : '';
  errors = {};
  submitError = undefined;
}

async function submit(): Promise<void> {
  if (!state || submitting || governanceRefuses(state.generator.governance)) return;
  const collected = collectInput(form, raw, form.openEnded ? extraJson : undefined);
  errors = collected.errors;
  submitError = undefined;
  if (Object.keys(errors).length > 0) {
    update();
    const first = form.fields.find((field) => errors[field.name] !== undefined);
    const focusId = first ? fieldId(first) : errors['$extra'] ? EXTRA_ID : undefined;
    if (focusId) document.getElementById(focusId)?.focus();
    return;
  }
  submitting = true;
  run = { runId: undefined, status: 'submitting', message: `Starting ${state.generator.name}…`, masking: undefined };
  update();
  try {
    await host.request('run/generator/start', { input: collected.input });
  } catch (error) {
    submitError = error instanceof RequestError ? error.message : 'The run could not be started.';
    run = undefined;
  } finally {
    submitting = false;
    update();
  }
}

/** Element ids from the field's position: property names may hold characters CSS selectors reject. */
function fieldId(field: FormField): string {
  return `field-${form.fields.indexOf(field)}`;
}

function fieldInput(field: FormField): TemplateResult {
  const id = fieldId(field);
  const error = errors[field.name];
  const describedBy = [field.description ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const value = raw[field.name];
  const onInput = (event: Event): void => {
    raw = { ...raw, [field.name]: inputValue(event) };
    if (errors[field.name]) {
      const { [field.name]: _fixed, ...rest } = errors;
      errors = rest;
      update();
    }
  };
  let control: TemplateResult;
  switch (field.kind) {
    case 'choice':
      control = html`<vscode-single-select
        id=${id}
        data-field=${field.name}
        aria-describedby=${describedBy ?? nothing}
        aria-invalid=${error ? 'true' : 'false'}
        .value=${typeof value === 'string' ? value : ''}
        @change=${onInput}
      >
        ${field.required ? nothing : html`<vscode-option value="" ?selected=${!value}>(none)</vscode-option>`}
        ${field.choices.map((choice) => html`<vscode-option value=${choice} ?selected=${value === choice}>${choice}</vscode-option>`)}
      </vscode-single-select>`;
      break;
    case 'boolean':
      control = html`<vscode-checkbox
        id=${id}
        data-field=${field.name}
        aria-describedby=${describedBy ?? nothing}
        ?checked=${value === true}
        @change=${(event: Event) => {
          raw = { ...raw, [field.name]: inputChecked(event) };
        }}
        >${field.label}</vscode-checkbox
      >`;
      break;
    case 'json':
      control = html`<vscode-textarea
        id=${id}
        data-field=${field.name}
        rows="5"
        class="mono"
        aria-describedby=${describedBy ?? nothing}
        aria-invalid=${error ? 'true' : 'false'}
        .value=${typeof value === 'string' ? value : ''}
        @input=${onInput}
      ></vscode-textarea>`;
      break;
    default:
      control = field.multiline
        ? html`<vscode-textarea
            id=${id}
            data-field=${field.name}
            rows="4"
            aria-describedby=${describedBy ?? nothing}
            aria-invalid=${error ? 'true' : 'false'}
            maxlength=${field.maxLength ?? nothing}
            .value=${typeof value === 'string' ? value : ''}
            @input=${onInput}
          ></vscode-textarea>`
        : html`<vscode-textfield
            id=${id}
            data-field=${field.name}
            type=${field.kind === 'number' || field.kind === 'integer' ? 'number' : 'text'}
            aria-describedby=${describedBy ?? nothing}
            aria-invalid=${error ? 'true' : 'false'}
            ?invalid=${error !== undefined}
            maxlength=${field.maxLength ?? nothing}
            .value=${typeof value === 'string' ? value : ''}
            @input=${onInput}
          ></vscode-textfield>`;
  }
  return html`<div class="field">
    ${field.kind === 'boolean' ? nothing : html`<vscode-label for=${id} ?required=${field.required}>${field.label}</vscode-label>`}
    ${control} ${field.description ? html`<vscode-form-helper id=${`${id}-help`}>${field.description}</vscode-form-helper>` : nothing}
    ${error ? html`<span id=${`${id}-error`} class="error" role="alert">${error}</span>` : nothing}
  </div>`;
}

function runStatus(current: RunFormRun | undefined): TemplateResult | typeof nothing {
  if (!current) return nothing;
  const pending = current.status === 'pending_approval';
  return html`<section class="card" aria-label="Run status" data-run-status=${current.status}>
    <h2>
      ${pill(statusLabel(current.status), statusTone(current.status))}
      ${current.runId ? html`<span class="muted mono">${current.runId}</span>` : nothing}
    </h2>
    <p role="status" aria-live="polite" data-run-message>${current.message}</p>
    ${current.masking && current.masking.count > 0 ? html`<p>Masked: ${formatByDetector(current.masking.byDetector)}</p>` : nothing}
    <div class="actions">
      ${pending ? html`<vscode-button secondary @click=${() => void host.request('approvals/view/open', {})}>Open Approvals</vscode-button>` : nothing}
      ${current.runId ? html`<vscode-button secondary @click=${() => void host.request('session/timeline/open', { sessionId: current.runId ?? '' })}>Open Timeline</vscode-button>` : nothing}
    </div>
  </section>`;
}

/** Who answers for the generator, why and on what legal basis; a suspended one says why and who can fix it. */
function registration(generator: GeneratorSummary): TemplateResult | typeof nothing {
  const governance = generator.governance;
  const facts = registrationFacts(governance);
  const suspension = suspensionText(governance);
  if (facts.length === 0 && !suspension) return nothing;
  return html`<section class="card" aria-label="Registration" data-governance=${governance.state}>
    <h2>
      ${pill(governanceStateLabel(governance), governance.state === 'suspended' ? 'error' : governance.state === 'compliant' ? 'ok' : 'neutral')}
    </h2>
    ${suspension ? html`<p class="error" role="alert" data-suspension>${suspension}</p>` : nothing}
    <dl class="facts">
      ${facts.map(
        ([label, value]) =>
          html`<dt>${label}</dt>
            <dd data-fact=${label}>${value}</dd>`,
      )}
    </dl>
  </section>`;
}

function view(): TemplateResult {
  if (!state) return html`<p class="loading">Loading…</p>`;
  const generator = state.generator;
  const refused = governanceRefuses(generator.governance);
  if (state.viewer.status === 'signedOut')
    return signedOutNotice('the generators you may run', () => void host.request('auth/session/signIn', {}));
  return html`<header class="header"><h1>Run ${generator.name}</h1></header>
    <p>${generator.description}</p>
    <p class="badges">
      ${generator.personalData ? pill('Personal data: the result is masked', 'warning') : pill('No personal data', 'ok')}
      ${generator.requiresApproval ? pill(`Needs approval by ${generator.approvers.join(', ') || 'an approver'}`, 'warning') : nothing}
      ${pill(`Output: ${generator.output}`, 'neutral')}
      <span class="muted">Allowed by rule <code>${generator.ruleId}</code></span>
    </p>
    ${registration(generator)}
    <form
      aria-label=${`Input of ${generator.name}`}
      novalidate
      @submit=${(event: Event) => {
        event.preventDefault();
        void submit();
      }}
      @keydown=${(event: KeyboardEvent) => {
        const target = event.target as HTMLElement | null;
        if (event.key === 'Enter' && target?.tagName.toLowerCase() === 'vscode-textfield') {
          event.preventDefault();
          void submit();
        }
      }}
    >
      ${form.fields.map(fieldInput)}
      ${
        form.openEnded && (form.fields.length === 0 || extraJson !== '')
          ? html`<div class="field">
              <vscode-label for=${EXTRA_ID}>${form.fields.length === 0 ? 'Input (JSON object)' : 'More input (JSON object)'}</vscode-label>
              <vscode-textarea
                id=${EXTRA_ID}
                data-field="(extra)"
                rows="6"
                class="mono"
                .value=${extraJson}
                @input=${(event: Event) => {
                  extraJson = inputValue(event);
                }}
              ></vscode-textarea>
              ${errors['$extra'] ? html`<span class="error" role="alert">${errors['$extra']}</span>` : nothing}
            </div>`
          : nothing
      }
      <div class="actions">
        <vscode-button data-action="run" ?disabled=${submitting || refused} @click=${() => void submit()}
          >${generator.requiresApproval ? 'Request Run' : 'Run'}</vscode-button
        >
        <vscode-button
          secondary
          data-action="reset"
          ?disabled=${submitting}
          @click=${() => {
            if (state) reset(state);
            update();
          }}
          >Reset</vscode-button
        >
        ${submitting ? html`<vscode-progress-ring aria-label="Starting the run"></vscode-progress-ring>` : nothing}
      </div>
      ${submitError ? html`<p class="error" role="alert" data-submit-error>${submitError}</p>` : nothing}
    </form>
    ${runStatus(run)}`;
}

function update(): void {
  render(view(), root);
}

host.onNotification('runForm/state/didChange', (next) => {
  const generatorChanged =
    state?.generator.name !== next.generator.name || JSON.stringify(state?.generator.input) !== JSON.stringify(next.generator.input);
  state = next;
  if (generatorChanged) reset(next);
  if (next.run) run = next.run;
  update();
});

host.onNotification('runForm/run/didChange', (next) => {
  run = next;
  update();
});

update();
host.ready();
