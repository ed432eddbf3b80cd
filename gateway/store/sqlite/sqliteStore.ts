/**
 * The SQLite store: WAL journal, one writer connection fed by the batching writer, one read-only
 * connection for queries (WAL lets it read while a write is in progress).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuditEntry, AuditInput } from '../../audit/chain.js';
import type { SqliteStoreConfig } from '../../config/types.js';
import {
  StoreError,
  type MaskingEventRecord,
  type MaskingSummary,
  type NewSession,
  type ReadRepositories,
  type SessionPage,
  type SessionQuery,
  type SessionRecord,
  type SessionUpdate,
  type Store,
  type StoreTx,
  type TransactOptions,
} from '../types.js';
import { BatchingWriter, describeStoreFailure, type WriterTx } from './batchingWriter.js';
import { SqliteConnection } from './connection.js';
import { MIGRATIONS } from './migrations/index.js';
import { auditEntryOf } from './auditRepository.js';
import { withReadSnapshot } from './readSnapshot.js';
import { SqliteRepositories } from './repositories.js';

export interface SqliteStoreOptions {
  readonly clock?: () => Date;
}

class SqliteTx extends SqliteRepositories implements StoreTx {
  readonly now: Date;

  constructor(private readonly tx: WriterTx) {
    super(tx.connection, () => tx.now);
    this.now = tx.now;
  }

  insertSession(session: NewSession): Promise<void> {
    return this.sessions.insert(session);
  }

  updateSession(id: string, update: SessionUpdate): Promise<void> {
    return this.sessions.update(id, update);
  }

  addMaskingEvents(events: readonly MaskingEventRecord[]): Promise<void> {
    return this.maskingEvents.add(events);
  }

  nextMaskingSeq(sessionId: string): Promise<number> {
    return this.maskingEvents.nextSeq(sessionId);
  }

  addMaskingSummary(id: string, summary: MaskingSummary): Promise<void> {
    return this.sessions.addMaskingSummary(id, summary);
  }

  appendAudit(entry: AuditInput): Promise<AuditEntry> {
    return this.tx.appendAudit(entry);
  }
}

export class SqliteStore implements Store {
  readonly engine = 'sqlite';
  readonly sessions: ReadRepositories['sessions'];
  readonly maskingEvents: ReadRepositories['maskingEvents'];
  readonly audit: ReadRepositories['audit'];
  readonly approvals: ReadRepositories['approvals'];
  readonly retention: ReadRepositories['retention'];
  readonly evidence: ReadRepositories['evidence'];
  readonly subjects: ReadRepositories['subjects'];
  readonly directory: ReadRepositories['directory'];
  readonly governance: ReadRepositories['governance'];
  readonly register: ReadRepositories['register'];

  private constructor(
    private readonly config: SqliteStoreConfig,
    private readonly writerConnection: SqliteConnection,
    private readonly readerConnection: SqliteConnection,
    private readonly writer: BatchingWriter,
    readonly clock: () => Date,
  ) {
    const readers = new SqliteRepositories(readerConnection, clock);
    this.sessions = readers.sessions;
    this.maskingEvents = readers.maskingEvents;
    this.audit = readers.audit;
    this.approvals = readers.approvals;
    this.retention = readers.retention;
    this.evidence = readers.evidence;
    this.subjects = readers.subjects;
    this.directory = readers.directory;
    this.governance = readers.governance;
    this.register = readers.register;
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
    await migrate(writerConnection);
    const readerConnection = await SqliteConnection.open(config.path, 'readonly');
    readerConnection.setBusyTimeout(config.busyTimeoutMs);
    const clock = options.clock ?? (() => new Date());
    const writer = new BatchingWriter(writerConnection, clock);
    return new SqliteStore(config, writerConnection, readerConnection, writer, clock);
  }

  transact<T>(work: (tx: StoreTx) => Promise<T>, options: TransactOptions = {}): Promise<T> {
    return this.writer.submit((writerTx) => work(new SqliteTx(writerTx)), options.retrySafe === true);
  }

  withReadSnapshot<T>(work: (snapshot: ReadRepositories) => Promise<T>): Promise<T> {
    return withReadSnapshot(this.config, (sql) => work(new SqliteRepositories(sql, this.clock)));
  }

  getSession(id: string): Promise<SessionRecord | undefined> {
    return this.sessions.get(id);
  }

  listSessions(query: SessionQuery): Promise<SessionPage> {
    return this.sessions.list(query);
  }

  listMaskingEvents(sessionId: string): Promise<readonly MaskingEventRecord[]> {
    return this.maskingEvents.ofSession(sessionId);
  }

  async readAudit(afterSeq: number, limit: number): Promise<readonly AuditEntry[]> {
    const rows = await this.readerConnection.all('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?', [afterSeq, limit]);
    return rows.map(auditEntryOf);
  }

  async checkWritable(): Promise<void> {
    const probe = Symbol('probe');
    await this.writer
      .submit(async (tx) => {
        await tx.connection.run('CREATE TEMP TABLE IF NOT EXISTS write_probe (x INTEGER)');
        await tx.connection.run('INSERT INTO write_probe VALUES (1)');
        await tx.connection.run('DELETE FROM write_probe');
        throw probe;
      })
      .catch((error: unknown) => {
        if (error !== probe) throw error;
      });
  }

  async close(): Promise<void> {
    await this.writer.close();
    await this.readerConnection.close();
    await this.writerConnection.close();
  }
}

async function migrate(connection: SqliteConnection): Promise<void> {
  await connection.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set((await connection.all('SELECT id FROM schema_migrations')).map((row) => String(row['id'])));
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.id)) continue;
    await connection.exec('BEGIN IMMEDIATE');
    try {
      await connection.exec(migration.sql);
      await connection.run('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)', [migration.id, new Date().toISOString()]);
      await connection.exec('COMMIT');
    } catch (error) {
      await connection.exec('ROLLBACK').catch(() => undefined);
      throw new StoreError(`migration ${migration.id} failed: ${(error as Error).message}`, { cause: error });
    }
  }
}
