/**
 * The gateway's SQLite file opened from outside, as someone with write access to it would: to
 * edit or delete a row behind the gateway's back, count what was written, and put a row back.
 */
import sqlite3 from 'sqlite3';
import type { GatewayConfig } from '../../../gateway/config/types.js';

export type Row = Record<string, unknown>;

export class StoreFile {
  private constructor(private readonly db: sqlite3.Database) {}

  static open(path: string): Promise<StoreFile> {
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(path, sqlite3.OPEN_READWRITE, (error) => (error ? reject(error) : resolve(new StoreFile(db))));
    });
  }

  run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return new Promise((resolve, reject) => {
      this.db.run(sql, params, function (this: sqlite3.RunResult, error: Error | null) {
        if (error) reject(error);
        else resolve(this.changes);
      });
    });
  }

  all(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return new Promise((resolve, reject) => {
      this.db.all(sql, params, (error: Error | null, rows: Row[]) => (error ? reject(error) : resolve(rows)));
    });
  }

  async one(sql: string, params: readonly unknown[] = []): Promise<Row> {
    const [row] = await this.all(sql, params);
    if (!row) throw new Error(`no row for ${sql} ${JSON.stringify(params)}`);
    return row;
  }

  /** Puts back a row read before it was deleted. */
  async insert(table: string, row: Row): Promise<void> {
    const columns = Object.keys(row);
    await this.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, Object.values(row));
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.db.close((error) => (error ? reject(error) : resolve())));
  }
}

/** Runs `work` on the store file, closing it after. */
export async function withStoreFile<T>(path: string, work: (file: StoreFile) => Promise<T>): Promise<T> {
  const file = await StoreFile.open(path);
  try {
    return await work(file);
  } finally {
    await file.close();
  }
}

/** The SQLite file of a gateway's store (the security suite runs on the embedded store). */
export function sqlitePathOf(config: GatewayConfig): string {
  if (config.store.driver !== 'sqlite')
    throw new Error(`the security suite edits a SQLite file; this gateway runs on ${config.store.driver}`);
  return config.store.path;
}
