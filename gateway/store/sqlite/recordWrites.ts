/**
 * The request path's records in one statement. Every statement node-sqlite3 runs is a round trip
 * to a worker thread, and on a busy machine each costs more than the SQLite work it carries; a
 * session's start or completion is five to eight statements (and one per masking event), so the
 * records, not the writes, were most of what a request cost. Here the units of a flush that only
 * record (session rows, masking events, audit entries: what `retrySafe` units do) are captured
 * in memory instead of executed, and written together by one INSERT into a temporary view whose
 * trigger fans the JSON document out into the tables. One statement is one implicit transaction:
 * all of the flush is durable, or none of it.
 *
 * The audit entries are linked in memory from the chain head the writer last saw. The trigger
 * first checks that the head is still the table's (another process, such as a CLI purge, may
 * have appended), and refuses otherwise; the writer then reads the head again and captures anew.
 * A unit that needs anything else (a read, another repository) is not capturable and runs in an
 * ordinary transaction.
 */
import { linkAuditEntry, type AuditEntry, type AuditInput, type ChainHead } from '../../audit/chain.js';
import {
  StoreError,
  type MaskingEventRecord,
  type MaskingSummary,
  type NewSession,
  type SessionUpdate,
  type StoreTx,
  type TxRepositories,
} from '../types.js';

/** Temporary (per-connection) objects: a view nobody reads and the trigger that writes for it. */
export const RECORD_WRITES_DDL = `
CREATE TEMP VIEW IF NOT EXISTS record_writes AS SELECT NULL AS doc;
CREATE TEMP TRIGGER IF NOT EXISTS record_writes_apply INSTEAD OF INSERT ON record_writes BEGIN
  SELECT RAISE(ABORT, 'record_writes: audit chain moved')
    WHERE coalesce((SELECT max(seq) FROM audit_log), 0) IS NOT (NEW.doc ->> '$.head.seq')
       OR ((NEW.doc ->> '$.head.seq') > 0 AND (SELECT hash FROM audit_log WHERE seq = NEW.doc ->> '$.head.seq') IS NOT (NEW.doc ->> '$.head.hash'));
  INSERT INTO sessions (id, kind, request_id, created_at, updated_at, subject, issuer_id, identity_json, generator, upstream, method, path,
      decision, rule_id, policy_version, status, http_status, request_json, forwarded_at, error_code, error_message, masking_json, approval_id)
    SELECT s.value ->> '$.id', s.value ->> '$.kind', s.value ->> '$.requestId', s.value ->> '$.createdAt', s.value ->> '$.updatedAt',
      s.value ->> '$.subject', s.value ->> '$.issuerId', s.value -> '$.identity', s.value ->> '$.generator', s.value ->> '$.upstream',
      s.value ->> '$.method', s.value ->> '$.path', s.value ->> '$.decision', s.value ->> '$.ruleId', s.value ->> '$.policyVersion',
      s.value ->> '$.status', s.value ->> '$.httpStatus', s.value -> '$.request', s.value ->> '$.forwardedAt', s.value ->> '$.error.code',
      s.value ->> '$.error.message', s.value -> '$.masking', s.value ->> '$.approvalId'
    FROM json_each(NEW.doc, '$.sessions') AS s;
  SELECT RAISE(ABORT, 'record_writes: session missing')
    FROM json_each(NEW.doc, '$.updates') AS u WHERE NOT EXISTS (SELECT 1 FROM sessions WHERE id = u.value ->> '$.id');
  UPDATE sessions SET
      updated_at = u.value ->> '$.updatedAt',
      status = CASE WHEN u.value -> '$.status' IS NULL THEN status ELSE u.value ->> '$.status' END,
      http_status = CASE WHEN u.value -> '$.httpStatus' IS NULL THEN http_status ELSE u.value ->> '$.httpStatus' END,
      upstream_status = CASE WHEN u.value -> '$.upstreamStatus' IS NULL THEN upstream_status ELSE u.value ->> '$.upstreamStatus' END,
      request_json = CASE WHEN u.value -> '$.request' IS NULL THEN request_json ELSE u.value -> '$.request' END,
      response_json = CASE WHEN u.value -> '$.response' IS NULL THEN response_json ELSE u.value -> '$.response' END,
      forwarded_at = CASE WHEN u.value -> '$.forwardedAt' IS NULL THEN forwarded_at ELSE u.value ->> '$.forwardedAt' END,
      completed_at = CASE WHEN u.value -> '$.completedAt' IS NULL THEN completed_at ELSE u.value ->> '$.completedAt' END,
      upstream_ms = CASE WHEN u.value -> '$.upstreamMs' IS NULL THEN upstream_ms ELSE u.value ->> '$.upstreamMs' END,
      total_ms = CASE
        WHEN u.value -> '$.totalMs' IS NOT NULL THEN u.value ->> '$.totalMs'
        WHEN u.value -> '$.completedAt' IS NOT NULL THEN (julianday(u.value ->> '$.completedAt') - julianday(created_at)) * 86400000.0
        ELSE total_ms END,
      error_code = CASE WHEN u.value -> '$.error' IS NULL THEN error_code ELSE u.value ->> '$.error.code' END,
      error_message = CASE WHEN u.value -> '$.error' IS NULL THEN error_message ELSE u.value ->> '$.error.message' END,
      masking_json = CASE WHEN u.value -> '$.masking' IS NULL THEN masking_json ELSE u.value -> '$.masking' END,
      approval_id = CASE WHEN u.value -> '$.approvalId' IS NULL THEN approval_id ELSE u.value ->> '$.approvalId' END
    FROM json_each(NEW.doc, '$.updates') AS u
    WHERE sessions.id = u.value ->> '$.id';
  INSERT INTO masking_events (session_id, seq, at, location, detector, hmac, key_id, replacement)
    SELECT e.value ->> 0, e.value ->> 1, e.value ->> 2, e.value ->> 3, e.value ->> 4, e.value ->> 5, e.value ->> 6, e.value ->> 7
    FROM json_each(NEW.doc, '$.events') AS e;
  INSERT INTO audit_log (seq, at, type, actor, session_id, data_json, prev_hash, hash)
    SELECT a.value ->> 0, a.value ->> 1, a.value ->> 2, a.value ->> 3, a.value ->> 4, a.value -> 5, a.value ->> 6, a.value ->> 7
    FROM json_each(NEW.doc, '$.audit') AS a;
END;
`;

export const RECORD_WRITES_SQL = 'INSERT INTO record_writes (doc) VALUES (?)';

/** Why the trigger refused, from its RAISE message. */
export function recordWritesRefusal(error: unknown): 'chain_moved' | 'session_missing' | undefined {
  const message = error instanceof Error ? error.message : '';
  if (message.includes('record_writes: audit chain moved')) return 'chain_moved';
  if (message.includes('record_writes: session missing')) return 'session_missing';
  return undefined;
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
    });
    return Promise.resolve();
  }

  updateSession(id: string, update: SessionUpdate): Promise<void> {
    const fields: UpdateFields = { id, updatedAt: this.stamp };
    for (const [key, value] of Object.entries(update)) if (value !== undefined) fields[key] = value;
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
}

/** The error a unit gets when the trigger found the session it updates missing. */
export function sessionMissing(): StoreError {
  return new StoreError('a session this write updates does not exist');
}
