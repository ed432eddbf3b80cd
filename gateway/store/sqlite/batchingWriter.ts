/**
 * Groups the writes of concurrent requests into one SQLite transaction per flush. Each unit of
 * work runs inside its own savepoint, so one failing unit does not undo the others, and each
 * caller's promise settles only after the COMMIT that made its writes durable.
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
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

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

  private async runBatch(batch: readonly Job[]): Promise<void> {
    const conn = this.connection;
    try {
      await conn.run('BEGIN IMMEDIATE');
    } catch (error) {
      const failure = describeStoreFailure(error);
      for (const job of batch) job.reject(failure);
      return;
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
              [entry.seq, entry.at, entry.type, entry.actor, entry.sessionId ?? null, JSON.stringify(entry.data), entry.prevHash, entry.hash],
            );
            head = { seq: entry.seq, hash: entry.hash };
            return entry;
          },
        };
        // A savepoint isolates units sharing the transaction; a lone unit has it to itself. Each
        // unit runs exactly once (units gather side effects in memory, which a retry would repeat).
        const isolated = batch.length > 1;
        if (isolated) await conn.run('SAVEPOINT unit');
        try {
          const value = await job.work(tx);
          if (isolated) await conn.run('RELEASE unit');
          settled.push({ job, ok: true, value });
        } catch (error) {
          head = headBefore;
          const failure = sqliteCode(error)?.startsWith('SQLITE') ? describeStoreFailure(error) : error;
          if (!isolated) throw new UnitFailure(failure);
          await conn.run('ROLLBACK TO unit');
          await conn.run('RELEASE unit');
          settled.push({ job, ok: false, value: failure });
        }
      }
      await conn.run('COMMIT');
    } catch (error) {
      await conn.run('ROLLBACK').catch(() => undefined);
      const failure = error instanceof UnitFailure ? error.failure : describeStoreFailure(error);
      for (const job of batch) job.reject(failure);
      return;
    }
    for (const { job, ok, value } of settled) {
      if (ok) job.resolve(value);
      else job.reject(value);
    }
  }
}
