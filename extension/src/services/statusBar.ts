/**
 * The status bar item: who is signed in and, for approvers, how many requests wait for their
 * decision; a click opens the approvals view (or signs in).
 */
import * as vscode from 'vscode';
import type { ViewerState } from '../../../webview-ui/src/protocol.js';
import { Disposable } from '../common/lifecycle.js';
import type { Configuration } from '../config/configuration.js';
import { COMMAND, CONTEXT_KEY } from '../constants.js';
import type { ApprovalsModel } from './approvalsModel.js';
import type { AuthService } from './authService.js';

const STATUS_BAR_ID = 'autogenGate.status';

export class StatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 50));

  constructor(
    private readonly auth: AuthService,
    private readonly approvals: ApprovalsModel,
    private readonly configuration: Configuration,
  ) {
    super();
    this.item.name = 'AutoGen Gate';
    this.register(auth.onDidChangeViewer(() => this.update()));
    this.register(approvals.onDidChange(() => this.update()));
    this.register(configuration.onDidChange(() => this.update()));
    this.update();
    this.item.show();
  }

  private update(): void {
    const viewer: ViewerState = this.auth.viewer;
    if (viewer.status !== 'signedIn') {
      this.item.text = '$(account) AutoGen Gate: Sign In';
      this.item.tooltip = 'Sign in to AutoGen Gate to run generators through the gateway.';
      this.item.command = COMMAND.signIn;
      this.item.backgroundColor = undefined;
      this.item.accessibilityInformation = { label: 'AutoGen Gate: not signed in. Activate to sign in.', role: 'button' };
      void vscode.commands.executeCommand('setContext', CONTEXT_KEY.isApprover, false);
      return;
    }
    const pending = this.approvals.decidableCount;
    const label = viewer.label ?? viewer.subject ?? 'signed in';
    this.item.text = pending > 0 ? `$(shield) ${label} $(bell-dot) ${pending}` : `$(shield) ${label}`;
    this.item.command = COMMAND.showApprovals;
    this.item.backgroundColor = pending > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**AutoGen Gate**: signed in as **${escapeMarkdown(viewer.name ?? label)}** (${escapeMarkdown(label)})\n\n`);
    if (viewer.groups.length > 0) tooltip.appendMarkdown(`Groups: ${escapeMarkdown(viewer.groups.join(', '))}\n\n`);
    tooltip.appendMarkdown(`Gateway: ${escapeMarkdown(this.configuration.settings.gatewayUrl)}\n\n`);
    tooltip.appendMarkdown(
      pending > 0
        ? `${pending} request${pending === 1 ? '' : 's'} wait${pending === 1 ? 's' : ''} for your decision. Click to open Approvals.`
        : 'Click to open Approvals.',
    );
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = {
      label: `AutoGen Gate: signed in as ${label}${pending > 0 ? `, ${pending} approval${pending === 1 ? '' : 's'} waiting for you` : ''}. Activate to open Approvals.`,
      role: 'button',
    };
    void vscode.commands.executeCommand('setContext', CONTEXT_KEY.isApprover, pending > 0);
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
