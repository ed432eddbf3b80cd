/**
 * The retention purge's queries (gateway/retention/types.ts). Bodies live in the
 * sessions' `request_json`/`response_json` columns: purging one sets its `body` to null and
 * stamps `purgedAt`, keeping content type and size as metadata.
 *
 * Rows of other domains that belong to a session (approvals, their votes and webhook outbox) are
 * found from the schema rather than named here: any table with a `session_id` column or a foreign
 * key to `sessions`, then the tables that point at those, by foreign key or by a column named
 * after them (`approval_id` → `approvals.id`). So a domain added later is purged with its
 * sessions without editing this file.
 */
import type { AuditPrefix, PayloadCount, RangeCount, RetentionRepository, RetentionScope, SessionDeletion } from '../../retention/types.js';
import type { SqlDialect, TableInfo } from './dialect.js';
import type { SqlExecutor, SqlParam, SqlRow as Row, SqlValue } from './executor.js';
import { HMAC_PREFIX_DIGITS } from './maskingBatches.js';

/** Sessions waiting for an approval or its execution keep everything until they are final. */
const IN_USE = "status NOT IN ('pending_approval', 'approved')";
const OWN_TABLES = new Set([
  'sessions',
  'masking_batches',
  'masking_subjects',
  'masking_subjects_recent',
  'audit_log',
  'audit_checkpoints',
  'schema_migrations',
]);

function scopeWhere(scope: RetentionScope): { sql: string; params: SqlParam[] } {
  switch (scope.kind) {
    case 'generator':
      return { sql: 'generator = ?', params: [scope.name] };
    case 'upstream':
      return { sql: "generator IS NULL AND kind = 'proxy' AND upstream = ?", params: [scope.name] };
    case 'default': {
      const parts: string[] = [];
      const params: SqlParam[] = [];
      if (scope.exceptGenerators.length > 0) {
        parts.push(`(generator IS NULL OR generator NOT IN (${scope.exceptGenerators.map(() => '?').join(', ')}))`);
        params.push(...scope.exceptGenerators);
      }
      if (scope.exceptUpstreams.length > 0) {
        parts.push(`NOT (generator IS NULL AND kind = 'proxy' AND upstream IN (${scope.exceptUpstreams.map(() => '?').join(', ')}))`);
        params.push(...scope.exceptUpstreams);
      }
      return { sql: parts.length > 0 ? parts.join(' AND ') : '1 = 1', params };
    }
  }
}

const PURGE_IDS = 'retention_purge';

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

