/**
 * Just-in-time approvals: runs that policy says need an approval are held here until the rule's
 * approvers decide, then the gateway itself executes exactly the request that was approved.
 *
 * Guarantees, and where they come from:
 * - Held input is encrypted at rest (inputCipher.ts) and deleted when the request closes or
 *   starts executing; the session keeps only its masked form.
 * - Each decision is one store unit of work: read, check, vote, status change, session update and
 *   audit entries commit together. The unit locks the approval it decides on (`getForUpdate`) and
 *   every status change is a compare-and-set, so two approvers at the same moment (on one gateway
 *   or on replicas sharing the database) give one decision, and an approved request is claimed
 *   for execution once.
 * - Before forwarding, the binding hash is recomputed from the decrypted input and compared with
 *   the request's and every approval's (binding.ts); the policy is asked again.
 * - Deadlines live in the store and a timer acts on them (deadlineTimer.ts): requests expire on
 *   time with nobody looking, and after a restart.
 * - Every step appends an audit entry with its actor; refused attempts too.
 */
import { randomUUID } from 'node:crypto';
import { GateError } from '../errors.js';
import { principalOf, type Identity } from '../identity/types.js';
import type { ApprovalRequirement, GatewayConfig } from '../config/types.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { PolicyDecision, PolicyEngine } from '../policy/engine.js';
import type { ApprovedRun, HoldRequest } from '../pipeline/entries/generatorRun.js';
import type { MaskingProfiles } from '../runs/maskingProfiles.js';
import { summarize, type SessionRecorder } from '../recording/sessionRecorder.js';
import { StoreError, type SessionRecord, type SessionUpdate, type Store, type StoreTx } from '../store/types.js';
import { aggregateMaskingEvents } from '../sessions/maskingEvents.js';
import { sealMaskingEvents } from '../audit/maskingDigest.js';
import { BUILTIN_PROFILE } from '../masking/config.js';
import { isAuditor } from '../api/access.js';
import { principalView, runView } from '../api/views.js';
import {
  FINAL_RUN_STATUSES,
  type ApprovalDetailView,
  type ApprovalPageView,
  type ApprovalStatus,
  type ApprovalVerdict,
  type RunStatus,
  type RunView,
} from '../api/wire.js';
import { bindingHash } from './binding.js';
import { isStreamTarget, streamTarget, upstreamOfTarget } from './streamTarget.js';
import { inspectComponents } from '../upstreams/studio/components.js';
import type { StreamApprovalOutcome, StreamApprovalRequest } from '../pipeline/entries/studioStream.js';
import type { WebhookEvent } from './configSchema.js';
import { DeadlineTimer } from './deadlineTimer.js';
import { decideRefusal, maySee, revokePlan, type Refusal } from './eligibility.js';
import type { Audience, EventBus } from './eventBus.js';
import { InputCipherError, inputAad, type InputCipher, type SealedInput } from './inputCipher.js';
import type { ApprovalMetrics } from './metrics.js';
import { approverGroupsOf, evaluateQuorum } from './quorum.js';
import type { ApprovalRecord, ApprovalStatusFilter, OutcomeCode, VoteRecord } from './repository.js';
import { normaliseReason } from './text.js';
import { countedApprovals, detailView, eventData, summaryView } from './views.js';

export interface ApprovalServiceOptions {
  readonly config: GatewayConfig;
  readonly store: Store;
  /** Executes an approved run (the request path resumes at `forward`). */
  readonly executeRun: (run: ApprovedRun) => Promise<RunView>;
  readonly policy: PolicyEngine;
  readonly masking: MaskingProfiles;
  readonly recorder: SessionRecorder;
  readonly cipher: InputCipher;
  readonly bus: EventBus;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  readonly approvalMetrics: ApprovalMetrics;
}

/** What a unit of work changed, acted on once it is durable. */
interface Effects {
  readonly changes: Array<{ readonly approvalId: string; readonly change: string; readonly actor: string; readonly run: boolean }>;
  readonly execute: string[];
  reschedule: boolean;
  deliveries: boolean;
}

function newEffects(): Effects {
  return { changes: [], execute: [], reschedule: false, deliveries: false };
}

/** A pending request about to be written, for a held run or a held stream start. */
interface NewRequest {
  readonly approvalId: string;
  readonly sessionId: string;
  readonly identity: Identity;
  /** The generator, or `upstream:NAME` for a stream start. */
  readonly generator: string;
  readonly decision: PolicyDecision;
  readonly requirement: ApprovalRequirement;
  readonly bindingHash: string;
  readonly sealed: SealedInput;
  readonly inputBytes: number;
  /** More facts for the `approval.requested` audit entry. */
  readonly auditData?: Readonly<Record<string, unknown>>;
}

