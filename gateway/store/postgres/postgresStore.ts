/**
 * The PostgreSQL store: several gateway replicas on one database. A pool of connections serves
 * reads and the batching writer (one pooled connection per flush). Every write transaction first
 * takes one transaction-level advisory lock, so the audit chain stays one linear chain whichever
 * replica appends, and decisions on approvals also lock the rows they read.
 */
import pg from 'pg';
import { resolveSecret } from '../../config/secrets.js';
import type { PostgresStoreConfig } from '../../config/types.js';
import type { ExclusiveResult, ReadRepositories } from '../types.js';
import { PgBroadcast } from './broadcast.js';
import { BatchingWriter, type RowInsert, type WriterConnection, type WriterEngine } from '../sql/batchingWriter.js';
import type { SqlExecutor, SqlParam } from '../sql/executor.js';
import { migrate } from '../sql/migrate.js';
import type { ColumnTypes } from '../sql/migrations/index.js';
import { POSTGRES_MIGRATION_008 } from './migration008.js';
import { SqlStore } from '../sql/sqlStore.js';
import { postgresDialect } from './dialect.js';
import { PG_TYPES, PgExecutor } from './executor.js';
import { describeStoreFailure, describeUnitFailure } from './failures.js';

export interface PostgresStoreOptions {
  readonly clock?: () => Date;
}

const COLUMN_TYPES: ColumnTypes = {
  migration008: POSTGRES_MIGRATION_008,
  bigint: 'BIGINT',
  real: 'DOUBLE PRECISION',
  blob: 'BYTEA',
  withoutRowid: '',
};

/** Advisory lock keys, the same in every replica (database-wide: one set per database). */
export const ADVISORY_LOCKS = {
  /** Held by every write transaction until it ends: one chain writer at a time. */
  chain: 7_146_001,
  /** Held while migrating, so replicas starting together apply each migration once. */
  migrations: 7_146_002,
  /** Scheduled jobs (retention purges, checkpoints) start from this key, one per job name. */
  jobs: 7_146_100,
} as const;

/** A stable small number per job name, so every replica locks the same key for the same job. */
function jobKey(job: string): number {
  let hash = 0;
  for (const char of job) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 100_000;
  return ADVISORY_LOCKS.jobs + hash;
}

/** The connection string with its password filled in from the secret references (never logged). */
function connectionStringOf(config: PostgresStoreConfig): string {
  const url = new URL(/^(env|file):/.test(config.url) ? resolveSecret(config.url, '/') : config.url);
  if (config.password !== undefined) url.password = resolveSecret(config.password, '/');
  return url.toString();
}

/**
 * Rows per INSERT of a flush's gathered rows: each count is a statement of its own text (and a
 * prepared statement per connection), so the counts stay few.
 */
const ROWS_PER_INSERT = 64;

/** A flush's rows of one table as multi-row INSERTs: one round trip, under the chain's lock, per 64 rows. */
async function insertRows(executor: SqlExecutor, into: RowInsert, rows: ReadonlyArray<readonly SqlParam[]>): Promise<void> {
  const tuple = `(${into.columns.map(() => '?').join(', ')})`;
  for (let from = 0; from < rows.length; from += ROWS_PER_INSERT) {
    const chunk = rows.slice(from, from + ROWS_PER_INSERT);
    await executor.run(`INSERT INTO ${into.table} (${into.columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`, chunk.flat());
  }
}

function writerEngine(pool: pg.Pool): WriterEngine {
  return {
    async acquire(): Promise<WriterConnection> {
      const client = await pool.connect();
      const executor = new PgExecutor(client);
      return {
        executor,
        begin: async () => {
          await executor.run('BEGIN');
          await executor.run('SELECT pg_advisory_xact_lock(?)', [ADVISORY_LOCKS.chain]);
        },
        release: (broken) => client.release(broken),
      };
    },
    describeFailure: describeUnitFailure,
    concurrentStatements: false,
    insertRows,
  };
}

export class PostgresStore extends SqlStore {
  private constructor(
    private readonly pool: pg.Pool,
    readonly broadcast: PgBroadcast,
    writer: BatchingWriter,
    clock: () => Date,
  ) {
    super('postgres', postgresDialect, new PgExecutor(pool), writer, clock);
  }

  static async open(config: PostgresStoreConfig, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const connection = {
      connectionString: connectionStringOf(config),
      connectionTimeoutMillis: config.connectTimeoutMs,
      lock_timeout: config.lockTimeoutMs,
      application_name: 'autogen-gate',
      types: PG_TYPES,
    };
    // One connection of the pool size listens for live events; the rest serve reads and the writer.
    const pool = new pg.Pool({ ...connection, max: config.poolSize - 1 });
    const broadcast = new PgBroadcast(() => new pg.Client(connection), new PgExecutor(pool));
    // An idle connection the server dropped: the pool discards it; the next query opens another.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      try {
        const executor = new PgExecutor(client);
        await migrate({
          executor,
          types: COLUMN_TYPES,
          script: async (sql) => {
            await client.query(sql);
          },
          begin: async () => {
            await executor.run('BEGIN');
            await executor.run('SELECT pg_advisory_xact_lock(?)', [ADVISORY_LOCKS.migrations]);
          },
        });
      } finally {
        client.release();
      }
      await broadcast.start();
    } catch (error) {
      await broadcast.close();
      await pool.end().catch(() => undefined);
      throw describeStoreFailure(error);
    }
    const clock = options.clock ?? (() => new Date());
    return new PostgresStore(pool, broadcast, new BatchingWriter(writerEngine(pool), clock), clock);
  }

  /** A session-level advisory lock, tried: another replica running the job leaves this one out. */
  async exclusive<T>(job: string, work: () => Promise<T>): Promise<ExclusiveResult<T>> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw describeStoreFailure(error);
    });
    const executor = new PgExecutor(client);
    let broken = false;
    try {
      const key = jobKey(job);
      const locked = await executor.get('SELECT pg_try_advisory_lock(?) AS locked', [key]);
      if (locked?.['locked'] !== true) return { ran: false };
      try {
        return { ran: true, value: await work() };
      } finally {
        await executor.run('SELECT pg_advisory_unlock(?)', [key]).catch(() => {
          broken = true;
        });
      }
    } finally {
      client.release(broken);
    }
  }

  async withReadSnapshot<T>(work: (snapshot: ReadRepositories) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw describeStoreFailure(error);
    });
    const executor = new PgExecutor(client);
    let broken = false;
    try {
      await executor.run('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        return await work(this.repositoriesOn(executor));
      } finally {
        await executor.run('COMMIT').catch(() => {
          broken = true;
        });
      }
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.writer.close();
    await this.broadcast.close();
    await this.pool.end();
  }
}
