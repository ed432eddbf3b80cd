/**
 * Groups the writes of concurrent requests into one transaction per flush, and settles each
 * caller's promise only after the COMMIT that made its writes durable. One failing unit does not
 * undo the others. Units run exactly once (most gather side effects in memory: events to publish,
 * runs to execute), each inside its own savepoint. Units declared retry-safe (they only write to
 * the store, like the session records on the hot path) share a transaction of their own without
 * savepoints, two round trips fewer each; if one of them fails, the transaction is rolled back
 * and each runs again alone. Where the engine can (`WriterEngine.records`), retry-safe units that
 * only record run no statement at all: they are captured, and the flush of them is one statement
 * (recordCapture.ts).
 *
 * The audit chain stays one linear chain because every flush's transaction excludes every other
 * chain writer before it reads the head (SQLite: the write lock; PostgreSQL: a transaction-level
 * lock all replicas take), so no two transactions ever link to the same head.
 */
import { linkAuditEntry, GENESIS_HASH, type AuditEntry, type AuditInput, type ChainHead } from '../../audit/chain.js';
import { StoreError, type StoreTx } from '../types.js';
import type { SqlExecutor } from './executor.js';
import { CapturedWrites, CapturingTx, NotCapturable, type RecordWriter } from './recordCapture.js';

/** What a unit of work can do while its transaction is open. */
export interface WriterTx {
  readonly executor: SqlExecutor;
  readonly now: Date;
  appendAudit(input: AuditInput): Promise<AuditEntry>;
}

/** A connection the writer holds for one flush. */
export interface WriterConnection {
  readonly executor: SqlExecutor;
  /** Opens a write transaction that excludes every other chain writer, in this process and any other. */
  begin(): Promise<void>;
  /** Hands the connection back; `broken` when it failed in a way that may have left it unusable. */
  release(broken: boolean): void;
}

/** What the writer needs of an engine. */
export interface WriterEngine {
  acquire(): Promise<WriterConnection>;
  /** The engine's errors as StoreErrors that say what an operator can do; other errors pass unchanged. */
  describeFailure(error: unknown): unknown;
  /** The engine's one-statement path for captured records, when it has one. */
  readonly records?: RecordWriter;
}

/** A retry-safe unit as the store's own transaction interface runs it, for capture. */
export interface Capturable<T> {
  run(tx: StoreTx): Promise<T>;
  /** This gateway process, which the sessions it records name as their holder. */
  readonly replicaId: string;
}

interface Job {
  readonly work: (tx: WriterTx) => Promise<unknown>;
  readonly retrySafe: boolean;
  readonly capturable: Capturable<unknown> | undefined;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** A flush's recording units, captured: their writes, the head after them, and how each unit went. */
interface Captured {
  readonly writes: CapturedWrites;
  readonly head: ChainHead;
  readonly settled: Array<{ readonly job: Job; readonly ok: boolean; readonly value: unknown }>;
  readonly uncaptured: Job[];
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
    private readonly engine: WriterEngine,
    private readonly clock: () => Date,
  ) {}

