/**
 * Executing: an approved request is claimed once (compare-and-set), its held input decrypted and
 * checked to be exactly what was approved, by whom, under a policy that still allows it
 * (binding.ts), then the gateway itself runs it through the request path (or hands a held start
 * frame back to its socket). At start, approved requests are queued again; what a dead process
 * left executing is closed by recovery/liveness.ts.
 */
import { principalOf } from '../identity/types.js';
import type { SessionRecord } from '../store/types.js';
import type { RunStatus } from '../api/wire.js';
import { bindingHash } from './binding.js';
import { isStreamTarget, upstreamOfTarget } from './streamTarget.js';
import { inspectComponents } from '../upstreams/studio/components.js';
import { InputCipherError, inputAad, type SealedInput } from './inputCipher.js';
import type { ApprovalRecord, OutcomeCode, VoteRecord } from './repository.js';
import { countedApprovals } from './views.js';
import { lapseClosing, newEffects, type ApprovalLedger } from './ledger.js';
import type { ApprovalDeadlines } from './deadlines.js';
import type { ApprovalHolds } from './holds.js';

/** What a verified claim hands to execution. */
interface ExecutionPlan {
  readonly approval: ApprovalRecord;
  readonly session: SessionRecord;
  readonly input: Readonly<Record<string, unknown>>;
  readonly priorEvents: number;
  readonly actor: string;
}

type Verification =
  | { readonly ok: true; readonly input: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly code: OutcomeCode; readonly message: string };

export class ApprovalExecution {
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private active = 0;

  constructor(
    private readonly ledger: ApprovalLedger,
    private readonly holds: ApprovalHolds,
    private readonly deadlines: ApprovalDeadlines,
  ) {}

  /**
   * At start: re-queues approved requests and arms the deadline timer. Executions and held
   * stream starts a stopped process left are closed before this, by whichever gateway notices
   * the process is dead (recovery/liveness.ts), so a live replica's are never touched.
   */
  async recover(): Promise<void> {
    const { store } = this.ledger.options;
    for (const approval of await store.approvals.inStatus(['approved'], 10_000)) {
      if (!isStreamTarget(approval.generator)) this.enqueue(approval.id);
    }
    this.deadlines.timer.poke();
  }

  /** Stops taking work, stops the timer, and waits (up to `graceMs`) for executions in flight. */
  async stop(graceMs: number): Promise<void> {
    this.ledger.stopped = true;
    await this.deadlines.timer.stop();
    const pending = [...this.inFlight];
    if (pending.length === 0) return;
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
    if ((await Promise.race([Promise.allSettled(pending).then(() => 'done' as const), timeout])) === 'timeout') {
      this.ledger.options.logger.warn(
        { executions: pending.length },
        'approved runs still executing at shutdown; they will be recorded as interrupted at the next start',
      );
    }
  }

  enqueue(approvalId: string): void {
    if (this.ledger.stopped || this.queued.has(approvalId)) return;
    this.queued.add(approvalId);
    this.queue.push(approvalId);
    this.pump();
  }

  private pump(): void {
    const limit = this.ledger.options.config.approvals.maxConcurrentExecutions;
    while (!this.ledger.stopped && this.active < limit && this.queue.length > 0) {
      const id = this.queue.shift() as string;
      this.queued.delete(id);
      this.active++;
      const task = this.executeApproved(id)
        .catch((error: unknown) => this.ledger.options.logger.error({ err: error, approvalId: id }, 'executing an approved run failed'))
        .finally(() => {
          this.active--;
          this.inFlight.delete(task);
          this.pump();
        });
      this.inFlight.add(task);
    }
  }

