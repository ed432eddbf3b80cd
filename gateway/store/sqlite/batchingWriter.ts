/**
 * Groups the writes of concurrent requests into one SQLite transaction per flush, and settles each
 * caller's promise only after the COMMIT that made its writes durable. One failing unit does not
 * undo the others. Units run exactly once (most gather side effects in memory: events to publish,
 * runs to execute), each inside its own savepoint. Units declared retry-safe (they only write to
 * the store, like the session records on the hot path) share a transaction of their own without
 * savepoints, two SQLite round trips fewer each; if one of them fails, the transaction is rolled
 * back and each runs again alone. Retry-safe units that only record (recordWrites.ts) do not run
 * statements at all: the whole flush of them is one statement.
 */
import { linkAuditEntry, GENESIS_HASH, type AuditEntry, type AuditInput, type ChainHead } from '../../audit/chain.js';
import { StoreError, type StoreTx } from '../types.js';
import type { SqliteConnection } from './connection.js';
import { CapturedWrites, CapturingTx, NotCapturable, RECORD_WRITES_SQL, recordWritesRefusal, sessionMissing } from './recordWrites.js';

/** What a unit of work can do while its transaction is open. */
export interface WriterTx {
  readonly connection: SqliteConnection;
  readonly now: Date;
  appendAudit(input: AuditInput): Promise<AuditEntry>;
}

interface Job {
  readonly work: (tx: WriterTx) => Promise<unknown>;
  readonly retrySafe: boolean;
  /** The same unit against the store's transaction interface, to be captured (recordWrites.ts). */
  readonly record: ((tx: StoreTx) => Promise<unknown>) | undefined;
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
  /** The chain head after the last commit; unknown (read again) after a failure. */
  private head: ChainHead | undefined;

  constructor(
    private readonly connection: SqliteConnection,
    private readonly clock: () => Date,
  ) {}

  /**
   * Queues a unit for the next flush. `record`, for a retry-safe unit, is the same work against
   * the store's transaction interface: it is first tried captured, written with the flush's other
   * records in one statement.
   */
  submit<T>(work: (tx: WriterTx) => Promise<T>, retrySafe = false, record?: (tx: StoreTx) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError('the store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, retrySafe, record: retrySafe ? record : undefined, resolve: resolve as (value: unknown) => void, reject });
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
        const uncaptured = retrySafe.length > 0 ? await this.record(retrySafe) : [];
        if (uncaptured.length > 0 && (await this.runBatch(uncaptured, false)) === 'split') {
          for (const job of uncaptured) await this.runBatch([job], false);
        }
        if (once.length > 0) await this.runBatch(once, once.length > 1);
      }
    } finally {
      this.flushing = false;
      if (this.queue.length > 0) this.schedule();
    }
  }

  private async chainHead(): Promise<ChainHead> {
    if (this.head) return this.head;
    const row = await this.connection.get<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    return row ? { seq: row.seq, hash: row.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  /**
   * Captures each job (recordWrites.ts) and writes all that could be captured in one statement;
   * returns the jobs that need a real transaction. When the one statement fails because of one
   * unit (a session it updates is missing, a duplicate key), each unit is written alone, so only
   * that unit's caller is refused.
   */
  private async record(jobs: readonly Job[]): Promise<Job[]> {
    let uncaptured: Job[] = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      const head = await this.chainHead();
      const captured = await this.capture(jobs, head);
      uncaptured = captured.uncaptured;
      if (captured.writes.isEmpty) return this.settle(captured.settled, uncaptured);
      try {
        await this.connection.run(RECORD_WRITES_SQL, [captured.writes.document()]);
        this.head = captured.head;
        return this.settle(captured.settled, uncaptured);
      } catch (error) {
        this.head = undefined;
        const refusal = recordWritesRefusal(error);
        // Another writer appended to the chain since: read the head again and capture anew.
        if (refusal === 'chain_moved') continue;
        if (refusal === 'session_missing' || sqliteCode(error) === 'SQLITE_CONSTRAINT') {
          if (captured.settled.length === 1) {
            const [only] = captured.settled;
            only?.job.reject(refusal === 'session_missing' ? sessionMissing() : describeStoreFailure(error));
            return uncaptured;
          }
          for (const { job } of captured.settled) uncaptured.push(...(await this.record([job])));
          return uncaptured;
        }
        const failure = describeStoreFailure(error);
        for (const { job } of captured.settled) job.reject(failure);
        return uncaptured;
      }
    }
    // The chain kept moving under us: let ordinary transactions (head read under the lock) take them.
    return [...jobs];
  }

  private async capture(
    jobs: readonly Job[],
    head: ChainHead,
  ): Promise<{ writes: CapturedWrites; head: ChainHead; settled: Array<{ job: Job; ok: boolean; value: unknown }>; uncaptured: Job[] }> {
    const writes = new CapturedWrites(head);
    const settled: Array<{ job: Job; ok: boolean; value: unknown }> = [];
    const uncaptured: Job[] = [];
    let current = head;
    for (const job of jobs) {
      if (!job.record) {
        uncaptured.push(job);
        continue;
      }
      const tx = new CapturingTx(current, this.clock());
      try {
        const value = await job.record(tx);
        writes.merge(tx.writes);
        current = tx.head;
        settled.push({ job, ok: true, value });
      } catch (error) {
        if (error instanceof NotCapturable) uncaptured.push(job);
        // The unit failed before writing anything: its caller hears of it, the others go on.
        else settled.push({ job, ok: false, value: error });
      }
    }
    return { writes, head: current, settled, uncaptured };
  }

  private settle(settled: ReadonlyArray<{ job: Job; ok: boolean; value: unknown }>, uncaptured: Job[]): Job[] {
    for (const { job, ok, value } of settled) {
      if (ok) job.resolve(value);
      else job.reject(value);
    }
    return uncaptured;
  }

  /**
   * One transaction for `batch`. With `savepoints`, a failing unit is rolled back alone; without,
   * a failing unit of several rolls the whole batch back and the answer is 'split' (nothing
   * settled: the caller retries each unit alone).
   */
  private async runBatch(batch: readonly Job[], savepoints: boolean): Promise<'done' | 'split'> {
    const conn = this.connection;
    this.head = undefined;
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
      this.head = head;
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
