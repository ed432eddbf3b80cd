/** Brings a database's schema up to date: each pending migration in its own transaction, once. */
import { StoreError } from '../types.js';
import type { SqlExecutor } from './executor.js';
import { MIGRATIONS, type ColumnTypes } from './migrations/index.js';

export interface MigrationTarget {
  readonly executor: SqlExecutor;
  readonly types: ColumnTypes;
  /** Runs a script of several statements (no parameters). */
  script(sql: string): Promise<void>;
  /** Opens a transaction that excludes every other process migrating the same database. */
  begin(): Promise<void>;
}

export async function migrate(target: MigrationTarget): Promise<void> {
  const sql = target.executor;
  await target.script('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set((await sql.all('SELECT id FROM schema_migrations')).map((row) => String(row['id'])));
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.id)) continue;
    await target.begin();
    try {
      // Another gateway starting at the same moment may have applied it since the look above.
      if (!(await sql.get('SELECT id FROM schema_migrations WHERE id = ?', [migration.id]))) {
        await target.script(migration.sql(target.types));
        await sql.run('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)', [migration.id, new Date().toISOString()]);
      }
      await sql.run('COMMIT');
    } catch (error) {
      await sql.run('ROLLBACK').catch(() => undefined);
      throw new StoreError(`migration ${migration.id} failed: ${(error as Error).message}`, { cause: error });
    }
  }
}
