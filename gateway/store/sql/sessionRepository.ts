/** Sessions and their masking events (tables from migration 001_core). */
import {
  StoreError,
  type InFlightSession,
  type MaskingEventRecord,
  type MaskingEventRepository,
  type MaskingSummary,
  type NewSession,
  type RecordedPayload,
  type SessionPage,
  type SessionQuery,
  type SessionHead,
  type SessionRecord,
  type SessionRepository,
  type SessionStatus,
  type SessionUpdate,
} from '../types.js';
import { decodeCursor, encodeCursor } from '../sql/cursor.js';
import { sealedWrite } from './sealedWrite.js';
import type { SqlExecutor, SqlParam, SqlRow, SqlValue } from './executor.js';
import { bodyDigest, recordKey, sessionRecordValue, type RecordSeals } from '../../audit/rowDigests.js';
import { rowInsert, type GuardedWrite, type RowInsert } from './batchingWriter.js';
import { checkField } from '../limits.js';
import type { SqlDialect } from './dialect.js';
import { BATCH_COLUMNS, eventsOfBatches, insertBatches } from './maskingBatches.js';

const SESSION_COLUMNS: Readonly<Record<keyof SessionUpdate, string>> = {
  status: 'status',
  httpStatus: 'http_status',
  upstreamStatus: 'upstream_status',
  request: 'request_json',
  response: 'response_json',
  forwardedAt: 'forwarded_at',
  completedAt: 'completed_at',
  upstreamMs: 'upstream_ms',
  totalMs: 'total_ms',
  error: 'error_code',
  masking: 'masking_json',
  approvalId: 'approval_id',
};

const EMPTY_SUMMARY: MaskingSummary = { profile: undefined, count: 0, byDetector: {} };

/** The columns an update may set, as `sessionOf` reads them back (what a row's digest covers of them). */
type UpdatedColumns = { -readonly [K in keyof SessionUpdate]?: SessionRecord[K] };

/** An update's SET clause (`updated_at` first), and the values it writes as they will be read back. */
function assignments(update: SessionUpdate, now: string): { sets: string[]; params: SqlParam[]; read: UpdatedColumns } {
  const sets: string[] = ['updated_at = ?'];
  const params: SqlParam[] = [now];
  const read: UpdatedColumns = {};
  for (const [key, value] of Object.entries(update) as Array<[keyof SessionUpdate, SessionUpdate[keyof SessionUpdate]]>) {
    if (value === undefined) continue;
    if (key === 'error') {
      const error = value as NonNullable<SessionRecord['error']>;
      checkField('errorCode', error.code);
      checkField('errorMessage', error.message);
      sets.push('error_code = ?', 'error_message = ?');
      params.push(error.code, error.message);
      read.error = { code: asStored(error.code), message: asStored(error.message) };
    } else if (key === 'request' || key === 'response') {
      // A payload as stored: with the digest of its body beside it (rowDigests.ts); read back without its body.
      const payload = value as RecordedPayload;
      const digest = bodyDigest(payload.body);
      sets.push(`${SESSION_COLUMNS[key]} = ?`);
      params.push(JSON.stringify({ ...payload, bodyDigest: digest }));
      read[key] = {
        contentType: payload.contentType,
        bytes: payload.bytes,
        body: undefined,
        truncated: payload.truncated,
        bodyDigest: digest,
      };
    } else if (key === 'masking') {
      const text = JSON.stringify(value);
      sets.push(`${SESSION_COLUMNS[key]} = ?`);
      params.push(text);
      read.masking = JSON.parse(text) as MaskingSummary;
    } else {
      sets.push(`${SESSION_COLUMNS[key]} = ?`);
      params.push(value as SqlParam);
      (read as Record<string, unknown>)[key] = typeof value === 'string' ? asStored(value) : value;
    }
  }
  return { sets, params, read };
}

/** Inserts rows (a unit of work's `insertRows`, which may gather them into one statement with others). */
export type RowSink = (into: RowInsert, rows: ReadonlyArray<readonly SqlParam[]>) => Promise<void>;

/** Gathers a row of a guarded write into the flush, if it can (a unit of work's `gatherGuarded`). */
export type GuardedSink = (write: GuardedWrite, row: readonly SqlParam[]) => boolean;

/** The columns a known row's UPDATE is guarded by, after its SET values. */
const KNOWN_GUARD = ['id', 'updated_at', 'status', 'masking_json'];

