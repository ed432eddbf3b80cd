/**
 * The commands of the palette (category "AutoGen Gate"). Each catches its own errors and reports
 * them in two layers (log + one actionable sentence).
 */
import * as vscode from 'vscode';
import type { GeneratorSummary, SessionSummaryView } from '../../../gateway/api/wire.js';
import { ExtensionError } from '../common/errors.js';
import type { ErrorReporter } from '../common/reporting.js';
import { COMMAND, EXTENSION_ID } from '../constants.js';
import type { EvidenceExporter, EvidenceScope } from '../services/evidence.js';
import type { AuthService } from '../services/authService.js';
import type { GatewayService } from '../services/gatewayService.js';
import type { RunController } from '../services/runController.js';
import { ApprovalsPanel } from '../panels/approvalsPanel.js';
import type { PanelContext } from '../panels/panelContext.js';
import { RunFormPanel } from '../panels/runFormPanel.js';
import { SessionHistoryPanel } from '../panels/sessionHistoryPanel.js';
import { SessionPanel } from '../panels/sessionPanel.js';
import { dayBound } from '../panels/historyQuery.js';
import { GENERATORS_VIEW_ID, GeneratorsView } from '../views/generatorsView.js';
import { pickerDetail } from '../views/generatorNodes.js';
import { governanceRefuses, suspensionText } from '../../../gateway/api/governanceText.js';

export interface CommandDeps {
  readonly log: vscode.LogOutputChannel;
  readonly auth: AuthService;
  readonly gateway: GatewayService;
  readonly runs: RunController;
  readonly evidence: EvidenceExporter;
  readonly reporter: ErrorReporter;
  readonly panels: PanelContext;
  readonly generators: GeneratorsView;
}

/** Arguments of `autogenGate.runGenerator` for keybindings and other extensions. */
export interface RunGeneratorArgs {
  readonly generator?: string;
  readonly input?: Readonly<Record<string, unknown>>;
}

interface GeneratorPick extends vscode.QuickPickItem {
  readonly generator: GeneratorSummary;
}

/** One line on what a generator implies: personal data, approval, output. */
function generatorFlags(generator: GeneratorSummary): string {
  const flags = [
    generator.personalData ? '$(shield) personal data, masked' : '$(pass) no personal data',
    generator.requiresApproval ? `$(person) needs approval by ${generator.approvers.join(', ') || 'an approver'}` : '$(play) runs now',
    `$(file) ${generator.output}`,
  ];
  return flags.join('  ');
}

