/**
 * A thin promise layer over one node-sqlite3 connection, with prepared statements cached by
 * their SQL so the hot path does not re-parse.
 */
import sqlite3 from 'sqlite3';
import type { SqlExecutor, SqlParam, SqlRow } from '../sql/executor.js';

type SqlParams = readonly SqlParam[];
type Row = SqlRow;

export interface RunResult {
  readonly changes: number;
  readonly lastId: number;
}

export class SqliteConnection implements SqlExecutor {
  private readonly statements = new Map<string, sqlite3.Statement>();

  private constructor(private readonly db: sqlite3.Database) {}

  static open(path: string, mode: 'readwrite' | 'readonly'): Promise<SqliteConnection> {
    const flags = mode === 'readonly' ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE;
    return new Promise((resolvePromise, reject) => {
      const db = new sqlite3.Database(path, flags, (error) => {
        if (error) reject(error);
        else resolvePromise(new SqliteConnection(db));
      });
    });
  }

  setBusyTimeout(ms: number): void {
    this.db.configure('busyTimeout', ms);
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolvePromise, reject) => {
      this.db.exec(sql, (error) => (error ? reject(error) : resolvePromise()));
    });
  }

  private statement(sql: string): sqlite3.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  run(sql: string, params: SqlParams = []): Promise<RunResult> {
    return new Promise((resolvePromise, reject) => {
      this.statement(sql).run(params as SqlParam[], function (this: sqlite3.RunResult, error: Error | null) {
        if (error) reject(error);
        else resolvePromise({ changes: this.changes, lastId: this.lastID });
      });
    });
  }

  get<T extends Row = Row>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return new Promise((resolvePromise, reject) => {
      const statement = this.statement(sql);
      statement.get(params as SqlParam[], (error: Error | null, row: T | undefined) => (error ? reject(error) : resolvePromise(row)));
      // A cached statement left after its first row would hand the *next* row to the next get().
      statement.reset();
    });
  }

  all<T extends Row = Row>(sql: string, params: SqlParams = []): Promise<T[]> {
    return new Promise((resolvePromise, reject) => {
      this.statement(sql).all(params as SqlParam[], (error: Error | null, rows: T[]) => (error ? reject(error) : resolvePromise(rows)));
    });
  }

  async close(): Promise<void> {
    for (const statement of this.statements.values()) {
      await new Promise<void>((resolvePromise) => statement.finalize(() => resolvePromise()));
    }
    this.statements.clear();
    await new Promise<void>((resolvePromise, reject) => this.db.close((error) => (error ? reject(error) : resolvePromise())));
  }
}
