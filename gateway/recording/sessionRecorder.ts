/**
 * Records sessions: one per gateway call, written before anything is forwarded and completed
 * with the masked response, timings and masking events. Each step also appends to the audit
 * chain in the same transaction. If the store cannot write, the caller gets a 503 GateError and
 * must not forward: the gateway never acts unrecorded.
 */
import { randomUUID } from 'node:crypto';
import type { AuditInput } from '../audit/chain.js';
import { sealMaskingEvents } from '../audit/maskingDigest.js';
import { aggregateMaskingEvents, maskingRowCount, type MaskedOccurrence } from '../sessions/maskingEvents.js';
import type { PayloadRecordingPolicy } from '../retention/config.js';
import { GateError } from '../errors.js';
import { principalOf, type Identity } from '../identity/types.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { PolicyDecision } from '../policy/engine.js';
import type {
  MaskingEventRecord,
  MaskingSummary,
  NewSession,
  RecordedPayload,
  SessionKind,
  SessionRecord,
  SessionStatus,
  SessionUpdate,
  Store,
  StoreTx,
  TransactOptions,
} from '../store/types.js';

/** A masking event before it is bound to a session: one occurrence of a masked value (with its original span, when known). */
export type PendingMaskingEvent = MaskedOccurrence;

export interface SessionStart {
  readonly kind: SessionKind;
  readonly requestId: string;
  readonly identity: Identity;
  readonly generator: string | undefined;
  readonly upstream: string;
  readonly method: string;
  readonly path: string;
  readonly decision: PolicyDecision;
  readonly status: SessionStatus;
  readonly request: RecordedPayload | undefined;
  readonly requestEvents?: readonly PendingMaskingEvent[] | undefined;
  readonly httpStatus?: number | undefined;
  readonly error?: { readonly code: string; readonly message: string } | undefined;
  readonly approvalId?: string | undefined;
  /** What inspection found, for the `session.started` audit entry (code execution evidence, replaced user ids…). */
  readonly findings?: Readonly<Record<string, unknown>> | undefined;
  /** Extra writes in the same transaction (e.g. the approval request of a held run). */
  readonly alsoWrite?: ((tx: StoreTx, sessionId: string) => Promise<void>) | undefined;
}

export interface SessionOutcome {
  /** What the session targets (spares a store read when a payload policy applies). */
  readonly target?: SessionTarget | undefined;
  readonly status: SessionStatus;
  readonly httpStatus: number | undefined;
  readonly upstreamStatus?: number | undefined;
  readonly response?: RecordedPayload | undefined;
  readonly forwardedAt?: string | undefined;
  readonly upstreamMs?: number | undefined;
  readonly totalMs?: number | undefined;
  readonly error?: { readonly code: string; readonly message: string } | undefined;
  readonly maskingProfile?: string | undefined;
  readonly events?: readonly PendingMaskingEvent[] | undefined;
  readonly actor?: string | undefined;
}

/** Counts occurrences (pending events), or recorded rows by their `count`. */
export function summarize(
  profile: string | undefined,
  events: ReadonlyArray<{ readonly detector: string; readonly count?: number }>,
): MaskingSummary {
  const byDetector: Record<string, number> = {};
  let count = 0;
  for (const event of events) {
    const n = event.count ?? 1;
    byDetector[event.detector] = (byDetector[event.detector] ?? 0) + n;
    count += n;
  }
  return { profile, count, byDetector };
}

/** What the payload policy needs to know of a session. */
export interface SessionTarget {
  readonly generator: string | undefined;
  readonly upstream: string;
  readonly kind: SessionKind;
}

/**
 * What a session holds once `begin` has written it, known exactly by whoever began it: with it,
 * `complete` numbers and sums its events without reading the store.
 */
export interface SessionSoFar {
  /** Masking event rows it holds (one per distinct value per write), so the next write's first seq. */
  readonly eventCount: number;
  readonly masking: MaskingSummary;
  /** Its row as this process last wrote it: the next write's digest is computed without reading the row back. */
  readonly row?: SessionRecord | undefined;
}

/** What `begin(start)` records of masking: its request events and their summary. */
export function soFarAfterBegin(start: Pick<SessionStart, 'requestEvents'>): SessionSoFar {
  const events = start.requestEvents ?? [];
  return { eventCount: maskingRowCount(events), masking: summarize(undefined, events) };
}

function addSummaries(a: MaskingSummary, b: MaskingSummary): MaskingSummary {
  const byDetector: Record<string, number> = { ...a.byDetector };
  for (const [detector, count] of Object.entries(b.byDetector)) byDetector[detector] = (byDetector[detector] ?? 0) + count;
  return { profile: b.profile ?? a.profile, count: a.count + b.count, byDetector };
}

