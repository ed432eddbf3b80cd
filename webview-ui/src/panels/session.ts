/**
 * A session's timeline: who asked (verified identity), the policy decision and its rule, the
 * approval, forwarding and the upstream's answer, masking, completion; then the masked request
 * and response and every masking event (type, location, HMAC prefix: never the original value).
 * Export Evidence saves the gateway's signed evidence for this session.
 */
import { html, nothing, render, type TemplateResult } from 'lit';
import '../styles/common.css';
import '../lib/elements.js';
import { HostConnection, RequestError } from '../lib/hostConnection.js';
import { appRoot, errorNotice, pill, signedOutNotice, statusTone } from '../lib/common.js';
import { decisionLabel, formatByDetector, formatDateTime, formatDuration, formatJson, statusLabel } from '../lib/format.js';
import type { ApprovalItem, SessionDetailView, SessionProtocol, SessionState } from '../protocol.js';

interface SavedState {
  /** Lets the host revive the panel for the same session after a reload. */
  readonly sessionId: string;
}

const host = new HostConnection<SessionProtocol>();
let state: SessionState | undefined;
let notice: { tone: 'ok' | 'error'; message: string } | undefined;
let exporting = false;
const root = appRoot();

interface Step {
  readonly title: string;
  readonly at: string | undefined;
  readonly tone: 'ok' | 'error' | 'warning' | 'neutral';
  readonly body: TemplateResult;
  readonly id: string;
}

/** The result body of a run (`RunResultView`), when the response is one. */
function resultText(body: unknown): { text: string; messages: ReadonlyArray<{ source: string; content: string }> } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const candidate = body as { text?: unknown; messages?: unknown };
  if (typeof candidate.text !== 'string') return undefined;
  const messages = Array.isArray(candidate.messages)
    ? candidate.messages.filter(
        (message): message is { source: string; content: string } =>
          typeof message === 'object' && message !== null && typeof (message as { content?: unknown }).content === 'string',
      )
    : [];
  return { text: candidate.text, messages };
}

function approvalStep(session: SessionDetailView, approval: ApprovalItem | undefined): Step | undefined {
  if (!session.approvalId && session.decision !== 'approval') return undefined;
  if (!approval) {
    return {
      id: 'approval',
      title: 'Approval',
      at: undefined,
      tone: statusTone(session.status === 'pending_approval' ? 'pending' : 'neutral'),
      body: html`<p>
        Approval <code>${session.approvalId ?? '—'}</code>${session.status === 'pending_approval' ? ' is waiting for a decision.' : '.'}
      </p>`,
    };
  }
  const last = approval.decisions[approval.decisions.length - 1];
  return {
    id: 'approval',
    title: `Approval: ${statusLabel(approval.status)}`,
    at: last?.at,
    tone: statusTone(approval.status),
    body: html`<dl class="facts">
        <dt>Approvers</dt>
        <dd>${approval.approverGroups.join(', ')}${approval.quorum ? html` <span class="muted">(${approval.quorum})</span>` : nothing}</dd>
        <dt>Requested</dt>
        <dd>${formatDateTime(approval.createdAt)}</dd>
        ${
          approval.expiresAt
            ? html`<dt>Expires</dt>
                <dd>${formatDateTime(approval.expiresAt)}</dd>`
            : nothing
        }
      </dl>
      ${
        approval.decisions.length
          ? html`<ul data-field="approval-decisions">
              ${approval.decisions.map(
                (decision) =>
                  html`<li>
                    ${decision.decision === 'approve' ? 'Approved' : 'Denied'} by
                    <strong>${decision.approver.name ?? decision.approver.subject}</strong>
                    <span class="muted">(${decision.approver.subject})</span> at ${formatDateTime(decision.at)}: “${decision.reason}”
                  </li>`,
              )}
            </ul>`
          : html`<p class="muted">No decision yet.</p>`
      }`,
  };
}

