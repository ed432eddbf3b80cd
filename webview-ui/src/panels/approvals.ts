/**
 * The approvals webview: requests waiting for a decision, with requester, generator, rule,
 * masked input, age and a live expiry countdown; approve or deny with a required reason; the
 * buttons of one's own requests are disabled and say why. State arrives from the host
 * (`approvals/state/didChange`), which follows the gateway's event stream.
 */
import { html, nothing, render, type TemplateResult } from 'lit';
import '../styles/common.css';
import { HostConnection, RequestError } from '../lib/hostConnection.js';
import { appRoot, domId, errorNotice, liveBadge, pill, signedOutNotice, statusTone, viewerLine } from '../lib/common.js';
import { inputValue } from '../lib/elements.js';
import { formatAge, formatCountdown, formatDateTime, formatJson, statusLabel } from '../lib/format.js';
import type { ApprovalItem, ApprovalsProtocol, ApprovalsState } from '../protocol.js';

interface Outcome {
  readonly tone: 'ok' | 'error';
  readonly message: string;
}

/** What survives a reload of the webview (VS Code keeps it with the panel). */
interface SavedState {
  readonly drafts: Record<string, string>;
}

const host = new HostConnection<ApprovalsProtocol>();
const saved = host.getState<SavedState>();
const drafts = new Map<string, string>(Object.entries(saved?.drafts ?? {}));
const outcomes = new Map<string, Outcome>();
let state: ApprovalsState | undefined;
/** Host clock minus ours, so countdowns agree with the host's. */
let clockOffset = 0;
let submitting: string | undefined;
let ticker: ReturnType<typeof setInterval> | undefined;
const root = appRoot();

function now(): number {
  return Date.now() + clockOffset;
}

function saveDrafts(): void {
  host.setState<SavedState>({ drafts: Object.fromEntries(drafts) });
}

function signIn(): void {
  void host.request('auth/session/signIn', {});
}

async function decide(item: ApprovalItem, decision: 'approve' | 'deny'): Promise<void> {
  const reason = (drafts.get(item.id) ?? '').trim();
  if (reason === '') {
    outcomes.set(item.id, { tone: 'error', message: 'Write a reason first: it is recorded with your decision as evidence.' });
    update();
    document.getElementById(domId('reason', item.id))?.focus();
    return;
  }
  submitting = item.id;
  outcomes.delete(item.id);
  update();
  try {
    const updated = await host.request('approvals/decision/submit', { approvalId: item.id, decision, reason });
    drafts.delete(item.id);
    saveDrafts();
    const verb = decision === 'approve' ? 'Approved' : 'Denied';
    const next =
      decision === 'approve'
        ? updated.status === 'pending'
          ? ' More approvals are needed before it runs.'
          : ` ${updated.requester.name ?? updated.requester.subject}'s run starts now.`
        : '';
    outcomes.set(item.id, { tone: 'ok', message: `${verb}.${next}` });
  } catch (error) {
    const message = error instanceof RequestError ? error.message : 'The decision could not be sent.';
    outcomes.set(item.id, { tone: 'error', message });
  } finally {
    submitting = undefined;
    update();
  }
}

function countdown(item: ApprovalItem): TemplateResult | typeof nothing {
  if (!item.expiresAt || item.status !== 'pending') return nothing;
  const left = Date.parse(item.expiresAt) - now();
  const urgent = left < 10 * 60_000;
  return html`<span class=${urgent ? 'warning' : ''} data-countdown title=${`Expires ${formatDateTime(item.expiresAt)}`}
    >${left <= 0 ? 'expired' : `in ${formatCountdown(left)}`}</span
  >`;
}

