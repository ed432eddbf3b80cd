/**
 * AutoGen Gate for VS Code: sign in with the organisation's OpenID provider, run generators
 * through the gateway from the command palette or the Generators view (which shows each one's
 * governance), decide approvals and look back at sessions in webviews. The extension host holds
 * the token (SecretStorage only) and makes every gateway call; webviews receive data, never
 * credentials.
 */
import * as vscode from 'vscode';
import { GateAuthenticationProvider, OidcClientCache } from './auth/authProvider.js';
import { SessionManager } from './auth/sessionManager.js';
import { registerCommands } from './commands/commands.js';
import { describeForLog } from './common/errors.js';
import { ErrorReporter } from './common/reporting.js';
import { Configuration } from './config/configuration.js';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, COMMAND, LOG_CHANNEL } from './constants.js';
import { LiveEvents } from './gateway/liveEvents.js';
import { ApprovalsPanel } from './panels/approvalsPanel.js';
import type { PanelContext } from './panels/panelContext.js';
import { SessionHistoryPanel } from './panels/sessionHistoryPanel.js';
import { SessionPanel } from './panels/sessionPanel.js';
import { ApprovalsModel } from './services/approvalsModel.js';
import { AuthService } from './services/authService.js';
import { EvidenceExporter } from './services/evidence.js';
import { GatewayService } from './services/gatewayService.js';
import { RunController } from './services/runController.js';
import { StatusBar } from './services/statusBar.js';
import { GeneratorsView } from './views/generatorsView.js';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel(LOG_CHANNEL, { log: true });
  context.subscriptions.push(log);
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  log.info(
    `AutoGen Gate ${version} in ${vscode.env.appName} ${vscode.version} (${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'}${vscode.env.remoteName ? `, remote ${vscode.env.remoteName}` : ''})`,
  );

  const configuration = new Configuration(log);
  context.subscriptions.push(configuration);
  const problems = configuration.logProblems().filter((problem) => problem.severity === 'error');
  const firstProblem = problems[0];
  if (firstProblem) {
    void vscode.window
      .showWarningMessage(`AutoGen Gate settings need attention: ${firstProblem.message}`, 'Open Settings')
      .then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', firstProblem.setting);
      });
  }
  const settings = configuration.settings;
  log.info(
    `gateway ${settings.gatewayUrl}; issuer ${settings.issuer}; client ${settings.clientId}; audience ${settings.audience}; sign-in ${settings.signInMethod}`,
  );

  const oidc = new OidcClientCache(configuration);
  const sessions = new SessionManager({
    secrets: context.secrets,
    identity: () => {
      const current = configuration.settings;
      return { issuer: current.issuer, clientId: current.clientId, audience: current.audience, scopes: current.scopes };
    },
    oidc: () => oidc.get(),
    log,
  });
  const provider = new GateAuthenticationProvider(sessions, oidc, configuration, log);
  const gateway = new GatewayService(configuration, sessions, `autogen-gate-vscode/${version} (${vscode.env.appName} ${vscode.version})`);
  const auth = new AuthService(provider, sessions, gateway, configuration, log);
  const live = new LiveEvents({ client: () => gateway.tryClient(), log });
  const approvals = new ApprovalsModel({ client: () => gateway.tryClient(), viewer: () => auth.viewer, live, log });
  const reporter = new ErrorReporter(log);
  const evidence = new EvidenceExporter(gateway, log);
  context.subscriptions.push(
    sessions,
    provider,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, provider, {
      supportsMultipleAccounts: false,
    }),
    gateway,
    auth,
    live,
    approvals,
  );

  const panels: PanelContext = {
    extensionUri: context.extensionUri,
    log,
    auth,
    gateway,
    live,
    approvals,
    actions: {
      signIn: async () => {
        await vscode.commands.executeCommand(COMMAND.signIn);
      },
      openSession: async (sessionId) => {
        SessionPanel.show(panels, sessionId);
      },
      openApprovals: async () => {
        ApprovalsPanel.show(panels);
      },
      showLog: () => log.show(true),
      exportSessionEvidence: async (sessionId) => (await evidence.export({ kind: 'session', sessionId })) !== undefined,
    },
  };
  const runs = new RunController({
    gateway,
    auth,
    approvals,
    live,
    configuration,
    log,
    reporter,
    openApprovals: panels.actions.openApprovals,
    openSession: panels.actions.openSession,
  });
  const generators = new GeneratorsView(gateway, auth, log);
  context.subscriptions.push(runs, new StatusBar(auth, approvals, configuration), generators);
  context.subscriptions.push(...registerCommands({ log, auth, gateway, runs, evidence, reporter, panels, generators }));

  // Panels come back after a window reload.
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(ApprovalsPanel.viewType, {
      deserializeWebviewPanel: async (panel) => void ApprovalsPanel.revive(panel, panels),
    }),
    vscode.window.registerWebviewPanelSerializer(SessionHistoryPanel.viewType, {
      deserializeWebviewPanel: async (panel) => void SessionHistoryPanel.revive(panel, panels),
    }),
    vscode.window.registerWebviewPanelSerializer(SessionPanel.viewType, {
      deserializeWebviewPanel: async (panel, state: unknown) => void SessionPanel.revive(panel, panels, state),
    }),
  );

  // Approvers hear about new requests; the stream follows the signed-in person.
  context.subscriptions.push(
    approvals.onDidRequest((item) => {
      if (!configuration.settings.notifyDecisions) return;
      const who = item.requester.name ?? item.requester.subject;
      void vscode.window
        .showInformationMessage(`${who} asks to run ${item.generator} (rule ${item.ruleId}). It waits for your decision.`, 'Open Approvals')
        .then((choice) => {
          if (choice) ApprovalsPanel.show(panels);
        });
    }),
    auth.onDidChangeViewer((viewer) => {
      if (viewer.status === 'signedIn') {
        live.restart();
        void approvals.refresh();
      } else {
        live.stop();
        approvals.clear();
      }
    }),
    configuration.onDidChange(({ groups }) => {
      if (groups.includes('identity')) void sessions.reload('identity settings changed');
      if (groups.includes('gateway') && auth.viewer.status === 'signedIn') {
        live.restart();
        void approvals.refresh();
      }
    }),
  );

  try {
    await auth.refreshViewer();
  } catch (error) {
    log.error(`reading the stored session: ${describeForLog(error)}`);
  }
  log.info(auth.viewer.status === 'signedIn' ? `signed in as ${auth.viewer.label}` : 'not signed in');
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
