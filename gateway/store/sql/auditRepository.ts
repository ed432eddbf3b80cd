/** The audit chain, its checkpoints, and what verification cross-checks (gateway/audit/types.ts). */
import type { CheckpointReason, StoredCheckpoint } from '../../audit/checkpoints.js';
import type { AuditEntry, ChainHead } from '../../audit/chain.js';
import { directoryUserOf } from './directoryRepository.js';
import { governanceRecordOf } from './governanceRepository.js';
import type { AuditReader, AuditWriter, RecordRowsReader, SessionFacts, StoredMaskingEvent } from '../../audit/types.js';
import { toApproval, toVote } from './approvalRepository.js';
import { sessionOf } from './sessionRepository.js';
import type { ChainEntry } from '../../audit/verify.js';
import type { SqlExecutor, SqlRow, SqlValue } from './executor.js';
import { BATCH_COLUMNS, eventsOfBatches } from './maskingBatches.js';

type Row = SqlRow;

/** Batches read per statement while paging masking events (a write of a masked 1 KB body holds about 30 events). */
const BATCHES_PER_PAGE = 256;

function text(value: SqlValue | undefined): string {
  return value === null || value === undefined ? '' : typeof value === 'string' ? value : String(value);
}

function optionalText(value: SqlValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Parses a stored row without trusting it: an edited row must be reported, not crash the verifier. */
function chainEntryOf(row: Row): ChainEntry {
  const base = {
    seq: Number(row['seq']),
    at: text(row['at']),
    type: text(row['type']),
    actor: text(row['actor']),
    sessionId: optionalText(row['session_id']),
    prevHash: text(row['prev_hash']),
    hash: text(row['hash']),
  };
  const raw = row['data_json'];
  try {
    const data: unknown = typeof raw === 'string' ? JSON.parse(raw) : undefined;
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      return { ...base, data: {}, malformed: 'its data is not a JSON object' };
    return { ...base, data: data as Record<string, unknown> };
  } catch {
    return { ...base, data: {}, malformed: 'its data is not valid JSON' };
  }
}

/** A stored audit row as an entry (a malformed data column reads as empty data). */
export function auditEntryOf(row: Row): AuditEntry {
  const { malformed: _malformed, ...entry } = chainEntryOf(row);
  return entry;
}

function checkpointOf(row: Row): StoredCheckpoint {
  return {
    seq: Number(row['seq']),
    hash: text(row['hash']),
    at: text(row['at']),
    reason: text(row['reason']) as CheckpointReason,
    kid: text(row['kid']),
    jws: text(row['jws']),
  };
}

function sessionFactsOf(row: Row): SessionFacts {
  return {
    id: text(row['id']),
    kind: text(row['kind']),
    createdAt: text(row['created_at']),
    completedAt: optionalText(row['completed_at']),
    subject: text(row['subject']),
    issuerId: text(row['issuer_id']),
    generator: optionalText(row['generator']),
    upstream: text(row['upstream']),
    method: text(row['method']),
    path: text(row['path']),
    decision: text(row['decision']),
    ruleId: text(row['rule_id']),
    policyVersion: text(row['policy_version']),
    status: text(row['status']),
    httpStatus: typeof row['http_status'] === 'number' ? row['http_status'] : undefined,
  };
}

const FACT_COLUMNS =
  'id, kind, created_at, completed_at, subject, issuer_id, generator, upstream, method, path, decision, rule_id, policy_version, status, http_status';

export class SqlAuditRepository implements AuditReader, AuditWriter {
  readonly rows: RecordRowsReader;

  constructor(private readonly sql: SqlExecutor) {
    this.rows = {
      sessions: async (afterId, limit) =>
        (await sql.all('SELECT * FROM sessions WHERE id > ? ORDER BY id LIMIT ?', [afterId, limit])).map(sessionOf),
      approvals: async (afterId, limit) =>
        (await sql.all('SELECT * FROM approvals WHERE id > ? ORDER BY id LIMIT ?', [afterId, limit])).map(toApproval),
      votes: async (after, limit) =>
        (
          await sql.all('SELECT * FROM approval_votes WHERE (approval_id, seq) > (?, ?) ORDER BY approval_id, seq LIMIT ?', [
            after.approvalId,
            after.seq,
            limit,
          ])
        ).map(toVote),
      governance: async (afterGenerator, limit) =>
        (await sql.all('SELECT * FROM generator_governance WHERE generator > ? ORDER BY generator LIMIT ?', [afterGenerator, limit])).map(
          governanceRecordOf,
        ),
      directoryUsers: async (afterId, limit) =>
        (await sql.all('SELECT * FROM directory_users WHERE id > ? ORDER BY id LIMIT ?', [afterId, limit])).map(directoryUserOf),
    };
  }

  async readEntries(afterSeq: number, limit: number): Promise<ChainEntry[]> {
    const rows = await this.sql.all<Row>(
      'SELECT seq, at, type, actor, session_id, data_json, prev_hash, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?',
      [afterSeq, limit],
    );
    return rows.map(chainEntryOf);
  }

  async head(): Promise<ChainHead | undefined> {
    const row = await this.sql.get<Row>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    return row ? { seq: Number(row['seq']), hash: text(row['hash']) } : undefined;
  }

  async entriesOfType(type: string): Promise<ChainEntry[]> {
    const rows = await this.sql.all<Row>(
      'SELECT seq, at, type, actor, session_id, data_json, prev_hash, hash FROM audit_log WHERE type = ? ORDER BY seq',
      [type],
    );
    return rows.map(chainEntryOf);
  }

  async checkpoints(): Promise<StoredCheckpoint[]> {
    return (await this.sql.all<Row>('SELECT seq, hash, at, reason, kid, jws FROM audit_checkpoints ORDER BY seq')).map(checkpointOf);
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    const row = await this.sql.get<Row>('SELECT seq, hash, at, reason, kid, jws FROM audit_checkpoints ORDER BY seq DESC LIMIT 1');
    return row ? checkpointOf(row) : undefined;
  }

  async sessionFacts(afterId: string, limit: number): Promise<SessionFacts[]> {
    return (await this.sql.all<Row>(`SELECT ${FACT_COLUMNS} FROM sessions WHERE id > ? ORDER BY id LIMIT ?`, [afterId, limit])).map(
      sessionFactsOf,
    );
  }

  async session(id: string): Promise<SessionFacts | undefined> {
    const row = await this.sql.get<Row>(`SELECT ${FACT_COLUMNS} FROM sessions WHERE id = ?`, [id]);
    return row ? sessionFactsOf(row) : undefined;
  }

  /**
   * Events after a (session, seq) cursor, in that order (verification streams them all). Events
   * are stored a write to a row: batches are read a page at a time from the one holding the
   * cursor's next event, until `limit` events are in hand.
   */
  async maskingEvents(after: { readonly sessionId: string; readonly seq: number }, limit: number): Promise<StoredMaskingEvent[]> {
    const events: StoredMaskingEvent[] = [];
    const batchesPerPage = Math.max(1, Math.min(limit, BATCHES_PER_PAGE));
    let rows = await this.sql.all<Row>(
      `SELECT ${BATCH_COLUMNS} FROM masking_batches b WHERE b.session_id >= ? AND (b.session_id > ? OR b.first_seq + b.event_count > ?)
       ORDER BY b.session_id, b.first_seq LIMIT ?`,
      [after.sessionId, after.sessionId, after.seq, batchesPerPage],
    );
    for (;;) {
      for (const event of eventsOfBatches(rows)) {
        if (event.sessionId === after.sessionId && event.seq <= after.seq) continue;
        events.push(event);
      }
      const last = rows[rows.length - 1];
      if (events.length >= limit || !last || rows.length < batchesPerPage) break;
      rows = await this.sql.all<Row>(
        `SELECT ${BATCH_COLUMNS} FROM masking_batches b WHERE (b.session_id, b.first_seq) > (?, ?) ORDER BY b.session_id, b.first_seq LIMIT ?`,
        [text(last['session_id']), Number(last['first_seq']), batchesPerPage],
      );
    }
    return events.slice(0, limit);
  }

  async insertCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    // A checkpoint of an entry already checkpointed changes nothing: keep the first.
    await this.sql.run('INSERT INTO audit_checkpoints (seq, hash, at, reason, kid, jws) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [
      checkpoint.seq,
      checkpoint.hash,
      checkpoint.at,
      checkpoint.reason,
      checkpoint.kid,
      checkpoint.jws,
    ]);
  }
}