/** The JSON object in the active editor (its selection if any): the input of a run. */
function editorInput(
  editor: vscode.TextEditor | undefined,
): { readonly input: Record<string, unknown>; readonly from: string } | { readonly error: string } | undefined {
  if (!editor) return undefined;
  const selection = editor.selection;
  const text = selection.isEmpty ? editor.document.getText() : editor.document.getText(selection);
  const from = `${selection.isEmpty ? '' : 'the selection in '}${vscode.workspace.asRelativePath(editor.document.uri)}`;
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `${from} is not valid JSON (${error instanceof Error ? error.message : String(error)}).` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { error: `${from} is JSON, but not an object like { "month": "novembro de 2026" }.` };
  return { input: value as Record<string, unknown>, from };
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { auth, gateway, runs, evidence, reporter, panels } = deps;

  const guarded =
    <A extends unknown[]>(what: string, action: (...args: A) => Promise<unknown>) =>
    async (...args: A): Promise<void> => {
      try {
        await action(...args);
      } catch (error) {
        await reporter.report(error, what, () => action(...args));
      }
    };

  const signIn = guarded('Sign-in failed', async (method?: 'deviceCode') => {
    await auth.signIn(method);
    const viewer = auth.viewer;
    void vscode.window.showInformationMessage(`Signed in to AutoGen Gate as ${viewer.label ?? viewer.subject ?? 'you'}.`);
  });

  const signOut = guarded('Sign-out failed', async () => {
    const session = await auth.signOut();
    void vscode.window.showInformationMessage(
      session
        ? `Signed out of AutoGen Gate (${session.account.label}). Your tokens were revoked.`
        : 'You are not signed in to AutoGen Gate.',
    );
  });

  const pickGenerator = async (name: string | undefined): Promise<GeneratorSummary | undefined> => {
    const generators = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'AutoGen Gate: loading generators' },
      () => gateway.client.generators(),
    );
    if (name !== undefined) {
      const found = generators.find((generator) => generator.name === name);
      if (!found)
        throw new ExtensionError(
          'invalid_input',
          `You may not run a generator named "${name}" (or it does not exist). You may run: ${generators.map((g) => g.name).join(', ') || 'none'}.`,
        );
      return found;
    }
    if (generators.length === 0) {
      void vscode.window.showInformationMessage(
        'The gateway lets you run no generators. Ask your administrator which policy rule should allow you.',
      );
      return undefined;
    }
    const picked = await vscode.window.showQuickPick<GeneratorPick>(
      generators.map((generator) => ({
        label: generator.governance.state === 'suspended' ? `$(warning) ${generator.name}` : generator.name,
        description: generatorFlags(generator),
        detail: pickerDetail(generator),
        generator,
      })),
      {
        title: 'AutoGen Gate: Run Generator',
        placeHolder: 'Which generator? (the ones policy lets you run)',
        matchOnDescription: true,
        matchOnDetail: true,
        ignoreFocusOut: true,
      },
    );
    return picked?.generator;
  };

  /** The generator a governance action is about: the view's row, else asked for. */
  const governedGenerator = async (name: string | undefined, what: string): Promise<string | undefined> => {
    if (name !== undefined) return name;
    const generators = await gateway.client.generators({ includeDenied: true });
    const picked = await vscode.window.showQuickPick(
      generators.map((generator) => ({ label: generator.name, description: pickerDetail(generator) })),
      { title: `AutoGen Gate: ${what}`, placeHolder: 'Which generator?', ignoreFocusOut: true },
    );
    return picked?.label;
  };

  const takeOwnership = guarded('Could not take ownership', async (name?: string) => {
    await auth.ensureSignedIn();
    const generator = await governedGenerator(name, 'Take Ownership');
    if (!generator) return;
    const reason = await vscode.window.showInputBox({
      title: `AutoGen Gate: take ownership of ${generator}`,
      prompt: 'Why you take it over (recorded in the audit log). You will then attest it.',
      placeHolder: 'Bruno left the company; data-engineers keeps the customer report.',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === '' ? 'Give a reason.' : value.length > 500 ? 'At most 500 characters.' : undefined),
    });
    if (reason === undefined) return;
    const detail = await gateway.client.takeOwnership(generator, reason.trim());
    deps.generators.refresh();
    void vscode.window.showInformationMessage(
      `You own ${generator} now.${detail.governance.you.canAttest ? ' Attest it so it runs again.' : ''}`,
    );
  });

  const attestGenerator = guarded('Could not attest the generator', async (name?: string) => {
    await auth.ensureSignedIn();
    const generator = await governedGenerator(name, 'Attest Generator');
    if (!generator) return;
    const statement = await vscode.window.showInputBox({
      title: `AutoGen Gate: attest ${generator}`,
      prompt: 'What you confirm (empty: its purpose, legal basis, data categories and definition are still right).',
      ignoreFocusOut: true,
      validateInput: (value) => (value.length > 500 ? 'At most 500 characters.' : undefined),
    });
    if (statement === undefined) return;
    const detail = await gateway.client.attest(generator, statement.trim() === '' ? undefined : statement.trim());
    deps.generators.refresh();
    void vscode.window.showInformationMessage(
      `${generator} attested; next due ${detail.governance.attestation.dueAt?.slice(0, 10) ?? 'never'}.`,
    );
  });

  const runGenerator = guarded('Could not run the generator', async (args?: RunGeneratorArgs) => {
    await auth.ensureSignedIn();
    const generator = await pickGenerator(args?.generator);
    if (!generator) return;
    if (governanceRefuses(generator.governance)) {
      // The gateway would refuse it: say why and who can fix it instead of sending a run.
      const choice = await vscode.window.showWarningMessage(
        `${generator.name} is suspended. ${suspensionText(generator.governance) ?? ''}`,
        'Show Generators',
      );
      if (choice) await vscode.commands.executeCommand(`${GENERATORS_VIEW_ID}.focus`);
      return;
    }
    if (args?.input) {
      await runs.run(generator, args.input);
      return;
    }
    const fromEditor = editorInput(vscode.window.activeTextEditor);
    const items: Array<vscode.QuickPickItem & { readonly source: 'form' | 'editor' }> = [
      {
        label: '$(edit) Fill in a form',
        description: generator.input ? "fields from the generator's input schema" : 'JSON input',
        source: 'form',
      },
    ];
    if (fromEditor && 'input' in fromEditor)
      items.push({ label: '$(json) Use the JSON in the active editor', description: fromEditor.from, source: 'editor' });
    else if (fromEditor && 'error' in fromEditor)
      items.push({ label: '$(json) Use the JSON in the active editor', description: fromEditor.error, source: 'editor' });
    const source =
      items.length === 1
        ? items[0]
        : await vscode.window.showQuickPick(items, {
            title: `Run ${generator.name}: input`,
            placeHolder: 'Where does the input come from?',
            ignoreFocusOut: true,
          });
    if (!source) return;
    if (source.source === 'form') {
      RunFormPanel.show(panels, runs, generator);
      return;
    }
    if (!fromEditor || !('input' in fromEditor))
      throw new ExtensionError(
        'invalid_input',
        fromEditor && 'error' in fromEditor ? fromEditor.error : 'The active editor holds no JSON input.',
      );
    deps.log.info(`running ${generator.name} with the input from ${fromEditor.from}`);
    await runs.run(generator, fromEditor.input);
  });

  const showApprovals = guarded('Could not open the approvals', async () => {
    ApprovalsPanel.show(panels);
  });

  const showSessionHistory = guarded('Could not open the session history', async () => {
    SessionHistoryPanel.show(panels);
  });

  const pickSession = async (title: string): Promise<string | undefined> => {
    await auth.ensureSignedIn();
    const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { readonly sessionId?: string }>();
    quickPick.title = title;
    quickPick.placeholder = 'Pick a recent session, or paste a session (run) id';
    quickPick.busy = true;
    quickPick.ignoreFocusOut = true;
    quickPick.show();
    const describe = (session: SessionSummaryView): vscode.QuickPickItem & { sessionId: string } => ({
      label: session.generator ?? `${session.method} ${session.path}`,
      description: `${session.status} · ${new Date(session.createdAt).toLocaleString()} · ${session.principal.name ?? session.principal.subject}`,
      detail: session.id,
      sessionId: session.id,
    });
    try {
      const page = await gateway.client.sessions({ limit: 30 });
      quickPick.items = page.sessions.map(describe);
    } catch (error) {
      deps.log.warn(`listing sessions for the picker: ${String(error)}`);
    } finally {
      quickPick.busy = false;
    }
    return new Promise<string | undefined>((resolve) => {
      quickPick.onDidAccept(() => {
        const chosen = quickPick.selectedItems[0]?.sessionId ?? (quickPick.value.trim() || undefined);
        resolve(chosen);
        quickPick.hide();
      });
      quickPick.onDidHide(() => {
        resolve(undefined);
        quickPick.dispose();
      });
    });
  };

  const openSession = guarded('Could not open the session', async (sessionId?: string) => {
    const id = typeof sessionId === 'string' ? sessionId : await pickSession('AutoGen Gate: Open Session');
    if (!id) return;
    SessionPanel.show(panels, id);
  });

  const exportEvidence = guarded('Could not export the evidence', async (sessionId?: string) => {
    let scope: EvidenceScope | undefined;
    if (typeof sessionId === 'string') scope = { kind: 'session', sessionId };
    else {
      await auth.ensureSignedIn();
      const choice = await vscode.window.showQuickPick(
        [
          {
            label: '$(list-selection) One session…',
            detail: 'Everything the gateway recorded about one run: identity, decision, approval, masking events.',
            scope: 'session' as const,
          },
          {
            label: '$(calendar) A period…',
            detail: "Every session, decision, approval and masking event between two dates (auditors see everyone's).",
            scope: 'period' as const,
          },
        ],
        { title: 'AutoGen Gate: Export Evidence', placeHolder: 'Evidence of what?', ignoreFocusOut: true },
      );
      if (!choice) return;
      if (choice.scope === 'session') {
        const id = await pickSession('Export the evidence of which session?');
        if (!id) return;
        scope = { kind: 'session', sessionId: id };
      } else {
        const today = new Date().toISOString().slice(0, 10);
        const validate = (value: string): string | undefined =>
          dayBound(value, 'start') ? undefined : 'Enter a date as YYYY-MM-DD, e.g. 2026-11-01.';
        const from = await vscode.window.showInputBox({
          title: 'Export Evidence: from (inclusive)',
          value: `${today.slice(0, 8)}01`,
          prompt: 'First day, YYYY-MM-DD',
          validateInput: validate,
          ignoreFocusOut: true,
        });
        if (!from) return;
        const to = await vscode.window.showInputBox({
          title: 'Export Evidence: to (inclusive)',
          value: today,
          prompt: 'Last day, YYYY-MM-DD',
          validateInput: validate,
          ignoreFocusOut: true,
        });
        if (!to) return;
        scope = { kind: 'period', from: dayBound(from, 'start') ?? from, to: dayBound(to, 'end') ?? to };
      }
    }
    const saved = await evidence.export(scope);
    if (!saved) return;
    const choice = await vscode.window.showInformationMessage(
      `Evidence saved to ${vscode.workspace.asRelativePath(saved)}. Verify it offline with "autogen-gate evidence verify".`,
      'Open',
    );
    if (choice === 'Open') await vscode.window.showTextDocument(saved);
  });

  const showLog = (): void => deps.log.show(true);

  const openSettings = async (): Promise<void> => {
    await vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${EXTENSION_ID}`);
  };

  return [
    vscode.commands.registerCommand(COMMAND.signIn, () => signIn()),
    vscode.commands.registerCommand(COMMAND.signInWithDeviceCode, () => signIn('deviceCode')),
    vscode.commands.registerCommand(COMMAND.signOut, signOut),
    vscode.commands.registerCommand(COMMAND.runGenerator, (args?: unknown) => {
      // From the Generators view the argument is the generator's row.
      const fromView = GeneratorsView.generatorOf(args);
      return runGenerator(
        fromView !== undefined
          ? { generator: fromView }
          : typeof args === 'object' && args !== null && !(args instanceof vscode.Uri)
            ? args
            : undefined,
      );
    }),
    vscode.commands.registerCommand(COMMAND.refreshGenerators, () => deps.generators.refresh()),
    vscode.commands.registerCommand(COMMAND.takeOwnership, (node?: unknown) => takeOwnership(GeneratorsView.generatorOf(node))),
    vscode.commands.registerCommand(COMMAND.attestGenerator, (node?: unknown) => attestGenerator(GeneratorsView.generatorOf(node))),
    vscode.commands.registerCommand(COMMAND.showApprovals, showApprovals),
    vscode.commands.registerCommand(COMMAND.showSessionHistory, showSessionHistory),
    vscode.commands.registerCommand(COMMAND.openSession, (sessionId?: unknown) =>
      openSession(typeof sessionId === 'string' ? sessionId : undefined),
    ),
    vscode.commands.registerCommand(COMMAND.exportEvidence, (sessionId?: unknown) =>
      exportEvidence(typeof sessionId === 'string' ? sessionId : undefined),
    ),
    vscode.commands.registerCommand(COMMAND.showLog, showLog),
    vscode.commands.registerCommand(COMMAND.openSettings, openSettings),
  ];
}
