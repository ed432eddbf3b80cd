/**
 * Groups the writes of concurrent requests into one transaction per flush, and settles each
 * caller's promise only after the COMMIT that made its writes durable. One failing unit does not
 * undo the others. Units run exactly once (most gather side effects in memory: events to publish,
 * runs to execute), each inside its own savepoint. Units declared retry-safe (they only write to
 * the store, like the session records on the hot path) share a transaction of their own without
 * savepoints, two round trips fewer each, and on an engine whose connection takes concurrent
 * statements they run side by side; if one of them fails, the transaction is rolled back and
 * each runs again alone.
 *
 * The audit chain stays one linear chain because every flush's transaction excludes every other
 * chain writer before it reads the head (SQLite: the write lock; PostgreSQL: a transaction-level
 * lock all replicas take), so no two transactions ever link to the same head.
 *
 * On an engine where this writer is normally the chain's only writer (SQLite: one gateway per
 * file), a batch of retry-safe units links to the head its own last COMMIT left instead of reading
 * it: one round trip to the engine fewer per transaction, twice per request. Another process that
 * appended meanwhile (a CLI on the same file) is caught by the entry's primary key (`seq`): the
 * insert fails, the batch is rolled back, and its units run again on a head read inside the lock.
 * Any failed or rolled-back transaction forgets the head.
 *
 * In a batch of retry-safe units without savepoints, the rows units append (audit entries, new
 * sessions, the masking look-up's prefixes) are not inserted one statement each: they are
 * gathered and written, one statement per table, before the COMMIT. On SQLite every statement
 * costs the main thread a call into node-sqlite3 and a completion on the event loop; on
 * PostgreSQL a round trip under the chain's lock. A failing gathered insert fails the batch like
 * a failing unit: rolled back, each unit run again alone.
 *
 * On an engine that offers it (SQLite), writes guarded by a condition on the stored rows (a
 * completion's UPDATE of the row it knows, a masking batch's insert unless its seqs overlap) are
 * gathered the same way, one statement per kind of write, and must each change every row: a row
 * its guard held back fails the batch, and each unit runs again alone, where it writes its own
 * statement and handles the miss itself (reads the row back, or refuses the overlap).
 *
 * On an engine that can write a flush's gathered rows and guarded writes as one statement that
 * commits alone (SQLite), a batch of retry-safe units on a remembered head opens its transaction
 * only when a unit runs a statement of its own: a flush that only gathered (a lone request's start,
 * or its completion) is that one statement, atomic and durable as a COMMIT is, instead of `BEGIN`,
 * the writes and `COMMIT`. It fails as a gathered insert does: the batch splits, and each unit runs
 * again alone in a transaction, on a head read inside the lock.
 */
import { linkAuditEntry, GENESIS_HASH, type AuditEntry, type AuditInput, type ChainHead } from '../../audit/chain.js';
import { StoreError } from '../types.js';
import type { SqlExecutor, SqlParam } from './executor.js';
import { checkField } from '../limits.js';

/** What a unit of work can do while its transaction is open. */
export interface WriterTx {
  readonly executor: SqlExecutor;
  readonly now: Date;
  /** Whether the executor takes statements from several callers at once (WriterEngine.concurrentStatements). */
  readonly concurrent: boolean;
  appendAudit(input: AuditInput): Promise<AuditEntry>;
  /**
   * Inserts rows into `into.table`: at once (in one statement on an engine with `insertRows`), or,
   * in a batch of retry-safe units on such an engine, gathered with the batch's other rows of that
   * table into one statement before the COMMIT. The unit must not read them back meanwhile.
   */
  insertRows(into: RowInsert, rows: ReadonlyArray<readonly SqlParam[]>): Promise<void>;
  /**
   * Gathers one row of a guarded write into the flush's statements for it, and answers whether it
   * did: not on an engine without them, in a unit run alone, or for a row the engine cannot carry
   * (then the unit writes it itself, now). A gathered row is written before the COMMIT; one its
   * guard holds back fails the batch. The unit must not read it back meanwhile.
   */
  gatherGuarded(write: GuardedWrite, row: readonly SqlParam[]): boolean;
}

