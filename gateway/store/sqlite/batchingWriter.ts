/**
 * Groups the writes of concurrent requests into one SQLite transaction per flush, and settles each
 * caller's promise only after the COMMIT that made its writes durable. One failing unit does not
 * undo the others. Units run exactly once (most gather side effects in memory: events to publish,
 * runs to execute), each inside its own savepoint. Units declared retry-safe (they only write to
 * the store, like the session records on the hot path) share a transaction of their own without
 * savepoints, two SQLite round trips fewer each; if one of them fails, the transaction is rolled
 * back and each runs again alone.
 */
import { linkAuditEntry, GENESIS_HASH, type AuditEntry, type AuditInput, type ChainHead } from '../../audit/chain.js';
import { StoreError } from '../types.js';
import type { SqliteConnection } from './connection.js';

/** What a unit of work can do while its transaction is open. */
export interface WriterTx {
  readonly connection: SqliteConnection;
  readonly now: Date;
  appendAudit(input: AuditInput): Promise<AuditEntry>;
}

interface Job {
  readonly work: (tx: WriterTx) => Promise<unknown>;
  readonly retrySafe: boolean;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

function sqliteCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
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

/** A unit failed without a savepoint: the transaction is rolled back whole. */
class UnitFailure extends Error {
  constructor(
    readonly failure: unknown,
    /** Other (retry-safe) units shared the transaction: each runs again alone. */
    readonly retryAlone = false,
  ) {
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

  submit<T>(work: (tx: WriterTx) => Promise<T>, retrySafe = false): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError('the store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, retrySafe, resolve: resolve as (value: unknown) => void, reject });
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
        const retrySafe = batch.filter((job) => job.retrySafe);
        const once = batch.filter((job) => !job.retrySafe);
        if (retrySafe.length > 0 && (await this.runBatch(retrySafe, false)) === 'split') {
          for (const job of retrySafe) await this.runBatch([job], false);
        }
        if (once.length > 0) await this.runBatch(once, once.length > 1);
      }
    } finally {
      this.flushing = false;
      if (this.queue.length > 0) this.schedule();
    }
  }

  /**
   * One transaction for `batch`. With `savepoints`, a failing unit is rolled back alone; without,
   * a failing unit of several rolls the whole batch back and the answer is 'split' (nothing
   * settled: the caller retries each unit alone).
   */
  private async runBatch(batch: readonly Job[], savepoints: boolean): Promise<'done' | 'split'> {
    const conn = this.connection;
    try {
      await conn.run('BEGIN IMMEDIATE');
    } catch (error) {
      const failure = describeStoreFailure(error);
      for (const job of batch) job.reject(failure);
      return 'done';
    }

    const settled: Array<{ job: Job; ok: boolean; value: unknown }> = [];
    try {
      // Read the chain head inside the write lock: no other writer can append meanwhile.
      const headRow = await conn.get<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
      let head: ChainHead = headRow ? { seq: headRow.seq, hash: headRow.hash } : { seq: 0, hash: GENESIS_HASH };

      for (const job of batch) {
        const headBefore = head;
        const now = this.clock();
        const tx: WriterTx = {
          connection: conn,
          now,
          appendAudit: async (input) => {
            const entry = linkAuditEntry(head, input, now);
            await conn.run(
              'INSERT INTO audit_log (seq, at, type, actor, session_id, data_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
              [
                entry.seq,
                entry.at,
                entry.type,
                entry.actor,
                entry.sessionId ?? null,
                JSON.stringify(entry.data),
                entry.prevHash,
                entry.hash,
              ],
            );
            head = { seq: entry.seq, hash: entry.hash };
            return entry;
          },
        };
        if (savepoints) await conn.run('SAVEPOINT unit');
        try {
          const value = await job.work(tx);
          if (savepoints) await conn.run('RELEASE unit');
          settled.push({ job, ok: true, value });
        } catch (error) {
          head = headBefore;
          const failure = sqliteCode(error)?.startsWith('SQLITE') ? describeStoreFailure(error) : error;
          if (!savepoints) throw new UnitFailure(failure, batch.length > 1);
          await conn.run('ROLLBACK TO unit');
          await conn.run('RELEASE unit');
          settled.push({ job, ok: false, value: failure });
        }
      }
      await conn.run('COMMIT');
    } catch (error) {
      await conn.run('ROLLBACK').catch(() => undefined);
      if (error instanceof UnitFailure && error.retryAlone) return 'split';
      const failure = error instanceof UnitFailure ? error.failure : describeStoreFailure(error);
      for (const job of batch) job.reject(failure);
      return 'done';
    }
    for (const { job, ok, value } of settled) {
      if (ok) job.resolve(value);
      else job.reject(value);
    }
    return 'done';
  }
}
