/**
 * A thin promise layer over one node-sqlite3 connection, with prepared statements kept by their
 * SQL so the hot path does not re-parse. A statement runs one call at a time, and each call's
 * completion is handled on the event loop before the next may start; so each SQL has a small
 * pool of prepared statements, and concurrent calls of the same SQL (one per unit of work in a
 * batch) run side by side on the thread pool instead of queueing behind each other.
 */
import sqlite3 from 'sqlite3';
import type { SqlExecutor, SqlParam, SqlRow } from '../sql/executor.js';

type SqlParams = readonly SqlParam[];
type Row = SqlRow;

export interface RunResult {
  readonly changes: number;
  readonly lastId: number;
}

/** Idle statements kept per SQL; more may run at once, and the extra ones are finalised when done. */
const IDLE_PER_SQL = 32;

export class SqliteConnection implements SqlExecutor {
  private readonly idle = new Map<string, sqlite3.Statement[]>();
  private readonly busy = new Set<sqlite3.Statement>();

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

  /**
   * Hands `use` a prepared statement of `sql`: an idle one at once, or a new one once prepared.
   * A statement that does not prepare (no such table: a schema this gateway does not know) fails
   * the call; node-sqlite3 would otherwise never call the call's callback, and the caller would
   * wait forever.
   */
  private take(sql: string, use: (statement: sqlite3.Statement) => void, fail: (error: Error) => void): void {
    const idle = this.idle.get(sql)?.pop();
    if (idle) {
      this.busy.add(idle);
      use(idle);
      return;
    }
    const statement: sqlite3.Statement = this.db.prepare(sql, (error: Error | null) => {
      if (!error) {
        this.busy.add(statement);
        use(statement);
        return;
      }
      // A statement that did not prepare holds nothing (and node-sqlite3 never calls back a finalize of it).
      fail(error);
    });
  }

  /**
   * Hands a statement back once its call settled. One that stopped after its first row (`get`)
   * is reset first: left active, it would hand its next row to the next caller. One that failed
   * (a BEGIN refused as busy, a statement that did not prepare) is finalised, not kept: it must
   * not hold a transaction open or fail the next caller. (A run resets before it steps, and an
   * `all` steps to the end.)
   */
  private give(sql: string, statement: sqlite3.Statement, after: 'keep' | 'reset' | 'drop', settle: () => void): void {
    if (after === 'reset') {
      statement.reset(() => this.give(sql, statement, 'keep', settle));
      return;
    }
    this.busy.delete(statement);
    const idle = this.idle.get(sql) ?? [];
    if (after === 'drop' || idle.length >= IDLE_PER_SQL) {
      statement.finalize(settle);
      return;
    }
    idle.push(statement);
    this.idle.set(sql, idle);
    settle();
  }

  run(sql: string, params: SqlParams = []): Promise<RunResult> {
    return new Promise((resolvePromise, reject) => {
      const give = this.give.bind(this);
      this.take(
        sql,
        (statement) =>
          statement.run(params as SqlParam[], function (this: sqlite3.RunResult, error: Error | null) {
            const result = { changes: this.changes, lastId: this.lastID };
            give(sql, statement, error ? 'drop' : 'keep', () => (error ? reject(error) : resolvePromise(result)));
          }),
        reject,
      );
    });
  }

  get<T extends Row = Row>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return new Promise((resolvePromise, reject) => {
      this.take(
        sql,
        (statement) =>
          statement.get(params as SqlParam[], (error: Error | null, row: T | undefined) =>
            this.give(sql, statement, error ? 'drop' : 'reset', () => (error ? reject(error) : resolvePromise(row))),
          ),
        reject,
      );
    });
  }

  all<T extends Row = Row>(sql: string, params: SqlParams = []): Promise<T[]> {
    return new Promise((resolvePromise, reject) => {
      this.take(
        sql,
        (statement) =>
          statement.all(params as SqlParam[], (error: Error | null, rows: T[]) =>
            this.give(sql, statement, error ? 'drop' : 'keep', () => (error ? reject(error) : resolvePromise(rows))),
          ),
        reject,
      );
    });
  }

  async close(): Promise<void> {
    const statements = [...[...this.idle.values()].flat(), ...this.busy];
    this.idle.clear();
    this.busy.clear();
    for (const statement of statements) {
      await new Promise<void>((resolvePromise) => statement.finalize(() => resolvePromise()));
    }
    await new Promise<void>((resolvePromise, reject) => this.db.close((error) => (error ? reject(error) : resolvePromise())));
  }
}
