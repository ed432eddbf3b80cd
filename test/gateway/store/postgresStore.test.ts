/**
 * What only the PostgreSQL store does: its URL and password come from secret references, another
 * gateway holding the chain longer than lockTimeout is a clear refusal, and an unreachable server
 * says so. The contract itself: store.test.ts.
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { PostgresStoreConfig } from '../../../gateway/config/types.js';
import { describeStore, openStore } from '../../../gateway/store/index.js';
import { ADVISORY_LOCKS } from '../../../gateway/store/postgres/postgresStore.js';
import { StoreError } from '../../../gateway/store/types.js';
import { freshPostgresUrl } from '../../support/postgres.js';
import { makeTempDir, removeDir } from '../../support/tempDir.js';

function configOf(url: string, overrides: Partial<PostgresStoreConfig> = {}): PostgresStoreConfig {
  return {
    driver: 'postgres',
    url,
    password: undefined,
    poolSize: 4,
    connectTimeoutMs: 2000,
    lockTimeoutMs: 300,
    replicaTimeoutMs: 2000,
    ...overrides,
  };
}

describe('PostgreSQL store', () => {
  let url: string;

  beforeEach(async () => {
    url = await freshPostgresUrl();
  });

  it('takes its URL from env: and its password from file:, and never shows the password', async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query("CREATE ROLE gate_user LOGIN PASSWORD 'correct horse'");
    await admin.query(`GRANT ALL ON DATABASE ${new URL(url).pathname.slice(1)} TO gate_user`);
    await admin.query('GRANT ALL ON SCHEMA public TO gate_user');
    await admin.end();
    const dir = makeTempDir();
    try {
      const withUser = new URL(url);
      withUser.username = 'gate_user';
      withUser.password = '';
      process.env['TEST_GATE_DB_URL'] = withUser.toString();
      writeFileSync(join(dir, 'db-password'), 'correct horse\n');
      const config = configOf('env:TEST_GATE_DB_URL', { password: `file:${join(dir, 'db-password')}` });
      const store = await openStore(config);
      await store.transact((tx) => tx.appendAudit({ type: 'x', actor: 'y', data: {} }));
      await store.close();
      assert.equal(describeStore(config), 'PostgreSQL (URL from env:TEST_GATE_DB_URL)');
      assert.equal(describeStore(configOf(withUser.toString())), `PostgreSQL ${withUser.toString()}`);
      writeFileSync(join(dir, 'db-password'), 'wrong horse\n');
      await assert.rejects(
        openStore(config),
        (error: unknown) => error instanceof StoreError && /refused the credentials/.test(error.message) && !/horse/.test(error.message),
      );
    } finally {
      delete process.env['TEST_GATE_DB_URL'];
      removeDir(dir);
    }
  });

  it('refuses a write with a StoreError when another gateway holds the chain past lockTimeout, then writes again', async () => {
    const store = await openStore(configOf(url));
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.chain]);
      await assert.rejects(
        store.transact((tx) => tx.appendAudit({ type: 'x', actor: 'y', data: {} })),
        (error: unknown) => error instanceof StoreError && /locked by another gateway longer than lockTimeout/.test(error.message),
      );
      await other.query('ROLLBACK');
      await store.transact((tx) => tx.appendAudit({ type: 'after', actor: 'y', data: {} }));
      assert.deepEqual(
        (await store.readAudit(0, 10)).map((entry) => entry.type),
        ['after'],
      );
    } finally {
      await other.end();
      await store.close();
    }
  });

  it('says the database cannot be reached', async () => {
    const closed = new URL(url);
    closed.port = '1';
    await assert.rejects(openStore(configOf(closed.toString())), (error: unknown) => {
      return error instanceof StoreError && /cannot be reached/.test(error.message);
    });
  });
});