/**
 * A write of many rows in statements that each take the flush's rows as one parameter (SQLite: a
 * JSON array of rows, each an array of values), run in order.
 */
export interface GuardedWrite {
  readonly statements: ReadonlyArray<{
    readonly sql: string;
    /** The statement must change one stored row per gathered row (its guard held none back). */
    readonly everyRow: boolean;
    /** The values of each row it takes, by index, in this order (all, when unset): a value not read is not carried. */
    readonly values?: readonly number[];
  }>;
  /** A value (by index in the row) no two rows of a flush may share: a second such row is written by its unit. */
  readonly distinct?: number;
}

/** A guarded write changed fewer rows than were gathered: each unit runs again alone and sees why. */
export class RowsHeldBack extends Error {
  constructor(detail: string) {
    super(detail);
  }
}

/** A table and the columns a row of it is inserted with (built once: `rowInsert`). */
export interface RowInsert {
  readonly table: string;
  readonly columns: readonly string[];
  /** The one-row INSERT (`?` placeholders). */
  readonly single: string;
}

export function rowInsert(table: string, columns: readonly string[]): RowInsert {
  return { table, columns, single: `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})` };
}

const AUDIT_INSERT = rowInsert('audit_log', ['seq', 'at', 'type', 'actor', 'session_id', 'data_json', 'prev_hash', 'hash']);

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
  /**
   * Whether one connection takes statements from several callers at once (node-sqlite3 does;
   * a pg client wants one query at a time): then the units of a batch without savepoints run
   * side by side.
   */
  readonly concurrentStatements: boolean;
  /**
   * Whether this writer is normally the chain's only writer, so the head its last COMMIT left may
   * be linked to without reading it (SQLite). Not on an engine that replicas share (PostgreSQL).
   */
  readonly soleChainWriter?: boolean;
  /**
   * Inserts many rows of one table in one statement, on the batch's connection (the engine knows
   * how: SQLite reads them from one JSON parameter, PostgreSQL takes a multi-row VALUES). Without
   * it every row is its own statement.
   */
  insertRows?(executor: SqlExecutor, into: RowInsert, rows: ReadonlyArray<readonly SqlParam[]>): Promise<void>;
  /**
   * Writes a batch's gathered rows and guarded writes, when they are all it writes, as one
   * statement outside any transaction (SQLite: one INSERT whose trigger runs each table's insert
   * and each guarded write in turn, and aborts if a guard held a row back). A statement is atomic
   * and commits as a COMMIT would, so `BEGIN`, the writes and `COMMIT`, three or four round trips
   * to the engine, become one. Undefined, writing nothing, when it cannot carry them; rejects with
   * RowsHeldBack when a guard held a row back.
   */
  writeAlone?(
    executor: SqlExecutor,
    gathered: ReadonlyMap<RowInsert, ReadonlyArray<readonly SqlParam[]>>,
    guarded: ReadonlyMap<GuardedWrite, ReadonlyArray<readonly SqlParam[]>>,
  ): Promise<void> | undefined;
  /** Guarded writes gathered per flush (GuardedWrite), where the engine has a form for them. */
  readonly guarded?: {
    /** Whether the row's values travel gathered exactly as they would bound. */
    accepts(row: readonly SqlParam[]): boolean;
    /** Runs the write's statements for `rows`; rejects with RowsHeldBack when a statement changed too few. */
    write(executor: SqlExecutor, write: GuardedWrite, rows: ReadonlyArray<readonly SqlParam[]>): Promise<void>;
  };
}

interface Job {
  readonly work: (tx: WriterTx) => Promise<unknown>;
  readonly retrySafe: boolean;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
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
  /** The chain head as this writer's last COMMIT left it (only on a sole chain writer); unset after any failure. */
  private committedHead: ChainHead | undefined;