function decisionForm(item: ApprovalItem): TemplateResult {
  const reasonId = domId('reason', item.id);
  const whyId = domId('why', item.id);
  const outcome = outcomes.get(item.id);
  const busy = submitting === item.id;
  const reason = drafts.get(item.id) ?? '';
  if (!item.canDecide) {
    const why = item.cannotDecideReason ?? 'You cannot decide this request.';
    return html`<div
        class="actions"
        role="group"
        aria-label=${`Decision on ${item.generator} for ${item.requester.name ?? item.requester.subject}`}
      >
        <vscode-button disabled aria-describedby=${whyId} title=${why}>Approve</vscode-button>
        <vscode-button secondary disabled aria-describedby=${whyId} title=${why}>Deny</vscode-button>
      </div>
      <p id=${whyId} class="muted" data-why>${why}</p>`;
  }
  const empty = reason.trim() === '';
  return html`<div class="field">
      <vscode-label for=${reasonId} required>Reason</vscode-label>
      <vscode-textarea
        id=${reasonId}
        rows="2"
        placeholder="Why you approve or deny this run"
        .value=${reason}
        ?disabled=${busy}
        @input=${(event: Event) => {
          drafts.set(item.id, inputValue(event));
          saveDrafts();
          update();
        }}
      ></vscode-textarea>
      <vscode-form-helper>Required. Recorded with your decision in the audit trail.</vscode-form-helper>
    </div>
    <div class="actions" role="group" aria-label=${`Decision on ${item.generator} for ${item.requester.name ?? item.requester.subject}`}>
      <vscode-button
        data-action="approve"
        ?disabled=${busy || empty}
        title=${empty ? 'Write a reason first' : 'Approve this run'}
        @click=${() => void decide(item, 'approve')}
        >Approve</vscode-button
      >
      <vscode-button
        data-action="deny"
        secondary
        ?disabled=${busy || empty}
        title=${empty ? 'Write a reason first' : 'Deny this run'}
        @click=${() => void decide(item, 'deny')}
        >Deny</vscode-button
      >
      ${busy ? html`<vscode-progress-ring aria-label="Sending the decision"></vscode-progress-ring>` : nothing}
    </div>
    ${outcome ? html`<p role=${outcome.tone === 'error' ? 'alert' : 'status'} class=${outcome.tone} data-outcome>${outcome.message}</p>` : nothing}`;
}

async function revoke(item: ApprovalItem): Promise<void> {
  const reason = (drafts.get(item.id) ?? '').trim();
  if (reason === '') return;
  submitting = item.id;
  update();
  try {
    await host.request('approvals/approval/revoke', { approvalId: item.id, reason });
    drafts.delete(item.id);
    saveDrafts();
    outcomes.set(item.id, { tone: 'ok', message: 'Approval withdrawn; the run will not execute.' });
  } catch (error) {
    outcomes.set(item.id, {
      tone: 'error',
      message: error instanceof RequestError ? error.message : 'The approval could not be withdrawn.',
    });
  } finally {
    submitting = undefined;
    update();
  }
}

/** An approval that has not executed yet can be withdrawn, with a reason. */
function revokeForm(item: ApprovalItem): TemplateResult {
  const reasonId = domId('revoke-reason', item.id);
  const reason = drafts.get(item.id) ?? '';
  const busy = submitting === item.id;
  const outcome = outcomes.get(item.id);
  return html`<div class="field">
      <vscode-label for=${reasonId}>Reason to withdraw your approval</vscode-label>
      <vscode-textarea
        id=${reasonId}
        rows="2"
        .value=${reason}
        ?disabled=${busy}
        @input=${(event: Event) => {
          drafts.set(item.id, inputValue(event));
          saveDrafts();
          update();
        }}
      ></vscode-textarea>
    </div>
    <div class="actions">
      <vscode-button data-action="revoke" secondary ?disabled=${busy || reason.trim() === ''} @click=${() => void revoke(item)}
        >Withdraw Approval</vscode-button
      >
    </div>
    ${outcome ? html`<p role=${outcome.tone === 'error' ? 'alert' : 'status'} class=${outcome.tone} data-outcome>${outcome.message}</p>` : nothing}`;
}

