/**
 * What a repository of a SQL engine runs its statements on: the store's reader, a unit of work's
 * transaction, or a read snapshot. Only store/ sees it; domains see repositories.
 */
export type SqlParam = string | number | bigint | Buffer | null;
export type SqlRow = Record<string, SqlParam>;

export interface SqlExecutor {
  run(sql: string, params?: readonly SqlParam[]): Promise<{ readonly changes: number }>;
  get<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlParam[]): Promise<T | undefined>;
  all<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
}
