/**
 * Running a generator from VS Code: a cancellable progress notification while the gateway runs
 * it; when policy holds it for approval, a notice that offers the approvals view and a progress
 * message that follows the request live (status, expiry countdown); the masked result in a new
 * editor with a summary of what was masked. Runs the user stopped waiting for, and held runs
 * found at start-up, are watched in the background, and their requester is notified when they
 * are decided.
 */
import * as vscode from 'vscode';
import type { GeneratorSummary, RunStatus, RunView } from '../../../gateway/api/wire.js';
import type { ApprovalItem, RunFormRun } from '../../../webview-ui/src/protocol.js';
import { describeForLog, isCancellation, type Logger } from '../common/errors.js';
import { Disposable, toDisposable } from '../common/lifecycle.js';
import type { ErrorReporter } from '../common/reporting.js';
import type { Configuration } from '../config/configuration.js';
import { GatewayError } from '../../../gateway/api/client/gatewayError.js';
import { isFinalStatus } from '../../../gateway/api/client/gatewayClient.js';
import type { LiveEvents } from '../gateway/liveEvents.js';
import type { ApprovalsModel } from './approvalsModel.js';
import type { AuthService } from './authService.js';
import type { GatewayService } from './gatewayService.js';
import { maskingSummary, openRunResult } from './resultEditor.js';

export interface RunControllerDeps {
  readonly gateway: GatewayService;
  readonly auth: AuthService;
  readonly approvals: ApprovalsModel;
  readonly live: LiveEvents;
  readonly configuration: Configuration;
  readonly log: Logger;
  readonly reporter: ErrorReporter;
  readonly openApprovals: () => Promise<void>;
  readonly openSession: (sessionId: string) => Promise<void>;
}

interface WatchedRun {
  readonly runId: string;
  readonly generator: string;
  /** Someone (a progress notification) is waiting on it in the foreground. */
  foreground: boolean;
  lastStatus: RunStatus;
  readonly listeners: Set<(run: RunView) => void>;
}

/** What the run form shows for a run. */
export function formRun(run: RunView, message?: string): RunFormRun {
  return {
    runId: run.runId,
    status: run.status,
    message: message ?? statusMessage(run),
    masking: run.status === 'succeeded' ? run.masking : undefined,
  };
}

