/** What every panel needs from the extension, and the request handlers they all share. */
import type * as vscode from 'vscode';
import type { CommonRequests } from '../../../webview-ui/src/protocol.js';
import type { Logger } from '../common/errors.js';
import type { LiveEvents } from '../gateway/liveEvents.js';
import type { ApprovalsModel } from '../services/approvalsModel.js';
import type { AuthService } from '../services/authService.js';
import type { GatewayService } from '../services/gatewayService.js';

/** Actions panels trigger that live elsewhere (commands), so panels do not import each other. */
export interface PanelActions {
  signIn(): Promise<void>;
  openSession(sessionId: string): Promise<void>;
  openApprovals(): Promise<void>;
  showLog(): void;
  /** Asks where to save and exports the session's evidence; false when the user cancelled. */
  exportSessionEvidence(sessionId: string): Promise<boolean>;
}

export interface PanelContext {
  readonly extensionUri: vscode.Uri;
  readonly log: Logger;
  readonly auth: AuthService;
  readonly gateway: GatewayService;
  readonly live: LiveEvents;
  readonly approvals: ApprovalsModel;
  readonly actions: PanelActions;
}

type Handlers<R> = {
  readonly [M in keyof R]: (
    params: R[M] extends { readonly params: infer P } ? P : never,
  ) => Promise<R[M] extends { readonly result: infer T } ? T : never>;
};

export function commonHandlers(context: PanelContext): Handlers<CommonRequests> {
  return {
    'auth/session/signIn': async () => {
      await context.actions.signIn();
    },
    'session/timeline/open': async ({ sessionId }) => {
      await context.actions.openSession(sessionId);
    },
    'app/log/show': async () => {
      context.actions.showLog();
    },
  };
}