/** A body the retention policy says must not be stored: its size and type stay, the body goes. */
function metadataOnly(payload: RecordedPayload | undefined): RecordedPayload | undefined {
  return payload === undefined ? undefined : { ...payload, body: null };
}

export class SessionRecorder {
  /**
   * @param payloadPolicy which sessions are recorded "metadata only" (LGPD Art. 6 III, necessity):
   *   their request and response bodies are never written, only sizes and types.
   */
  constructor(
    private readonly store: Store,
    private readonly policyVersion: () => string,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
    private readonly payloadPolicy: PayloadRecordingPolicy | undefined = undefined,
  ) {}

  private recordsBodies(target: SessionTarget): boolean {
    return this.payloadPolicy === undefined || this.payloadPolicy(target) === 'full';
  }

  /** Inserts the session (and its audit entry); resolves once durable, with the session id. */
  async begin(start: SessionStart): Promise<string> {
    return (await this.started(start)).sessionId;
  }

  /** As `begin`, resolving also with what the session then holds (its row as written among it). */
  async started(start: SessionStart): Promise<{ readonly sessionId: string; readonly soFar: SessionSoFar }> {
    const id = randomUUID();
    const now = this.clock().toISOString();
    const target: SessionTarget = { generator: start.generator, upstream: start.upstream, kind: start.kind };
    const requestEvents = bindEvents(id, 0, now, start.requestEvents ?? []);
    const soFar = soFarAfterBegin(start);
    const session: NewSession = {
      id,
      kind: start.kind,
      requestId: start.requestId,
      createdAt: now,
      identity: start.identity,
      generator: start.generator,
      upstream: start.upstream,
      method: start.method,
      path: start.path,
      decision: start.decision.effect,
      ruleId: start.decision.ruleId,
      policyVersion: this.policyVersion(),
      status: start.status,
      request: this.recordsBodies(target) ? start.request : metadataOnly(start.request),
      httpStatus: start.httpStatus,
      error: start.error,
      approvalId: start.approvalId,
    };
    const audit: AuditInput = {
      type: start.decision.effect === 'deny' ? 'policy.denied' : 'session.started',
      actor: principalOf(start.identity),
      sessionId: id,
      data: {
        kind: start.kind,
        requestId: start.requestId,
        generator: start.generator ?? null,
        upstream: start.upstream,
        method: start.method,
        path: start.path,
        decision: start.decision.effect,
        ruleId: start.decision.ruleId,
        status: start.status,
        groups: start.identity.groups,
        identityKind: start.identity.kind,
        policyVersion: session.policyVersion,
        // Seals the masking events of this write, so editing or deleting one is detectable.
        ...start.findings,
        ...(requestEvents.length > 0 ? { maskingEvents: sealMaskingEvents(0, requestEvents) } : {}),
      },
    };
    let written: SessionRecord | undefined;
    // Only store writes, unless the caller adds its own (alsoWrite): then it must run once.
    await this.write(
      'begin',
      start.requestId,
      async (tx) => {
        // What the request's masking found goes in with the row: one statement, one row digest. Its
        // events are sealed in the audit entry, not by the row, so they are written alongside it.
        const row = requestEvents.length > 0 ? { ...session, masking: soFar.masking } : session;
        if (requestEvents.length > 0)
          await tx.together(
            async () => {
              written = await tx.insertSession(row);
            },
            () => tx.addMaskingEvents(requestEvents),
          );
        else written = await tx.insertSession(row);
        await tx.appendAudit(audit);
        if (start.alsoWrite) await start.alsoWrite(tx, id);
      },
      { retrySafe: start.alsoWrite === undefined },
    );
    return { sessionId: id, soFar: { ...soFar, row: written } };
  }

  /**
   * Records the masking events of a response still streaming, so a long stream's events go to
   * the store as it flows instead of accumulating until it ends (memory stays bounded, however
   * long the stream). Each batch is sealed by its own `session.masked` audit entry. Resolves with
   * what the session then holds, when `soFar` said what it held before.
   */
  async recordStreamedEvents(
    sessionId: string,
    events: readonly PendingMaskingEvent[],
    profile: string | undefined,
    soFar?: SessionSoFar,
  ): Promise<SessionSoFar | undefined> {
    if (events.length === 0) return soFar;
    const masking = summarize(profile, events);
    this.countMasked(masking);
    let written: SessionRecord | undefined;
    await this.write(
      'stream',
      sessionId,
      async (tx) => {
        const now = tx.now.toISOString();
        const first = soFar ? soFar.eventCount : await tx.nextMaskingSeq(sessionId);
        const bound = bindEvents(sessionId, first, now, events);
        if (soFar) written = await tx.updateSession(sessionId, { masking: addSummaries(soFar.masking, masking) }, soFar.row);
        else await tx.addMaskingSummary(sessionId, masking);
        await tx.addMaskingEvents(bound);
        await tx.appendAudit({
          type: 'session.masked',
          actor: 'gateway',
          sessionId,
          data: { masked: masking.byDetector, maskedCount: events.length, maskingEvents: sealMaskingEvents(first, bound) },
        });
      },
      { retrySafe: true },
    );
    return soFar
      ? { eventCount: soFar.eventCount + maskingRowCount(events), masking: addSummaries(soFar.masking, masking), row: written }
      : undefined;
  }

