/**
 * The SQLite store: WAL journal, one writer connection fed by the batching writer, one read-only
 * connection for queries (WAL lets it read while a write is in progress), and one that copies the
 * log back into the file on a timer (CHECKPOINT_MS).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SqliteStoreConfig } from '../../config/types.js';
import type { ExclusiveResult, ReadRepositories, StoreError } from '../types.js';
import { DiskReserve } from './diskReserve.js';
import { LocalBroadcast, LocalJobs } from '../sql/localBroadcast.js';
import { BatchingWriter, RowsHeldBack, type GuardedWrite, type RowInsert, type WriterEngine } from '../sql/batchingWriter.js';
import type { SqlExecutor, SqlParam } from '../sql/executor.js';
import { SqlStore } from '../sql/sqlStore.js';
import { describeStoreFailure, describeUnitFailure } from './failures.js';
import { SqliteConnection } from './connection.js';
import { SQLITE_COLUMN_TYPES, sqliteDialect } from './dialect.js';
import { migrate } from '../sql/migrate.js';
import { withReadSnapshot } from './readSnapshot.js';
import { mergeRecentSubjects } from '../sql/maskingBatches.js';

export interface SqliteStoreOptions {
  readonly clock?: () => Date;
}

const UNSAFE_TEXT = /[\0\p{Cs}]/u;
/**
 * NUL or any surrogate, paired or not: asked first, since without the `u` flag a string is searched
 * unit by unit (measured alone on 7.7 KB of JSON: 8 µs against 15, 14 against 41 once the text
 * holds a character above U+00FF), and only a string it finds needs the search for a lone one.
 */
const MAYBE_UNSAFE_TEXT = /[\0\ud800-\udfff]/;

/**
 * A value JSON carries to SQLite as binding would: a lone surrogate binds as U+FFFD but would
 * travel escaped, NUL is not sure to come out of SQLite's JSON as it went in, and bigints and
 * buffers are not JSON. Rows with any other value are inserted one statement each.
 */
function jsonSafe(value: SqlParam): boolean {
  return (
    value === null ||
    typeof value === 'number' ||
    (typeof value === 'string' && !(MAYBE_UNSAFE_TEXT.test(value) && UNSAFE_TEXT.test(value)))
  );
}

/**
 * A value a guarded write carries as JSON: as `jsonSafe`, and a number only as an integer or a
 * decimal of at most 15 significant digits. SQLite's reading of a JSON number is not always the
 * double JavaScript wrote (one in about 20,000 random doubles of 17 digits came back an ulp off),
 * and the row's digest is computed from the value as written, so a value it might misread is
 * written by the unit itself, bound.
 */
function guardedSafe(value: SqlParam): boolean {
  if (typeof value !== 'number') return jsonSafe(value);
  return Number.isSafeInteger(value) || (Number.isFinite(value) && significantDigits(value) <= 15);
}

function significantDigits(value: number): number {
  const digits = /^-?(?:0\.0*)?(\d+(?:\.\d+)?)(?:e[-+]?\d+)?$/.exec(String(value))?.[1];
  return digits === undefined ? Infinity : digits.replace('.', '').replace(/^0+/, '').length;
}

/** A guarded write's rows as one JSON parameter, each statement checked for the rows it changed. */
async function writeGuarded(executor: SqlExecutor, write: GuardedWrite, rows: ReadonlyArray<readonly SqlParam[]>): Promise<void> {
  for (const { sql, everyRow, values } of write.statements) {
    const json = JSON.stringify(values === undefined ? rows : rows.map((row) => values.map((k) => row[k] ?? null)));
    const { changes } = await executor.run(sql, [json]);
    if (everyRow && changes !== rows.length) throw new RowsHeldBack(`a guarded write changed ${changes} of ${rows.length} rows`);
  }
}

/** `INSERT … SELECT` of the rows in the JSON text `source` (an array of rows, each an array of values). */
function jsonInsert(into: RowInsert, source: string): string {
  return `INSERT INTO ${into.table} (${into.columns.join(', ')}) SELECT ${into.columns.map((_, k) => `r.value ->> ${k}`).join(', ')} FROM json_each(${source}) AS r`;
}

