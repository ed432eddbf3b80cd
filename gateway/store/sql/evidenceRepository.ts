/**
 * What evidence bundles read (gateway/evidence/types.ts). Bodies are never read: only their
 * content type, size and whether they are still stored, through the engine's JSON functions, so
 * a bundle of a busy month does not load a month of payloads.
 */
import type { AuditEntry, ChainHead } from '../../audit/chain.js';
import type { EvidenceMaskingEvent, EvidencePayload, EvidenceReader, EvidenceSession } from '../../evidence/types.js';
import type { SqlDialect } from './dialect.js';
import type { SqlExecutor, SqlRow as Row, SqlValue } from './executor.js';
import { auditEntryOf } from './auditRepository.js';
import { BATCH_COLUMNS, eventsOfBatches } from './maskingBatches.js';

/** A payload column's metadata, never its body. */
function payloadColumns(d: SqlDialect, column: string, prefix: 'req' | 'res'): string {
  return [
    `${d.jsonText(column, 'contentType')} AS ${prefix}_type`,
    `${d.jsonNumber(column, 'bytes')} AS ${prefix}_bytes`,
    `CASE WHEN ${d.jsonHasValue(column, 'body')} THEN 1 ELSE 0 END AS ${prefix}_body`,
    `${d.jsonText(column, 'purgedAt')} AS ${prefix}_purged`,
    `CASE WHEN ${column} IS NULL THEN 1 ELSE 0 END AS ${prefix}_none`,
  ].join(', ');
}

function sessionSelect(d: SqlDialect): string {
  return `SELECT id, kind, created_at, completed_at, identity_json, subject, issuer_id, generator, upstream, method, path, decision, rule_id, policy_version,
  status, http_status, upstream_status, total_ms, approval_id, error_code, masking_json,
  ${payloadColumns(d, 'request_json', 'req')}, ${payloadColumns(d, 'response_json', 'res')}
  FROM sessions`;
}

const ENTRY_COLUMNS = 'seq, at, type, actor, session_id, data_json, prev_hash, hash';

