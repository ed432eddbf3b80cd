/**
 * A consistent read over many queries, without touching the store's shared reader: a separate
 * read-only connection in a read transaction pins one WAL snapshot, so what a long reader sees
 * (sessions, their masking events, the chain) agrees with itself while the gateway keeps
 * writing, and the request path's reads stay current (a snapshot pinned on the shared reader
 * would show every other request a stale store for as long as the verification runs).
 */
import type { SqliteStoreConfig } from '../../config/types.js';
import type { SqlExecutor } from '../sql/executor.js';
import { SqliteConnection } from './connection.js';

export async function withReadSnapshot<T>(config: SqliteStoreConfig, work: (sql: SqlExecutor) => Promise<T>): Promise<T> {
  const connection = await SqliteConnection.open(config.path, 'readonly');
  try {
    connection.setBusyTimeout(config.busyTimeoutMs);
    await connection.run('BEGIN');
    try {
      return await work(connection);
    } finally {
      await connection.run('COMMIT').catch(() => undefined);
    }
  } finally {
    await connection.close();
  }
}
