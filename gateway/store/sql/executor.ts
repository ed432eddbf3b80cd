/**
 * What a repository of a SQL engine runs its statements on: the store's reader, a unit of work's
 * transaction, or a read snapshot. Only store/ sees it; domains see repositories.
 */
export type SqlParam = string | number | bigint | Buffer | null;
/** What a column reads back as: a parameter's types, and booleans (PostgreSQL's, where SQLite says 0 or 1). */
export type SqlValue = SqlParam | boolean;
export type SqlRow = Record<string, SqlValue>;

export interface SqlExecutor {
  run(sql: string, params?: readonly SqlParam[]): Promise<{ readonly changes: number }>;
  get<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlParam[]): Promise<T | undefined>;
  all<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
}