function str(value: SqlValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

function num(value: SqlValue | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

function parse(value: SqlValue | undefined): Record<string, unknown> {
  if (typeof value !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function payload(row: Row, prefix: 'req' | 'res'): EvidencePayload | null {
  if (Number(row[`${prefix}_none`]) === 1) return null;
  const purgedAt = str(row[`${prefix}_purged`]);
  const bytes = num(row[`${prefix}_bytes`]) ?? 0;
  const hasBody = Number(row[`${prefix}_body`]) === 1;
  const body: EvidencePayload['body'] = purgedAt !== null ? 'purged' : !hasBody && bytes > 0 ? 'metadata-only' : 'stored';
  return { contentType: str(row[`${prefix}_type`]), bytes, body, purgedAt };
}

function sessionOf(row: Row): EvidenceSession {
  const identity = parse(row['identity_json']);
  const masking = parse(row['masking_json']);
  const groups = Array.isArray(identity['groups']) ? identity['groups'].filter((g): g is string => typeof g === 'string') : [];
  const byDetector: Record<string, number> = {};
  const rawByDetector = masking['byDetector'];
  if (typeof rawByDetector === 'object' && rawByDetector !== null) {
    for (const [detector, count] of Object.entries(rawByDetector)) if (typeof count === 'number') byDetector[detector] = count;
  }
  return {
    id: String(row['id']),
    kind: String(row['kind']),
    createdAt: String(row['created_at']),
    completedAt: str(row['completed_at']),
    principal: {
      subject: String(row['subject']),
      issuerId: String(row['issuer_id']),
      kind: typeof identity['kind'] === 'string' ? identity['kind'] : 'person',
      name: typeof identity['name'] === 'string' ? identity['name'] : null,
    },
    groups,
    generator: str(row['generator']),
    upstream: String(row['upstream']),
    method: String(row['method']),
    path: String(row['path']),
    decision: { effect: String(row['decision']), ruleId: String(row['rule_id']), policyVersion: String(row['policy_version']) },
    status: String(row['status']),
    httpStatus: num(row['http_status']),
    upstreamStatus: num(row['upstream_status']),
    totalMs: num(row['total_ms']),
    approvalId: str(row['approval_id']),
    error: str(row['error_code']),
    masking: {
      profile: typeof masking['profile'] === 'string' ? masking['profile'] : null,
      count: typeof masking['count'] === 'number' ? masking['count'] : 0,
      byDetector,
    },
    payloads: { request: payload(row, 'req'), response: payload(row, 'res') },
  };
}

export class SqlEvidenceRepository implements EvidenceReader {
  private readonly sessionSelect: string;

  constructor(
    private readonly sql: SqlExecutor,
    private readonly dialect: SqlDialect,
  ) {
    this.sessionSelect = sessionSelect(dialect);
  }

  async sessionsCreated(from: string, to: string, limit: number): Promise<EvidenceSession[]> {
    return (
      await this.sql.all<Row>(`${this.sessionSelect} WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id LIMIT ?`, [
        from,
        to,
        limit,
      ])
    ).map(sessionOf);
  }

  async session(id: string): Promise<EvidenceSession | undefined> {
    const row = await this.sql.get<Row>(`${this.sessionSelect} WHERE id = ?`, [id]);
    return row ? sessionOf(row) : undefined;
  }

  async maskingEventsOfSessionsCreated(from: string, to: string): Promise<EvidenceMaskingEvent[]> {
    const rows = await this.sql.all<Row>(
      `SELECT ${BATCH_COLUMNS} FROM masking_batches b JOIN sessions s ON s.id = b.session_id
       WHERE s.created_at >= ? AND s.created_at < ? ORDER BY s.created_at, b.session_id, b.first_seq`,
      [from, to],
    );
    return eventsOfBatches(rows);
  }

  async maskingEventsOf(sessionId: string): Promise<EvidenceMaskingEvent[]> {
    return eventsOfBatches(
      await this.sql.all<Row>(`SELECT ${BATCH_COLUMNS} FROM masking_batches b WHERE b.session_id = ? ORDER BY b.first_seq`, [sessionId]),
    );
  }

  async auditRange(from: string, to: string, through: number): Promise<{ readonly fromSeq: number; readonly toSeq: number } | undefined> {
    const row = await this.sql.get<Row>('SELECT MIN(seq) AS first, MAX(seq) AS last FROM audit_log WHERE at >= ? AND at < ? AND seq <= ?', [
      from,
      to,
      through,
    ]);
    const first = num(row?.['first']);
    const last = num(row?.['last']);
    return first === null || last === null ? undefined : { fromSeq: first, toSeq: last };
  }

  async entriesOfSessionsCreated(
    from: string,
    to: string,
    through: number,
  ): Promise<{ readonly fromSeq: number; readonly toSeq: number } | undefined> {
    const row = await this.sql.get<Row>(
      'SELECT MIN(a.seq) AS first, MAX(a.seq) AS last FROM audit_log a JOIN sessions s ON s.id = a.session_id WHERE s.created_at >= ? AND s.created_at < ? AND a.seq <= ?',
      [from, to, through],
    );
    const first = num(row?.['first']);
    const last = num(row?.['last']);
    return first === null || last === null ? undefined : { fromSeq: first, toSeq: last };
  }

  async auditEntries(fromSeq: number, toSeq: number): Promise<AuditEntry[]> {
    return (
      await this.sql.all<Row>(`SELECT ${ENTRY_COLUMNS} FROM audit_log WHERE seq >= ? AND seq <= ? ORDER BY seq`, [fromSeq, toSeq])
    ).map(auditEntryOf);
  }

  async auditEntriesOfSession(sessionId: string, approvalIds: readonly string[], through: number): Promise<AuditEntry[]> {
    const approvalClause =
      approvalIds.length > 0 ? ` OR ${this.dialect.jsonText('data_json', 'approvalId')} IN (${approvalIds.map(() => '?').join(', ')})` : '';
    const rows = await this.sql.all<Row>(
      `SELECT ${ENTRY_COLUMNS} FROM audit_log WHERE (session_id = ?${approvalClause}) AND seq <= ? ORDER BY seq`,
      [sessionId, ...approvalIds, through],
    );
    return rows.map(auditEntryOf);
  }

  async entryBefore(seq: number): Promise<ChainHead | undefined> {
    const row = await this.sql.get<Row>('SELECT seq, hash FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT 1', [seq]);
    return row ? { seq: Number(row['seq']), hash: String(row['hash']) } : undefined;
  }

  async gatewayStarts(through: number): Promise<AuditEntry[]> {
    return (
      await this.sql.all<Row>(`SELECT ${ENTRY_COLUMNS} FROM audit_log WHERE type = 'gateway.started' AND seq <= ? ORDER BY seq`, [through])
    ).map(auditEntryOf);
  }

  async oldestSession(): Promise<string | undefined> {
    const row = await this.sql.get<Row>('SELECT MIN(created_at) AS first FROM sessions');
    return str(row?.['first']) ?? undefined;
  }

  async oldestEntry(): Promise<{ readonly seq: number; readonly at: string } | undefined> {
    const row = await this.sql.get<Row>('SELECT seq, at FROM audit_log ORDER BY seq LIMIT 1');
    return row ? { seq: Number(row['seq']), at: String(row['at']) } : undefined;
  }
}