function card(item: ApprovalItem): TemplateResult {
  const requester = item.requester;
  const outcome = outcomes.get(item.id);
  const headingId = domId('heading', item.id);
  return html`<article class="card" aria-labelledby=${headingId} data-approval-id=${item.id} data-status=${item.status}>
    <h2 id=${headingId}>
      ${item.generator} ${pill(statusLabel(item.status), statusTone(item.status))} ${item.mine ? pill('your request', 'neutral') : nothing}
    </h2>
    <dl class="facts">
      <dt>Requested by</dt>
      <dd data-field="requester">
        ${requester.name ?? requester.subject}
        <span class="muted">(${requester.subject}${requester.groups.length ? ` · ${requester.groups.join(', ')}` : ''})</span>
      </dd>
      <dt>Rule</dt>
      <dd data-field="rule">
        <code>${item.ruleId}</code>${item.ruleDescription ? html` <span class="muted">${item.ruleDescription}</span>` : nothing}
      </dd>
      <dt>Approvers</dt>
      <dd>${item.approverGroups.join(', ') || '—'}${item.quorum ? html` <span class="muted">(${item.quorum})</span>` : nothing}</dd>
      ${
        item.progress
          ? html`<dt>Progress</dt>
              <dd data-field="progress">${item.progress}</dd>`
          : nothing
      }
      ${
        item.personalData
          ? html`<dt>Data</dt>
              <dd>Personal data: the result is masked before it reaches ${requester.name ?? requester.subject}</dd>`
          : nothing
      }
      <dt>Requested</dt>
      <dd>${formatDateTime(item.createdAt)} <span class="muted" data-age>${formatAge(now() - Date.parse(item.createdAt))}</span></dd>
      ${
        item.status === 'pending'
          ? html`<dt>Expires</dt>
              <dd data-field="expires">${countdown(item)}</dd>`
          : nothing
      }
      <dt>Run</dt>
      <dd>
        <a
          href="#"
          data-open-session
          @click=${(event: Event) => {
            event.preventDefault();
            void host.request('session/timeline/open', { sessionId: item.runId }).catch((error: unknown) => {
              outcomes.set(item.id, {
                tone: 'error',
                message: error instanceof RequestError ? error.message : 'The session could not be opened.',
              });
              update();
            });
          }}
          ><code>${item.runId}</code></a
        >
      </dd>
    </dl>
    <h3>Input <span class="muted">(masked by the gateway)</span></h3>
    <pre data-field="input" aria-label="Masked input">${formatJson(item.input)}</pre>
    ${
      item.decisions.length
        ? html`<h3>Decisions</h3>
            <ul>
              ${item.decisions.map(
                (decision) =>
                  html`<li>
                    ${decision.decision === 'approve' ? 'Approved' : 'Denied'} by
                    <strong>${decision.approver.name ?? decision.approver.subject}</strong> ${formatDateTime(decision.at)}:
                    “${decision.reason}”${decision.withdrawnAt ? html` <span class="muted">(withdrawn ${formatDateTime(decision.withdrawnAt)})</span>` : nothing}
                  </li>`,
              )}
            </ul>`
        : nothing
    }
    ${item.outcome ? html`<p data-field="outcome">Ended: <strong>${item.outcome.code.replace(/_/g, ' ')}</strong> ${formatDateTime(item.outcome.at)}${item.outcome.reason ? html` — ${item.outcome.reason}` : nothing}</p>` : nothing}
    ${item.status === 'pending' ? decisionForm(item) : item.canRevoke ? revokeForm(item) : outcome ? html`<p role="status" class=${outcome.tone} data-outcome>${outcome.message}</p>` : nothing}
  </article>`;
}

function view(current: ApprovalsState | undefined): TemplateResult {
  if (!current) return html`<p class="loading">Loading…</p>`;
  const pending = current.items.filter((item) => item.status === 'pending');
  const decided = current.items.filter((item) => item.status !== 'pending');
  const toDecide = pending.filter((item) => item.canDecide).length;
  return html`<header class="header">
      <h1>Approvals</h1>
      ${liveBadge(current.live)} ${viewerLine(current.viewer)}
      <vscode-button secondary ?disabled=${current.loading} @click=${() => void host.request('approvals/list/refresh', {})}
        >Refresh</vscode-button
      >
    </header>
    ${
      current.viewer.status === 'signedOut'
        ? signedOutNotice('approval requests', signIn)
        : html`${errorNotice(current.error, () => void host.request('app/log/show', {}))}
            ${!current.available ? html`<div class="notice warning" role="status"><p>This gateway does not offer approvals (no approvals API).</p></div>` : nothing}
            <p class="muted" role="status" aria-live="polite" data-summary>
              ${
                current.loading && current.items.length === 0
                  ? 'Loading…'
                  : pending.length === 0
                    ? 'Nothing is waiting for a decision.'
                    : `${pending.length} pending request${pending.length === 1 ? '' : 's'}${toDecide ? `, ${toDecide} waiting for your decision` : ''}.`
              }
            </p>
            <section aria-label="Pending requests">${pending.map(card)}</section>
            ${
              decided.length
                ? html`<h2>Recently decided</h2>
                    <section aria-label="Recently decided requests">${decided.map(card)}</section>`
                : nothing
            }`
    }`;
}

function update(): void {
  render(view(state), root);
  const hasPending = state?.items.some((item) => item.status === 'pending') ?? false;
  if (hasPending && !ticker) ticker = setInterval(update, 1000);
  if (!hasPending && ticker) {
    clearInterval(ticker);
    ticker = undefined;
  }
}

host.onNotification('approvals/state/didChange', (next) => {
  clockOffset = Date.parse(next.now) - Date.now();
  // Forget outcomes of requests that are gone; keep the ones of decided requests still shown.
  for (const id of [...outcomes.keys()]) if (!next.items.some((item) => item.id === id)) outcomes.delete(id);
  state = next;
  update();
});

update();
host.ready();
