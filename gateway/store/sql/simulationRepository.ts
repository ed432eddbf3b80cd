/**
 * What a policy simulation reads (gateway/simulation/types.ts): sessions in creation order with a
 * run's recorded input, never a response body; and the deciding audit entries of a page of them,
 * on the session index of the audit log.
 */
import type { AuditEntry } from '../../audit/chain.js';
import { DECIDING_ENTRY_TYPES, type CallQuery, type RecordedCall, type SimulationReader } from '../../simulation/types.js';
import type { RecordedPayload } from '../types.js';
import type { SqlExecutor, SqlParam, SqlRow, SqlValue } from './executor.js';
import { auditEntryOf } from './auditRepository.js';
import { SESSION_HEAD_COLUMNS, sessionHeadOf } from './sessionRepository.js';

const CALL_COLUMNS = `${SESSION_HEAD_COLUMNS}, CASE WHEN kind = 'run' THEN request_json END AS input_json`;

/** The body of a run's recorded request: its input, unless only metadata was kept or retention purged it. */
function inputOf(value: SqlValue | undefined): unknown {
  if (typeof value !== 'string') return undefined;
  const payload = JSON.parse(value) as RecordedPayload | null;
  if (payload === null || payload.purgedAt !== undefined || payload.body === null || payload.body === undefined) return undefined;
  return payload.body;
}

function callOf(row: SqlRow): RecordedCall {
  return { ...sessionHeadOf(row), input: inputOf(row['input_json']) };
}

/** Ids per statement: far below every engine's limit on parameters. */
const IDS_PER_STATEMENT = 400;

export class SqlSimulationRepository implements SimulationReader {
  constructor(private readonly sql: SqlExecutor) {}

  async calls(query: CallQuery): Promise<RecordedCall[]> {
    const where = ['created_at >= ?', 'created_at < ?'];
    const params: SqlParam[] = [query.from, query.to];
    if (query.generator !== undefined) {
      where.push('generator = ?');
      params.push(query.generator);
    }
    if (query.after !== undefined) {
      where.push('(created_at > ? OR (created_at = ? AND id > ?))');
      params.push(query.after.createdAt, query.after.createdAt, query.after.id);
    }
    params.push(query.limit);
    const rows = await this.sql.all(
      `SELECT ${CALL_COLUMNS} FROM sessions WHERE ${where.join(' AND ')} ORDER BY created_at, id LIMIT ?`,
      params,
    );
    return rows.map(callOf);
  }

  async decidingEntries(sessionIds: readonly string[]): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    const types = DECIDING_ENTRY_TYPES.map(() => '?').join(', ');
    for (let at = 0; at < sessionIds.length; at += IDS_PER_STATEMENT) {
      const ids = sessionIds.slice(at, at + IDS_PER_STATEMENT);
      const rows = await this.sql.all(
        `SELECT seq, at, type, actor, session_id, data_json, prev_hash, hash FROM audit_log
         WHERE session_id IN (${ids.map(() => '?').join(', ')}) AND type IN (${types}) ORDER BY seq`,
        [...ids, ...DECIDING_ENTRY_TYPES],
      );
      entries.push(...rows.map(auditEntryOf));
    }
    return entries.sort((a, b) => a.seq - b.seq);
  }
}
