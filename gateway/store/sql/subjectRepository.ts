/** The data-subject look-up (gateway/subjects/types.ts): masking events by HMAC, on its index. */
import type { SubjectReader } from '../../subjects/types.js';
import type { SqlExecutor, SqlRow, SqlValue } from './executor.js';
import { maskingEventOf } from './auditRepository.js';

type Row = SqlRow;

function str(value: SqlValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

export class SqlSubjectRepository implements SubjectReader {
  constructor(private readonly sql: SqlExecutor) {}

  async findByHmacs(hmacs: readonly string[]): ReturnType<SubjectReader['findByHmacs']> {
    if (hmacs.length === 0) return [];
    // The index holds each hash's first 12 digits (migration 007): the look-up names them, then the whole hash.
    const list = hmacs.map(() => '?').join(', ');
    const rows = await this.sql.all<Row>(
      `SELECT m.session_id, m.seq, m.at, m.detector, m.location, m.key_id, m.hmac, m.count, m.occurrences_json, s.created_at, s.kind, s.generator, s.upstream, s.status
       FROM masking_events m LEFT JOIN sessions s ON s.id = m.session_id
       WHERE substr(m.hmac, 1, 12) IN (${list}) AND m.hmac IN (${list})
       ORDER BY COALESCE(s.created_at, m.at), m.session_id, m.seq`,
      [...hmacs.map((hmac) => hmac.slice(0, 12)), ...hmacs],
    );
    return rows.map((row) => ({
      sessionId: String(row['session_id']),
      seq: Number(row['seq']),
      at: String(row['at']),
      detector: String(row['detector']),
      location: String(row['location']),
      count: Number(row['count'] ?? 1),
      locations: (maskingEventOf(row).occurrences ?? [{ location: String(row['location']) }]).map((occurrence) => occurrence.location),
      keyId: String(row['key_id']),
      hmac: String(row['hmac']),
      createdAt: str(row['created_at']),
      kind: str(row['kind']),
      generator: str(row['generator']),
      upstream: str(row['upstream']),
      status: str(row['status']),
    }));
  }

  async oldestSession(): Promise<string | undefined> {
    const row = await this.sql.get<Row>('SELECT MIN(created_at) AS first FROM sessions');
    return str(row?.['first']) ?? undefined;
  }
}
