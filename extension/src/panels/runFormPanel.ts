/**
 * The run form of one generator (opening it again for the same generator reveals it). The
 * webview collects the input; the run itself goes through the RunController, like a run from
 * the editor's JSON, and its progress comes back to the form.
 */
import * as vscode from 'vscode';
import type { GeneratorSummary } from '../../../gateway/api/wire.js';
import { WEBVIEWS, type RunFormProtocol, type RunFormRun, type RunFormState } from '../../../webview-ui/src/protocol.js';
import type { RunController } from '../services/runController.js';
import { commonHandlers, type PanelContext } from './panelContext.js';
import { webviewOptions, WebviewPanelHost, type RequestHandlers } from './webviewPanelHost.js';

export class RunFormPanel extends WebviewPanelHost<RunFormProtocol> {
  static readonly viewType = WEBVIEWS.runForm.viewType;
  private static readonly open = new Map<string, RunFormPanel>();
  /** The last input per generator in this window, to start the next form with. */
  private static readonly lastInput = new Map<string, Readonly<Record<string, unknown>>>();

  static show(
    context: PanelContext,
    runs: RunController,
    generator: GeneratorSummary,
    initialInput?: Readonly<Record<string, unknown>>,
  ): RunFormPanel {
    const existing = RunFormPanel.open.get(generator.name);
    if (existing) {
      existing.generator = generator;
      if (initialInput) existing.initialInput = initialInput;
      existing.reveal();
      existing.push();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      RunFormPanel.viewType,
      `Run ${generator.name}`,
      vscode.ViewColumn.Active,
      webviewOptions(context.extensionUri),
    );
    return new RunFormPanel(panel, context, runs, generator, initialInput ?? RunFormPanel.lastInput.get(generator.name) ?? {});
  }

  protected readonly handlers: RequestHandlers<RunFormProtocol>;
  private run: RunFormRun | undefined;

  private constructor(
    panel: vscode.WebviewPanel,
    private readonly context: PanelContext,
    runs: RunController,
    private generator: GeneratorSummary,
    private initialInput: Readonly<Record<string, unknown>>,
  ) {
    super(panel, context.extensionUri, 'runForm', context.log);
    RunFormPanel.open.set(generator.name, this);
    this.handlers = {
      ...commonHandlers(context),
      'run/generator/start': async ({ input }) => {
        RunFormPanel.lastInput.set(this.generator.name, input);
        this.initialInput = input;
        // Resolves once the gateway has answered the start (done or held); waiting goes on in the run controller.
        return new Promise<{ runId: string }>((resolve, reject) => {
          let answered = false;
          void runs
            .run(this.generator, input, (run) => {
              this.run = run;
              this.notify('runForm/run/didChange', run);
              if (!answered && run.runId) {
                answered = true;
                resolve({ runId: run.runId });
              }
            })
            .then(
              () => {
                if (!answered) reject(new Error('the run did not start'));
              },
              (error: unknown) => {
                if (!answered) reject(error);
                else context.log.warn(`run of ${this.generator.name} from the form: ${String(error)}`);
              },
            );
        });
      },
      'approvals/view/open': async () => {
        await context.actions.openApprovals();
      },
    };
    this.register(context.auth.onDidChangeViewer(() => this.push()));
    this.register(
      this.onDidDispose(() => {
        if (RunFormPanel.open.get(generator.name) === this) RunFormPanel.open.delete(generator.name);
      }),
    );
  }

  protected onReady(): void {
    this.push();
  }

  private push(): void {
    const state: RunFormState = {
      viewer: this.context.auth.viewer,
      generator: this.generator,
      initialInput: this.initialInput,
      run: this.run,
    };
    this.notify('runForm/state/didChange', state);
  }
}
