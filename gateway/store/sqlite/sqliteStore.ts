/**
 * The SQLite store: WAL journal, one writer connection fed by the batching writer, one read-only
 * connection for queries (WAL lets it read while a write is in progress).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SqliteStoreConfig } from '../../config/types.js';
import type { ExclusiveResult, ReadRepositories } from '../types.js';
import { LocalBroadcast, LocalJobs } from '../sql/localBroadcast.js';
import { BatchingWriter, type WriterEngine } from '../sql/batchingWriter.js';
import { SqlStore } from '../sql/sqlStore.js';
import { describeStoreFailure, describeUnitFailure } from './failures.js';
import { SqliteConnection } from './connection.js';
import { SQLITE_COLUMN_TYPES, sqliteDialect } from './dialect.js';
import { migrate } from '../sql/migrate.js';
import { withReadSnapshot } from './readSnapshot.js';

export interface SqliteStoreOptions {
  readonly clock?: () => Date;
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
  return { acquire: () => Promise.resolve(held), describeFailure: describeUnitFailure, concurrentStatements: true, soleChainWriter: true };
}

export class SqliteStore extends SqlStore {
  /** One gateway per file: messages and jobs stay in this process. */
  readonly broadcast = new LocalBroadcast();
  private readonly jobs = new LocalJobs();

  private constructor(
    private readonly config: SqliteStoreConfig,
    private readonly writerConnection: SqliteConnection,
    private readonly readerConnection: SqliteConnection,
    writer: BatchingWriter,
    clock: () => Date,
  ) {
    super('sqlite', sqliteDialect, readerConnection, writer, clock);
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
    await writerConnection.exec(
      `PRAGMA journal_mode = WAL; PRAGMA synchronous = ${config.synchronous === 'full' ? 'FULL' : 'NORMAL'}; PRAGMA foreign_keys = ON;`,
    );
    await migrate({
      executor: writerConnection,
      types: SQLITE_COLUMN_TYPES,
      script: (sql) => writerConnection.exec(sql),
      begin: () => writerConnection.exec('BEGIN IMMEDIATE'),
    });
    const readerConnection = await SqliteConnection.open(config.path, 'readonly');
    readerConnection.setBusyTimeout(config.busyTimeoutMs);
    const clock = options.clock ?? (() => new Date());
    const writer = new BatchingWriter(sqliteWriterEngine(writerConnection), clock);
    return new SqliteStore(config, writerConnection, readerConnection, writer, clock);
  }

  exclusive<T>(job: string, work: () => Promise<T>): Promise<ExclusiveResult<T>> {
    return this.jobs.exclusive(job, work);
  }

  withReadSnapshot<T>(work: (snapshot: ReadRepositories) => Promise<T>): Promise<T> {
    return withReadSnapshot(this.config, (sql) => work(this.repositoriesOn(sql)));
  }

  async close(): Promise<void> {
    await this.writer.close();
    await this.readerConnection.close();
    await this.writerConnection.close();
  }
}
