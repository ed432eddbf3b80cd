/** The Session History panel: one per window; pages come from the gateway on the webview's request. */
import * as vscode from 'vscode';
import { WEBVIEWS, type HistoryInit, type SessionHistoryProtocol } from '../../../webview-ui/src/protocol.js';
import { describeForLog } from '../common/errors.js';
import { commonHandlers, type PanelContext } from './panelContext.js';
import { sessionQuery } from './historyQuery.js';
import { webviewOptions, WebviewPanelHost, type RequestHandlers } from './webviewPanelHost.js';

const HISTORY_PAGE_SIZE = 25;

export class SessionHistoryPanel extends WebviewPanelHost<SessionHistoryProtocol> {
  static readonly viewType = WEBVIEWS.sessionHistory.viewType;
  private static current: SessionHistoryPanel | undefined;

  static show(context: PanelContext): SessionHistoryPanel {
    if (SessionHistoryPanel.current) {
      SessionHistoryPanel.current.reveal();
      return SessionHistoryPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      SessionHistoryPanel.viewType,
      'Session History',
      vscode.ViewColumn.Active,
      webviewOptions(context.extensionUri),
    );
    return (SessionHistoryPanel.current = new SessionHistoryPanel(panel, context));
  }

  static revive(panel: vscode.WebviewPanel, context: PanelContext): SessionHistoryPanel {
    SessionHistoryPanel.current?.dispose();
    return (SessionHistoryPanel.current = new SessionHistoryPanel(panel, context));
  }

  protected readonly handlers: RequestHandlers<SessionHistoryProtocol>;
  private generators: readonly string[] = [];
  private pendingChange: ReturnType<typeof setTimeout> | undefined;

  private constructor(
    panel: vscode.WebviewPanel,
    private readonly context: PanelContext,
  ) {
    super(panel, context.extensionUri, 'sessionHistory', context.log);
    this.handlers = {
      ...commonHandlers(context),
      'sessions/page/load': async ({ filters, cursor }) =>
        context.gateway.client.sessions(sessionQuery(filters, cursor, HISTORY_PAGE_SIZE)),
      'evidence/session/export': async ({ sessionId }) => ({ saved: await context.actions.exportSessionEvidence(sessionId) }),
    };
    this.register(context.auth.onDidChangeViewer(() => void this.pushContext()));
    this.register(context.live.onStatus(() => void this.pushContext()));
    this.register(
      context.live.onEvent((event) => {
        // Coalesce bursts (a decision, then the run's start and end) into one reload.
        const runId = event.data.runId;
        if (this.pendingChange) clearTimeout(this.pendingChange);
        this.pendingChange = setTimeout(() => this.notify('sessions/list/didChange', { sessionIds: [runId] }), 300);
      }),
    );
    this.register(context.live.onResync(() => this.notify('sessions/list/didChange', { sessionIds: [] })));
    this.register({ dispose: () => this.pendingChange && clearTimeout(this.pendingChange) });
    this.register(
      this.onDidDispose(() => {
        if (SessionHistoryPanel.current === this) SessionHistoryPanel.current = undefined;
      }),
    );
  }

  protected async onReady(): Promise<void> {
    await this.pushContext();
  }

  private async pushContext(): Promise<void> {
    const viewer = this.context.auth.viewer;
    if (viewer.status === 'signedIn') {
      try {
        this.generators = (await this.context.gateway.client.generators()).map((generator) => generator.name);
      } catch (error) {
        this.context.log.warn(`history: listing generators: ${describeForLog(error)}`);
      }
    }
    const init: HistoryInit = { viewer, generators: this.generators, pageSize: HISTORY_PAGE_SIZE, live: this.context.live.status };
    this.notify('history/context/didChange', init);
  }
}