  private async executeApproved(approvalId: string): Promise<void> {
    const { store, executeRun, logger, config } = this.ledger.options;
    const before = await store.approvals.get(approvalId);
    if (!before || before.status !== 'approved') return;
    const session = await store.getSession(before.sessionId);
    const effects = newEffects();
    const plan = await this.ledger.write('approval_claim', async (tx): Promise<ExecutionPlan | undefined> => {
      const approval = await tx.approvals.getForUpdate(approvalId);
      if (!approval || approval.status !== 'approved') return undefined;
      if (approval.validUntil === undefined || tx.now.getTime() >= Date.parse(approval.validUntil)) {
        await this.ledger.close(tx, approval, lapseClosing(approval), effects);
        return undefined;
      }
      const sealed = await tx.approvals.claim(approval.id, tx.now.toISOString());
      if (!sealed) return undefined;
      const votes = await tx.approvals.votes(approval.id);
      const verification = this.verify(approval, sealed, votes, session);
      if (!verification.ok || !session) {
        const failure = verification.ok ? { code: 'input_unreadable' as const, message: 'the run record is missing' } : verification;
        await this.ledger.close(
          tx,
          approval,
          {
            from: ['executing'],
            status: 'aborted',
            code: failure.code,
            reason: failure.message,
            actor: 'gateway',
            runStatus: 'failed',
            error: { code: failure.code, message: `The approved run was not executed: ${failure.message}.` },
            auditType: 'approval.aborted',
            decides: false,
            change: 'aborted',
          },
          effects,
        );
        logger.error({ approvalId: approval.id, code: failure.code, reason: failure.message }, 'refused to execute an approved run');
        return undefined;
      }
      const priorEvents = await tx.nextMaskingSeq(approval.sessionId);
      await this.ledger.updateSession(tx, approval.sessionId, { status: 'running' });
      const approvers = countedApprovals(votes).map((counted) => counted.approver);
      await tx.appendAudit({
        type: 'approval.execution_started',
        actor: 'gateway',
        sessionId: approval.sessionId,
        data: {
          approvalId: approval.id,
          bindingHash: approval.bindingHash,
          bindingVerified: true,
          approvedBy: approvers,
          inputDeleted: true,
        },
      });
      effects.changes.push({ approvalId: approval.id, change: 'executing', actor: 'gateway', run: true });
      return { approval, session, input: verification.input, priorEvents, actor: approvers[approvers.length - 1] ?? 'gateway' };
    });
    await this.ledger.afterCommit(effects);
    if (!plan) return;
    if (isStreamTarget(plan.approval.generator)) {
      const votes = await store.approvals.votes(plan.approval.id);
      const names = countedApprovals(votes).map(
        (counted) => votes.find((vote) => vote.approver === counted.approver)?.approverView.name ?? counted.approver,
      );
      await this.releaseStream(plan, names);
      return;
    }

    const generator = config.generators.get(plan.approval.generator);
    let runStatus: RunStatus = 'failed';
    try {
      if (!generator) throw new Error(`generator ${plan.approval.generator} is no longer configured`);
      const run = await executeRun({
        sessionId: plan.approval.sessionId,
        generator,
        input: plan.input,
        identity: plan.session.identity,
        requestId: plan.session.requestId,
        actor: plan.actor,
      });
      runStatus = run.status;
    } catch (error) {
      // Upstream failures were recorded on the session by `execute`; the approval is spent either way.
      logger.warn({ approvalId, err: error }, 'an approved run failed');
    }
    const done = newEffects();
    await this.ledger.write('approval_executed', async (tx) => {
      const at = tx.now.toISOString();
      const code: OutcomeCode = runStatus === 'succeeded' ? 'succeeded' : 'failed';
      if (
        await tx.approvals.transition(approvalId, ['executing'], {
          status: 'executed',
          at,
          executedAt: at,
          outcome: { code, reason: undefined, actor: 'gateway', at },
        })
      ) {
        await tx.appendAudit({
          type: 'approval.executed',
          actor: 'gateway',
          sessionId: plan.approval.sessionId,
          data: { approvalId, runStatus },
        });
        done.changes.push({ approvalId, change: 'executed', actor: 'gateway', run: true });
        this.ledger.options.approvalMetrics.outcomes.inc({ outcome: `executed_${code}` });
      }
    });
    await this.ledger.afterCommit(done);
  }

