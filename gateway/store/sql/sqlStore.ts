/**
 * What every SQL store shares: repositories on a reader for committed data, units of work on the
 * batching writer with repositories bound to their transaction. An engine adds how it connects,
 * takes a consistent snapshot, probes a write and closes.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AuditEntry, AuditInput } from '../../audit/chain.js';
import { RECORDS_ENTRY_TYPE, RECORDS_KEY, RecordSeals } from '../../audit/rowDigests.js';
import type {
  ExclusiveResult,
  MaskingEventRecord,
  MaskingSummary,
  NewSession,
  ReadRepositories,
  SessionPage,
  SessionQuery,
  SessionRecord,
  SessionUpdate,
  Store,
  StoreBroadcast,
  StoreEngine,
  StoreError,
  StoreTx,
  TransactOptions,
} from '../types.js';
import { auditEntryOf } from './auditRepository.js';
import type { BatchingWriter, WriterTx } from './batchingWriter.js';
import type { SqlDialect } from './dialect.js';
import type { SqlExecutor } from './executor.js';
import { SqlRepositories } from './repositories.js';

/** A unit of work: the repositories on its transaction, and the session shorthands the recorder uses. */
class SqlTx extends SqlRepositories implements StoreTx {
  readonly now: Date;

  constructor(
    private readonly tx: WriterTx,
    dialect: SqlDialect,
    replicaId: string,
  ) {
    super(tx.executor, dialect, () => tx.now, replicaId, new RecordSeals(), tx.insertRows, tx.gatherGuarded);
    this.now = tx.now;
  }

  insertSession(session: NewSession): Promise<SessionRecord | undefined> {
    return this.sessions.insert(session);
  }

  async updateSession(id: string, update: SessionUpdate, known?: SessionRecord): Promise<SessionRecord | undefined> {
    if (known?.id === id) return this.sessions.updateKnown(known, update);
    await this.sessions.update(id, update);
    return undefined;
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

  /** Links an entry to the chain, carrying the digests of the rows written since the last one. */
  appendAudit(entry: AuditInput): Promise<AuditEntry> {
    const records = this.seals?.take();
    return this.tx.appendAudit(records ? { ...entry, data: { ...entry.data, [RECORDS_KEY]: records } } : entry);
  }

  async together(...writes: ReadonlyArray<() => Promise<unknown>>): Promise<void> {
    if (!this.tx.concurrent) {
      for (const write of writes) await write();
      return;
    }
    const outcomes = await Promise.allSettled(writes.map((write) => write()));
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Rows written after the unit's last entry still get an entry that vouches for them. */
  async sealRemaining(): Promise<void> {
    if ((this.seals?.size ?? 0) > 0) await this.appendAudit({ type: RECORDS_ENTRY_TYPE, actor: 'gateway', data: {} });
  }
}

export abstract class SqlStore implements Store {
  readonly replica: Store['replica'];
  readonly sessions: ReadRepositories['sessions'];
  readonly maskingEvents: ReadRepositories['maskingEvents'];
  readonly audit: ReadRepositories['audit'];
  readonly approvals: ReadRepositories['approvals'];
  readonly retention: ReadRepositories['retention'];
  readonly evidence: ReadRepositories['evidence'];
  readonly subjects: ReadRepositories['subjects'];
  readonly replicas: ReadRepositories['replicas'];
  readonly directory: ReadRepositories['directory'];
  readonly governance: ReadRepositories['governance'];
  readonly register: ReadRepositories['register'];
  readonly simulation: ReadRepositories['simulation'];

  protected constructor(
    readonly engine: StoreEngine,
    protected readonly dialect: SqlDialect,
    private readonly reader: SqlExecutor,
    protected readonly writer: BatchingWriter,
    readonly clock: () => Date,
  ) {
    this.replica = { id: randomUUID(), startedAt: clock().toISOString(), host: hostname(), pid: process.pid };
    const readers = this.repositoriesOn(reader);
    this.sessions = readers.sessions;
    this.maskingEvents = readers.maskingEvents;
    this.audit = readers.audit;
    this.approvals = readers.approvals;
    this.retention = readers.retention;
    this.evidence = readers.evidence;
    this.subjects = readers.subjects;
    this.replicas = readers.replicas;
    this.directory = readers.directory;
    this.governance = readers.governance;
    this.register = readers.register;
    this.simulation = readers.simulation;
  }

  /** Every repository, bound to `executor` (a snapshot's connection, say). */
  protected repositoriesOn(executor: SqlExecutor): ReadRepositories {
    return new SqlRepositories(executor, this.dialect, this.clock, this.replica.id);
  }

  /** Why every write must be refused now (an engine's own limit, a disk under its reserve, say). */
  protected writeRefusal(): StoreError | undefined {
    return undefined;
  }

  transact<T>(work: (tx: StoreTx) => Promise<T>, options: TransactOptions = {}): Promise<T> {
    const refusal = this.writeRefusal();
    if (refusal) return Promise.reject(refusal);
    return this.writer.submit(async (writerTx) => {
      const tx = new SqlTx(writerTx, this.dialect, this.replica.id);
      const value = await work(tx);
      await tx.sealRemaining();
      return value;
    }, options.retrySafe === true);
  }

  abstract readonly broadcast: StoreBroadcast;
  abstract exclusive<T>(job: string, work: () => Promise<T>): Promise<ExclusiveResult<T>>;
  abstract withReadSnapshot<T>(work: (snapshot: ReadRepositories) => Promise<T>): Promise<T>;
  abstract close(): Promise<void>;

  async checkWritable(): Promise<void> {
    await this.transact((tx) => tx.replicas.beat(this.replica, tx.now.toISOString()));
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
    const rows = await this.reader.all('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?', [afterSeq, limit]);
    return rows.map(auditEntryOf);
  }
}
