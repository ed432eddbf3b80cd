/**
 * `autogen-gate run` and `autogen-gate wait`: a generator run through the gateway for pipelines
 * and people at a terminal. Submits, waits for an approval when the policy asks for one, and
 * writes the masked result; every outcome maps to a documented exit code (exitCodes.ts).
 */
import type { ApprovalDetailView, RunView } from '../../api/wire.js';
import type { GatewayClient } from '../../api/client/gatewayClient.js';
import { isFinalStatus } from '../../api/client/gatewayClient.js';
import { GatewayError } from '../../api/client/gatewayError.js';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import { exitFor } from './failures.js';
import { writeOutputFile } from '../output/outputFile.js';
import { resolveSessionId } from './idPrefix.js';
import type { Progress } from './progress.js';

/** Seconds per long-poll request; the gateway holds the answer until the run changes. */
const POLL_SECONDS = 25;

export interface RunTarget {
  readonly client: GatewayClient;
  readonly gatewayUrl: string;
  readonly progress: Progress;
  /** Total time to wait for approval and completion, in ms (0: do not wait). */
  readonly waitMs: number;
  readonly outFile: string | undefined;
  readonly json: boolean;
  /** Submit only: print the run id on stdout and return. */
  readonly detach?: boolean;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** What `--json` prints: enough for a pipeline to branch and to archive as evidence. */
export interface RunSummary {
  readonly runId: string | undefined;
  readonly sessionId: string | undefined;
  readonly generator: string;
  readonly status: string;
  readonly decision: { readonly effect: string; readonly ruleId: string } | undefined;
  readonly approval:
    | {
        readonly id: string;
        readonly status: string;
        readonly decisions: ReadonlyArray<{ readonly by: string; readonly decision: string; readonly reason: string; readonly at: string }>;
      }
    | undefined;
  readonly masking: { readonly count: number; readonly byDetector: Readonly<Record<string, number>> } | undefined;
  readonly output: string | undefined;
  /** The masked result, when it was not written to --out. */
  readonly result: string | undefined;
  readonly error: { readonly code: string; readonly message: string } | undefined;
  readonly exitCode: ExitCodeValue;
}

function approverName(vote: ApprovalDetailView['votes'][number]): string {
  return vote.approver.name ?? vote.approver.subject;
}

export class RunClient {
  private approval: ApprovalDetailView | undefined;
  private approvedShown = false;

  constructor(private readonly target: RunTarget) {}

  /** Submits a run, then follows it to the end. */
  async run(generator: string, input: Readonly<Record<string, unknown>>): Promise<ExitCodeValue> {
    const { client, progress } = this.target;
    let started: RunView;
    try {
      const answer = await client.startRun(generator, input);
      started = answer.run;
    } catch (error) {
      return this.fail(generator, undefined, error);
    }
    progress.step(`submitted ${generator}: run ${started.runId} (rule ${started.decision.ruleId})`);
    if (this.target.detach) return this.detached(started);
    return this.follow(started);
  }

  /** `--detach`: the run id on stdout (for `RUN=$(…)`), and on stderr what happens next. */
  private async detached(run: RunView): Promise<ExitCodeValue> {
    const { progress } = this.target;
    if (run.status === 'pending_approval') {
      const approval = await this.loadApproval(run);
      progress.step(
        `held for approval by ${approval ? approval.requirement.description : 'an approver'} (approval ${run.approvalId ?? '?'})`,
      );
    } else {
      progress.step(`${run.status.replace('_', ' ')}`);
    }
    progress.step(`fetch the result with: autogen-gate wait ${run.runId}`);
    this.target.stdout.write(`${run.runId}\n`);
    return ExitCode.ok;
  }

  /** Re-attaches to a run (for `autogen-gate wait`); `runId` may be the first characters of the id. */
  async attach(runId: string): Promise<ExitCodeValue> {
    let run: RunView;
    try {
      run = await this.target.client.run(await resolveSessionId(this.target.client, runId, 'run'));
    } catch (error) {
      return this.fail('', runId, error);
    }
    this.target.progress.step(`attached to run ${run.runId} (${run.generator}, ${run.status})`);
    return this.follow(run);
  }