function steps(session: SessionDetailView, approval: ApprovalItem | undefined): Step[] {
  const principal = session.principal;
  const list: Array<Step | undefined> = [
    {
      id: 'requested',
      title: 'Requested',
      at: session.createdAt,
      tone: 'neutral',
      body: html`<dl class="facts">
          <dt>Who</dt>
          <dd data-field="identity">${principal.name ?? principal.subject} <span class="muted">(${principal.kind})</span></dd>
          <dt>Subject</dt>
          <dd><code>${principal.subject}</code> from issuer <code>${principal.issuerId}</code></dd>
          ${
            principal.email
              ? html`<dt>E-mail</dt>
                  <dd>${principal.email}</dd>`
              : nothing
          }
          <dt>Groups</dt>
          <dd>${principal.groups.join(', ') || '—'}</dd>
          <dt>Request</dt>
          <dd><code>${session.method} ${session.path}</code> <span class="muted">request id ${session.requestId}</span></dd>
        </dl>
        <vscode-collapsible title="Verified token claims"><pre>${formatJson(session.claims)}</pre></vscode-collapsible>`,
    },
    {
      id: 'decision',
      title: `Policy decision: ${decisionLabel(session.decision)}`,
      at: session.createdAt,
      tone: statusTone(session.decision),
      body: html`<dl class="facts">
        <dt>Rule</dt>
        <dd data-field="rule"><code>${session.ruleId}</code></dd>
        <dt>Policy version</dt>
        <dd><code class="mono">${session.policyVersion}</code></dd>
      </dl>`,
    },
    approvalStep(session, approval),
    session.forwardedAt
      ? {
          id: 'forwarded',
          title: `Forwarded to ${session.upstream}`,
          at: session.forwardedAt,
          tone: 'neutral',
          body: html`<p>The gateway sent the request to the upstream <code>${session.upstream}</code>.</p>`,
        }
      : undefined,
    session.upstreamStatus !== undefined || session.upstreamMs !== undefined
      ? {
          id: 'upstream',
          title: 'Upstream answered',
          at: undefined,
          tone: session.upstreamStatus !== undefined && session.upstreamStatus >= 400 ? 'error' : 'neutral',
          body: html`<p>HTTP ${session.upstreamStatus ?? '—'} after ${formatDuration(session.upstreamMs)}.</p>`,
        }
      : undefined,
    session.response || session.masking.count > 0
      ? {
          id: 'masked',
          title: `Masked ${session.masking.count} value${session.masking.count === 1 ? '' : 's'}`,
          at: undefined,
          tone: 'ok',
          body: html`<p data-field="masking-summary">
            ${session.masking.count === 0 ? 'No personal data found.' : formatByDetector(session.masking.byDetector)}${session.masking.profile ? html` <span class="muted">(profile ${session.masking.profile})</span>` : nothing}
          </p>`,
        }
      : undefined,
    {
      id: 'completed',
      title: session.completedAt ? `Completed: ${statusLabel(session.status)}` : statusLabel(session.status),
      at: session.completedAt ?? session.updatedAt,
      tone: statusTone(session.status),
      body: html`<p>
          ${session.httpStatus !== undefined ? html`HTTP ${session.httpStatus}. ` : nothing}${totalMs(session) !== undefined ? html`Total ${formatDuration(totalMs(session))}.` : nothing}
        </p>
        ${session.error ? html`<p class="error" data-field="error"><code>${session.error.code}</code>: ${session.error.message}</p>` : nothing}`,
    },
  ];
  return list.filter((step): step is Step => step !== undefined);
}

/** The gateway's total, else the time from the request to its completion (a held run's wait included). */
function totalMs(session: SessionDetailView): number | undefined {
  if (session.totalMs !== undefined) return session.totalMs;
  return session.completedAt ? Math.max(0, Date.parse(session.completedAt) - Date.parse(session.createdAt)) : undefined;
}

function hmacPrefix(hmac: string): string {
  return hmac.length > 12 ? `${hmac.slice(0, 12)}…` : hmac;
}

async function exportEvidence(sessionId: string): Promise<void> {
  exporting = true;
  notice = undefined;
  update();
  try {
    const { saved } = await host.request('evidence/session/export', { sessionId });
    notice = saved ? { tone: 'ok', message: 'Evidence saved.' } : undefined;
  } catch (error) {
    notice = { tone: 'error', message: error instanceof RequestError ? error.message : 'The evidence could not be exported.' };
  } finally {
    exporting = false;
    update();
  }
}