/** How a held run closes without executing (or is aborted before it would). */
interface Closing {
  readonly from: readonly ApprovalStatus[];
  readonly status: ApprovalStatus;
  readonly code: OutcomeCode;
  readonly reason: string | undefined;
  readonly actor: string;
  readonly runStatus: RunStatus;
  readonly error: { readonly code: string; readonly message: string };
  readonly auditType: string;
  /** Sets decidedAt (the request leaves `pending` now). */
  readonly decides: boolean;
  readonly change: string;
  readonly auditData?: Readonly<Record<string, unknown>>;
}

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isFinalRun(status: RunStatus): boolean {
  return FINAL_RUN_STATUSES.includes(status);
}

function formatMs(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

export class ApprovalService {
  readonly expiry: DeadlineTimer;
  private readonly clock: () => Date;
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private active = 0;
  private stopped = false;
  /** Called when a webhook delivery was queued (wakes the dispatcher). */
  onDeliveryQueued: (() => void) | undefined;
  /** Held WebSocket starts, by approval id: how to answer the waiting socket. */
  private readonly streamWaiters = new Map<string, (outcome: StreamApprovalOutcome) => void>();

  constructor(private readonly options: ApprovalServiceOptions) {
    this.clock = options.store.clock;
    this.expiry = new DeadlineTimer('approval-deadlines', { run: () => this.sweep() }, this.clock, options.logger);
  }

  private webhookWants(event: WebhookEvent): boolean {
    return this.options.config.approvals.webhook?.events.includes(event) ?? false;
  }

  // ---- holding -------------------------------------------------------------------------------

  /** The run entry's hold step: records the session and the approval request in one unit, answers 202. */
  async hold(request: HoldRequest): Promise<RunView> {
    const { session: start, generator, input, decision } = request;
    const requirement = decision.approval;
    if (!requirement) throw new Error(`rule ${decision.ruleId} requires approval but states no approval requirement`);
    if (this.stopped)
      throw new GateError('shutting_down', 503, 'The gateway is shutting down; ask again shortly.', { headers: { 'Retry-After': '5' } });
    const approvalId = randomUUID();
    const requester = principalOf(start.identity);
    const hash = bindingHash({ generator: generator.name, input, requester });
    const plaintext = Buffer.from(JSON.stringify(input), 'utf8');
    const sealed = this.options.cipher.seal(plaintext, inputAad(approvalId, hash));
    const effects = newEffects();

    const sessionId = await this.options.recorder.begin({
      ...start,
      status: 'pending_approval',
      httpStatus: 202,
      approvalId,
      alsoWrite: (tx, sessionId) =>
        this.recordRequest(
          tx,
          {
            approvalId,
            sessionId,
            identity: start.identity,
            generator: generator.name,
            decision,
            requirement,
            bindingHash: hash,
            sealed,
            inputBytes: plaintext.length,
          },
          effects,
        ),
    });
    await this.announceRequest(approvalId, requester, decision.ruleId, effects);
    const session = await this.options.store.getSession(sessionId);
    if (!session) throw new Error(`session ${sessionId} vanished after it was recorded`);
    return runView(session);
  }

  /**
   * The WebSocket hook: a `start` frame that policy says must wait. The approval is recorded on the
   * connection's session; the returned promise settles when approvers decide (or the request
   * expires, or the client goes away). On approval the socket relay forwards the exact frame.
   */
  async holdStream(
    request: StreamApprovalRequest,
    pending: (approvalId: string) => void,
    signal: AbortSignal,
  ): Promise<StreamApprovalOutcome> {
    const requirement = request.decision.approval;
    if (!requirement) throw new Error(`rule ${request.decision.ruleId} requires approval but states no approval requirement`);
    if (this.stopped) throw new GateError('shutting_down', 503, 'The gateway is shutting down; ask again shortly.');
    const approvalId = randomUUID();
    const requester = principalOf(request.identity);
    const target = streamTarget(request.upstream);
    const input = { ...request.start };
    const hash = bindingHash({ generator: target, input, requester });
    const plaintext = Buffer.from(JSON.stringify(input), 'utf8');
    const sealed = this.options.cipher.seal(plaintext, inputAad(approvalId, hash));
    const effects = newEffects();
    const settled = new Promise<StreamApprovalOutcome>((resolve) => this.streamWaiters.set(approvalId, resolve));
    // What approvers see: the start frame, masked like everything the upstream returns.
    const upstreamConfig = this.options.config.upstreams.get(request.upstream);
    const shown =
      upstreamConfig?.masking === undefined
        ? { value: input, events: [] }
        : this.options.masking.masker(upstreamConfig.masking).maskJson(input);
    try {
      await this.write('approval_hold_stream', async (tx) => {
        await tx.updateSession(request.sessionId, {
          status: 'pending_approval',
          approvalId,
          request: { contentType: 'application/json', bytes: plaintext.length, body: shown.value },
        });
        const first = await tx.nextMaskingSeq(request.sessionId);
        const at = tx.now.toISOString();
        const occurrences = shown.events.map((event) => ({
          ...event,
          location: `request:start${event.location.startsWith('/') ? '' : ':'}${event.location}`,
        }));
        const shownEvents = aggregateMaskingEvents(request.sessionId, first, at, occurrences);
        if (shownEvents.length > 0) {
          await tx.addMaskingEvents(shownEvents);
          await tx.addMaskingSummary(request.sessionId, summarize(upstreamConfig?.masking, occurrences));
        }
        await this.recordRequest(
          tx,
          {
            approvalId,
            sessionId: request.sessionId,
            identity: request.identity,
            generator: target,
            decision: request.decision,
            requirement,
            bindingHash: hash,
            sealed,
            inputBytes: plaintext.length,
            auditData: {
              risk: request.evidence,
              ...(shownEvents.length > 0 ? { maskingEvents: sealMaskingEvents(first, shownEvents) } : {}),
            },
          },
          effects,
        );
      });
    } catch (error) {
      this.streamWaiters.delete(approvalId);
      throw error;
    }
    await this.announceRequest(approvalId, requester, request.decision.ruleId, effects);
    pending(approvalId);
    const onAbort = (): void => void this.cancelStream(approvalId, requester);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await settled;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Writes a new pending request (a run's or a stream start's): its row, its audit entry, its webhook. */
  private async recordRequest(tx: StoreTx, request: NewRequest, effects: Effects): Promise<void> {
    const { approvalId, sessionId, requirement, decision } = request;
    const requester = principalOf(request.identity);
    const expiresAt = new Date(tx.now.getTime() + requirement.pendingTtlMs).toISOString();
    await tx.approvals.insert({
      id: approvalId,
      sessionId,
      status: 'pending',
      createdAt: tx.now.toISOString(),
      expiresAt,
      requester,
      requesterView: principalView(request.identity),
      generator: request.generator,
      ruleId: decision.ruleId,
      policyVersion: this.options.config.source.version,
      requirement,
      bindingHash: request.bindingHash,
      sealed: request.sealed,
    });
    await tx.appendAudit({
      type: 'approval.requested',
      actor: requester,
      sessionId,
      data: {
        approvalId,
        generator: request.generator,
        ruleId: decision.ruleId,
        approvers: requirement.approvers,
        quorum: requirement.quorum,
        pendingTtlMs: requirement.pendingTtlMs,
        validForMs: requirement.validForMs,
        expiresAt,
        bindingHash: request.bindingHash,
        inputKeyId: request.sealed.keyId,
        inputBytes: request.inputBytes,
        ...request.auditData,
      },
    });
    await this.queueDelivery(tx, approvalId, 'requested', effects);
  }

  /** After a new request committed: live events, the expiry timer, the metric. */
  private async announceRequest(approvalId: string, requester: string, ruleId: string, effects: Effects): Promise<void> {
    effects.changes.push({ approvalId, change: 'requested', actor: requester, run: true });
    effects.reschedule = true;
    this.options.approvalMetrics.requested.inc({ rule: ruleId });
    await this.afterCommit(effects);
  }

  /** The client of a held start went away: the request is withdrawn on its behalf. */
  private async cancelStream(approvalId: string, requester: string): Promise<void> {
    const effects = newEffects();
    await this.write('approval_cancel_stream', async (tx) => {
      const approval = await tx.approvals.getForUpdate(approvalId);
      if (!approval) return;
      await this.close(
        tx,
        approval,
        {
          from: ['pending', 'approved'],
          status: 'cancelled',
          code: 'cancelled',
          reason: 'The client closed its connection before the run was released.',
          actor: requester,
          runStatus: 'cancelled',
          error: { code: 'approval_cancelled', message: 'The client closed its connection while the run waited for approval.' },
          auditType: 'approval.cancelled',
          decides: approval.status === 'pending',
          change: 'cancelled',
        },
        effects,
      );
    }).catch((error: unknown) =>
      this.options.logger.error({ err: error, approvalId }, 'could not withdraw a held start whose client went away'),
    );
    await this.afterCommit(effects);
  }

  /** Answers the socket waiting on a stream approval that ended without being released. */
  private settleStream(approval: ApprovalRecord): void {
    const resolve = this.streamWaiters.get(approval.id);
    if (!resolve || approval.status === 'pending' || approval.status === 'approved' || approval.status === 'executing') return;
    this.streamWaiters.delete(approval.id);
    const reason = approval.outcome?.reason ?? approval.status;
    resolve(
      approval.status === 'denied'
        ? { approved: false, status: 'approval_denied', reason }
        : approval.status === 'expired'
          ? { approved: false, status: 'expired', reason }
          : { approved: false, status: 'cancelled', reason },
    );
  }

  /** An approved stream start: hand it back to its socket (executing = released), or abort if the socket is gone. */
  private async releaseStream(plan: ExecutionPlan, approvers: readonly string[]): Promise<void> {
    const resolve = this.streamWaiters.get(plan.approval.id);
    this.streamWaiters.delete(plan.approval.id);
    const done = newEffects();
    await this.write('approval_executed', async (tx) => {
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
      await this.close(
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
    await this.afterCommit(done);
    resolve?.({ approved: true, approvers });
  }

  // ---- deciding ------------------------------------------------------------------------------

  async decide(caller: Identity, approvalId: string, body: unknown): Promise<ApprovalDetailView> {
    const { decision, reason } = this.parseDecision(body);
    const principal = principalOf(caller);
    const effects = newEffects();
    const result = await this.write(
      'approval_decide',
      async (tx): Promise<{ kind: 'missing' } | { kind: 'refused'; refusal: Refusal } | { kind: 'ok' }> => {
        const approval = UUID.test(approvalId) ? await tx.approvals.getForUpdate(approvalId) : undefined;
        if (!approval) return { kind: 'missing' };
        const votes = await tx.approvals.votes(approval.id);
        const refusal = decideRefusal(caller, approval, votes, tx.now);
        if (refusal) {
          await this.refuse(tx, caller, approval, 'decide', refusal, { decision }, effects);
          return { kind: 'refused', refusal };
        }
        const at = tx.now.toISOString();
        const voteSeq = (votes[votes.length - 1]?.seq ?? 0) + 1;
        const masked = await this.maskText(tx, approval, reason, `approval:/votes/${voteSeq}/reason`);
        const groups = approverGroupsOf(approval.requirement, caller.groups);
        const vote: VoteRecord = {
          approvalId: approval.id,
          seq: voteSeq,
          approver: principal,
          approverView: principalView(caller),
          groups,
          decision,
          reason: masked.text,
          bindingHash: approval.bindingHash,
          at,
          withdrawnAt: undefined,
          withdrawReason: undefined,
        };
        await tx.approvals.addVote(vote);
        await tx.appendAudit({
          type: 'approval.vote_recorded',
          actor: principal,
          sessionId: approval.sessionId,
          data: {
            approvalId: approval.id,
            decision,
            reason: masked.text,
            countsFor: groups,
            bindingHash: approval.bindingHash,
            voteSeq,
            ...masked.seal,
          },
        });
        this.options.approvalMetrics.decisions.inc({ decision });

        if (decision === 'deny') {
          await this.close(
            tx,
            approval,
            {
              from: ['pending'],
              status: 'denied',
              code: 'denied',
              reason: masked.text,
              actor: principal,
              runStatus: 'approval_denied',
              error: { code: 'approval_denied', message: `Denied by ${caller.name ?? caller.subject}: ${masked.text}` },
              auditType: 'approval.denied',
              decides: true,
              change: 'denied',
            },
            effects,
          );
          return { kind: 'ok' };
        }

        const progress = evaluateQuorum(approval.requirement, countedApprovals([...votes, vote]));
        if (!progress.satisfied) {
          effects.changes.push({ approvalId: approval.id, change: 'vote', actor: principal, run: false });
          return { kind: 'ok' };
        }
        const validUntil = new Date(tx.now.getTime() + approval.requirement.validForMs).toISOString();
        const moved = await tx.approvals.transition(approval.id, ['pending'], { status: 'approved', at, decidedAt: at, validUntil });
        if (!moved) throw new Error(`approval ${approval.id} changed inside its own unit of work`);
        await this.updateSession(tx, approval.sessionId, { status: 'approved' });
        await tx.appendAudit({
          type: 'approval.approved',
          actor: principal,
          sessionId: approval.sessionId,
          data: {
            approvalId: approval.id,
            approvedBy: countedApprovals([...votes, vote]).map((counted) => counted.approver),
            quorum: approval.requirement.quorum,
            progress: progress.summary,
            validUntil,
            bindingHash: approval.bindingHash,
          },
        });
        await this.queueDelivery(tx, approval.id, 'decided', effects);
        effects.changes.push({ approvalId: approval.id, change: 'approved', actor: principal, run: true });
        effects.execute.push(approval.id);
        effects.reschedule = true;
        return { kind: 'ok' };
      },
    );
    await this.afterCommit(effects);
    if (result.kind === 'missing') throw new GateError('not_found', 404, 'No approval with that id is visible to you.');
    if (result.kind === 'refused') throw new GateError(result.refusal.code, result.refusal.status, result.refusal.message);
    return this.view(caller, approvalId);
  }

  async revoke(caller: Identity, approvalId: string, body: unknown): Promise<ApprovalDetailView> {
    const reason = this.parseReason(typeof body === 'object' && body !== null ? (body as { reason?: unknown }).reason : undefined);
    const principal = principalOf(caller);
    const effects = newEffects();
    const result = await this.write(
      'approval_revoke',
      async (tx): Promise<{ kind: 'missing' } | { kind: 'refused'; refusal: Refusal } | { kind: 'ok' }> => {
        const approval = UUID.test(approvalId) ? await tx.approvals.getForUpdate(approvalId) : undefined;
        if (!approval) return { kind: 'missing' };
        const votes = await tx.approvals.votes(approval.id);
        const plan = revokePlan(caller, approval, votes, tx.now);
        if ('refusal' in plan) {
          await this.refuse(tx, caller, approval, 'revoke', plan.refusal, {}, effects);
          return { kind: 'refused', refusal: plan.refusal };
        }
        const masked = await this.maskText(tx, approval, reason, `approval:/${plan.action}/reason`);
        const who = caller.name ?? caller.subject;
        if (plan.action === 'withdraw') {
          const at = tx.now.toISOString();
          if (!(await tx.approvals.withdrawVote(approval.id, principal, at, masked.text)))
            throw new Error('standing vote vanished inside its unit of work');
          await tx.appendAudit({
            type: 'approval.vote_withdrawn',
            actor: principal,
            sessionId: approval.sessionId,
            data: { approvalId: approval.id, reason: masked.text, ...masked.seal },
          });
          effects.changes.push({ approvalId: approval.id, change: 'vote_withdrawn', actor: principal, run: false });
          return { kind: 'ok' };
        }
        const cancel = plan.action === 'cancel';
        await this.close(
          tx,
          approval,
          {
            from: cancel ? ['pending', 'approved'] : ['approved'],
            status: cancel ? 'cancelled' : 'revoked',
            code: cancel ? 'cancelled' : 'revoked',
            reason: masked.text,
            actor: principal,
            runStatus: 'cancelled',
            error: cancel
              ? { code: 'approval_cancelled', message: `Withdrawn by the requester: ${masked.text}` }
              : { code: 'approval_revoked', message: `Approval revoked by ${who}: ${masked.text}` },
            auditType: cancel ? 'approval.cancelled' : 'approval.revoked',
            decides: approval.status === 'pending',
            change: cancel ? 'cancelled' : 'revoked',
            auditData: masked.seal,
          },
          effects,
        );
        return { kind: 'ok' };
      },
    );
    await this.afterCommit(effects);
    if (result.kind === 'missing') throw new GateError('not_found', 404, 'No approval with that id is visible to you.');
    if (result.kind === 'refused') throw new GateError(result.refusal.code, result.refusal.status, result.refusal.message);
    return this.view(caller, approvalId);
  }

  // ---- reading -------------------------------------------------------------------------------

  async view(caller: Identity, approvalId: string): Promise<ApprovalDetailView> {
    const { store, config } = this.options;
    const approval = UUID.test(approvalId) ? await store.approvals.get(approvalId) : undefined;
    // Someone else's approval is reported as missing, like someone else's run.
    if (!approval || !maySee(caller, approval, isAuditor(config.access, caller)))
      throw new GateError('not_found', 404, 'No approval with that id is visible to you.');
    const votes = await store.approvals.votes(approval.id);
    const session = await store.getSession(approval.sessionId);
    return detailView(config, caller, approval, votes, session, this.clock());
  }

  async list(
    caller: Identity,
    query: {
      readonly status: ApprovalStatusFilter;
      readonly scope: 'mine' | 'all';
      readonly role: 'approver' | 'requester' | 'any';
      readonly limit: number;
      readonly cursor: string | undefined;
    },
  ): Promise<ApprovalPageView> {
    const { store, config } = this.options;
    const auditor = isAuditor(config.access, caller);
    if (query.scope === 'all' && !auditor) throw new GateError('forbidden', 403, 'Only auditors may list every approval (scope=all).');
    let page;
    try {
      page = await store.approvals.list({
        everything: query.scope === 'all',
        principal: principalOf(caller),
        groups: caller.groups,
        status: query.status,
        role: query.role,
        limit: query.limit,
        cursor: query.cursor,
      });
    } catch (error) {
      if (error instanceof StoreError && error.message === 'invalid cursor')
        throw new GateError('bad_request', 400, 'Query parameter cursor is not valid.');
      throw error;
    }
    const votes = await store.approvals.votesFor(page.approvals.map((approval) => approval.id));
    const now = this.clock();
    return {
      approvals: page.approvals.map((approval) =>
        summaryView(
          caller,
          approval,
          votes.filter((vote) => vote.approvalId === approval.id),
          now,
        ),
      ),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * Waits until run `runId` reaches a final status (or, with `from`, until its status is no longer
   * `from`), or `timeoutMs` passes, or `signal` aborts; resolves with the session as it then is.
   */
  async waitForRun(
    runId: string,
    timeoutMs: number,
    options: { readonly signal?: AbortSignal; readonly from?: RunStatus } = {},
  ): Promise<SessionRecord | undefined> {
    const { store, bus } = this.options;
    const settled = (status: RunStatus): boolean => isFinalRun(status) || (options.from !== undefined && status !== options.from);
    const done = new AbortController();
    // Subscribe before reading, so a change between the read and the subscription is not missed.
    const waiting = bus.waitFor(
      (event) => event.type === 'run.updated' && event.data.runId === runId && settled(event.data.status),
      timeoutMs,
      options.signal ? AbortSignal.any([options.signal, done.signal]) : done.signal,
    );
    const session = await store.getSession(runId);
    if (!session || settled(session.status) || timeoutMs <= 0) {
      done.abort();
      await waiting;
      return session;
    }
    await waiting;
    return store.getSession(runId);
  }

  // ---- deadlines and execution ----------------------------------------------------------------

  /** Expires pending requests past their deadline and approvals past their validity; returns the next deadline. */
  async sweep(): Promise<string | undefined> {
    const { store } = this.options;
    const batch = 100;
    const due = await store.approvals.due(this.clock().toISOString(), batch);
    for (const item of due) {
      try {
        await this.closeDue(item.id, item.status);
      } catch (error) {
        this.options.logger.error({ err: error, approvalId: item.id }, 'could not expire an approval request; will retry');
      }
    }
    if (due.length >= batch) return this.clock().toISOString();
    return store.approvals.nextDeadline();
  }

  /**
   * At start: re-queues approved requests and arms the deadline timer. Executions and held
   * stream starts a stopped process left are closed before this, by whichever gateway notices
   * the process is dead (recovery/liveness.ts), so a live replica's are never touched.
   */
  async recover(): Promise<void> {
    const { store } = this.options;
    for (const approval of await store.approvals.inStatus(['approved'], 10_000)) {
      if (!isStreamTarget(approval.generator)) this.enqueue(approval.id);
    }
    this.expiry.poke();
  }

  /** Stops taking work, stops the timer, and waits (up to `graceMs`) for executions in flight. */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    await this.expiry.stop();
    const pending = [...this.inFlight];
    if (pending.length === 0) return;
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
    if ((await Promise.race([Promise.allSettled(pending).then(() => 'done' as const), timeout])) === 'timeout') {
      this.options.logger.warn(
        { executions: pending.length },
        'approved runs still executing at shutdown; they will be recorded as interrupted at the next start',
      );
    }
  }

  private enqueue(approvalId: string): void {
    if (this.stopped || this.queued.has(approvalId)) return;
    this.queued.add(approvalId);
    this.queue.push(approvalId);
    this.pump();
  }

  private pump(): void {
    const limit = this.options.config.approvals.maxConcurrentExecutions;
    while (!this.stopped && this.active < limit && this.queue.length > 0) {
      const id = this.queue.shift() as string;
      this.queued.delete(id);
      this.active++;
      const task = this.executeApproved(id)
        .catch((error: unknown) => this.options.logger.error({ err: error, approvalId: id }, 'executing an approved run failed'))
        .finally(() => {
          this.active--;
          this.inFlight.delete(task);
          this.pump();
        });
      this.inFlight.add(task);
    }
  }

  private async executeApproved(approvalId: string): Promise<void> {
    const { store, executeRun, logger, config } = this.options;
    const before = await store.approvals.get(approvalId);
    if (!before || before.status !== 'approved') return;
    const session = await store.getSession(before.sessionId);
    const effects = newEffects();
    const plan = await this.write('approval_claim', async (tx): Promise<ExecutionPlan | undefined> => {
      const approval = await tx.approvals.getForUpdate(approvalId);
      if (!approval || approval.status !== 'approved') return undefined;
      if (approval.validUntil === undefined || tx.now.getTime() >= Date.parse(approval.validUntil)) {
        await this.close(tx, approval, this.lapseClosing(approval), effects);
        return undefined;
      }
      const sealed = await tx.approvals.claim(approval.id, tx.now.toISOString());
      if (!sealed) return undefined;
      const votes = await tx.approvals.votes(approval.id);
      const verification = this.verify(approval, sealed, votes, session);
      if (!verification.ok || !session) {
        const failure = verification.ok ? { code: 'input_unreadable' as const, message: 'the run record is missing' } : verification;
        await this.close(
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
      await this.updateSession(tx, approval.sessionId, { status: 'running' });
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
    await this.afterCommit(effects);
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
    await this.write('approval_executed', async (tx) => {
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
        this.options.approvalMetrics.outcomes.inc({ outcome: `executed_${code}` });
      }
    });
    await this.afterCommit(done);
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
      plaintext = this.options.cipher.open(sealed, inputAad(approval.id, approval.bindingHash));
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
    if (!this.options.config.generators.has(approval.generator))
      return { ok: false, code: 'policy_changed', message: `generator ${approval.generator} is no longer configured` };
    const now = this.options.policy.decide(session.identity, { kind: 'generator', name: approval.generator });
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
    const now = this.options.policy.decide(session.identity, {
      kind: 'upstream',
      name: upstream,
      codeExecution: inspectComponents(input['team_config'] ?? {}).executesCode,
    });
    if (now.effect === 'deny')
      return { ok: false, code: 'policy_changed', message: `the policy in force now denies this run (rule ${now.ruleId})` };
    return { ok: true, input };
  }

  private lapseClosing(approval: ApprovalRecord): Closing {
    const valid = formatMs(approval.requirement.validForMs);
    return {
      from: ['approved'],
      status: 'expired',
      code: 'lapsed',
      reason: `The approval was valid for ${valid} and the run had not started by then.`,
      actor: 'gateway',
      runStatus: 'expired',
      error: { code: 'approval_lapsed', message: `The approval lapsed (valid for ${valid}) before the run could start. Ask again.` },
      auditType: 'approval.lapsed',
      decides: false,
      change: 'expired',
    };
  }

  private async closeDue(approvalId: string, status: ApprovalStatus): Promise<void> {
    const effects = newEffects();
    await this.write('approval_expire', async (tx) => {
      const approval = await tx.approvals.getForUpdate(approvalId);
      if (!approval || approval.status !== status) return;
      if (status === 'pending' && tx.now.getTime() >= Date.parse(approval.expiresAt))
        await this.close(tx, approval, this.expiryClosing(approval), effects);
      else if (status === 'approved' && approval.validUntil !== undefined && tx.now.getTime() >= Date.parse(approval.validUntil))
        await this.close(tx, approval, this.lapseClosing(approval), effects);
    });
    await this.afterCommit(effects);
  }

  private expiryClosing(approval: ApprovalRecord): Closing {
    const ttl = formatMs(approval.requirement.pendingTtlMs);
    return {
      from: ['pending'],
      status: 'expired',
      code: 'expired',
      reason: `No decision within ${ttl}.`,
      actor: 'gateway',
      runStatus: 'expired',
      error: {
        code: 'approval_expired',
        message: `Nobody in ${approval.requirement.approvers.join(', ')} decided within ${ttl}. Ask again.`,
      },
      auditType: 'approval.expired',
      decides: true,
      change: 'expired',
    };
  }

  // ---- units of work -------------------------------------------------------------------------

  /** Closes a held run: status change (compare-and-set), input deleted, run completed, audited. */
  private async close(tx: StoreTx, approval: ApprovalRecord, closing: Closing, effects: Effects): Promise<boolean> {
    const at = tx.now.toISOString();
    const moved = await tx.approvals.transition(approval.id, closing.from, {
      status: closing.status,
      at,
      ...(closing.decides ? { decidedAt: at } : {}),
      deleteInput: true,
      outcome: { code: closing.code, reason: closing.reason, actor: closing.actor, at },
    });
    if (!moved) return false;
    // A held WebSocket start: the connection's relay records how its session ends.
    const sessionUpdated = isStreamTarget(approval.generator)
      ? false
      : await this.updateSession(tx, approval.sessionId, { status: closing.runStatus, completedAt: at, error: closing.error });
    await tx.appendAudit({
      type: closing.auditType,
      actor: closing.actor,
      sessionId: approval.sessionId,
      data: { approvalId: approval.id, outcome: closing.code, reason: closing.reason ?? null, inputDeleted: true, ...closing.auditData },
    });
    if (sessionUpdated) {
      // The run is over: the same completion entry the recorder writes, so the session's record and the chain agree.
      await tx.appendAudit({
        type: 'session.completed',
        actor: closing.actor,
        sessionId: approval.sessionId,
        data: {
          status: closing.runStatus,
          httpStatus: null,
          upstreamStatus: null,
          responseBytes: null,
          masked: {},
          maskedCount: 0,
          error: closing.error.code,
        },
      });
    }
    await this.queueDelivery(tx, approval.id, 'decided', effects);
    effects.changes.push({ approvalId: approval.id, change: closing.change, actor: closing.actor, run: true });
    effects.reschedule = true;
    this.options.approvalMetrics.outcomes.inc({ outcome: closing.code });
    return true;
  }

  /** Updates the held run's session; false when the session is gone (purged), which must not block the approval. */
  private async updateSession(tx: StoreTx, sessionId: string, update: SessionUpdate): Promise<boolean> {
    try {
      await tx.updateSession(sessionId, update);
      return true;
    } catch (error) {
      if (error instanceof StoreError && /does not exist/.test(error.message)) {
        this.options.logger.warn({ sessionId }, 'the session of an approval is gone; updating the approval alone');
        return false;
      }
      throw error;
    }
  }

  private async refuse(
    tx: StoreTx,
    caller: Identity,
    approval: ApprovalRecord,
    action: 'decide' | 'revoke',
    refusal: Refusal,
    extra: Record<string, unknown>,
    effects: Effects,
  ): Promise<void> {
    this.options.approvalMetrics.refusals.inc({ code: refusal.code });
    // A refused attempt is evidence too (an attempted self-approval most of all).
    await tx.appendAudit({
      type: 'approval.refused',
      actor: principalOf(caller),
      sessionId: approval.sessionId,
      data: { approvalId: approval.id, action, code: refusal.code, groups: caller.groups, ...extra },
    });
    if (refusal.expireNow && approval.status === 'pending') await this.close(tx, approval, this.expiryClosing(approval), effects);
  }

  /** Masks text people wrote (reasons) with the generator's profile, recording and sealing the masking events. */
  private async maskText(
    tx: StoreTx,
    approval: ApprovalRecord,
    text: string,
    location: string,
  ): Promise<{ text: string; seal: Record<string, unknown> }> {
    const profile = this.options.config.generators.get(approval.generator)?.masking ?? BUILTIN_PROFILE;
    const masked = this.options.masking.masker(profile).maskText(text);
    if (masked.events.length === 0) return { text: masked.value, seal: {} };
    const firstSeq = await tx.nextMaskingSeq(approval.sessionId);
    const at = tx.now.toISOString();
    const events = aggregateMaskingEvents(
      approval.sessionId,
      firstSeq,
      at,
      masked.events.map((event) => ({ ...event, location: `${location}:${event.location}` })),
    );
    await tx.addMaskingEvents(events);
    for (const event of masked.events) this.options.metrics.maskedValues.inc({ detector: event.detector });
    return { text: masked.value, seal: { maskingEvents: sealMaskingEvents(firstSeq, events) } };
  }

  private async queueDelivery(tx: StoreTx, approvalId: string, event: WebhookEvent, effects: Effects): Promise<void> {
    if (!this.webhookWants(event)) return;
    const at = tx.now.toISOString();
    await tx.approvals.enqueueDelivery({
      id: randomUUID(),
      approvalId,
      event: `approval.${event}`,
      payload: '',
      createdAt: at,
      nextAttemptAt: at,
    });
    effects.deliveries = true;
  }

  private async write<T>(operation: string, work: (tx: StoreTx) => Promise<T>): Promise<T> {
    try {
      return await this.options.store.transact(work);
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      this.options.metrics.storeFailures.inc({ operation });
      this.options.logger.error({ operation, err: error }, 'store write failed; the approval step was not taken');
      throw new GateError(
        'store_unavailable',
        503,
        'The gateway cannot record this step right now, so it was not taken. Try again shortly.',
        {
          cause: error,
          headers: { 'Retry-After': '5' },
          detail: { operation, message: error.message },
        },
      );
    }
  }

  /** Publishes the changes of a committed unit and starts what it unlocked. Never throws. */
  private async afterCommit(effects: Effects): Promise<void> {
    const { store, bus, config, logger } = this.options;
    for (const change of effects.changes) {
      try {
        const approval = await store.approvals.get(change.approvalId);
        if (!approval) continue;
        if (isStreamTarget(approval.generator)) this.settleStream(approval);
        const votes = await store.approvals.votes(approval.id);
        const audience: Audience = {
          principals: [approval.requester],
          groups: [...approval.requirement.approvers, ...config.access.auditors],
        };
        const at = this.clock().toISOString();
        bus.publish({
          type: change.change === 'requested' ? 'approval.requested' : 'approval.updated',
          data: eventData(approval, votes, change.change, change.actor, at),
          audience,
        });
        if (change.run) {
          const session = await store.getSession(approval.sessionId);
          if (session) {
            bus.publish({
              type: 'run.updated',
              data: {
                runId: session.id,
                status: session.status,
                approvalId: approval.id,
                generator: approval.generator,
                error: session.error,
                at,
              },
              audience,
            });
          }
        }
      } catch (error) {
        logger.error({ err: error, approvalId: change.approvalId }, 'could not publish an approval event');
      }
    }
    for (const id of effects.execute) this.enqueue(id);
    if (effects.reschedule) this.expiry.poke();
    if (effects.deliveries) this.onDeliveryQueued?.();
  }

  // ---- input parsing -------------------------------------------------------------------------

  private parseReason(value: unknown): string {
    const max = this.options.config.approvals.maxReasonLength;
    const reason = normaliseReason(value, max);
    if (!reason.ok) {
      throw new GateError(
        'bad_request',
        400,
        reason.problem === 'missing' ? '"reason" is required: say why, in one line.' : `"reason" is longer than ${max} characters.`,
      );
    }
    return reason.reason;
  }

  private parseDecision(body: unknown): { decision: ApprovalVerdict; reason: string } {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new GateError('bad_request', 400, 'The body must be a JSON object: { "decision": "approve" | "deny", "reason": "..." }.');
    const { decision, reason } = body as { decision?: unknown; reason?: unknown };
    if (decision !== 'approve' && decision !== 'deny') throw new GateError('bad_request', 400, '"decision" must be "approve" or "deny".');
    return { decision, reason: this.parseReason(reason) };
  }
}
