/**
 * The request path's records, captured instead of executed. Every statement a store runs is a
 * round trip (to a worker thread, or to a database server), and on a busy machine each costs more
 * than the work it carries; a session's start or completion is five to eight statements (and one
 * per masking event). So the units of a flush that only record (session rows, masking events,
 * audit entries: what `retrySafe` units do) are run against this transaction, which collects
 * their rows in memory, and an engine that can writes the whole flush in one statement
 * (`RecordWriter`; SQLite's in sqlite/recordWrites.ts). A unit that needs anything else (a read,
 * another repository) throws NotCapturable and runs in an ordinary transaction.
 *
 * The audit entries are linked in memory from the chain head the writer last saw; the engine
 * checks in the same statement that the head still holds, and the writer captures anew if not.
 */
import { linkAuditEntry, type AuditEntry, type AuditInput, type ChainHead } from '../../audit/chain.js';
import type { MaskingEventRecord, MaskingSummary, NewSession, SessionUpdate, StoreTx, TxRepositories } from '../types.js';
import { HELD_STATUSES } from './sessionRepository.js';

/** An engine's one-statement path for captured records. */
export interface RecordWriter {
  /** The chain head as committed (read outside a transaction: `write` checks it still holds). */
  head(): Promise<ChainHead>;
  /** Writes a flush's records in one statement, all or nothing; refuses if the head moved or a session it updates is missing. */
  write(writes: CapturedWrites): Promise<void>;
  /**
   * Why `write` refused: the chain moved under it (capture again), a unit's own fault (a session
   * it updates is missing, a duplicate key: write each unit alone), or neither (the store failed:
   * refuse all).
   */
  refusal(error: unknown): 'chain_moved' | 'session_missing' | 'unit' | undefined;
}

/** Raised by a capturing transaction when a unit asks for more than recording. */
export class NotCapturable extends Error {
  override readonly name = 'NotCapturable';
}

type UpdateFields = Record<string, unknown> & { id: string; updatedAt: string };

/** The writes of a flush's recording units, as the trigger's document. */
export class CapturedWrites {
  private readonly sessions: Record<string, unknown>[] = [];
  /** One merged update per session, in first-touched order (the trigger applies one row per session). */
  private readonly updates = new Map<string, UpdateFields>();
  private readonly events: unknown[][] = [];
  private readonly audit: unknown[][] = [];

  constructor(readonly head: ChainHead) {}

  get isEmpty(): boolean {
    return this.sessions.length === 0 && this.updates.size === 0 && this.events.length === 0 && this.audit.length === 0;
  }

  /** Adds what one unit captured (units are merged in order). */
  merge(unit: UnitWrites): void {
    this.sessions.push(...unit.sessions);
    for (const update of unit.updates) {
      const earlier = this.updates.get(update.id);
      if (!earlier) {
        this.updates.set(update.id, update);
        continue;
      }
      // A later completion time recomputes the total, unless the later update sets it.
      if (update['completedAt'] !== undefined && update['totalMs'] === undefined) delete earlier['totalMs'];
      Object.assign(earlier, update);
    }
    this.events.push(...unit.events);
    this.audit.push(...unit.audit);
  }

  document(): string {
    return JSON.stringify({
      head: this.head,
      sessions: this.sessions,
      updates: [...this.updates.values()],
      events: this.events,
      audit: this.audit,
    });
  }
}

/** What one unit wrote while captured. */
export interface UnitWrites {
  readonly sessions: readonly Record<string, unknown>[];
  readonly updates: readonly UpdateFields[];
  readonly events: readonly unknown[][];
  readonly audit: readonly unknown[][];
}

function notCapturable(what: string): never {
  throw new NotCapturable(`${what} is not a recording write`);
}

/**
 * A unit of work's transaction that records instead of writing: the store's recording methods
 * collect rows; anything else throws NotCapturable (the unit then runs in a real transaction).
 */
export class CapturingTx implements StoreTx {
  readonly writes: { sessions: Record<string, unknown>[]; updates: UpdateFields[]; events: unknown[][]; audit: unknown[][] } = {
    sessions: [],
    updates: [],
    events: [],
    audit: [],
  };
  private readonly stamp: string;

  constructor(
    /** The chain head the unit's entries link after; advances with each entry. */
    public head: ChainHead,
    readonly now: Date,
    /** This gateway process: it holds the sessions it starts (see the sessions repository). */
    private readonly replicaId: string,
  ) {
    this.stamp = now.toISOString();
  }

  insertSession(s: NewSession): Promise<void> {
    this.writes.sessions.push({
      id: s.id,
      kind: s.kind,
      requestId: s.requestId,
      createdAt: s.createdAt,
      updatedAt: this.stamp,
      subject: s.identity.subject,
      issuerId: s.identity.issuerId,
      identity: s.identity,
      generator: s.generator,
      upstream: s.upstream,
      method: s.method,
      path: s.path,
      decision: s.decision,
      ruleId: s.ruleId,
      policyVersion: s.policyVersion,
      status: s.status,
      httpStatus: s.httpStatus,
      request: s.request,
      forwardedAt: s.forwardedAt,
      error: s.error,
      masking: { profile: undefined, count: 0, byDetector: {} } satisfies MaskingSummary,
      approvalId: s.approvalId,
      replicaId: this.replicaId,
    });
    return Promise.resolve();
  }

  updateSession(id: string, update: SessionUpdate): Promise<void> {
    const fields: UpdateFields = { id, updatedAt: this.stamp };
    for (const [key, value] of Object.entries(update)) if (value !== undefined) fields[key] = value;
    if (update.status !== undefined && HELD_STATUSES.has(update.status)) fields['replicaId'] = this.replicaId;
    this.writes.updates.push(fields);
    return Promise.resolve();
  }

  addMaskingEvents(events: readonly MaskingEventRecord[]): Promise<void> {
    for (const e of events) this.writes.events.push([e.sessionId, e.seq, e.at, e.location, e.detector, e.hmac, e.keyId, e.replacement]);
    return Promise.resolve();
  }

  appendAudit(input: AuditInput): Promise<AuditEntry> {
    const entry = linkAuditEntry(this.head, input, this.now);
    this.writes.audit.push([entry.seq, entry.at, entry.type, entry.actor, entry.sessionId ?? null, entry.data, entry.prevHash, entry.hash]);
    this.head = { seq: entry.seq, hash: entry.hash };
    return Promise.resolve(entry);
  }

  nextMaskingSeq(): Promise<number> {
    return notCapturable('reading masking events');
  }

  addMaskingSummary(): Promise<void> {
    return notCapturable('adding to a masking summary (a read)');
  }

  get sessions(): TxRepositories['sessions'] {
    return notCapturable('the sessions repository');
  }

  get maskingEvents(): TxRepositories['maskingEvents'] {
    return notCapturable('the masking events repository');
  }

  get audit(): TxRepositories['audit'] {
    return notCapturable('the audit repository');
  }

  get approvals(): TxRepositories['approvals'] {
    return notCapturable('the approvals repository');
  }

  get retention(): TxRepositories['retention'] {
    return notCapturable('the retention repository');
  }

  get evidence(): TxRepositories['evidence'] {
    return notCapturable('the evidence repository');
  }

  get subjects(): TxRepositories['subjects'] {
    return notCapturable('the subjects repository');
  }

  get replicas(): TxRepositories['replicas'] {
    return notCapturable('the replicas repository');
  }
}
