/**
 * Honest recovery: every gateway process beats a heartbeat into the store, and what a dead one
 * left in flight is closed, audited, and never retried. A process is dead when its heartbeat is
 * older than the store's replica timeout; with SQLite (one gateway per file) every other process
 * is, so a restart closes what the previous one left.
 *
 * In flight means: a session `running` (a forwarded request, or an approved run claimed for
 * execution), or a WebSocket start held for approval (its socket died with the process). Such a
 * session becomes `interrupted`; its approval, if it was executing or held that start, becomes
 * `aborted` (outcome `interrupted`, input deleted). An approval left `executing` whose run did
 * finish is marked executed. Each close is a compare-and-set on the holder, so two live replicas
 * noticing the same death close each session once.
 */
import type { Logger } from '../observability/logger.js';
import { isStreamTarget } from '../approvals/streamTarget.js';
import { FINAL_RUN_STATUSES } from '../sessions/status.js';
import type { InFlightSession, Store } from '../store/types.js';

export interface LivenessOptions {
  readonly store: Store;
  /** A process whose last heartbeat is older than this is dead (0: every other process). */
  readonly replicaTimeoutMs: number;
  readonly heartbeatMs: number;
  readonly logger: Logger;
}

export interface RecoveryReport {
  /** Sessions closed as `interrupted`. */
  readonly interrupted: readonly string[];
  /** Approvals aborted because the process executing or holding them died. */
  readonly aborted: readonly string[];
  /** Approvals left `executing` whose run had finished: recorded as executed. */
  readonly executed: readonly string[];
  /** Dead processes forgotten. */
  readonly replicas: readonly string[];
}

const BATCH = 10_000;
const INTERRUPTED_MESSAGE =
  'The gateway stopped while this run was in flight; it was not retried (a run executes at most once). Run it again.';

export class ReplicaLiveness {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: LivenessOptions) {}

  /** Registers this process, closes what dead ones left, and keeps beating until `stop`. */
  async start(): Promise<RecoveryReport> {
    await this.options.store.checkWritable();
    const report = await this.recover();
    this.timer = setInterval(() => {
      this.running = this.running
        .then(async () => {
          await this.options.store.checkWritable();
          await this.recover();
        })
        .catch((error: unknown) => this.options.logger.error({ err: error }, 'heartbeat or recovery failed; the next beat retries'));
    }, this.options.heartbeatMs);
    this.timer.unref();
    return report;
  }

  /** Stops beating and deregisters (what this process still holds is closed by the next to notice). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running.catch(() => undefined);
    const { store } = this.options;
    await store.transact((tx) => tx.replicas.remove([store.replica.id])).catch(() => undefined);
  }

  /** One pass: closes what dead processes left in flight, then forgets them. */
  async recover(): Promise<RecoveryReport> {
    const { store, logger } = this.options;
    const now = store.clock().getTime();
    const replicas = await store.replicas.list();
    const alive = new Set(
      replicas
        .filter((replica) => replica.id === store.replica.id || now - Date.parse(replica.heartbeatAt) < this.options.replicaTimeoutMs)
        .map((replica) => replica.id),
    );
    const dead = (holder: string | undefined): boolean => holder === undefined || !alive.has(holder);
    const report = { interrupted: [] as string[], aborted: [] as string[], executed: [] as string[], replicas: [] as string[] };

    for (const session of await store.sessions.inFlight(BATCH)) {
      if (!dead(session.replicaId)) continue;
      const outcome = await this.close(session);
      if (outcome.closed) report.interrupted.push(session.id);
      if (outcome.aborted) report.aborted.push(outcome.aborted);
    }
    for (const approval of await store.approvals.inStatus(['executing'], BATCH)) {
      const session = await store.getSession(approval.sessionId);
      if (!session || !FINAL_RUN_STATUSES.includes(session.status) || !dead(session.replicaId)) continue;
      if (await this.markExecuted(approval.id, approval.sessionId, session.status, session.completedAt)) report.executed.push(approval.id);
    }
    const gone = replicas.filter((replica) => !alive.has(replica.id)).map((replica) => replica.id);
    if (gone.length > 0) await store.transact((tx) => tx.replicas.remove(gone));
    report.replicas.push(...gone);
    if (report.interrupted.length + report.aborted.length + report.executed.length > 0)
      logger.warn(report, 'closed what stopped gateway processes left in flight (recorded as interrupted, not retried)');
    return report;
  }

  /** Closes one session a dead process held, and the approval that was executing or holding it. */
  private async close(session: InFlightSession): Promise<{ closed: boolean; aborted: string | undefined }> {
    return this.options.store.transact(async (tx) => {
      const at = tx.now.toISOString();
      const approval = session.approvalId === undefined ? undefined : await tx.approvals.getForUpdate(session.approvalId);
      const heldStart =
        approval !== undefined && isStreamTarget(approval.generator) && (approval.status === 'pending' || approval.status === 'approved');
      // A held run (not a stream start) waiting for approval is not in flight: any replica executes it once approved.
      if (session.status !== 'running' && !heldStart) return { closed: false, aborted: undefined };
      const closed = await tx.sessions.closeInFlight(
        session.id,
        { status: session.status, replicaId: session.replicaId },
        { status: 'interrupted', completedAt: at, error: { code: 'interrupted', message: INTERRUPTED_MESSAGE } },
      );
      if (!closed) return { closed: false, aborted: undefined };
      await tx.appendAudit({
        type: 'session.completed',
        actor: 'gateway',
        sessionId: session.id,
        data: {
          status: 'interrupted',
          httpStatus: null,
          upstreamStatus: null,
          responseBytes: null,
          masked: {},
          maskedCount: 0,
          error: 'interrupted',
          heldBy: session.replicaId ?? null,
        },
      });
      if (!approval || !(heldStart || approval.status === 'executing')) return { closed: true, aborted: undefined };
      const reason = heldStart
        ? 'The gateway holding this start stopped; the connection that would have received it is gone.'
        : 'The gateway stopped while the run executed; it is not retried, since a run executes at most once.';
      const moved = await tx.approvals.transition(approval.id, [approval.status], {
        status: 'aborted',
        at,
        ...(approval.status === 'pending' ? { decidedAt: at } : {}),
        deleteInput: true,
        outcome: { code: 'interrupted', reason, actor: 'gateway', at },
      });
      if (!moved) return { closed: true, aborted: undefined };
      await tx.appendAudit({
        type: 'approval.aborted',
        actor: 'gateway',
        sessionId: session.id,
        data: { approvalId: approval.id, outcome: 'interrupted', reason, inputDeleted: true },
      });
      return { closed: true, aborted: approval.id };
    });
  }

  /** An approval still `executing` whose run finished before its process died: executed, as the run says. */
  private async markExecuted(approvalId: string, sessionId: string, runStatus: string, completedAt: string | undefined): Promise<boolean> {
    return this.options.store.transact(async (tx) => {
      const at = tx.now.toISOString();
      const moved = await tx.approvals.transition(approvalId, ['executing'], {
        status: 'executed',
        at,
        executedAt: completedAt ?? at,
        outcome: { code: runStatus === 'succeeded' ? 'succeeded' : 'failed', reason: undefined, actor: 'gateway', at },
      });
      if (moved)
        await tx.appendAudit({
          type: 'approval.executed',
          actor: 'gateway',
          sessionId,
          data: { approvalId, runStatus, recovered: true },
        });
      return moved;
    });
  }
}
