/**
 * The SQLite store: WAL journal, one writer connection fed by the batching writer, one read-only
 * connection for queries (WAL lets it read while a write is in progress).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuditEntry } from '../../audit/chain.js';
import type { SqliteStoreConfig } from '../../config/types.js';
import {
  StoreError,
  type MaskingEventRecord,
  type MaskingSummary,
  type NewSession,
  type SessionPage,
  type SessionQuery,
  type SessionRecord,
  type SessionUpdate,
  type SqlExecutor,
  type Store,
  type StoreTx,
  type TransactOptions,
} from '../types.js';
import { BatchingWriter, describeStoreFailure, type WriterTx } from './batchingWriter.js';
import { SqliteConnection, type Row, type SqlValue } from './connection.js';
import { MIGRATIONS } from './migrations/index.js';
import { auditEntryOf, maskingEventOf } from './auditRepository.js';

export interface SqliteStoreOptions {
  readonly clock?: () => Date;
}

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

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
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

function toSession(row: Row): SessionRecord {
  const errorCode = str(row['error_code']);
  return {
    id: String(row['id']),
    kind: String(row['kind']) as SessionRecord['kind'],
    requestId: String(row['request_id']),
    createdAt: String(row['created_at']),
    updatedAt: String(row['updated_at']),
    identity: parseJson<SessionRecord['identity']>(row['identity_json']) as SessionRecord['identity'],
    generator: str(row['generator']),
    upstream: String(row['upstream']),
    method: String(row['method']),
    path: String(row['path']),
    decision: String(row['decision']) as SessionRecord['decision'],
    ruleId: String(row['rule_id']),
    policyVersion: String(row['policy_version']),
    status: String(row['status']) as SessionRecord['status'],
    httpStatus: num(row['http_status']),
    upstreamStatus: num(row['upstream_status']),
    request: parseJson(row['request_json']),
    response: parseJson(row['response_json']),
    forwardedAt: str(row['forwarded_at']),
    completedAt: str(row['completed_at']),
    upstreamMs: num(row['upstream_ms']),
    totalMs: num(row['total_ms']),
    error: errorCode === undefined ? undefined : { code: errorCode, message: str(row['error_message']) ?? '' },
    masking: parseJson<SessionRecord['masking']>(row['masking_json']) ?? { profile: undefined, count: 0, byDetector: {} },
    approvalId: str(row['approval_id']),
  };
}

function encodeCursor(session: SessionRecord): string {
  return Buffer.from(`${session.createdAt}|${session.id}`).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id) throw new StoreError('invalid cursor');
  return [createdAt, id];
}

class SqliteTx implements StoreTx {
  readonly sql: SqlExecutor;
  readonly now: Date;

  constructor(private readonly tx: WriterTx) {
    this.sql = tx.connection;
    this.now = tx.now;
  }

  async insertSession(s: NewSession): Promise<void> {
    const now = this.tx.now.toISOString();
    await this.tx.connection.run(
      `INSERT INTO sessions (id, kind, request_id, created_at, updated_at, subject, issuer_id, identity_json, generator, upstream, method, path,
        decision, rule_id, policy_version, status, http_status, request_json, forwarded_at, error_code, error_message, masking_json, approval_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        s.id,
        s.kind,
        s.requestId,
        s.createdAt,
        now,
        s.identity.subject,
        s.identity.issuerId,
        JSON.stringify(s.identity),
        s.generator ?? null,
        s.upstream,
        s.method,
        s.path,
        s.decision,
        s.ruleId,
        s.policyVersion,
        s.status,
        s.httpStatus ?? null,
        json(s.request),
        s.forwardedAt ?? null,
        s.error?.code ?? null,
        s.error?.message ?? null,
        JSON.stringify({ profile: undefined, count: 0, byDetector: {} }),
        s.approvalId ?? null,
      ],
    );
  }

  async updateSession(id: string, update: SessionUpdate): Promise<void> {
    const sets: string[] = ['updated_at = ?'];
    const params: SqlValue[] = [this.tx.now.toISOString()];
    for (const [key, value] of Object.entries(update) as Array<[keyof SessionUpdate, SessionUpdate[keyof SessionUpdate]]>) {
      if (value === undefined) continue;
      if (key === 'error') {
        const error = value as SessionRecord['error'];
        sets.push('error_code = ?', 'error_message = ?');
        params.push(error?.code ?? null, error?.message ?? null);
      } else if (key === 'request' || key === 'response' || key === 'masking') {
        sets.push(`${SESSION_COLUMNS[key]} = ?`);
        params.push(JSON.stringify(value));
      } else {
        sets.push(`${SESSION_COLUMNS[key]} = ?`);
        params.push(value as SqlValue);
      }
    }
    if (update.completedAt !== undefined && update.totalMs === undefined) {
      // End to end, from arrival to completion (a held run's wait for approval included).
      sets.push('total_ms = (julianday(?) - julianday(created_at)) * 86400000.0');
      params.push(update.completedAt);
    }
    params.push(id);
    const result = await this.tx.connection.run(`UPDATE sessions SET ${sets.join(', ')} WHERE id = ?`, params);
    if (result.changes !== 1) throw new StoreError(`session ${id} does not exist`);
  }

  async addMaskingEvents(events: readonly MaskingEventRecord[]): Promise<void> {
    for (const e of events) {
      await this.tx.connection.run(
        'INSERT INTO masking_events (session_id, seq, at, location, detector, hmac, key_id, replacement) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [e.sessionId, e.seq, e.at, e.location, e.detector, e.hmac, e.keyId, e.replacement],
      );
    }
  }

  async nextMaskingSeq(sessionId: string): Promise<number> {
    const row = await this.tx.connection.get<{ n: number }>(
      'SELECT COALESCE(MAX(seq), -1) + 1 AS n FROM masking_events WHERE session_id = ?',
      [sessionId],
    );
    return Number(row?.n ?? 0);
  }

  async addMaskingSummary(id: string, summary: MaskingSummary): Promise<void> {
    if (summary.count === 0) {
      // Nothing to add up: only the profile, when there is one, in one statement.
      if (summary.profile !== undefined)
        await this.tx.connection.run("UPDATE sessions SET masking_json = json_set(masking_json, '$.profile', ?) WHERE id = ?", [
          summary.profile,
          id,
        ]);
      return;
    }
    const row = await this.tx.connection.get<{ masking_json: string }>('SELECT masking_json FROM sessions WHERE id = ?', [id]);
    if (!row) throw new StoreError(`session ${id} does not exist`);
    const current = JSON.parse(row.masking_json) as MaskingSummary;
    const byDetector: Record<string, number> = { ...current.byDetector };
    for (const [detector, count] of Object.entries(summary.byDetector)) byDetector[detector] = (byDetector[detector] ?? 0) + count;
    const merged: MaskingSummary = { profile: summary.profile ?? current.profile, count: current.count + summary.count, byDetector };
    await this.tx.connection.run('UPDATE sessions SET masking_json = ? WHERE id = ?', [JSON.stringify(merged), id]);
  }

  appendAudit(entry: Parameters<StoreTx['appendAudit']>[0]): Promise<AuditEntry> {
    return this.tx.appendAudit(entry);
  }
}

export class SqliteStore implements Store {
  readonly reader: SqlExecutor;

  private constructor(
    private readonly writerConnection: SqliteConnection,
    private readonly readerConnection: SqliteConnection,
    private readonly writer: BatchingWriter,
    readonly clock: () => Date,
  ) {
    this.reader = readerConnection;
  }

  static async open(config: SqliteStoreConfig, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
    mkdirSync(dirname(config.path), { recursive: true, mode: 0o700 });
    let writerConnection: SqliteConnection;
    try {
      writerConnection = await SqliteConnection.open(config.path, 'readwrite');
    } catch (error) {
      throw describeStoreFailure(error);
    }
    writerConnection.setBusyTimeout(config.busyTimeoutMs);
    await writerConnection.exec(
      `PRAGMA journal_mode = WAL; PRAGMA synchronous = ${config.synchronous === 'full' ? 'FULL' : 'NORMAL'}; PRAGMA foreign_keys = ON;`,
    );
    await migrate(writerConnection);
    const readerConnection = await SqliteConnection.open(config.path, 'readonly');
    readerConnection.setBusyTimeout(config.busyTimeoutMs);
    const clock = options.clock ?? (() => new Date());
    const writer = new BatchingWriter(writerConnection, clock);
    return new SqliteStore(writerConnection, readerConnection, writer, clock);
  }

  transact<T>(work: (tx: StoreTx) => Promise<T>, options: TransactOptions = {}): Promise<T> {
    return this.writer.submit((writerTx) => work(new SqliteTx(writerTx)), options.retrySafe === true);
  }

  async getSession(id: string): Promise<SessionRecord | undefined> {
    const row = await this.readerConnection.get('SELECT * FROM sessions WHERE id = ?', [id]);
    return row ? toSession(row) : undefined;
  }

  async listSessions(query: SessionQuery): Promise<SessionPage> {
    const where: string[] = [];
    const params: SqlValue[] = [];
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
    const rows = await this.readerConnection.all(
      `SELECT * FROM sessions ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`,
      params,
    );
    const sessions = rows.slice(0, query.limit).map(toSession);
    const last = sessions[sessions.length - 1];
    return { sessions, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : undefined };
  }

  async listMaskingEvents(sessionId: string): Promise<readonly MaskingEventRecord[]> {
    const rows = await this.readerConnection.all('SELECT * FROM masking_events WHERE session_id = ? ORDER BY seq', [sessionId]);
    return rows.map(maskingEventOf);
  }

  async readAudit(afterSeq: number, limit: number): Promise<readonly AuditEntry[]> {
    const rows = await this.readerConnection.all('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?', [afterSeq, limit]);
    return rows.map(auditEntryOf);
  }

  async checkWritable(): Promise<void> {
    const probe = Symbol('probe');
    await this.writer
      .submit(async (tx) => {
        await tx.connection.run('CREATE TEMP TABLE IF NOT EXISTS write_probe (x INTEGER)');
        await tx.connection.run('INSERT INTO write_probe VALUES (1)');
        await tx.connection.run('DELETE FROM write_probe');
        throw probe;
      })
      .catch((error: unknown) => {
        if (error !== probe) throw error;
      });
  }

  async close(): Promise<void> {
    await this.writer.close();
    await this.readerConnection.close();
    await this.writerConnection.close();
  }
}

async function migrate(connection: SqliteConnection): Promise<void> {
  await connection.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set((await connection.all('SELECT id FROM schema_migrations')).map((row) => String(row['id'])));
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.id)) continue;
    await connection.exec('BEGIN IMMEDIATE');
    try {
      await connection.exec(migration.sql);
      await connection.run('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)', [migration.id, new Date().toISOString()]);
      await connection.exec('COMMIT');
    } catch (error) {
      await connection.exec('ROLLBACK').catch(() => undefined);
      throw new StoreError(`migration ${migration.id} failed: ${(error as Error).message}`, { cause: error });
    }
  }
}
