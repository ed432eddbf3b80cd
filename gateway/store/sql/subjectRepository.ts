/**
 * The data-subject look-up (gateway/subjects/types.ts): masking events by keyed hash. The index
 * (`masking_subjects`, migration 008, and `masking_subjects_recent` for the latest writes, 009) holds
 * each hash's first 12 digits and the batch holding it;
 * the look-up reads those batches and keeps the events whose whole hash was asked for.
 */
import type { SubjectReader } from '../../subjects/types.js';
import type { SqlExecutor, SqlRow, SqlValue } from './executor.js';
import { BATCH_COLUMNS, eventsOfBatch, HMAC_PREFIX_DIGITS } from './maskingBatches.js';

type Row = SqlRow;
type Match = Awaited<ReturnType<SubjectReader['findByHmacs']>>[number];

function str(value: SqlValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

export class SqlSubjectRepository implements SubjectReader {
  constructor(private readonly sql: SqlExecutor) {}

  async findByHmacs(hmacs: readonly string[]): ReturnType<SubjectReader['findByHmacs']> {
    if (hmacs.length === 0) return [];
    const wanted = new Set(hmacs);
    const prefixes = [...new Set(hmacs.map((hmac) => hmac.slice(0, HMAC_PREFIX_DIGITS)))];
    const listed = prefixes.map(() => '?').join(', ');
    // Recent writes' entries wait in masking_subjects_recent (migration 009) until they are moved.
    const rows = await this.sql.all<Row>(
      `SELECT ${BATCH_COLUMNS}, s.created_at, s.kind, s.generator, s.upstream, s.status
       FROM masking_batches b LEFT JOIN sessions s ON s.id = b.session_id
       WHERE b.id IN (SELECT batch_id FROM masking_subjects WHERE hmac_prefix IN (${listed})
         UNION SELECT batch_id FROM masking_subjects_recent WHERE hmac_prefix IN (${listed}))`,
      [...prefixes, ...prefixes],
    );
    const matches: Array<Match & { readonly order: string }> = [];
    for (const row of rows) {
      for (const event of eventsOfBatch(row)) {
        // A shared prefix finds the batch; only the whole hash makes a match.
        if (!wanted.has(event.hmac)) continue;
        const createdAt = str(row['created_at']);
        matches.push({
          order: createdAt ?? event.at,
          sessionId: event.sessionId,
          seq: event.seq,
          at: event.at,
          detector: event.detector,
          location: event.location,
          count: event.count,
          locations: (event.occurrences ?? [{ location: event.location }]).map((occurrence) => occurrence.location),
          keyId: event.keyId,
          hmac: event.hmac,
          createdAt,
          kind: str(row['kind']),
          generator: str(row['generator']),
          upstream: str(row['upstream']),
          status: str(row['status']),
        });
      }
    }
    // Oldest session first (an event whose session is gone by its own time), then session and seq.
    matches.sort((a, b) =>
      a.order !== b.order
        ? a.order < b.order
          ? -1
          : 1
        : a.sessionId !== b.sessionId
          ? a.sessionId < b.sessionId
            ? -1
            : 1
          : a.seq - b.seq,
    );
    return matches.map(({ order: _order, ...match }) => match);
  }

  async oldestSession(): Promise<string | undefined> {
    const row = await this.sql.get<Row>('SELECT MIN(created_at) AS first FROM sessions');
    return str(row?.['first']) ?? undefined;
  }
}