  /**
   * Completes a session with its (masked) outcome; resolves once durable. `soFar`, when the
   * caller began the session itself, spares reading what it already holds.
   */
  async complete(sessionId: string, outcome: SessionOutcome, soFar?: SessionSoFar): Promise<void> {
    const now = this.clock().toISOString();
    const events = outcome.events ?? [];
    let response = outcome.response;
    if (this.payloadPolicy && response !== undefined) {
      const target = outcome.target ?? (await this.store.getSession(sessionId));
      if (target && !this.recordsBodies(target)) response = metadataOnly(response);
    }
    const masking = summarize(outcome.maskingProfile, events);
    const update: SessionUpdate = {
      status: outcome.status,
      httpStatus: outcome.httpStatus,
      upstreamStatus: outcome.upstreamStatus,
      response,
      forwardedAt: outcome.forwardedAt,
      completedAt: now,
      upstreamMs: toMicroseconds(outcome.upstreamMs),
      totalMs: outcome.totalMs,
      error: outcome.error,
    };
    this.countMasked(masking);
    await this.write(
      'complete',
      sessionId,
      async (tx) => {
        // Numbered after whatever the session already holds (input, approval reasons, a held start).
        const first = soFar ? soFar.eventCount : events.length === 0 ? 0 : await tx.nextMaskingSeq(sessionId);
        const bound = bindEvents(sessionId, first, now, events);
        const counted = masking.count > 0 || masking.profile !== undefined;
        // Adds to what the input (and approval reasons) already counted.
        const updated = soFar && counted ? { ...update, masking: addSummaries(soFar.masking, masking) } : update;
        // The events are sealed in the audit entry below, not by the row: written alongside it.
        await tx.together(
          async () => {
            await tx.updateSession(sessionId, updated, soFar?.row);
            if (!soFar && counted) await tx.addMaskingSummary(sessionId, masking);
          },
          () => (bound.length > 0 ? tx.addMaskingEvents(bound) : Promise.resolve()),
        );
        await tx.appendAudit({
          type: 'session.completed',
          actor: outcome.actor ?? 'gateway',
          sessionId,
          data: {
            status: outcome.status,
            httpStatus: outcome.httpStatus ?? null,
            upstreamStatus: outcome.upstreamStatus ?? null,
            responseBytes: outcome.response?.bytes ?? null,
            masked: masking.byDetector,
            maskedCount: events.length,
            error: outcome.error?.code ?? null,
            ...(bound.length > 0 ? { maskingEvents: sealMaskingEvents(first, bound) } : {}),
          },
        });
      },
      { retrySafe: true },
    );
  }

  /** Masked values by detector: once per detector from the summary, not a labelled increment per value. */
  private countMasked(masking: MaskingSummary): void {
    for (const detector in masking.byDetector) this.metrics.maskedValues.inc({ detector }, masking.byDetector[detector]);
  }

  /** Runs arbitrary writes with the same failure handling (503, metric, log). */
  async write(operation: string, reference: string, work: (tx: StoreTx) => Promise<void>, options: TransactOptions = {}): Promise<void> {
    try {
      await this.store.transact(work, options);
    } catch (error) {
      this.metrics.storeFailures.inc({ operation });
      this.logger.error({ reference, operation, err: error }, 'store write failed; refusing the request');
      throw new GateError(
        'store_unavailable',
        503,
        'The gateway cannot record this request right now, so it was not forwarded. Try again shortly.',
        {
          cause: error,
          headers: { 'Retry-After': '5' },
          detail: { operation, message: error instanceof Error ? error.message : String(error) },
        },
      );
    }
  }
}

/**
 * Milliseconds kept to the microsecond (a clock's difference has 17 digits of noise): a figure of
 * a few digits travels exactly as decimal text, which is how SQLite's gathered writes carry it.
 */
function toMicroseconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.round(ms * 1000) / 1000;
}

/** One row per distinct value written, numbered from `firstSeq`. */
function bindEvents(sessionId: string, firstSeq: number, at: string, events: readonly PendingMaskingEvent[]): MaskingEventRecord[] {
  return aggregateMaskingEvents(sessionId, firstSeq, at, events);
}
