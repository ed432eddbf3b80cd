/** The queries of the processing register (gateway/register/types.ts): sessions and approvals of a period. */
import type { ProcessingRow, RegisterReader } from '../../register/types.js';
import type { SqlExecutor, SqlRow, SqlValue } from './executor.js';

type Row = SqlRow;

function text(value: SqlValue | undefined): string {
  return typeof value === 'string' ? value : String(value ?? '');
}

export class SqlRegisterRepository implements RegisterReader {
  constructor(private readonly sql: SqlExecutor) {}

  async processing(from: string, to: string, afterId: string, limit: number): Promise<ProcessingRow[]> {
    const rows = await this.sql.all<Row>(
      `SELECT id, created_at, kind, generator, upstream, subject, issuer_id, identity_json, decision, status, forwarded_at, masking_json
       FROM sessions WHERE created_at >= ? AND created_at < ? AND id > ? ORDER BY id LIMIT ?`,
      [from, to, afterId, limit],
    );
    return rows.map((row) => {
      const identity = JSON.parse(text(row['identity_json'])) as { kind?: unknown };
      const masking = JSON.parse(text(row['masking_json'])) as { byDetector?: Record<string, number> };
      return {
        id: text(row['id']),
        createdAt: text(row['created_at']),
        kind: text(row['kind']) === 'run' ? 'run' : 'proxy',
        generator: typeof row['generator'] === 'string' ? row['generator'] : undefined,
        upstream: text(row['upstream']),
        principal: `${text(row['issuer_id'])}:${text(row['subject'])}`,
        identityKind: identity.kind === 'pipeline' ? 'pipeline' : 'person',
        decision: text(row['decision']),
        status: text(row['status']),
        forwarded: typeof row['forwarded_at'] === 'string',
        maskedByDetector: masking.byDetector ?? {},
      };
    });
  }

  async approvalStatuses(from: string, to: string): Promise<ReadonlyArray<{ readonly generator: string; readonly status: string }>> {
    const rows = await this.sql.all<Row>('SELECT generator, status FROM approvals WHERE created_at >= ? AND created_at < ?', [from, to]);
    return rows.map((row) => ({ generator: text(row['generator']), status: text(row['status']) }));
  }
}
