/**
 * A session's timeline, one panel per session (opening it again reveals it). Revived after a
 * window reload from the session id the webview keeps in its state.
 */
import * as vscode from 'vscode';
import type { RunView, SessionDetailView } from '../../../gateway/api/wire.js';
import {
  WEBVIEWS,
  type ApprovalItem,
  type ProtocolError,
  type SessionProtocol,
  type SessionState,
} from '../../../webview-ui/src/protocol.js';
import { describeForLog, ExtensionError } from '../common/errors.js';
import { openRunResult } from '../services/resultEditor.js';
import { commonHandlers, type PanelContext } from './panelContext.js';
import { toProtocolError, webviewOptions, WebviewPanelHost, type RequestHandlers } from './webviewPanelHost.js';

function shortId(id: string): string {
  return id.length > 8 ? id.slice(0, 8) : id;
}

export class SessionPanel extends WebviewPanelHost<SessionProtocol> {
  static readonly viewType = WEBVIEWS.session.viewType;
  private static readonly open = new Map<string, SessionPanel>();

  static show(context: PanelContext, sessionId: string): SessionPanel {
    const existing = SessionPanel.open.get(sessionId);
    if (existing) {
      existing.reveal();
      void existing.load();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      SessionPanel.viewType,
      `Session ${shortId(sessionId)}`,
      vscode.ViewColumn.Active,
      webviewOptions(context.extensionUri),
    );
    return new SessionPanel(panel, context, sessionId);
  }

  static revive(panel: vscode.WebviewPanel, context: PanelContext, state: unknown): SessionPanel | undefined {
    const sessionId = typeof state === 'object' && state !== null ? (state as { sessionId?: unknown }).sessionId : undefined;
    if (typeof sessionId !== 'string') {
      panel.dispose();
      return undefined;
    }
    SessionPanel.open.get(sessionId)?.dispose();
    return new SessionPanel(panel, context, sessionId);
  }

  protected readonly handlers: RequestHandlers<SessionProtocol>;
  private session: SessionDetailView | undefined;
  private approval: ApprovalItem | undefined;
  private loading = false;
  private error: ProtocolError | undefined;

  private constructor(
    panel: vscode.WebviewPanel,
    private readonly context: PanelContext,
    readonly sessionId: string,
  ) {
    super(panel, context.extensionUri, 'session', context.log);
    SessionPanel.open.set(sessionId, this);
    this.handlers = {
      ...commonHandlers(context),
      'session/detail/refresh': async () => {
        await this.load();
      },
      'evidence/session/export': async ({ sessionId: id }) => ({ saved: await context.actions.exportSessionEvidence(id) }),
      'session/result/open': async () => {
        const run: RunView = await context.gateway.client.run(this.sessionId);
        if (!(await openRunResult(run))) throw new ExtensionError('invalid_input', 'This session has no result to open.');
      },
    };
    this.register(context.auth.onDidChangeViewer(() => void this.load()));
    this.register(
      context.live.onEvent((event) => {
        if (event.data.runId === this.sessionId) void this.load();
      }),
    );
    this.register(
      this.onDidDispose(() => {
        if (SessionPanel.open.get(sessionId) === this) SessionPanel.open.delete(sessionId);
      }),
    );
  }

  protected async onReady(): Promise<void> {
    this.push();
    await this.load();
  }

  async load(): Promise<void> {
    if (this.context.auth.viewer.status !== 'signedIn') {
      this.push();
      return;
    }
    this.loading = true;
    this.push();
    try {
      this.session = await this.context.gateway.client.session(this.sessionId);
      this.error = undefined;
      this.panel.title = `${this.session.generator ?? 'Session'} · ${shortId(this.sessionId)}`;
      if (this.session.approvalId) {
        try {
          this.approval = await this.context.approvals.fetch(this.session.approvalId);
        } catch (error) {
          // Auditors may read a session whose approval they may not (or the API is older).
          this.context.log.debug(`session ${this.sessionId}: approval ${this.session.approvalId}: ${describeForLog(error)}`);
        }
      }
    } catch (error) {
      this.context.log.warn(`session ${this.sessionId}: ${describeForLog(error)}`);
      this.error = toProtocolError(error);
    } finally {
      this.loading = false;
      this.push();
    }
  }

  private push(): void {
    const state: SessionState = {
      viewer: this.context.auth.viewer,
      sessionId: this.sessionId,
      session: this.session,
      approval: this.approval,
      loading: this.loading,
      error: this.error,
      now: new Date().toISOString(),
    };
    this.notify('session/state/didChange', state);
  }
}
