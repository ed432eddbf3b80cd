/** The Approvals panel: one per window, fed by the approvals model (live from the event stream). */
import * as vscode from 'vscode';
import { WEBVIEWS, type ApprovalsProtocol, type ApprovalsState } from '../../../webview-ui/src/protocol.js';
import { ExtensionError } from '../common/errors.js';
import { commonHandlers, type PanelContext } from './panelContext.js';
import { webviewOptions, WebviewPanelHost, type RequestHandlers } from './webviewPanelHost.js';

export class ApprovalsPanel extends WebviewPanelHost<ApprovalsProtocol> {
  static readonly viewType = WEBVIEWS.approvals.viewType;
  private static current: ApprovalsPanel | undefined;

  static show(context: PanelContext): ApprovalsPanel {
    if (ApprovalsPanel.current) {
      ApprovalsPanel.current.reveal();
      void context.approvals.refresh();
      return ApprovalsPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      ApprovalsPanel.viewType,
      'Approvals',
      vscode.ViewColumn.Active,
      webviewOptions(context.extensionUri),
    );
    return (ApprovalsPanel.current = new ApprovalsPanel(panel, context));
  }

  /** After a window reload (registered as the panel serializer). */
  static revive(panel: vscode.WebviewPanel, context: PanelContext): ApprovalsPanel {
    ApprovalsPanel.current?.dispose();
    return (ApprovalsPanel.current = new ApprovalsPanel(panel, context));
  }

  protected readonly handlers: RequestHandlers<ApprovalsProtocol>;

  private constructor(
    panel: vscode.WebviewPanel,
    private readonly context: PanelContext,
  ) {
    super(panel, context.extensionUri, 'approvals', context.log);
    this.handlers = {
      ...commonHandlers(context),
      'approvals/decision/submit': async ({ approvalId, decision, reason }) => {
        if (reason.trim() === '') throw new ExtensionError('invalid_input', 'A reason is required: it is recorded with your decision.');
        const item = await context.approvals.decide(approvalId, decision, reason.trim());
        context.log.info(`approval ${approvalId}: ${decision} (${item.status})`);
        return item;
      },
      'approvals/approval/revoke': async ({ approvalId, reason }) => {
        if (reason.trim() === '') throw new ExtensionError('invalid_input', 'A reason is required to withdraw an approval.');
        return context.approvals.revoke(approvalId, reason.trim());
      },
      'approvals/list/refresh': async () => {
        await context.approvals.refresh();
      },
    };
    this.register(context.approvals.onDidChange(() => this.push()));
    this.register(context.auth.onDidChangeViewer(() => this.push()));
    this.register(context.live.onStatus(() => this.push()));
    this.register(
      this.onDidDispose(() => {
        if (ApprovalsPanel.current === this) ApprovalsPanel.current = undefined;
      }),
    );
  }

  protected onReady(): void {
    this.push();
    void this.context.approvals.refresh();
  }

  private push(): void {
    const snapshot = this.context.approvals.snapshot;
    const state: ApprovalsState = {
      viewer: this.context.auth.viewer,
      items: snapshot.items,
      now: new Date().toISOString(),
      loading: snapshot.loading,
      error: snapshot.error,
      live: this.context.live.status,
      available: snapshot.available,
    };
    this.notify('approvals/state/didChange', state);
  }
}