/** A known row's guarded UPDATE of many rows, by its SET clause (a few shapes: what completions set). */
const knownUpdates = new Map<string, GuardedWrite>();

function knownUpdate(rows: NonNullable<SqlDialect['jsonRows']>, sets: readonly string[]): GuardedWrite {
  const key = sets.join(', ');
  let write = knownUpdates.get(key);
  if (write === undefined) {
    const set = sets.map((assignment, k) => assignment.replace('?', rows.value('r', k))).join(', ');
    const guard = KNOWN_GUARD.map((column, k) => `sessions.${column} = ${rows.value('r', sets.length + k)}`).join(' AND ');
    write = {
      statements: [{ sql: `UPDATE sessions SET ${set} FROM ${rows.from('r')} WHERE ${guard}`, everyRow: true }],
      distinct: sets.length,
    };
    knownUpdates.set(key, write);
  }
  return write;
}

const SESSION_INSERT = rowInsert('sessions', [
  'id',
  'kind',
  'request_id',
  'created_at',
  'updated_at',
  'subject',
  'issuer_id',
  'identity_json',
  'generator',
  'upstream',
  'method',
  'path',
  'decision',
  'rule_id',
  'policy_version',
  'status',
  'http_status',
  'request_json',
  'forwarded_at',
  'error_code',
  'error_message',
  'masking_json',
  'approval_id',
  'replica_id',
]);

const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATES = /\p{Cs}/gu;

/** Text as a store holds it once bound: a lone surrogate becomes U+FFFD (UTF-8 has no place for it). */
function asStored<T extends string | undefined>(text: T): T {
  return (text !== undefined && LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATES, '\uFFFD') : text) as T;
}

/**
 * A session as `sessionOf` reads it back right after `insert` wrote it, for its digest: every
 * JSON column is the text written, parsed again, and every text column as the store holds it, so
 * the digest is the one verification computes from the row.
 */
function insertedSession(
  s: NewSession,
  identityJson: string,
  request: RecordedPayload | undefined,
  maskingJson: string,
  updatedAt: string,
  replicaId: string,
): SessionRecord {
  return {
    id: asStored(s.id),
    kind: asStored(s.kind),
    requestId: asStored(s.requestId),
    createdAt: asStored(s.createdAt),
    updatedAt,
    identity: JSON.parse(identityJson) as SessionRecord['identity'],
    generator: asStored(s.generator),
    upstream: asStored(s.upstream),
    method: asStored(s.method),
    path: asStored(s.path),
    decision: asStored(s.decision),
    ruleId: asStored(s.ruleId),
    policyVersion: asStored(s.policyVersion),
    status: asStored(s.status),
    httpStatus: s.httpStatus,
    upstreamStatus: undefined,
    request,
    response: undefined,
    forwardedAt: asStored(s.forwardedAt),
    completedAt: undefined,
    upstreamMs: undefined,
    totalMs: undefined,
    error: s.error === undefined ? undefined : { code: asStored(s.error.code), message: asStored(s.error.message) },
    masking: JSON.parse(maskingJson) as SessionRecord['masking'],
    approvalId: asStored(s.approvalId),
    replicaId,
  };
}

function parseJson<T>(text: SqlValue | undefined): T | undefined {
  return typeof text === 'string' ? (JSON.parse(text) as T) : undefined;
}