/** `INSERT … SELECT` of the rows in one JSON parameter (an array of rows, each an array of values), by RowInsert. */
const jsonInserts = new WeakMap<RowInsert, string>();

/**
 * Many rows in one statement: the rows travel as one JSON text that SQLite takes apart on its own
 * thread, instead of each value crossing into node-sqlite3 on the main thread as a parameter.
 */
async function insertRows(executor: SqlExecutor, into: RowInsert, rows: ReadonlyArray<readonly SqlParam[]>): Promise<void> {
  if (rows.length === 1 || !rows.every((row) => row.every(jsonSafe))) {
    // Every insert settles before a failure is reported: nothing may run on past the rollback.
    const outcomes = await Promise.allSettled(rows.map((row) => executor.run(into.single, row)));
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    return;
  }
  let sql = jsonInserts.get(into);
  if (sql === undefined) {
    sql = jsonInsert(into, '?');
    jsonInserts.set(into, sql);
  }
  await executor.run(sql, [JSON.stringify(rows)]);
}

/** How many kinds of flush get a view of their own (writeAlone). */
const MAX_VIEWS = 64;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The message a statement alone aborts with when a guard held a row back (RAISE in its trigger). */
const HELD_BACK = 'autogen-gate: a guarded write held a row back';

/**
 * A batch's gathered rows and guarded writes, when they are all it writes, as one statement that
 * commits alone: an INSERT of one JSON parameter per table and per guarded statement into a
 * temporary view, whose trigger runs each insert and guarded statement in turn and aborts the
 * whole statement when one that must change every row changed fewer. A lone request's start is
 * then one round trip through node-sqlite3's thread pool and the event loop instead of three
 * (`BEGIN`, the inserts side by side, `COMMIT`), its completion one instead of four; on this
 * machine each costs a pool thread's wake-up and the loop's. The view and its trigger are made on
 * the writer's connection the first time a set of writes goes together (TEMP: nothing is added to
 * the file's schema). A guarded statement is taken only in the form the dialect writes it (its one
 * parameter the rows' `json_each(?)`).
 */
function writeAlone(connection: SqliteConnection): NonNullable<WriterEngine['writeAlone']> {
  const views = new Map<string, Promise<string>>();
  let made = 0;
  return (executor, gathered, guarded) => {
    const params: string[] = [];
    const bodies: string[] = [];
    // In one order whatever order the units wrote in (they ran side by side; none reads another's
    // rows), so a flush of the same kinds of writes finds the same view.
    for (const [into, rows] of [...gathered].sort(([a], [b]) => compare(a.single, b.single))) {
      if (!rows.every((row) => row.every(jsonSafe))) return undefined;
      const column = `rows_${params.length}`;
      params.push(JSON.stringify(rows));
      bodies.push(`${jsonInsert(into, `NEW.${column}`)};`);
    }
    for (const [write, rows] of [...guarded].sort(([a], [b]) => compare(a.statements[0]?.sql ?? '', b.statements[0]?.sql ?? ''))) {
      for (const { sql, everyRow, values } of write.statements) {
        if (sql.split('?').length !== 2 || !sql.includes('json_each(?)')) return undefined;
        const column = `rows_${params.length}`;
        params.push(JSON.stringify(values === undefined ? rows : rows.map((row) => values.map((k) => row[k] ?? null))));
        bodies.push(`${sql.replace('json_each(?)', `json_each(NEW.${column})`)};`);
        if (everyRow) bodies.push(`SELECT RAISE(ABORT, '${HELD_BACK}') WHERE changes() <> json_array_length(NEW.${column});`);
      }
    }
    const body = bodies.join('\n');
    let insert = views.get(body);
    if (insert === undefined) {
      // Each view changes the connection's schema (its prepared statements are prepared again):
      // past a few kinds of flush, the rest go the way of a transaction.
      if (views.size >= MAX_VIEWS) return undefined;
      const view = `gathered_writes_${made++}`;
      const columns = params.map((_, k) => `rows_${k}`);
      insert = connection
        .exec(
          `CREATE TEMP VIEW ${view} (${columns.join(', ')}) AS SELECT ${columns.map(() => 'NULL').join(', ')};
           CREATE TEMP TRIGGER ${view}_insert INSTEAD OF INSERT ON ${view} BEGIN ${body} END;`,
        )
        .then(() => `INSERT INTO ${view} VALUES (${columns.map(() => '?').join(', ')})`);
      // A view that could not be made is not remembered: the next batch tries again.
      insert.catch(() => views.delete(body));
      views.set(body, insert);
    }
    return insert
      .then((sql) => executor.run(sql, params))
      .then(
        () => undefined,
        // The statement aborted whole: nothing of it stays.
        (error: unknown) => {
          if (error instanceof Error && error.message.includes(HELD_BACK))
            throw new RowsHeldBack('a guarded write held a row back; its statement alone aborted whole');
          throw error;
        },
      );
  };
}

