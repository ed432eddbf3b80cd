/**
 * The store engines the shared suite runs against, each opened fresh: SQLite on a file of its
 * own, PostgreSQL on a database of its own on the run's test server. `openAnother` opens a second
 * store on the same database, as a second gateway process (a replica) would.
 */
import { join } from 'node:path';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import type { PostgresStoreConfig, SqliteStoreConfig, StoreConfig } from '../../../gateway/config/types.js';
import { openStore } from '../../../gateway/store/index.js';
import type { Store } from '../../../gateway/store/types.js';
import { freshPostgresUrl } from '../../support/postgres.js';
import { makeTempDir, removeDir } from '../../support/tempDir.js';

export interface EngineFixture {
  readonly config: StoreConfig;
  readonly store: Store;
  /** A second store on the same database (another gateway process). */
  openAnother(clock?: () => Date): Promise<Store>;
  /** Raw SQL on the database, outside the store (to look at or tamper with rows). */
  raw<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface Engine {
  readonly name: 'sqlite' | 'postgres';
  open(options?: { readonly clock?: () => Date }): Promise<EngineFixture>;
}

async function fixture(
  config: StoreConfig,
  clock: (() => Date) | undefined,
  extra: {
    raw: EngineFixture['raw'];
    close(): Promise<void>;
  },
): Promise<EngineFixture> {
  const opened: Store[] = [];
  const open = async (at?: () => Date): Promise<Store> => {
    const store = await openStore(config, at ? { clock: at } : {});
    opened.push(store);
    return store;
  };
  const store = await open(clock);
  return {
    config,
    store,
    openAnother: open,
    raw: extra.raw,
    async close() {
      for (const each of opened) await each.close().catch(() => undefined);
      await extra.close();
    },
  };
}

const sqlite: Engine = {
  name: 'sqlite',
  async open(options = {}) {
    const dir = makeTempDir();
    const config: SqliteStoreConfig = {
      driver: 'sqlite',
      path: join(dir, 'gate.db'),
      synchronous: 'normal',
      busyTimeoutMs: 5000,
      minFreeBytes: 0,
      replicaTimeoutMs: 0,
    };
    return fixture(config, options.clock, {
      raw: (sql, params = []) =>
        new Promise((resolve, reject) => {
          const db = new sqlite3.Database(config.path);
          db.all(sql, params, (error: Error | null, rows: unknown[]) => {
            db.close();
            if (error) reject(error);
            else resolve(rows as never[]);
          });
        }),
      close: async () => removeDir(dir),
    });
  },
};

const postgres: Engine = {
  name: 'postgres',
  async open(options = {}) {
    const url = await freshPostgresUrl();
    const config: PostgresStoreConfig = {
      driver: 'postgres',
      url,
      password: undefined,
      poolSize: 6,
      connectTimeoutMs: 5000,
      lockTimeoutMs: 5000,
      replicaTimeoutMs: 2000,
    };
    return fixture(config, options.clock, {
      raw: async (sql, params = []) => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          let n = 0;
          return (
            await client.query(
              sql.replace(/\?/g, () => `$${++n}`),
              [...params],
            )
          ).rows as never[];
        } finally {
          await client.end();
        }
      },
      close: async () => undefined,
    });
  },
};

export const ENGINES: readonly Engine[] = [sqlite, postgres];