function countdown(ms: number): string {
  if (ms <= 0) return 'expired';
  const minutes = Math.floor(ms / 60_000);
  if (minutes >= 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  if (minutes >= 1) return `${minutes} min`;
  return `${Math.ceil(ms / 1000)} s`;
}

export function statusMessage(run: RunView, approval?: ApprovalItem): string {
  switch (run.status) {
    case 'pending_approval': {
      const who = approval?.approverGroups.join(', ');
      const left = approval?.expiresAt ? `; expires in ${countdown(Date.parse(approval.expiresAt) - Date.now())}` : '';
      return `Waiting for approval${who ? ` by ${who}` : ''}${approval?.progress ? `: ${approval.progress}` : ''}${left}.`;
    }
    case 'approved':
      return 'Approved; starting…';
    case 'running':
      return 'Running…';
    case 'succeeded':
      return `Done: ${maskingSummary(run.masking)}. The result opened in an editor.`;
    case 'failed':
      return `Failed: ${run.error?.message ?? 'the generator did not finish'}.`;
    case 'approval_denied':
      return 'The approver denied this run.';
    case 'expired':
      return 'Nobody decided in time; the request expired.';
    case 'denied':
      return `Policy refused this run (rule ${run.decision.ruleId}).`;
    case 'cancelled':
      return 'Cancelled.';
    case 'interrupted':
      return 'Interrupted: the gateway stopped while this run was in flight. It was not retried; run it again.';
  }
}

function lastDecision(approval: ApprovalItem | undefined): string {
  const decision = approval?.decisions.filter((item) => item.withdrawnAt === undefined).at(-1);
  if (!decision) return '';
  return ` by ${decision.approver.name ?? decision.approver.subject}: “${decision.reason}”`;
}

export class RunController extends Disposable {
  private readonly watched = new Map<string, WatchedRun>();
  private poller: ReturnType<typeof setInterval> | undefined;
  /** Whose runs are watched. */
  private subject: string | undefined;

  constructor(private readonly deps: RunControllerDeps) {
    super();
    this.register(
      deps.live.onEvent((event) => {
        if (event.type === 'run.updated' && this.watched.has(event.data.runId)) void this.check(event.data.runId);
        if (event.type === 'approval.updated') {
          const watched = [...this.watched.values()].find((run) => run.runId === event.data.runId);
          if (watched) void this.check(watched.runId);
        }
      }),
    );
    this.register(deps.live.onResync(() => void this.checkAll()));
    this.register(deps.live.onStatus(() => this.schedulePolling()));
    this.register(toDisposable(() => this.poller && clearInterval(this.poller)));
    this.register(
      deps.auth.onDidChangeViewer((viewer) => {
        if (viewer.subject === this.subject) return;
        this.subject = viewer.subject;
        this.watched.clear();
        if (viewer.status === 'signedIn') void this.adoptPendingRuns();
      }),
    );
  }

  /**
   * Runs `generator` with `input` under a progress notification; resolves with the final run,
   * or undefined when the user stopped waiting (the run goes on; they will be notified).
   * `onUpdate` follows the run (the form shows it).
   */
  async run(
    generator: GeneratorSummary,
    input: Readonly<Record<string, unknown>>,
    onUpdate: (run: RunFormRun) => void = () => undefined,
  ): Promise<RunView | undefined> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `AutoGen Gate: ${generator.name}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        try {
          progress.report({ message: generator.requiresApproval ? 'Asking for approval…' : 'Running through the gateway…' });
          const started = await this.deps.gateway.client.startRun(generator.name, input, { signal: abort.signal });
          let run = started.run;
          this.deps.log.info(`run ${run.runId} of ${generator.name}: ${run.status} (rule ${run.decision.ruleId})`);
          onUpdate(formRun(run));
          if (!started.pending) return await this.finish(run, true);

          // Held for approval: say so, follow it live, and keep waiting unless the user stops.
          const watched = this.watch(run.runId, generator.name, true);
          let approval = run.approvalId ? await this.deps.approvals.fetch(run.approvalId).catch(() => undefined) : undefined;
          void this.deps.approvals.refresh();
          void this.pendingNotice(generator, run);
          const report = (current: RunView): void => {
            const message = statusMessage(current, approval);
            progress.report({ message });
            onUpdate(formRun(current, message));
          };
          report(run);
          const ticker = setInterval(() => report(run), 15_000);
          const listener = (update: RunView): void => {
            run = update;
            report(update);
          };
          watched.listeners.add(listener);
          try {
            run = await this.deps.gateway.client.waitForRun(run.runId, { signal: abort.signal, onUpdate: listener });
          } catch (error) {
            if (abort.signal.aborted || isCancellation(error)) {
              watched.foreground = false;
              void vscode.window
                .showInformationMessage(
                  `Stopped waiting for ${generator.name}. It stays pending; you will be notified when it is decided.`,
                  'Open Approvals',
                )
                .then((choice) => {
                  if (choice) void this.deps.openApprovals();
                });
              return undefined;
            }
            throw error;
          } finally {
            clearInterval(ticker);
            watched.listeners.delete(listener);
          }
          if (run.approvalId) approval = await this.deps.approvals.fetch(run.approvalId).catch(() => approval);
          onUpdate(formRun(run, statusMessage(run, approval)));
          this.watched.delete(run.runId);
          return await this.finish(run, true, approval);
        } catch (error) {
          if (error instanceof GatewayError && error.code === 'cancelled') return undefined;
          throw error;
        } finally {
          cancel.dispose();
        }
      },
    );
  }

  /** Tells the requester their run waits for an approver, with the way to the approvals view. */
  private async pendingNotice(generator: GeneratorSummary, run: RunView): Promise<void> {
    const approvers = generator.approvers.length ? generator.approvers.join(', ') : 'an approver';
    const choice = await vscode.window.showInformationMessage(
      `${generator.name} needs approval by ${approvers} (rule ${run.decision.ruleId}). It runs as soon as it is approved; you will be notified.`,
      'Open Approvals',
      'Open Timeline',
    );
    if (choice === 'Open Approvals') await this.deps.openApprovals();
    else if (choice === 'Open Timeline') await this.deps.openSession(run.runId);
  }

  /** Shows a final run: the result editor, or why there is none. */
  private async finish(run: RunView, foreground: boolean, approval?: ApprovalItem): Promise<RunView> {
    const name = run.generator;
    const openTimeline = 'Open Timeline';
    const act = async (choice: string | undefined): Promise<void> => {
      if (choice === openTimeline) await this.deps.openSession(run.runId);
      else if (choice === 'Open Result') await openRunResult(run);
    };
    switch (run.status) {
      case 'succeeded': {
        if (foreground) {
          await openRunResult(run);
          void vscode.window.showInformationMessage(`${name}: result opened; ${maskingSummary(run.masking)}.`, openTimeline).then(act);
        } else {
          void vscode.window
            .showInformationMessage(
              `Your ${name} run was approved${lastDecision(approval)} and finished: ${maskingSummary(run.masking)}.`,
              'Open Result',
              openTimeline,
            )
            .then(act);
        }
        break;
      }
      case 'approval_denied':
        void vscode.window.showWarningMessage(`Your ${name} run was denied${lastDecision(approval)}.`, openTimeline).then(act);
        break;
      case 'expired':
        void vscode.window.showWarningMessage(`Your ${name} request expired: nobody decided in time.`, openTimeline).then(act);
        break;
      case 'cancelled':
        void vscode.window
          .showWarningMessage(
            `Your ${name} run was cancelled${approval?.outcome?.reason ? `: ${approval.outcome.reason}` : ''}.`,
            openTimeline,
          )
          .then(act);
        break;
      case 'interrupted':
        void vscode.window
          .showWarningMessage(`Your ${name} run was interrupted: the gateway stopped while it was in flight. Run it again.`, openTimeline)
          .then(act);
        break;
      case 'failed':
        this.deps.log.error(`run ${run.runId} of ${name} failed: ${run.error?.code ?? 'unknown'}: ${run.error?.message ?? ''}`);
        void vscode.window
          .showErrorMessage(`${name} failed: ${run.error?.message ?? 'the generator did not finish'}.`, openTimeline)
          .then(act);
        break;
      default:
        break;
    }
    return run;
  }

  private watch(runId: string, generator: string, foreground: boolean): WatchedRun {
    const existing = this.watched.get(runId);
    if (existing) {
      existing.foreground ||= foreground;
      return existing;
    }
    const watched: WatchedRun = { runId, generator, foreground, lastStatus: 'pending_approval', listeners: new Set() };
    this.watched.set(runId, watched);
    this.schedulePolling();
    return watched;
  }

  /** Watches the signed-in person's held runs (e.g. asked for before VS Code restarted). */
  private async adoptPendingRuns(): Promise<void> {
    const client = this.deps.gateway.tryClient();
    const viewer = this.deps.auth.viewer;
    if (!client || viewer.status !== 'signedIn') return;
    try {
      const page = await client.sessions({
        status: 'pending_approval',
        kind: 'run',
        limit: 50,
        ...(viewer.auditor && viewer.subject ? { subject: viewer.subject } : {}),
      });
      for (const session of page.sessions) {
        if (session.principal.subject === viewer.subject && session.generator) this.watch(session.id, session.generator, false);
      }
      if (page.sessions.length > 0) this.deps.log.info(`watching ${this.watched.size} held run(s) for decisions`);
    } catch (error) {
      this.deps.log.debug(`looking for held runs: ${describeForLog(error)}`);
    }
  }

  private schedulePolling(): void {
    const needed = this.watched.size > 0 && this.deps.live.status !== 'live';
    if (needed && !this.poller) {
      this.poller = setInterval(() => void this.checkAll(), 20_000);
    } else if (!needed && this.poller) {
      clearInterval(this.poller);
      this.poller = undefined;
    }
  }

  private async checkAll(): Promise<void> {
    await Promise.all([...this.watched.keys()].map((runId) => this.check(runId)));
  }

  /** Fetches a watched run; tells its listeners; finishes background runs that reached a final status. */
  private async check(runId: string): Promise<void> {
    const watched = this.watched.get(runId);
    const client = this.deps.gateway.tryClient();
    if (!watched || !client) return;
    let run: RunView;
    try {
      run = await client.run(runId);
    } catch (error) {
      this.deps.log.debug(`checking run ${runId}: ${describeForLog(error)}`);
      return;
    }
    if (run.status === watched.lastStatus) return;
    watched.lastStatus = run.status;
    for (const listener of watched.listeners) listener(run);
    if (watched.foreground || !isFinalStatus(run.status)) return;
    this.watched.delete(runId);
    this.schedulePolling();
    if (!this.deps.configuration.settings.notifyDecisions) return;
    const approval = run.approvalId ? await this.deps.approvals.fetch(run.approvalId).catch(() => undefined) : undefined;
    await this.finish(run, false, approval);
  }
}