function str(value: SqlValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

interface LinkedTable {
  readonly table: string;
  /** SQL selecting the rows of `table` that belong to the sessions about to be deleted. */
  readonly where: string;
}

export class SqlRetentionRepository implements RetentionRepository {
  private readonly hasBody: string;
  private readonly purgeIds: string;

  constructor(
    private readonly sql: SqlExecutor,
    private readonly dialect: SqlDialect,
  ) {
    this.hasBody = `(${dialect.jsonHasValue('request_json', 'body')} OR ${dialect.jsonHasValue('response_json', 'body')})`;
    this.purgeIds = dialect.tempTable(PURGE_IDS);
  }

  /** Bytes of a payload column whose body is still stored. */
  private storedBytes(column: string): string {
    const d = this.dialect;
    return `CASE WHEN ${d.jsonHasValue(column, 'body')} THEN COALESCE(${d.jsonNumber(column, 'bytes')}, 0) ELSE 0 END`;
  }

  /** A payload column with its body deleted (when it has one). */
  private purged(column: string): string {
    return `CASE WHEN ${this.dialect.jsonHasValue(column, 'body')} THEN ${this.dialect.jsonPurgeBody(column)} ELSE ${column} END`;
  }

  async countPayloads(scope: RetentionScope, cutoff: string, keptFrom: string | undefined): Promise<PayloadCount> {
    const where = scopeWhere(scope);
    const kept = keptFrom === undefined ? '' : 'AND created_at >= ?';
    const row = await this.sql.get<Row>(
      `SELECT COUNT(*) AS n, MIN(created_at) AS first, MAX(created_at) AS last,
         COALESCE(SUM(${this.storedBytes('request_json')} + ${this.storedBytes('response_json')}), 0) AS bytes
       FROM sessions WHERE created_at < ? ${kept} AND ${IN_USE} AND ${this.hasBody} AND ${where.sql}`,
      [cutoff, ...(keptFrom === undefined ? [] : [keptFrom]), ...where.params],
    );
    return { count: Number(row?.['n'] ?? 0), from: str(row?.['first']), to: str(row?.['last']), bytes: Number(row?.['bytes'] ?? 0) };
  }

  async purgePayloads(scope: RetentionScope, cutoff: string, keptFrom: string | undefined, at: string): Promise<number> {
    const where = scopeWhere(scope);
    const kept = keptFrom === undefined ? '' : 'AND created_at >= ?';
    const result = await this.sql.run(
      `UPDATE sessions SET request_json = ${this.purged('request_json')}, response_json = ${this.purged('response_json')}, updated_at = ?
       WHERE created_at < ? ${kept} AND ${IN_USE} AND ${this.hasBody} AND ${where.sql}`,
      [at, at, at, cutoff, ...(keptFrom === undefined ? [] : [keptFrom]), ...where.params],
    );
    return result.changes;
  }

  async countExpiredSessions(scope: RetentionScope, cutoff: string): Promise<RangeCount & { readonly maskingEvents: number }> {
    const where = scopeWhere(scope);
    const row = await this.sql.get<Row>(
      `SELECT COUNT(*) AS n, MIN(created_at) AS first, MAX(created_at) AS last FROM sessions WHERE created_at < ? AND ${IN_USE} AND ${where.sql}`,
      [cutoff, ...where.params],
    );
    // Masking events are stored a write to a row (migration 008): the count is of events, as before.
    const events = await this.sql.get<Row>(
      `SELECT COALESCE(SUM(event_count), 0) AS n FROM masking_batches WHERE session_id IN (SELECT id FROM sessions WHERE created_at < ? AND ${IN_USE} AND ${where.sql})`,
      [cutoff, ...where.params],
    );
    return { count: Number(row?.['n'] ?? 0), from: str(row?.['first']), to: str(row?.['last']), maskingEvents: Number(events?.['n'] ?? 0) };
  }

  async deleteExpiredSessions(scope: RetentionScope, cutoff: string): Promise<SessionDeletion> {
    const where = scopeWhere(scope);
    await this.sql.run(this.dialect.createTempIds(PURGE_IDS));
    await this.sql.run(`DELETE FROM ${this.purgeIds}`);
    try {
      await this.sql.run(`INSERT INTO ${this.purgeIds} (id) SELECT id FROM sessions WHERE created_at < ? AND ${IN_USE} AND ${where.sql}`, [
        cutoff,
        ...where.params,
      ]);
      const linked: Record<string, number> = {};
      for (const table of await this.linkedTables()) {
        const result = await this.sql.run(`DELETE FROM ${quote(table.table)} WHERE ${table.where}`);
        if (result.changes > 0) linked[table.table] = (linked[table.table] ?? 0) + result.changes;
      }
      const events = await this.sql.get<Row>(
        `SELECT COALESCE(SUM(event_count), 0) AS n FROM masking_batches WHERE session_id IN (SELECT id FROM ${this.purgeIds})`,
      );
      // The subject index's entries of those batches, found from the hashes the batches hold (a
      // batch edited into text that is not JSON leaves its entries behind: they point at no batch,
      // and a look-up only ever answers from a batch's own whole hashes).
      await this.sql.run(
        `DELETE FROM masking_subjects WHERE (hmac_prefix, batch_id) IN (
           SELECT substr(${this.dialect.jsonElementText('e', 'hmac')}, 1, ${HMAC_PREFIX_DIGITS}), b.id
           FROM masking_batches b, ${this.dialect.jsonElements('b.events_json', 'e')}
           WHERE b.session_id IN (SELECT id FROM ${this.purgeIds}))`,
      );
      await this.sql.run(
        `DELETE FROM masking_subjects_recent WHERE batch_id IN (SELECT id FROM masking_batches WHERE session_id IN (SELECT id FROM ${this.purgeIds}))`,
      );
      await this.sql.run(`DELETE FROM masking_batches WHERE session_id IN (SELECT id FROM ${this.purgeIds})`);
      const sessions = await this.sql.run(`DELETE FROM sessions WHERE id IN (SELECT id FROM ${this.purgeIds})`);
      return { sessions: sessions.changes, maskingEvents: Number(events?.['n'] ?? 0), linked };
    } finally {
      await this.sql.run(`DELETE FROM ${this.purgeIds}`);
    }
  }

  /**
   * Tables of other domains holding rows of the purged sessions, children first: tables whose
   * foreign keys point at a session-linked table, then the session-linked tables themselves.
   */
  private async linkedTables(): Promise<LinkedTable[]> {
    const tables: readonly TableInfo[] = (await this.dialect.tables(this.sql)).filter((table) => !OWN_TABLES.has(table.name));
    const direct: LinkedTable[] = [];
    const foreignKeys = new Map<string, TableInfo['foreignKeys']>();
    const columnsOf = new Map<string, readonly string[]>();
    for (const { name: table, columns, foreignKeys: keys } of tables) {
      foreignKeys.set(table, keys);
      columnsOf.set(table, columns);
      const toSessions = keys.find((key) => key.table === 'sessions');
      const column = toSessions?.from ?? (columns.includes('session_id') ? 'session_id' : undefined);
      if (column) direct.push({ table, where: `${quote(column)} IN (SELECT id FROM ${this.purgeIds})` });
    }
    const children: LinkedTable[] = [];
    for (const parent of direct) {
      for (const [table, keys] of foreignKeys) {
        if (direct.some((d) => d.table === table)) continue;
        const links = keys.filter((k) => k.table === parent.table).map((k) => ({ ...k }));
        // No foreign key, but a column named after the parent's rows (approval_id for approvals.id).
        const named = `${parent.table.replace(/s$/, '')}_id`;
        if (links.length === 0 && (columnsOf.get(table) ?? []).includes(named)) links.push({ table: parent.table, from: named, to: 'id' });
        for (const key of links) {
          children.push({
            table,
            where: `${quote(key.from)} IN (SELECT ${quote(key.to)} FROM ${quote(parent.table)} WHERE ${parent.where})`,
          });
        }
      }
    }
    return [...children, ...direct];
  }

  async auditPrefixBefore(cutoff: string): Promise<AuditPrefix | undefined> {
    const first = await this.sql.get<Row>('SELECT seq, at, prev_hash FROM audit_log ORDER BY seq LIMIT 1');
    if (!first) return undefined;
    // The prefix ends before the first entry recorded at or after the cutoff (clocks may step back: a prefix, never holes).
    const boundary = await this.sql.get<Row>('SELECT MIN(seq) AS seq FROM audit_log WHERE at >= ?', [cutoff]);
    const head = await this.sql.get<Row>('SELECT MAX(seq) AS seq FROM audit_log');
    const toSeq = boundary?.['seq'] === null || boundary?.['seq'] === undefined ? Number(head?.['seq']) : Number(boundary['seq']) - 1;
    const fromSeq = Number(first['seq']);
    if (!(toSeq >= fromSeq)) return undefined;
    const last = await this.sql.get<Row>('SELECT at, hash FROM audit_log WHERE seq = ?', [toSeq]);
    const count = await this.sql.get<Row>('SELECT COUNT(*) AS n FROM audit_log WHERE seq <= ?', [toSeq]);
    if (!last) return undefined;
    return {
      fromSeq,
      toSeq,
      count: Number(count?.['n'] ?? 0),
      fromAt: String(first['at']),
      toAt: String(last['at']),
      chainedFrom: String(first['prev_hash']),
      toHash: String(last['hash']),
    };
  }

  async deleteAuditThrough(seq: number): Promise<number> {
    return (await this.sql.run('DELETE FROM audit_log WHERE seq <= ?', [seq])).changes;
  }

  async deleteCheckpointsBefore(seq: number): Promise<number> {
    return (await this.sql.run('DELETE FROM audit_checkpoints WHERE seq < ?', [seq])).changes;
  }
}
