import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { SqliteStore } from '../../../gateway/store/sqlite/sqliteStore.js';
import { StoreError } from '../../../gateway/store/types.js';
import type { SqliteStoreConfig } from '../../../gateway/config/types.js';
import { makeTempDir, removeDir } from '../../support/tempDir.js';

function storeConfig(dir: string, busyTimeoutMs = 200): SqliteStoreConfig {
  return { driver: 'sqlite', path: join(dir, 'gate.db'), synchronous: 'full', busyTimeoutMs, replicaTimeoutMs: 0 };
}

/** What only SQLite does: one file, locked by whichever process writes. The contract itself: store.test.ts. */
describe('SQLite store', () => {
  let dir: string;
  let store: SqliteStore;

  beforeEach(async () => {
    dir = makeTempDir();
    store = await SqliteStore.open(storeConfig(dir));
  });
  afterEach(async () => {
    await store.close();
    removeDir(dir);
  });

  it('refuses writes with a StoreError while another process holds the write lock', async () => {
    const other = new sqlite3.Database(join(dir, 'gate.db'));
    await new Promise<void>((resolve, reject) => other.exec('BEGIN EXCLUSIVE', (error) => (error ? reject(error) : resolve())));
    try {
      await assert.rejects(
        store.transact((tx) => tx.appendAudit({ type: 'x', actor: 'y', data: {} })),
        (error: unknown) => error instanceof StoreError && /locked by another process/.test(error.message),
      );
      await assert.rejects(store.checkWritable(), StoreError);
    } finally {
      await new Promise<void>((resolve) => other.exec('ROLLBACK', () => other.close(() => resolve())));
    }
    await store.transact((tx) => tx.appendAudit({ type: 'after', actor: 'y', data: {} }));
    assert.equal((await store.readAudit(0, 10)).length, 1);
  });
});