/**
 * One connection writes; BEGIN IMMEDIATE takes SQLite's write lock, which excludes other processes
 * too. One gateway per file: the writer is the chain's only writer but for an occasional CLI, which
 * the chain's primary key catches (batchingWriter.ts).
 */
function sqliteWriterEngine(connection: SqliteConnection): WriterEngine {
  const held = {
    executor: connection,
    begin: () => connection.run('BEGIN IMMEDIATE').then(() => undefined),
    release: () => undefined,
  };
  return {
    acquire: () => Promise.resolve(held),
    describeFailure: describeUnitFailure,
    concurrentStatements: true,
    soleChainWriter: true,
    insertRows,
    writeAlone: writeAlone(connection),
    guarded: { accepts: (row) => row.every(guardedSafe), write: writeGuarded },
  };
}

/** How often the recent look-up entries are moved into the look-up's index (mergeRecentSubjects). */
const SUBJECT_MERGE_MS = 250;

/**
 * How often the write-ahead log is copied back into the database file by a connection of its own.
 * SQLite's automatic checkpoint runs inside the commit that crosses 1,000 pages of log: one request
 * in every few dozen paid for copying them all back (and syncing) before its record counted as
 * committed. A passive checkpoint takes no lock a writer waits for, so the ticks copy most pages
 * while requests go on; the writer's own checkpoint still runs at 1,000 pages (only it can start
 * the log again from its beginning, between its transactions), but finds little left to copy.
 * Every commit stays exactly as durable: the log holds it either way.
 */
const CHECKPOINT_MS = 250;
/** The writer's automatic checkpoint (SQLite's default), in pages of log. */
const WRITER_CHECKPOINT_PAGES = 1_000;

export class SqliteStore extends SqlStore {
  /** One gateway per file: messages and jobs stay in this process. */
  readonly broadcast = new LocalBroadcast();
  private readonly jobs = new LocalJobs();
  private readonly merges: NodeJS.Timeout;
  private merging: Promise<void> | undefined;
  private readonly checkpoints: NodeJS.Timeout;
  private checkpointing: Promise<void> | undefined;
  private constructor(
    private readonly config: SqliteStoreConfig,
    private readonly writerConnection: SqliteConnection,
    private readonly readerConnection: SqliteConnection,
    private readonly checkpointConnection: SqliteConnection,
    private readonly reserve: DiskReserve,
    writer: BatchingWriter,
    clock: () => Date,
  ) {
    super('sqlite', sqliteDialect, readerConnection, writer, clock);
    this.merges = setInterval(() => void this.mergeSubjects(), SUBJECT_MERGE_MS).unref();
    this.checkpoints = setInterval(() => void this.checkpoint(), CHECKPOINT_MS).unref();
  }