function str(value: SqlValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: SqlValue | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** The columns of a SessionHead. */
export const SESSION_HEAD_COLUMNS =
  'id, created_at, kind, identity_json, generator, upstream, method, path, decision, rule_id, policy_version, status';

export function sessionHeadOf(row: SqlRow): SessionHead {
  return {
    id: String(row['id']),
    kind: String(row['kind']) as SessionRecord['kind'],
    createdAt: String(row['created_at']),
    identity: parseJson<SessionRecord['identity']>(row['identity_json']) as SessionRecord['identity'],
    generator: str(row['generator']),
    upstream: String(row['upstream']),
    method: String(row['method']),
    path: String(row['path']),
    decision: String(row['decision']) as SessionRecord['decision'],
    ruleId: String(row['rule_id']),
    policyVersion: String(row['policy_version']),
    status: String(row['status']) as SessionRecord['status'],
  };
}

export function sessionOf(row: SqlRow): SessionRecord {
  const errorCode = str(row['error_code']);
  return {
    ...sessionHeadOf(row),
    requestId: String(row['request_id']),
    updatedAt: String(row['updated_at']),
    httpStatus: num(row['http_status']),
    upstreamStatus: num(row['upstream_status']),
    request: parseJson(row['request_json']),
    response: parseJson(row['response_json']),
    forwardedAt: str(row['forwarded_at']),
    completedAt: str(row['completed_at']),
    upstreamMs: num(row['upstream_ms']),
    totalMs: num(row['total_ms']),
    error: errorCode === undefined ? undefined : { code: errorCode, message: str(row['error_message']) ?? '' },
    masking: parseJson<SessionRecord['masking']>(row['masking_json']) ?? EMPTY_SUMMARY,
    approvalId: str(row['approval_id']),
    replicaId: str(row['replica_id']),
  };
}

/** Statuses in which a gateway process holds a session: set by the holder, closed by another if the holder dies. */
const HELD: ReadonlySet<SessionStatus> = new Set(['running', 'pending_approval']);
const IN_FLIGHT = "status IN ('running', 'pending_approval', 'approved')";

export class SqlSessionRepository implements SessionRepository {
  /** A written row as its digest covers it: every column, payloads without their bodies. */
  private readonly sealed: string;

  /**
   * `now`: the unit of work's time, stamped on what it writes; `replicaId`: this gateway process;
   * `seals`: where the digests of written rows go (a unit of work's; none on a reader).
   */
  constructor(
    private readonly sql: SqlExecutor,
    private readonly dialect: SqlDialect,
    private readonly now: () => Date,
    private readonly replicaId: string,
    private readonly seals?: RecordSeals,
    /** Where a unit of work's new rows go (its `insertRows`); else each is inserted at once. */
    private readonly rows?: RowSink,
    /** Where a unit of work's guarded updates may go (its `gatherGuarded`); else each runs at once. */
    private readonly guarded?: GuardedSink,
  ) {
    this.sealed = `id, kind, request_id, created_at, updated_at, identity_json, generator, upstream, method, path, decision, rule_id,
      policy_version, status, http_status, upstream_status, ${dialect.jsonWithout('request_json', 'body')} AS request_json,
      ${dialect.jsonWithout('response_json', 'body')} AS response_json, forwarded_at, completed_at, upstream_ms, total_ms,
      error_code, error_message, masking_json, approval_id, replica_id`;
  }

  /** Runs a write of session rows; the rows it wrote are sealed (their digests go to the unit's next audit entry). */
  private write(statement: string, params: readonly SqlParam[]): Promise<number> {
    return sealedWrite(
      this.sql,
      this.seals,
      statement,
      params,
      (row) => {
        const session = sessionOf(row);
        return [recordKey.session(session.id), sessionRecordValue(session)];
      },
      this.sealed,
    );
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const row = await this.sql.get('SELECT * FROM sessions WHERE id = ?', [id]);
    return row ? sessionOf(row) : undefined;
  }

  async list(query: SessionQuery): Promise<SessionPage> {
    const where: string[] = [];
    const params: SqlParam[] = [];
    const equals: Array<[string, string | undefined]> = [
      ['subject', query.subject],
      ['generator', query.generator],
      ['decision', query.decision],
      ['status', query.status],
      ['kind', query.kind],
    ];
    for (const [column, value] of equals) {
      if (value !== undefined) {
        where.push(`${column} = ?`);
        params.push(value);
      }
    }
    if (query.from !== undefined) {
      where.push('created_at >= ?');
      params.push(query.from);
    }
    if (query.to !== undefined) {
      where.push('created_at < ?');
      params.push(query.to);
    }
    if (query.cursor !== undefined) {
      const [createdAt, id] = decodeCursor(query.cursor);
      where.push('(created_at < ? OR (created_at = ? AND id < ?))');
      params.push(createdAt, createdAt, id);
    }
    params.push(query.limit + 1);
    const rows = await this.sql.all(
      `SELECT * FROM sessions ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`,
      params,
    );
    const sessions = rows.slice(0, query.limit).map(sessionOf);
    const last = sessions[sessions.length - 1];
    return { sessions, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : undefined };
  }

  /** Inserts a session; in a unit of work, resolves with its row as written (for `updateKnown`). */
  async insert(s: NewSession): Promise<SessionRecord | undefined> {
    const identity = JSON.stringify(s.identity);
    checkField('path', s.path);
    checkField('method', s.method);
    checkField('requestId', s.requestId);
    checkField('generator', s.generator);
    checkField('upstream', s.upstream);
    checkField('errorCode', s.error?.code);
    checkField('errorMessage', s.error?.message);
    checkField('identity', identity);
    // The payload as stored, its body's digest beside it, digested once for the row and its seal.
    const request = s.request === undefined ? undefined : { ...s.request, bodyDigest: bodyDigest(s.request.body) };
    const masking = JSON.stringify(s.masking ?? EMPTY_SUMMARY);
    const updatedAt = this.now().toISOString();
    const values: SqlParam[] = [
      s.id,
      s.kind,
      s.requestId,
      s.createdAt,
      updatedAt,
      s.identity.subject,
      s.identity.issuerId,
      identity,
      s.generator ?? null,
      s.upstream,
      s.method,
      s.path,
      s.decision,
      s.ruleId,
      s.policyVersion,
      s.status,
      s.httpStatus ?? null,
      request === undefined ? null : JSON.stringify(request),
      s.forwardedAt ?? null,
      s.error?.code ?? null,
      s.error?.message ?? null,
      masking,
      s.approvalId ?? null,
      this.replicaId,
    ];
    if (!this.seals) {
      await this.sql.run(SESSION_INSERT.single, values);
      return undefined;
    }
    // Every column of a new row is known here: its digest is computed without reading it back,
    // so the insert needs no RETURNING and may go in one statement with the flush's other rows.
    const session = insertedSession(s, identity, request, masking, updatedAt, this.replicaId);
    this.seals.add(recordKey.session(s.id), sessionRecordValue(session));
    if (this.rows) await this.rows(SESSION_INSERT, [values]);
    else await this.sql.run(SESSION_INSERT.single, values);
    return session;
  }

  async inFlight(limit: number): Promise<InFlightSession[]> {
    const rows = await this.sql.all(
      `SELECT id, status, replica_id, approval_id, created_at FROM sessions WHERE ${IN_FLIGHT} ORDER BY created_at, id LIMIT ?`,
      [limit],
    );
    return rows.map((row) => ({
      id: String(row['id']),
      status: String(row['status']) as SessionStatus,
      replicaId: str(row['replica_id']),
      approvalId: str(row['approval_id']),
      createdAt: String(row['created_at']),
    }));
  }

  async update(id: string, update: SessionUpdate): Promise<void> {
    if ((await this.change(id, update)) !== 1) throw new StoreError(`session ${id} does not exist`);
  }

  async closeInFlight(id: string, expected: Pick<InFlightSession, 'status' | 'replicaId'>, update: SessionUpdate): Promise<boolean> {
    const holder =
      expected.replicaId === undefined
        ? { sql: 'status = ? AND replica_id IS NULL', params: [expected.status] }
        : { sql: 'status = ? AND replica_id = ?', params: [expected.status, expected.replicaId] };
    return (await this.change(id, update, holder)) === 1;
  }

  /** Applies `update` to session `id` (when `condition` holds); how many rows changed. */
  private async change(id: string, update: SessionUpdate, condition?: { sql: string; params: SqlParam[] }): Promise<number> {
    const { sets, params } = assignments(update, this.now().toISOString());
    if (update.completedAt !== undefined && update.totalMs === undefined) {
      // End to end, from arrival to completion (a held run's wait for approval included).
      sets.push(`total_ms = ${this.dialect.msSince('created_at')}`);
      params.push(update.completedAt);
    }
    if (update.status !== undefined && HELD.has(update.status)) {
      sets.push('replica_id = ?');
      params.push(this.replicaId);
    }
    params.push(id, ...(condition?.params ?? []));
    const where = condition ? `id = ? AND ${condition.sql}` : 'id = ?';
    return this.write(`UPDATE sessions SET ${sets.join(', ')} WHERE ${where}`, params);
  }

  /**
   * Applies `update` to a session whose row this process knows (`before`, as `insert` or this
   * method returned it) without reading the row back: the row as written and its digest are
   * computed here, and the UPDATE applies only if the row is still as `before` says (its last
   * write's time, status and masking summary). A row changed meanwhile (another replica closing
   * it, say) is updated as `update` does, read back. Resolves with the row as written, or
   * undefined when it was read back instead.
   */
  async updateKnown(before: SessionRecord, update: SessionUpdate): Promise<SessionRecord | undefined> {
    const completedAt = update.completedAt;
    if (!this.seals || (completedAt !== undefined && update.totalMs === undefined && !Number.isFinite(Date.parse(completedAt)))) {
      await this.update(before.id, update);
      return undefined;
    }
    const now = this.now().toISOString();
    // End to end, from arrival to completion, from the created_at the row holds, as `change` has the engine compute it.
    const timed =
      completedAt !== undefined && update.totalMs === undefined
        ? { ...update, totalMs: Date.parse(completedAt) - Date.parse(before.createdAt) }
        : update;
    const { sets, params, read } = assignments(timed, now);
    const holds = update.status !== undefined && HELD.has(update.status);
    if (holds) {
      sets.push('replica_id = ?');
      params.push(this.replicaId);
    }
    params.push(before.id, before.updatedAt, before.status, JSON.stringify(before.masking));
    // Gathered with the flush's other completions into one statement, whose guard must pass for
    // every row: a row changed meanwhile fails the flush, and this unit runs again alone, here.
    const rows = this.dialect.jsonRows;
    if (!(rows && this.guarded?.(knownUpdate(rows, sets), params))) {
      const changed = await this.sql.run(
        `UPDATE sessions SET ${sets.join(', ')} WHERE ${KNOWN_GUARD.map((c) => `${c} = ?`).join(' AND ')}`,
        params,
      );
      if (changed.changes !== 1) {
        await this.update(before.id, update);
        return undefined;
      }
    }
    const after: SessionRecord = { ...before, ...read, updatedAt: now, replicaId: holds ? this.replicaId : before.replicaId };
    this.seals.add(recordKey.session(after.id), sessionRecordValue(after));
    return after;
  }

  async addMaskingSummary(id: string, summary: MaskingSummary): Promise<void> {
    if (summary.count === 0) {
      // Nothing to add up: only the profile, when there is one, in one statement.
      if (summary.profile !== undefined)
        await this.write(`UPDATE sessions SET masking_json = ${this.dialect.jsonSetText('masking_json', 'profile')} WHERE id = ?`, [
          summary.profile,
          id,
        ]);
      return;
    }
    const row = await this.sql.get<{ masking_json: string }>('SELECT masking_json FROM sessions WHERE id = ?', [id]);
    if (!row) throw new StoreError(`session ${id} does not exist`);
    const current = JSON.parse(row.masking_json) as MaskingSummary;
    const byDetector: Record<string, number> = { ...current.byDetector };
    for (const [detector, count] of Object.entries(summary.byDetector)) byDetector[detector] = (byDetector[detector] ?? 0) + count;
    const merged: MaskingSummary = { profile: summary.profile ?? current.profile, count: current.count + summary.count, byDetector };
    await this.write('UPDATE sessions SET masking_json = ? WHERE id = ?', [JSON.stringify(merged), id]);
  }
}

/** Masking events, one batch row per recorded write (maskingBatches.ts). */
export class SqlMaskingEventRepository implements MaskingEventRepository {
  constructor(
    private readonly sql: SqlExecutor,
    private readonly dialect: SqlDialect,
    /** Where a unit of work's look-up rows go (its `insertRows`). */
    private readonly rows?: RowSink,
    /** Where a unit of work's batches may go (its `gatherGuarded`). */
    private readonly guarded?: GuardedSink,
  ) {}

  async ofSession(sessionId: string): Promise<readonly MaskingEventRecord[]> {
    const rows = await this.sql.all(`SELECT ${BATCH_COLUMNS} FROM masking_batches b WHERE b.session_id = ? ORDER BY b.first_seq`, [
      sessionId,
    ]);
    return eventsOfBatches(rows);
  }

  async nextSeq(sessionId: string): Promise<number> {
    const row = await this.sql.get<{ n: number }>(
      'SELECT first_seq + event_count AS n FROM masking_batches WHERE session_id = ? ORDER BY first_seq DESC LIMIT 1',
      [sessionId],
    );
    return Number(row?.n ?? 0);
  }

  async add(events: readonly MaskingEventRecord[]): Promise<void> {
    // One row per write, whatever its number of values: a masked 1 KB body dense with personal
    // data carries 30, and a row each (ten parameters, two index entries) was most of what
    // recording it cost.
    if (events.length > 0) await insertBatches(this.sql, this.dialect, events, this.rows, this.guarded);
  }
}
