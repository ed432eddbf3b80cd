/**
 * Holding: a run (or a Studio start frame) that policy says needs an approval is recorded with
 * its pending request in one unit of work, its input encrypted at rest (inputCipher.ts), and the
 * caller answered 202 (a run) or kept waiting (a held WebSocket start, answered when approvers
 * decide, the request expires or the client goes away).
 */
import { randomUUID } from 'node:crypto';
import { GateError } from '../errors.js';
import { principalOf } from '../identity/types.js';
import type { HoldRequest } from '../pipeline/entries/generatorRun.js';
import { summarize } from '../recording/sessionRecorder.js';
import type { StoreTx } from '../store/types.js';
import { aggregateMaskingEvents } from '../sessions/maskingEvents.js';
import { sealMaskingEvents } from '../audit/maskingDigest.js';
import { principalView, runView } from '../api/views.js';
import type { RunView } from '../api/wire.js';
import type { Identity } from '../identity/types.js';
import type { ApprovalRequirement } from '../config/types.js';
import type { PolicyDecision } from '../policy/engine.js';
import type { StreamApprovalOutcome, StreamApprovalRequest } from '../pipeline/entries/studioStream.js';
import { bindingHash } from './binding.js';
import { streamTarget } from './streamTarget.js';
import { inputAad, type SealedInput } from './inputCipher.js';
import type { ApprovalRecord } from './repository.js';
import { newEffects, type ApprovalLedger, type Effects } from './ledger.js';

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

export class ApprovalHolds {
  /** Held WebSocket starts, by approval id: how to answer the waiting socket. */
  private readonly streamWaiters = new Map<string, (outcome: StreamApprovalOutcome) => void>();

  constructor(private readonly ledger: ApprovalLedger) {}

  /** Whether this gateway holds the socket waiting on a stream approval. */
  holdsStream(approvalId: string): boolean {
    return this.streamWaiters.has(approvalId);
  }

  /** Takes the waiting socket's answer of an approved stream start (undefined: the socket is gone). */
  takeStream(approvalId: string): ((outcome: StreamApprovalOutcome) => void) | undefined {
    const resolve = this.streamWaiters.get(approvalId);
    this.streamWaiters.delete(approvalId);
    return resolve;
  }

  /** The run entry's hold step: records the session and the approval request in one unit, answers 202. */
  async hold(request: HoldRequest): Promise<RunView> {
    const { session: start, generator, input, decision } = request;
    const requirement = decision.approval;
    if (!requirement) throw new Error(`rule ${decision.ruleId} requires approval but states no approval requirement`);
    if (this.ledger.stopped)
      throw new GateError('shutting_down', 503, 'The gateway is shutting down; ask again shortly.', { headers: { 'Retry-After': '5' } });
    const approvalId = randomUUID();
    const requester = principalOf(start.identity);
    const hash = bindingHash({ generator: generator.name, input, requester });
    const plaintext = Buffer.from(JSON.stringify(input), 'utf8');
    const sealed = this.ledger.options.cipher.seal(plaintext, inputAad(approvalId, hash));
    const effects = newEffects();

    const sessionId = await this.ledger.options.recorder.begin({
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
    const session = await this.ledger.options.store.getSession(sessionId);
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
    if (this.ledger.stopped) throw new GateError('shutting_down', 503, 'The gateway is shutting down; ask again shortly.');
    const approvalId = randomUUID();
    const requester = principalOf(request.identity);
    const target = streamTarget(request.upstream);
    const input = { ...request.start };
    const hash = bindingHash({ generator: target, input, requester });
    const plaintext = Buffer.from(JSON.stringify(input), 'utf8');
    const sealed = this.ledger.options.cipher.seal(plaintext, inputAad(approvalId, hash));
    const effects = newEffects();
    const settled = new Promise<StreamApprovalOutcome>((resolve) => this.streamWaiters.set(approvalId, resolve));
    // What approvers see: the start frame, masked like everything the upstream returns.
    const upstreamConfig = this.ledger.options.config.upstreams.get(request.upstream);
    const shown =
      upstreamConfig?.masking === undefined
        ? { value: input, events: [] }
        : this.ledger.options.masking.masker(upstreamConfig.masking).maskJson(input);
    try {
      await this.ledger.write('approval_hold_stream', async (tx) => {
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
      policyVersion: this.ledger.options.config.source.version,
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
    await this.ledger.queueDelivery(tx, approvalId, 'requested', effects);
  }

  /** After a new request committed: live events, the expiry timer, the metric. */
  private async announceRequest(approvalId: string, requester: string, ruleId: string, effects: Effects): Promise<void> {
    effects.changes.push({ approvalId, change: 'requested', actor: requester, run: true });
    effects.reschedule = true;
    this.ledger.options.approvalMetrics.requested.inc({ rule: ruleId });
    await this.ledger.afterCommit(effects);
  }

  /** The client of a held start went away: the request is withdrawn on its behalf. */
  private async cancelStream(approvalId: string, requester: string): Promise<void> {
    const effects = newEffects();
    await this.ledger
      .write('approval_cancel_stream', async (tx) => {
        const approval = await tx.approvals.getForUpdate(approvalId);
        if (!approval) return;
        await this.ledger.close(
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
      })
      .catch((error: unknown) =>
        this.ledger.options.logger.error({ err: error, approvalId }, 'could not withdraw a held start whose client went away'),
      );
    await this.ledger.afterCommit(effects);
  }

  /** Answers the socket waiting on a stream approval that ended without being released. */
  settleStream(approval: ApprovalRecord): void {
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
}