  /**
   * Queues a unit for the next flush. `capturable`, for a retry-safe unit, is the same work on the
   * store's transaction interface: it is first tried captured (recordCapture.ts).
   */
  submit<T>(work: (tx: WriterTx) => Promise<T>, retrySafe = false, capturable?: Capturable<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError('the store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        work,
        retrySafe,
        capturable: retrySafe ? capturable : undefined,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
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
        const records = this.engine.records;
        const uncaptured = records && retrySafe.length > 0 ? await this.record(records, retrySafe) : retrySafe;
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

  /**
   * Captures each job and writes all that could be captured in one statement; returns the jobs
   * that need a real transaction. When the statement fails because of one unit (a session it
   * updates is missing, a duplicate key), each unit is written alone, so only that unit's caller
   * is refused.
   */
  private async record(records: RecordWriter, jobs: readonly Job[]): Promise<Job[]> {
    for (let attempt = 0; attempt < 2; attempt++) {
      let captured: Captured;
      try {
        captured = await this.capture(jobs, this.head ?? (await records.head()));
      } catch (error) {
        const failure = this.failureOf(error);
        for (const job of jobs) job.reject(failure);
        return [];
      }
      if (captured.writes.isEmpty) return this.settle(captured);
      try {
        await records.write(captured.writes);
        this.head = captured.head;
        return this.settle(captured);
      } catch (error) {
        this.head = undefined;
        const refusal = records.refusal(error);
        // Another writer appended to the chain since: read the head again and capture anew.
        if (refusal === 'chain_moved') continue;
        const ownFault = refusal === 'unit' || refusal === 'session_missing';
        if (ownFault && captured.settled.length > 1) {
          const uncaptured = captured.uncaptured;
          for (const { job } of captured.settled) uncaptured.push(...(await this.record(records, [job])));
          return uncaptured;
        }
        const failure =
          refusal === 'session_missing'
            ? new StoreError('a session this write updates does not exist', { cause: error })
            : this.failureOf(error);
        for (const { job } of captured.settled) job.reject(failure);
        return captured.uncaptured;
      }
    }
    // The chain kept moving under us: ordinary transactions read the head under the lock.
    return [...jobs];
  }

  private async capture(jobs: readonly Job[], head: ChainHead): Promise<Captured> {
    const writes = new CapturedWrites(head);
    const settled: Captured['settled'] = [];
    const uncaptured: Job[] = [];
    let current = head;
    for (const job of jobs) {
      if (!job.capturable) {
        uncaptured.push(job);
        continue;
      }
      const tx = new CapturingTx(current, this.clock(), job.capturable.replicaId);
      try {
        const value = await job.capturable.run(tx);
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

  private settle(captured: Captured): Job[] {
    for (const { job, ok, value } of captured.settled) {
      if (ok) job.resolve(value);
      else job.reject(value);
    }
    return captured.uncaptured;
  }

  /**
   * One transaction for `batch`. With `savepoints`, a failing unit is rolled back alone; without,
   * a failing unit of several rolls the whole batch back and the answer is 'split' (nothing
   * settled: the caller retries each unit alone).
   */
  private async runBatch(batch: readonly Job[], savepoints: boolean): Promise<'done' | 'split'> {
    let connection: WriterConnection;
    this.head = undefined;
    try {
      connection = await this.engine.acquire();
      await connection.begin().catch((error: unknown) => {
        connection.release(true);
        throw error;
      });
    } catch (error) {
      const failure = this.failureOf(error);
      for (const job of batch) job.reject(failure);
      return 'done';
    }
    const conn = connection.executor;

    const settled: Array<{ job: Job; ok: boolean; value: unknown }> = [];
    try {
      // Read the chain head inside the write lock: no other writer can append meanwhile.
      const headRow = await conn.get('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
      let head: ChainHead = headRow ? { seq: Number(headRow['seq']), hash: String(headRow['hash']) } : { seq: 0, hash: GENESIS_HASH };

      for (const job of batch) {
        const headBefore = head;
        const now = this.clock();
        const tx: WriterTx = {
          executor: conn,
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
          const failure = this.engine.describeFailure(error);
          if (!savepoints) throw new UnitFailure(failure, batch.length > 1);
          await conn.run('ROLLBACK TO unit');
          await conn.run('RELEASE unit');
          settled.push({ job, ok: false, value: failure });
        }
      }
      await conn.run('COMMIT');
      this.head = head;
      connection.release(false);
    } catch (error) {
      const rolledBack = await conn.run('ROLLBACK').then(
        () => true,
        () => false,
      );
      connection.release(!rolledBack);
      if (error instanceof UnitFailure && error.retryAlone) return 'split';
      const failure = error instanceof UnitFailure ? error.failure : this.failureOf(error);
      for (const job of batch) job.reject(failure);
      return 'done';
    }
    for (const { job, ok, value } of settled) {
      if (ok) job.resolve(value);
      else job.reject(value);
    }
    return 'done';
  }

  /** Any failure of the transaction itself as a StoreError (the caller refuses the request). */
  private failureOf(error: unknown): StoreError {
    const described = this.engine.describeFailure(error);
    if (described instanceof StoreError) return described;
    return new StoreError(`the write failed (${described instanceof Error ? described.message : String(described)})`, { cause: error });
  }
}
