/**
 * Statements on a pg pool or one of its clients: the repositories' `?` placeholders numbered the
 * way PostgreSQL wants them, parameterised statements prepared once per connection, and 64-bit
 * integers and numerics read as numbers (sequence numbers, counts and sizes stay far below 2^53).
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { SqlExecutor, SqlParam, SqlRow } from '../sql/executor.js';

const INT8 = 20;
const NUMERIC = 1700;

function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if ((oid === INT8 || oid === NUMERIC) && format !== 'binary') return (value: string) => Number(value);
  return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
}

export const PG_TYPES: pg.CustomTypesConfig = { getTypeParser };

const positional = new Map<string, { readonly text: string; readonly name: string }>();

/** `?` → `$1, $2, …` outside quoted literals, with a name for the prepared statement. */
function numbered(sql: string): { readonly text: string; readonly name: string } {
  let cached = positional.get(sql);
  if (cached) return cached;
  let text = '';
  let n = 0;
  let quoted = false;
  for (const char of sql) {
    if (char === "'") quoted = !quoted;
    text += char === '?' && !quoted ? `$${++n}` : char;
  }
  cached = { text, name: `ag_${createHash('sha1').update(text).digest('hex').slice(0, 20)}` };
  positional.set(sql, cached);
  return cached;
}

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

export class PgExecutor implements SqlExecutor {
  constructor(private readonly target: Queryable) {}

  private async query(sql: string, params: readonly SqlParam[]): Promise<pg.QueryResult<SqlRow>> {
    const { text, name } = numbered(sql);
    const values = params.map((value) => (typeof value === 'bigint' ? value.toString() : value));
    // Statements with parameters are the repeated ones: prepare them once per connection.
    const config: pg.QueryConfig<unknown[]> = values.length > 0 ? { name, text, values } : { text };
    return (this.target as Pick<pg.Pool, 'query'>).query<SqlRow>(config);
  }

  async run(sql: string, params: readonly SqlParam[] = []): Promise<{ readonly changes: number }> {
    const result = await this.query(sql, params);
    return { changes: result.rowCount ?? 0 };
  }

  async get<T extends SqlRow = SqlRow>(sql: string, params: readonly SqlParam[] = []): Promise<T | undefined> {
    return (await this.query(sql, params)).rows[0] as T | undefined;
  }

  async all<T extends SqlRow = SqlRow>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }
}
