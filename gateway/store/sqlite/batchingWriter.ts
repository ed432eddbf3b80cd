/**
 * Groups the writes of concurrent requests into one SQLite transaction per flush. A unit that
 * fails does not undo the others (the batch is retried unit by unit), and each caller's promise
 * settles only after the COMMIT that made its writes durable.
 */
import { linkAuditEntry, GENESIS_HASH, type AuditEntry, type AuditInput, type ChainHead } from '../../audit/chain.js';
import { StoreError } from '../types.js';
import type { SqliteConnection } from './connection.js';

/** The statements a unit of work runs (the writer's connection, seen through the batch). */
export type TxConnection = Pick<SqliteConnection, 'run' | 'get' | 'all'>;

/** What a unit of work can do while its transaction is open. */
export interface WriterTx {
  readonly connection: TxConnection;
  readonly now: Date;
  appendAudit(input: AuditInput): Promise<AuditEntry>;
}

interface Job {
  readonly work: (tx: WriterTx) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** 8 parameters a row: 100 rows stay far below SQLite's 32,766 bound variables. */
const AUDIT_ROWS_PER_INSERT = 100;

function sqliteCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error).code) : undefined;
}

/** Turns a driver error into a StoreError whose message says what an operator can do. */
export function describeStoreFailure(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const code = sqliteCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const hint =
    code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED'
      ? 'the database is locked by another process'
      : code === 'SQLITE_FULL'
        ? 'the disk is full'
        : code === 'SQLITE_READONLY'
          ? 'the database is read-only'
          : code === 'SQLITE_IOERR' || code === 'SQLITE_CANTOPEN'
            ? 'the database file cannot be written'
            : 'the write failed';
  return new StoreError(`${hint} (${message})`, { cause: error });
}

/** A lone unit failed: its transaction is rolled back whole and the unit gets its own error. */
class UnitFailure extends Error {
  constructor(readonly failure: unknown) {
    super('unit of work failed');
  }
}

export class BatchingWriter {
  private queue: Job[] = [];
  private flushing = false;
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly connection: SqliteConnection,
    private readonly clock: () => Date,
  ) {}

  submit<T>(work: (tx: WriterTx) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError('the store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Resolves when every submitted unit has settled; later submissions are refused. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing || this.queue.length > 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  private schedule(): void {
    if (this.flushing || this.scheduled) return;
    this.scheduled = true;
    // setImmediate lets every request whose I/O completed in this turn join the same flush.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        await this.runBatch(batch);
      }
    } finally {
      this.flushing = false;
      if (this.queue.length > 0) this.schedule();
    }
  }

  /**
   * Runs the batch in one transaction. Units share it without savepoints (two round trips
   * fewer per unit on the hot path); if one fails, the whole transaction is rolled back and
   * every unit runs again in a transaction of its own, so only the failing one fails.
   */
  private async runBatch(batch: readonly Job[]): Promise<void> {
    if ((await this.runTogether(batch)) === 'split') {
      for (const job of batch) await this.runTogether([job]);
    }
  }

  private async runTogether(batch: readonly Job[]): Promise<'done' | 'split'> {
    const conn = this.connection;
    try {
      await conn.run('BEGIN IMMEDIATE');
    } catch (error) {
      const failure = describeStoreFailure(error);
      for (const job of batch) job.reject(failure);
      return 'done';
    }

    const values: unknown[] = [];
    // Audit entries are chained in memory and inserted together, one statement for many rows,
    // before anything reads and before COMMIT (a read inside the batch sees every entry so far).
    let pendingAudit: AuditEntry[] = [];
    const insertPendingAudit = async (): Promise<void> => {
      while (pendingAudit.length > 0) {
        const rows = pendingAudit.slice(0, AUDIT_ROWS_PER_INSERT);
        pendingAudit = pendingAudit.slice(rows.length);
        await conn.run(
          `INSERT INTO audit_log (seq, at, type, actor, session_id, data_json, prev_hash, hash) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
          rows.flatMap((entry) => [entry.seq, entry.at, entry.type, entry.actor, entry.sessionId ?? null, JSON.stringify(entry.data), entry.prevHash, entry.hash]),
        );
      }
    };
    const connection: TxConnection = {
      run: async (sql, params) => {
        if (sql.includes('audit_log')) await insertPendingAudit();
        return conn.run(sql, params);
      },
      get: async (sql, params) => {
        await insertPendingAudit();
        return conn.get(sql, params);
      },
      all: async (sql, params) => {
        await insertPendingAudit();
        return conn.all(sql, params);
      },
    };
    try {
      // Read the chain head inside the write lock: no other writer can append meanwhile.
      const headRow = await conn.get<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
      let head: ChainHead = headRow ? { seq: headRow.seq, hash: headRow.hash } : { seq: 0, hash: GENESIS_HASH };

      for (const job of batch) {
        const now = this.clock();
        const tx: WriterTx = {
          connection,
          now,
          appendAudit: (input) => {
            const entry = linkAuditEntry(head, input, now);
            pendingAudit.push(entry);
            head = { seq: entry.seq, hash: entry.hash };
            return Promise.resolve(entry);
          },
        };
        try {
          values.push(await job.work(tx));
        } catch (error) {
          throw new UnitFailure(sqliteCode(error)?.startsWith('SQLITE') ? describeStoreFailure(error) : error);
        }
      }
      await insertPendingAudit();
      await conn.run('COMMIT');
    } catch (error) {
      await conn.run('ROLLBACK').catch(() => undefined);
      if (error instanceof UnitFailure && batch.length > 1) return 'split';
      const failure = error instanceof UnitFailure ? error.failure : describeStoreFailure(error);
      for (const job of batch) job.reject(failure);
      return 'done';
    }
    batch.forEach((job, index) => job.resolve(values[index]));
    return 'done';
  }
}