  constructor(
    private readonly engine: WriterEngine,
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
          // Alone, a unit splits only if it ran on a remembered head (it gathers no guarded
          // write, whose miss would split it again); the second run reads the head.
          for (const job of retrySafe) if ((await this.runBatch([job], false, true)) === 'split') await this.runBatch([job], false, true);
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
  private async runBatch(batch: readonly Job[], savepoints: boolean, alone = false): Promise<'done' | 'split'> {
    let connection: WriterConnection;
    // Only a batch of retry-safe units, which may run again, trusts the remembered head: a stale
    // one fails its insert. A unit that must run once links to a head read inside the lock.
    const remembered = batch.every((job) => job.retrySafe) ? this.committedHead : undefined;
    this.committedHead = undefined;
    // A batch of retry-safe units on a remembered head reads nothing under the lock before its
    // units run: its transaction begins only when a unit runs a statement of its own, or before
    // the gathered rows are written, and not at all when those rows go as one statement alone.
    const lazy = !savepoints && remembered !== undefined && this.engine.writeAlone !== undefined && this.engine.insertRows !== undefined;
    let begun: Promise<void> | undefined;
    try {
      connection = await this.engine.acquire();
      if (!lazy) {
        begun = connection.begin();
        await begun.catch((error: unknown) => {
          connection.release(true);
          throw error;
        });
      }
    } catch (error) {
      const failure = this.failureOf(error);
      for (const job of batch) job.reject(failure);
      return 'done';
    }
    const conn = connection.executor;
    const begin = (): Promise<void> => (begun ??= connection.begin());
    const executor: SqlExecutor = lazy
      ? {
          run: (sql, params) => begin().then(() => conn.run(sql, params)),
          get: (sql, params) => begin().then(() => conn.get(sql, params)),
          all: (sql, params) => begin().then(() => conn.all(sql, params)),
        }
      : conn;

    const settled: Array<{ job: Job; ok: boolean; value: unknown }> = [];
    try {
      // Read the chain head inside the write lock: no other writer can append meanwhile.
      let head: ChainHead = remembered ?? (await readHead(conn));
      // Rows gathered for one statement per table (insertion order kept: tables in the order first used).
      const gathered =
        !savepoints && this.engine.insertRows && batch.every((job) => job.retrySafe)
          ? new Map<RowInsert, Array<readonly SqlParam[]>>()
          : undefined;
      const insertRows = (into: RowInsert, rows: ReadonlyArray<readonly SqlParam[]>): Promise<void> => {
        if (gathered) {
          const table = gathered.get(into);
          if (table) table.push(...rows);
          else gathered.set(into, [...rows]);
          return Promise.resolve();
        }
        if (this.engine.insertRows && rows.length > 1) return this.engine.insertRows(conn, into, rows);
        return rows.reduce<Promise<void>>(
          (previous, row) => previous.then(() => conn.run(into.single, row)).then(() => undefined),
          Promise.resolve(),
        );
      };
      const engineGuarded = this.engine.guarded;
      const guarded = gathered && engineGuarded && !alone ? new Map<GuardedWrite, Array<readonly SqlParam[]>>() : undefined;
      const gatherGuarded = (write: GuardedWrite, row: readonly SqlParam[]): boolean => {
        if (!guarded || !engineGuarded?.accepts(row)) return false;
        const rows = guarded.get(write);
        if (rows === undefined) {
          guarded.set(write, [row]);
          return true;
        }
        const key = write.distinct;
        if (key !== undefined && rows.some((other) => other[key] === row[key])) return false;
        rows.push(row);
        return true;
      };
      const txAt = (now: Date): WriterTx => ({
        executor,
        now,
        concurrent: this.engine.concurrentStatements,
        insertRows,
        gatherGuarded,
        appendAudit: (input) => {
          // Linked (and the head moved) before the insert is awaited, so units running side by
          // side still form one chain, in the order they appended.
          const entry = linkAuditEntry(head, input, now);
          const data = JSON.stringify(entry.data);
          checkField('auditData', data);
          head = { seq: entry.seq, hash: entry.hash };
          return insertRows(AUDIT_INSERT, [
            [entry.seq, entry.at, entry.type, entry.actor, entry.sessionId ?? null, data, entry.prevHash, entry.hash],
          ]).then(() => entry);
        },
      });

      if (savepoints || !this.engine.concurrentStatements) {
        for (const job of batch) {
          const headBefore = head;
          if (savepoints) await conn.run('SAVEPOINT unit');
          try {
            const value = await job.work(txAt(this.clock()));
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
      } else {
        // Without savepoints the units run side by side: each statement's round trip to the
        // engine overlaps the others', so a flush takes about as long as its longest unit, not
        // the sum of all. A unit that conflicts with another (both numbering the same session's
        // events, say) fails, and then each runs again alone.
        const outcomes = await Promise.allSettled(batch.map((job) => job.work(txAt(this.clock()))));
        const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
        if (failed) throw new UnitFailure(this.engine.describeFailure(failed.reason), batch.length > 1);
        outcomes.forEach((outcome, k) =>
          settled.push({ job: batch[k] as Job, ok: true, value: (outcome as PromiseFulfilledResult<unknown>).value }),
        );
      }
      const single =
        begun === undefined && ((gathered && gathered.size > 0) || (guarded && guarded.size > 0))
          ? this.engine.writeAlone?.(conn, gathered ?? new Map(), guarded ?? new Map())
          : undefined;
      if (single) {
        await single.catch((error: unknown) => {
          // A guard that held a row back is no failure of the store: alone, its unit sees why.
          throw new UnitFailure(this.engine.describeFailure(error), batch.length > 1 || error instanceof RowsHeldBack);
        });
      } else {
        await begin();
        if ((gathered && gathered.size > 0) || (guarded && guarded.size > 0))
          await this.insertGathered(conn, gathered ?? new Map(), guarded ?? new Map(), batch.length > 1);
        await conn.run('COMMIT');
      }
      connection.release(false);
      if (this.engine.soleChainWriter) this.committedHead = head;
    } catch (error) {
      // Nothing to roll back where no transaction began (a statement alone undoes itself).
      const rolledBack =
        begun === undefined ||
        (await begun.then(
          () =>
            conn.run('ROLLBACK').then(
              () => true,
              () => false,
            ),
          () => true,
        ));
      connection.release(!rolledBack);
      // On a remembered head, a failure may only mean another process appended: run again on a read one.
      if (error instanceof UnitFailure && (error.retryAlone || remembered !== undefined)) return 'split';
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

  /**
   * The rows a batch's units gathered, one statement per table (and per guarded write); side by
   * side where the connection takes concurrent statements (no row of one refers to a row of
   * another). Every insert settles before a failure rolls the batch back.
   */
  private async insertGathered(
    conn: SqlExecutor,
    gathered: ReadonlyMap<RowInsert, ReadonlyArray<readonly SqlParam[]>>,
    guarded: ReadonlyMap<GuardedWrite, ReadonlyArray<readonly SqlParam[]>>,
    shared: boolean,
  ): Promise<void> {
    const insertRows = this.engine.insertRows;
    if (!insertRows) return;
    const engineGuarded = this.engine.guarded;
    const writes = [
      ...[...gathered].map(
        ([into, rows]) =>
          () =>
            insertRows(conn, into, rows),
      ),
      ...(engineGuarded
        ? [...guarded].map(
            ([write, rows]) =>
              () =>
                engineGuarded.write(conn, write, rows),
          )
        : []),
    ];
    let refused: unknown;
    if (this.engine.concurrentStatements) {
      const inserts = await Promise.allSettled(writes.map((write) => write()));
      refused = inserts.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')?.reason;
    } else {
      for (const write of writes) {
        refused = await write().then(
          () => undefined,
          (error: unknown) => error ?? new Error('insert failed'),
        );
        if (refused !== undefined) break;
      }
    }
    // A guard that held a row back is no failure of the store: alone, its unit sees why.
    if (refused !== undefined) throw new UnitFailure(this.engine.describeFailure(refused), shared || refused instanceof RowsHeldBack);
  }

  /** Any failure of the transaction itself as a StoreError (the caller refuses the request). */
  private failureOf(error: unknown): StoreError {
    const described = this.engine.describeFailure(error);
    if (described instanceof StoreError) return described;
    return new StoreError(`the write failed (${described instanceof Error ? described.message : String(described)})`, { cause: error });
  }
}

async function readHead(conn: SqlExecutor): Promise<ChainHead> {
  const row = await conn.get('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  return row ? { seq: Number(row['seq']), hash: String(row['hash']) } : { seq: 0, hash: GENESIS_HASH };
}