  /** Copies what the log holds back into the database file, off the writer's connection (CHECKPOINT_MS). */
  checkpoint(): Promise<void> {
    this.checkpointing ??= this.checkpointConnection
      .get('PRAGMA wal_checkpoint(PASSIVE)')
      .then(
        () => undefined,
        // Left for the next tick (or the writer's own checkpoint); the log still holds every commit.
        () => undefined,
      )
      .finally(() => {
        this.checkpointing = undefined;
      });
    return this.checkpointing;
  }

  /**
   * Moves the look-up entries of recent masked writes into the look-up's index (migration 009),
   * a chunk per transaction until those there when it began are moved. A failed move loses nothing (the entries stay
   * where the look-up also reads them) and is tried again at the next tick.
   */
  mergeSubjects(): Promise<void> {
    this.merging ??= (async () => {
      try {
        // Asked of the reader first: an idle gateway opens no write transaction for it.
        const newest = await this.readerConnection.get<{ last: number | null }>(
          'SELECT MAX(batch_id) AS last FROM masking_subjects_recent',
        );
        const last = newest?.last;
        if (last === null || last === undefined) return;
        // Retry-safe, so it joins a flush of request records instead of holding a transaction of
        // its own: their new look-up entries are inserted after the units have run (gathered), so
        // its DELETE never takes an entry it did not copy. A chunk each.
        while (await this.writer.submit((tx) => mergeRecentSubjects(tx.executor, last), true));
      } catch {
        // Left for the next tick; nothing was lost.
      } finally {
        this.merging = undefined;
      }
    })();
    return this.merging;
  }

  static async open(config: SqliteStoreConfig, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
    mkdirSync(dirname(config.path), { recursive: true, mode: 0o700 });
    let writerConnection: SqliteConnection;
    try {
      writerConnection = await SqliteConnection.open(config.path, 'readwrite');
    } catch (error) {
      throw describeStoreFailure(error);
    }
    writerConnection.setBusyTimeout(config.busyTimeoutMs);
    const synchronous = `PRAGMA synchronous = ${config.synchronous === 'full' ? 'FULL' : 'NORMAL'};`;
    await writerConnection.exec(
      `PRAGMA journal_mode = WAL; ${synchronous} PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES};`,
    );
    await migrate({
      executor: writerConnection,
      types: SQLITE_COLUMN_TYPES,
      script: (sql) => writerConnection.exec(sql),
      begin: () => writerConnection.exec('BEGIN IMMEDIATE'),
    });
    const readerConnection = await SqliteConnection.open(config.path, 'readonly');
    readerConnection.setBusyTimeout(config.busyTimeoutMs);
    // The checkpoint syncs the file as the writer's setting says (it is the connection's own).
    const checkpointConnection = await SqliteConnection.open(config.path, 'readwrite');
    await checkpointConnection.exec(synchronous);
    const clock = options.clock ?? (() => new Date());
    const writer = new BatchingWriter(sqliteWriterEngine(writerConnection), clock);
    const reserve = new DiskReserve(dirname(config.path), config.minFreeBytes);
    if (config.minFreeBytes > 0) await reserve.measure();
    return new SqliteStore(config, writerConnection, readerConnection, checkpointConnection, reserve, writer, clock);
  }

  protected override writeRefusal(): StoreError | undefined {
    return this.reserve.current();
  }

  /** The disk keeps its reserve (measured now), and then the heartbeat commits. */
  override async checkWritable(): Promise<void> {
    await this.reserve.check();
    await super.checkWritable();
  }

  exclusive<T>(job: string, work: () => Promise<T>): Promise<ExclusiveResult<T>> {
    return this.jobs.exclusive(job, work);
  }

  withReadSnapshot<T>(work: (snapshot: ReadRepositories) => Promise<T>): Promise<T> {
    return withReadSnapshot(this.config, (sql) => work(this.repositoriesOn(sql)));
  }

  async close(): Promise<void> {
    clearInterval(this.merges);
    clearInterval(this.checkpoints);
    await this.merging;
    await this.checkpointing;
    await this.writer.close();
    await this.checkpointConnection.close();
    await this.readerConnection.close();
    await this.writerConnection.close();
  }
}