  private async follow(initial: RunView): Promise<ExitCodeValue> {
    const { client, progress, waitMs } = this.target;
    const deadline = Date.now() + waitMs;
    let run = initial;
    let announced = '';
    const announce = async (current: RunView): Promise<void> => {
      if (current.status === announced) return;
      announced = current.status;
      if (current.status === 'pending_approval') {
        const approval = await this.loadApproval(current);
        const who = approval ? approval.requirement.description : 'an approver';
        progress.step(`waiting for approval by ${who}: ${this.target.gatewayUrl}${current.links.approval ?? ''}`);
      } else if (current.status === 'approved' || current.status === 'running') {
        await this.showApprovers(current);
        progress.waiting(`running ${current.generator}…`);
      }
    };
    try {
      await announce(run);
      while (!isFinalStatus(run.status)) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
          progress.stop();
          return this.finish(run, ExitCode.waitTimedOut, {
            code: 'wait_timed_out',
            message: `still ${run.status === 'pending_approval' ? 'waiting for approval' : run.status} after ${Math.round(waitMs / 1000)} s; the run stays ${run.status}. Re-attach with: autogen-gate wait ${run.runId}`,
          });
        }
        if (run.status === 'pending_approval') progress.waiting(`waiting for approval (${Math.ceil(remaining / 1000)} s left)`);
        run = await client.run(run.runId, { waitSeconds: Math.max(1, Math.min(POLL_SECONDS, Math.ceil(remaining / 1000))) });
        await announce(run);
      }
    } catch (error) {
      progress.stop();
      return this.fail(run.generator, run.runId, error);
    }
    progress.stop();
    return this.complete(run);
  }

  /** Says who approved, once; the run may have gone from pending to done within one poll. */
  private async showApprovers(run: RunView): Promise<void> {
    if (this.approvedShown || !run.approvalId) return;
    const approval = await this.loadApproval(run, true);
    const votes = approval?.votes.filter((vote) => vote.decision === 'approve' && vote.withdrawnAt === undefined) ?? [];
    if (votes.length === 0) return;
    this.approvedShown = true;
    this.target.progress.step(`approved by ${votes.map(approverName).join(', ')}${votes[0]?.reason ? `: "${votes[0].reason}"` : ''}`);
  }

  private async complete(run: RunView): Promise<ExitCodeValue> {
    const { progress } = this.target;
    switch (run.status) {
      case 'succeeded': {
        await this.showApprovers(run);
        const text = run.result?.text ?? '';
        if (this.target.outFile) writeOutputFile(this.target.outFile, text);
        const masked =
          run.masking.count === 0
            ? 'nothing masked'
            : `${run.masking.count} value${run.masking.count === 1 ? '' : 's'} masked (${Object.entries(run.masking.byDetector)
                .map(([kind, n]) => `${kind} ${n}`)
                .join(', ')})`;
        progress.step(`done: ${masked}${this.target.outFile ? `; written to ${this.target.outFile}` : ''}`);
        if (!this.target.outFile && !this.target.json) this.target.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
        return this.finish(run, ExitCode.ok, undefined);
      }
      case 'approval_denied':
      case 'expired':
      case 'cancelled': {
        const approval = await this.loadApproval(run, true);
        const outcome = approval?.outcome;
        const by = approval?.votes.find((vote) => vote.decision === 'deny');
        const message =
          run.status === 'approval_denied'
            ? `approval denied${by ? ` by ${approverName(by)}: "${by.reason}"` : ''}`
            : run.status === 'expired'
              ? `the approval request expired${outcome?.reason ? ` (${outcome.reason})` : ''}`
              : `the request was withdrawn${outcome?.reason ? ` (${outcome.reason})` : ''}`;
        return this.finish(run, ExitCode.approvalDeniedOrExpired, { code: run.status, message });
      }
      case 'interrupted':
        return this.finish(run, ExitCode.interrupted, {
          code: 'interrupted',
          message: `the run was interrupted: ${run.error?.message ?? 'the gateway stopped while it was in flight'}; it was not retried, run it again`,
        });
      case 'denied':
        return this.finish(run, ExitCode.deniedByPolicy, {
          code: 'denied_by_policy',
          message: `denied by policy (rule ${run.decision.ruleId})`,
        });
      default:
        return this.finish(run, ExitCode.upstreamFailed, {
          code: run.error?.code ?? 'failed',
          message: `the run failed: ${run.error?.message ?? run.status}`,
        });
    }
  }

  private async loadApproval(run: RunView, refresh = false): Promise<ApprovalDetailView | undefined> {
    if (!run.approvalId) return undefined;
    if (this.approval && !refresh && this.approval.approvalId === run.approvalId && run.status === 'pending_approval') return this.approval;
    try {
      this.approval = await this.target.client.approval(run.approvalId);
    } catch {
      // The approval details are a courtesy for the log; the run's status is what decides.
    }
    return this.approval;
  }

  private fail(generator: string, runId: string | undefined, error: unknown): ExitCodeValue {
    const { code, message } = exitFor(error, this.target.gatewayUrl);
    const gatewayError = error instanceof GatewayError ? error : undefined;
    const failedRunId = runId ?? (typeof gatewayError?.details['runId'] === 'string' ? gatewayError.details['runId'] : undefined);
    this.target.stderr.write(`autogen-gate: ${message}\n`);
    if (this.target.json) {
      this.print({
        runId: failedRunId,
        sessionId: failedRunId,
        generator,
        status: 'error',
        decision: gatewayError?.ruleId ? { effect: 'deny', ruleId: gatewayError.ruleId } : undefined,
        approval: undefined,
        masking: undefined,
        output: undefined,
        result: undefined,
        error: { code: gatewayError?.code ?? 'error', message },
        exitCode: code,
      });
    }
    return code;
  }

  private finish(run: RunView, exitCode: ExitCodeValue, error: { code: string; message: string } | undefined): ExitCodeValue {
    if (error) this.target.stderr.write(`autogen-gate: ${error.message}\n`);
    if (this.target.json) {
      const approval = this.approval;
      this.print({
        runId: run.runId,
        sessionId: run.runId,
        generator: run.generator,
        status: run.status,
        decision: run.decision,
        approval: approval
          ? {
              id: approval.approvalId,
              status: approval.status,
              decisions: approval.votes.map((vote) => ({
                by: approverName(vote),
                decision: vote.decision,
                reason: vote.reason,
                at: vote.at,
              })),
            }
          : undefined,
        masking: run.masking,
        output: run.status === 'succeeded' ? this.target.outFile : undefined,
        result: run.status === 'succeeded' && !this.target.outFile ? run.result?.text : undefined,
        error,
        exitCode,
      });
    }
    return exitCode;
  }

  private print(summary: RunSummary): void {
    this.target.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  }
}