  /** Decrypts the held input and checks it is exactly what was approved, by whom, under a policy that still allows it. */
  private verify(
    approval: ApprovalRecord,
    sealed: SealedInput,
    votes: readonly VoteRecord[],
    session: SessionRecord | undefined,
  ): Verification {
    if (!session) return { ok: false, code: 'input_unreadable', message: 'the run record is missing' };
    let plaintext: Buffer;
    try {
      plaintext = this.ledger.options.cipher.open(sealed, inputAad(approval.id, approval.bindingHash));
    } catch (error) {
      if (error instanceof InputCipherError && error.code === 'tampered')
        return {
          ok: false,
          code: 'binding_mismatch',
          message: 'the held input does not authenticate against this approval (altered or moved)',
        };
      return {
        ok: false,
        code: 'input_unreadable',
        message: error instanceof Error ? error.message : 'the held input cannot be decrypted',
      };
    }
    let input: unknown;
    try {
      input = JSON.parse(plaintext.toString('utf8'));
    } catch {
      return { ok: false, code: 'input_unreadable', message: 'the held input is not JSON' };
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      return { ok: false, code: 'input_unreadable', message: 'the held input is not an object' };
    const record = input as Readonly<Record<string, unknown>>;
    const recomputed = bindingHash({ generator: approval.generator, input: record, requester: approval.requester });
    if (recomputed !== approval.bindingHash)
      return { ok: false, code: 'binding_mismatch', message: 'the held input does not match the approved request hash' };
    if (isStreamTarget(approval.generator)) return this.verifyStream(approval, record, votes, session);
    if (
      principalOf(session.identity) !== approval.requester ||
      session.generator !== approval.generator ||
      session.approvalId !== approval.id
    ) {
      return { ok: false, code: 'binding_mismatch', message: 'the run record names another requester, generator or approval' };
    }
    const stale = votes.find(
      (vote) => vote.withdrawnAt === undefined && vote.decision === 'approve' && vote.bindingHash !== approval.bindingHash,
    );
    if (stale)
      return { ok: false, code: 'binding_mismatch', message: `the approval of ${stale.approver} was given for another request hash` };
    if (!this.ledger.options.config.generators.has(approval.generator))
      return { ok: false, code: 'policy_changed', message: `generator ${approval.generator} is no longer configured` };
    const now = this.ledger.options.policy.decide(session.identity, { kind: 'generator', name: approval.generator });
    if (now.effect === 'deny')
      return { ok: false, code: 'policy_changed', message: `the policy in force now denies this run (rule ${now.ruleId})` };
    return { ok: true, input: record };
  }

  /** The checks of `verify` for a held WebSocket start: same requester and session, policy still allows it. */
  private verifyStream(
    approval: ApprovalRecord,
    input: Readonly<Record<string, unknown>>,
    votes: readonly VoteRecord[],
    session: SessionRecord,
  ): Verification {
    if (principalOf(session.identity) !== approval.requester || session.approvalId !== approval.id) {
      return { ok: false, code: 'binding_mismatch', message: 'the connection record names another requester or approval' };
    }
    const stale = votes.find(
      (vote) => vote.withdrawnAt === undefined && vote.decision === 'approve' && vote.bindingHash !== approval.bindingHash,
    );
    if (stale)
      return { ok: false, code: 'binding_mismatch', message: `the approval of ${stale.approver} was given for another request hash` };
    const upstream = upstreamOfTarget(approval.generator);
    const now = this.ledger.options.policy.decide(session.identity, {
      kind: 'upstream',
      name: upstream,
      codeExecution: inspectComponents(input['team_config'] ?? {}).executesCode,
    });
    if (now.effect === 'deny')
      return { ok: false, code: 'policy_changed', message: `the policy in force now denies this run (rule ${now.ruleId})` };
    return { ok: true, input };
  }

  /** An approved stream start: hand it back to its socket (executing = released), or abort if the socket is gone. */
  private async releaseStream(plan: ExecutionPlan, approvers: readonly string[]): Promise<void> {
    const resolve = this.holds.takeStream(plan.approval.id);
    const done = newEffects();
    await this.ledger.write('approval_executed', async (tx) => {
      const at = tx.now.toISOString();
      if (resolve) {
        if (
          await tx.approvals.transition(plan.approval.id, ['executing'], {
            status: 'executed',
            at,
            executedAt: at,
            outcome: { code: 'succeeded', reason: 'released to the runtime', actor: 'gateway', at },
          })
        ) {
          await tx.appendAudit({
            type: 'approval.executed',
            actor: 'gateway',
            sessionId: plan.approval.sessionId,
            data: { approvalId: plan.approval.id, released: 'start frame' },
          });
          done.changes.push({ approvalId: plan.approval.id, change: 'executed', actor: 'gateway', run: true });
        }
        return;
      }
      await this.ledger.close(
        tx,
        plan.approval,
        {
          from: ['executing'],
          status: 'aborted',
          code: 'interrupted',
          reason: 'The client connection that held this start was gone when it was approved.',
          actor: 'gateway',
          runStatus: 'cancelled',
          error: { code: 'interrupted', message: 'The connection ended before the approval arrived.' },
          auditType: 'approval.aborted',
          decides: false,
          change: 'aborted',
        },
        done,
      );
    });
    await this.ledger.afterCommit(done);
    resolve?.({ approved: true, approvers });
  }
}
