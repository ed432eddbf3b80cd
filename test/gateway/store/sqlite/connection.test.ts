import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { SqliteConnection } from '../../../../gateway/store/sqlite/connection.js';
import { makeTempDir, removeDir } from '../../../support/tempDir.js';

/** The promise layer's pool of prepared statements: calls of one SQL side by side, and a failed call leaving nothing behind. */
describe('SQLite connection', () => {
  let dir: string;
  let db: SqliteConnection;

  beforeEach(async () => {
    dir = makeTempDir();
    db = await SqliteConnection.open(join(dir, 'c.db'), 'readwrite');
    await db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
  });
  afterEach(async () => {
    await db.close();
    removeDir(dir);
  });

  it('runs many calls of the same SQL at once, each with its own parameters', async () => {
    await Promise.all(Array.from({ length: 100 }, (_, k) => db.run('INSERT INTO t (id, v) VALUES (?, ?)', [k, `v${k}`])));
    const rows = await Promise.all(Array.from({ length: 100 }, (_, k) => db.get<{ v: string }>('SELECT v FROM t WHERE id = ?', [k])));
    assert.deepEqual(
      rows.map((row) => row?.v),
      Array.from({ length: 100 }, (_, k) => `v${k}`),
    );
  });

  it('keeps working after a call of a SQL fails, and a get always starts from the first row', async () => {
    await db.run('INSERT INTO t (id, v) VALUES (?, ?)', [1, 'a']);
    await assert.rejects(db.run('INSERT INTO t (id, v) VALUES (?, ?)', [2, 'a']), /UNIQUE/);
    await db.run('INSERT INTO t (id, v) VALUES (?, ?)', [2, 'b']);
    await assert.rejects(db.run('INSERT INTO nowhere (x) VALUES (?)', [1]), /no such table/);
    for (let k = 0; k < 3; k++) assert.equal((await db.get<{ v: string }>('SELECT v FROM t ORDER BY id'))?.v, 'a');
    // No statement left active: a transaction begins and commits.
    await db.run('BEGIN IMMEDIATE');
    await db.run('COMMIT');
    assert.equal((await db.all('SELECT * FROM t')).length, 2);
  });
});
