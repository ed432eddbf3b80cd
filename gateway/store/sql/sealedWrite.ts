/**
 * A write whose rows the audit chain vouches for: inside a unit of work (`seals` given) the
 * statement returns the rows it wrote and each row's digest goes to the unit's next audit entry;
 * on a reader it simply runs. Resolves with how many rows it wrote.
 */
import type { RecordSeals } from '../../audit/rowDigests.js';
import type { SqlExecutor, SqlParam, SqlRow } from './executor.js';

export async function sealedWrite(
  sql: SqlExecutor,
  seals: RecordSeals | undefined,
  statement: string,
  params: readonly SqlParam[],
  seal: (row: SqlRow) => readonly [key: string, digest: string],
  returning = '*',
): Promise<number> {
  if (!seals) return (await sql.run(statement, params)).changes;
  const rows = await sql.all(`${statement} RETURNING ${returning}`, params);
  for (const row of rows) seals.add(...seal(row));
  return rows.length;
}
