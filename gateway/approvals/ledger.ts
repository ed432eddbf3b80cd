/**
 * What every approval step shares: the step is one store unit of work (read, check, status
 * change, session update, audit entries commit together), and what it changed is acted on only
 * once it is durable (live events, executions it unlocked, the deadline timer, webhook
 * deliveries). Holds, decisions, execution and deadlines each write through this ledger.
 *
 * Every status change is a compare-and-set on a row the unit has locked (`getForUpdate`), so two
 * approvers at the same moment (on one gateway or on replicas sharing the database) give one
 * decision, and an approved request is claimed for execution once.
 */
import { randomUUID } from 'node:crypto';
import { GateError } from '../errors.js';
import { principalOf, type Identity } from '../identity/types.js';
import type { GatewayConfig } from '../config/types.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { PolicyEngine } from '../policy/engine.js';
import type { ApprovedRun } from '../pipeline/entries/generatorRun.js';
import type { MaskingProfiles } from '../runs/maskingProfiles.js';
import type { SessionRecorder } from '../recording/sessionRecorder.js';
import { StoreError, type SessionUpdate, type Store, type StoreTx } from '../store/types.js';
import { aggregateMaskingEvents } from '../sessions/maskingEvents.js';
import { sealMaskingEvents } from '../audit/maskingDigest.js';
import { BUILTIN_PROFILE } from '../masking/config.js';
import type { ApprovalStatus, RunStatus, RunView } from '../api/wire.js';
import { isStreamTarget } from './streamTarget.js';
import type { WebhookEvent } from './configSchema.js';
import type { Audience, EventBus } from './eventBus.js';
import type { InputCipher } from './inputCipher.js';
import type { ApprovalMetrics } from './metrics.js';
import type { ApprovalRecord, OutcomeCode } from './repository.js';
import type { Refusal } from './eligibility.js';
import { eventData } from './views.js';

export interface ApprovalsOptions {
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
export interface Effects {
  readonly changes: Array<{ readonly approvalId: string; readonly change: string; readonly actor: string; readonly run: boolean }>;
  readonly execute: string[];
  reschedule: boolean;
  deliveries: boolean;
}

export function newEffects(): Effects {
  return { changes: [], execute: [], reschedule: false, deliveries: false };
}

/** How a held run closes without executing (or is aborted before it would). */
export interface Closing {
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

/** What the other parts do when a committed unit asks for it. */
export interface LedgerHooks {
  /** A held stream start's request changed: its waiting socket may be answered. */
  settled(approval: ApprovalRecord): void;
  /** An approved request may now execute. */
  execute(approvalId: string): void;
  /** A deadline changed. */
  reschedule(): void;
}

export const APPROVAL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ApprovalLedger {
  readonly clock: () => Date;
  /** Set when shutdown begins: no new holds, no new executions. */
  stopped = false;
  /** Called when a webhook delivery was queued (wakes the dispatcher). */
  onDeliveryQueued: (() => void) | undefined;
  private hooks: LedgerHooks | undefined;

  constructor(readonly options: ApprovalsOptions) {
    this.clock = options.store.clock;
  }

  connect(hooks: LedgerHooks): void {
    this.hooks = hooks;
  }

  /** Runs one unit of work; a store failure becomes a 503 that says the step was not taken. */
  async write<T>(operation: string, work: (tx: StoreTx) => Promise<T>): Promise<T> {
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

  /** Closes a held run: status change (compare-and-set), input deleted, run completed, audited. */
  async close(tx: StoreTx, approval: ApprovalRecord, closing: Closing, effects: Effects): Promise<boolean> {
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

  /** Records a refused attempt (an attempted self-approval most of all), and expires the request if the refusal says so. */
  async refuse(
    tx: StoreTx,
    caller: Identity,
    approval: ApprovalRecord,
    action: 'decide' | 'revoke',
    refusal: Refusal,
    extra: Record<string, unknown>,
    effects: Effects,
  ): Promise<void> {
    this.options.approvalMetrics.refusals.inc({ code: refusal.code });
    await tx.appendAudit({
      type: 'approval.refused',
      actor: principalOf(caller),
      sessionId: approval.sessionId,
      data: { approvalId: approval.id, action, code: refusal.code, groups: caller.groups, ...extra },
    });
    if (refusal.expireNow && approval.status === 'pending') await this.close(tx, approval, expiryClosing(approval), effects);
  }

  /** Updates the held run's session; false when the session is gone (purged), which must not block the approval. */
  async updateSession(tx: StoreTx, sessionId: string, update: SessionUpdate): Promise<boolean> {
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

  /** Masks text people wrote (reasons) with the generator's profile, recording and sealing the masking events. */
  async maskText(
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

  async queueDelivery(tx: StoreTx, approvalId: string, event: WebhookEvent, effects: Effects): Promise<void> {
    if (!(this.options.config.approvals.webhook?.events.includes(event) ?? false)) return;
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

  /** Publishes the changes of a committed unit and starts what it unlocked. Never throws. */
  async afterCommit(effects: Effects): Promise<void> {
    const { store, bus, config, logger } = this.options;
    for (const change of effects.changes) {
      try {
        const approval = await store.approvals.get(change.approvalId);
        if (!approval) continue;
        if (isStreamTarget(approval.generator)) this.hooks?.settled(approval);
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
    for (const id of effects.execute) this.hooks?.execute(id);
    if (effects.reschedule) this.hooks?.reschedule();
    if (effects.deliveries) this.onDeliveryQueued?.();
  }
}

export function formatMs(ms: number): string {
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

/** A pending request nobody decided in time. */
export function expiryClosing(approval: ApprovalRecord): Closing {
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

/** An approval whose run had not started within its validity. */
export function lapseClosing(approval: ApprovalRecord): Closing {
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
