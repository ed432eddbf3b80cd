/** Pieces every webview renders the same way: the signed-out notice, the live badge, errors. */
import { html, nothing, type TemplateResult } from 'lit';
import type { LiveStatus, ProtocolError, ViewerState } from '../protocol.js';

export function signedOutNotice(what: string, onSignIn: () => void): TemplateResult {
  return html`<div class="notice" role="status">
    <p>Sign in to AutoGen Gate to see ${what}.</p>
    <div class="actions"><vscode-button @click=${onSignIn}>Sign In</vscode-button></div>
  </div>`;
}

export function liveBadge(live: LiveStatus): TemplateResult {
  const text = live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Refreshing every 30 s';
  const title =
    live === 'live'
      ? 'Updates arrive from the gateway as they happen'
      : 'The gateway event stream is not connected; the view refreshes periodically';
  return html`<span class="live" data-live=${live} title=${title}>${text}</span>`;
}

export function errorNotice(error: ProtocolError | undefined, onShowLog?: () => void): TemplateResult | typeof nothing {
  if (!error) return nothing;
  return html`<div class="notice error" role="alert" data-error-code=${error.code}>
    <p>${error.message}</p>
    ${onShowLog ? html`<div class="actions"><vscode-button secondary @click=${onShowLog}>Show Log</vscode-button></div>` : nothing}
  </div>`;
}

export function viewerLine(viewer: ViewerState): TemplateResult | typeof nothing {
  if (viewer.status !== 'signedIn') return nothing;
  return html`<span class="muted"
    >Signed in as <strong>${viewer.label}</strong>${viewer.groups.length ? html` · ${viewer.groups.join(', ')}` : nothing}</span
  >`;
}

/** Renders into `#app` and marks it no longer busy. */
export function appRoot(): HTMLElement {
  const root = document.getElementById('app');
  if (!root) throw new Error('the webview document has no #app');
  root.replaceChildren();
  root.removeAttribute('aria-busy');
  return root;
}

export type Tone = 'ok' | 'error' | 'warning' | 'neutral';

export function statusTone(status: string): Tone {
  if (status === 'succeeded' || status === 'approved' || status === 'executed' || status === 'allow') return 'ok';
  if (['failed', 'denied', 'approval_denied', 'deny', 'expired', 'revoked', 'cancelled', 'interrupted'].includes(status)) return 'error';
  if (status === 'pending_approval' || status === 'pending' || status === 'approval' || status === 'running' || status === 'submitting')
    return 'warning';
  return 'neutral';
}

export function pill(text: string, tone: Tone): TemplateResult {
  return html`<span class="pill" data-tone=${tone}>${text}</span>`;
}

/** An element id from any string (ids go into `#id` selectors, e.g. by `vscode-label`). */
export function domId(prefix: string, raw: string): string {
  return `${prefix}-${raw.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