function sessionView(current: SessionState, session: SessionDetailView): TemplateResult {
  const result = resultText(session.response?.body);
  return html`<header class="header">
      <h1>${session.generator ?? `${session.method} ${session.path}`} ${pill(statusLabel(session.status), statusTone(session.status))}</h1>
      <vscode-button data-action="export" ?disabled=${exporting} @click=${() => void exportEvidence(session.id)}
        >Export Evidence…</vscode-button
      >
      ${result ? html`<vscode-button data-action="open-result" secondary @click=${() => void host.request('session/result/open', {})}>Open Result</vscode-button>` : nothing}
      <vscode-button secondary ?disabled=${current.loading} @click=${() => void host.request('session/detail/refresh', {})}
        >Refresh</vscode-button
      >
    </header>
    <p class="muted">Session <code data-field="session-id">${session.id}</code> · ${session.kind} · upstream ${session.upstream}</p>
    ${notice ? html`<p role=${notice.tone === 'error' ? 'alert' : 'status'} class=${notice.tone}>${notice.message}</p>` : nothing}
    ${errorNotice(current.error)}
    <h2 id="timeline-heading">Timeline</h2>
    <ol class="timeline" aria-labelledby="timeline-heading">
      ${steps(session, current.approval).map(
        (step) =>
          html`<li data-step=${step.id} data-tone=${step.tone}>
            <div class="step-head"><strong>${step.title}</strong> <span class="muted">${step.at ? formatDateTime(step.at) : ''}</span></div>
            ${step.body}
          </li>`,
      )}
    </ol>
    <h2>Request <span class="muted">(masked)</span></h2>
    ${
      session.request
        ? html`<pre data-field="request" aria-label="Masked request">${formatJson(session.request.body)}</pre>
            <p class="muted">
              ${session.request.bytes} bytes received${session.request.contentType ? `, ${session.request.contentType}` : ''}
            </p>`
        : html`<p class="muted">Not recorded.</p>`
    }
    <h2>Response <span class="muted">(masked)</span></h2>
    ${
      session.response
        ? html`<pre data-field="response" aria-label="Masked response">${result ? result.text : formatJson(session.response.body)}</pre>
            ${
              result && result.messages.length
                ? html`<vscode-collapsible title=${`Agent messages (${result.messages.length})`}>
                    ${result.messages.map(
                      (message) =>
                        html`<h3>${message.source}</h3>
                          <pre>${message.content}</pre>`,
                    )}
                  </vscode-collapsible>`
                : nothing
            }`
        : html`<p class="muted">
            ${session.status === 'pending_approval' ? 'Not yet: the run waits for approval.' : 'No response was recorded.'}
          </p>`
    }
    <h2 id="events-heading">Masking events</h2>
    ${
      session.maskingEvents.length === 0
        ? html`<p class="muted">No values were masked.</p>`
        : html`<table class="grid" aria-labelledby="events-heading" data-field="masking-events">
            <caption>
              Each masked value: detector, how many times and where it occurred, and the keyed hash (HMAC-SHA256) that lets the privacy
              office find it again without the original.
            </caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Type</th>
                <th scope="col">Times</th>
                <th scope="col">Location</th>
                <th scope="col">HMAC</th>
                <th scope="col">Key</th>
                <th scope="col">Replaced by</th>
              </tr>
            </thead>
            <tbody>
              ${session.maskingEvents.map(
                (event) =>
                  html`<tr>
                    <td>${event.seq}</td>
                    <td>${event.detector}</td>
                    <td data-field="count">${event.count}</td>
                    <td>
                      <code>${event.location}</code>${
                        event.count > 1
                          ? html` <span
                              class="muted"
                              data-field="more-locations"
                              title=${event.occurrences.map((o) => o.location).join('\n')}
                              >and ${event.count - 1}
                              more${
                                event.occurrences.length < event.count ? ` (the first ${event.occurrences.length} places kept)` : ''
                              }</span
                            >`
                          : nothing
                      }
                    </td>
                    <td><code title=${`HMAC-SHA256 ${event.hmac}`}>${hmacPrefix(event.hmac)}</code></td>
                    <td><code>${event.keyId}</code></td>
                    <td><code>${event.replacement}</code></td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    <h2>Timings</h2>
    <dl class="facts" data-field="timings">
      <dt>Received</dt>
      <dd>${formatDateTime(session.createdAt)}</dd>
      <dt>Forwarded</dt>
      <dd>${formatDateTime(session.forwardedAt)}</dd>
      <dt>Completed</dt>
      <dd>${formatDateTime(session.completedAt)}</dd>
      <dt>Upstream time</dt>
      <dd>${formatDuration(session.upstreamMs)}</dd>
      <dt>Total time</dt>
      <dd>
        ${formatDuration(totalMs(session))}${session.totalMs === undefined && session.completedAt ? html` <span class="muted">(request to completion, approval wait included)</span>` : nothing}
      </dd>
    </dl>`;
}

function view(): TemplateResult {
  if (!state) return html`<p class="loading">Loading…</p>`;
  if (state.viewer.status === 'signedOut') return signedOutNotice('this session', () => void host.request('auth/session/signIn', {}));
  if (!state.session) {
    return html`<h1>Session <code>${state.sessionId}</code></h1>
      ${state.loading ? html`<p class="loading">Loading…</p>` : nothing}
      ${errorNotice(state.error, () => void host.request('app/log/show', {}))}`;
  }
  return sessionView(state, state.session);
}

function update(): void {
  render(view(), root);
}

host.onNotification('session/state/didChange', (next) => {
  state = next;
  host.setState<SavedState>({ sessionId: next.sessionId });
  update();
});

update();
host.ready();
