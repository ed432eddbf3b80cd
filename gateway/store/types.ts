/**
 * The store interface: sessions, masking events, the audit chain and the repositories of the
 * other domains (approvals, retention, evidence, subjects). SQLite implements it for one gateway;
 * PostgreSQL implements the same for several replicas. Domains see only these interfaces: SQL
 * and its dialect stay under store/. `openStore` (store/index.ts) opens the configured engine.
 *
 * Writes go through `transact`: concurrent requests' writes are grouped into one transaction per
 * flush, and each caller's promise resolves only when its own writes are durable. A rejected
 * promise means nothing of that unit was recorded: the caller must refuse the request.
 */
import type { AuditEntry, AuditInput } from '../audit/chain.js';
import type { AuditReader, AuditWriter } from '../audit/types.js';
import type { ApprovalReader, ApprovalRepository } from '../approvals/repository.js';
import type { EvidenceReader } from '../evidence/types.js';
import type { RetentionReader, RetentionRepository } from '../retention/types.js';
import type { SimulationReader } from '../simulation/types.js';
import type { SubjectReader } from '../subjects/types.js';
import type { DirectoryReader, DirectoryRepository } from '../directory/types.js';
import type { GovernanceReader, GovernanceRepository } from '../governance/repository.js';
import type { RegisterReader } from '../register/types.js';
import type { Decision } from '../config/types.js';
import type { Identity } from '../identity/types.js';
import type { RunStatus } from '../sessions/status.js';

/** The verified caller, as recorded with each session. */
export type IdentitySnapshot = Identity;

export type SessionKind = 'run' | 'proxy';

/** A session's lifecycle; the same values a run shows on the wire. */
export type SessionStatus = RunStatus;

/** A payload as recorded: always the masked form. */
export interface RecordedPayload {
  readonly contentType: string | undefined;
  readonly bytes: number;
  /** The masked body (JSON value or text), or null when the policy records metadata only. */
  readonly body: unknown;
  /** True when only the first part of a long streamed body was kept. */
  readonly truncated?: boolean;
  /** When retention deleted the body (it is then null). */
  readonly purgedAt?: string;
  /** The body's digest, written by the store beside it and kept when retention deletes the body (audit/rowDigests.ts). */
  readonly bodyDigest?: string;
}

/** Who reached what and how it was decided: a session without its payloads and timings. */
export type SessionHead = Pick<
  SessionRecord,
  | 'id'
  | 'createdAt'
  | 'kind'
  | 'identity'
  | 'generator'
  | 'upstream'
  | 'method'
  | 'path'
  | 'decision'
  | 'ruleId'
  | 'policyVersion'
  | 'status'
>;

export interface MaskingSummary {
  readonly profile: string | undefined;
  readonly count: number;
  readonly byDetector: Readonly<Record<string, number>>;
}

export interface SessionRecord {
  readonly id: string;
  readonly kind: SessionKind;
  readonly requestId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly identity: IdentitySnapshot;
  readonly generator: string | undefined;
  readonly upstream: string;
  readonly method: string;
  readonly path: string;
  readonly decision: Decision;
  readonly ruleId: string;
  readonly policyVersion: string;
  readonly status: SessionStatus;
  readonly httpStatus: number | undefined;
  readonly upstreamStatus: number | undefined;
  readonly request: RecordedPayload | undefined;
  readonly response: RecordedPayload | undefined;
  readonly forwardedAt: string | undefined;
  readonly completedAt: string | undefined;
  readonly upstreamMs: number | undefined;
  readonly totalMs: number | undefined;
  readonly error: { readonly code: string; readonly message: string } | undefined;
  readonly masking: MaskingSummary;
  readonly approvalId: string | undefined;
  /** The gateway process that last started it running or holding (see `InFlightSession`). */
  readonly replicaId?: string | undefined;
}

export type NewSession = Omit<
  SessionRecord,
  | 'updatedAt'
  | 'response'
  | 'completedAt'
  | 'upstreamMs'
  | 'totalMs'
  | 'upstreamStatus'
  | 'masking'
  | 'error'
  | 'httpStatus'
  | 'forwardedAt'
  | 'approvalId'
  | 'replicaId'
> &
  Partial<Pick<SessionRecord, 'httpStatus' | 'error' | 'forwardedAt' | 'approvalId' | 'masking'>>;

export type SessionUpdate = Partial<
  Pick<
    SessionRecord,
    | 'status'
    | 'httpStatus'
    | 'upstreamStatus'
    | 'request'
    | 'response'
    | 'forwardedAt'
    | 'completedAt'
    | 'upstreamMs'
    | 'totalMs'
    | 'error'
    | 'masking'
    | 'approvalId'
  >
>;

/** One place a masked value occurred. */
export interface MaskingOccurrence {
  /** `response`, `request`, … followed by a JSON pointer or `offset:N` (into the masked output). */
  readonly location: string;
  /** Where the original was in the input, as a UTF-16 offset and length (when the engine said). */
  readonly original?: { readonly offset: number; readonly length: number };
}

/**
 * One masked value, provable without the value: what kind, keyed hash, replacement, and where it
 * occurred. One row per distinct value per recorded write (sessions/maskingEvents.ts).
 */
export interface MaskingEventRecord {
  readonly sessionId: string;
  /** Order within the session. */
  readonly seq: number;
  readonly at: string;
  /** Where it first occurred in this write. */
  readonly location: string;
  readonly detector: string;
  readonly hmac: string;
  readonly keyId: string;
  readonly replacement: string;
  /** How many times this write masked the value (exact). */
  readonly count: number;
  /** The first occurrences (at most 64); undefined on rows recorded one per occurrence, before aggregation. */
  readonly occurrences?: readonly MaskingOccurrence[] | undefined;
}

export interface TransactOptions {
  /** The work only writes to the store, so running it again after a rollback is harmless. */
  readonly retrySafe?: boolean;
}

export interface SessionQuery {
  readonly subject?: string | undefined;
  readonly generator?: string | undefined;
  readonly decision?: Decision | undefined;
  readonly status?: SessionStatus | undefined;
  readonly kind?: SessionKind | undefined;
  /** ISO bounds on createdAt, inclusive from, exclusive to. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly limit: number;
  /** Opaque cursor from a previous page. */
  readonly cursor?: string | undefined;
}

export interface SessionPage {
  readonly sessions: readonly SessionRecord[];
  readonly nextCursor: string | undefined;
}

/** Sessions as recorded, newest first in lists. */
export interface SessionReader {
  get(id: string): Promise<SessionRecord | undefined>;
  list(query: SessionQuery): Promise<SessionPage>;
  /** Sessions in `running`, `pending_approval` or `approved`, oldest first. */
  inFlight(limit: number): Promise<InFlightSession[]>;
}

/** A gateway process writing to the store, as its heartbeats show it. */
export interface ReplicaRecord {
  readonly id: string;
  readonly startedAt: string;
  readonly heartbeatAt: string;
  readonly host: string;
  readonly pid: number;
}

export interface ReplicaReader {
  list(): Promise<ReplicaRecord[]>;
}

export interface ReplicaRepository extends ReplicaReader {
  /** Registers the replica, or records that it is alive (a committed write: readiness depends on it). */
  beat(replica: Omit<ReplicaRecord, 'heartbeatAt'>, at: string): Promise<void>;
  remove(ids: readonly string[]): Promise<number>;
}

/** A session some gateway holds in flight (running, or a held stream start), and which gateway. */
export interface InFlightSession {
  readonly id: string;
  readonly status: SessionStatus;
  /** The gateway process that started it running or holding (undefined: recorded before replicas were). */
  readonly replicaId: string | undefined;
  readonly approvalId: string | undefined;
  readonly createdAt: string;
}

export interface SessionRepository extends SessionReader {
  /** Records the session as held by this gateway process. */
  insert(session: NewSession): Promise<SessionRecord | undefined>;
  /**
   * Changes the given fields; a session that does not exist is a StoreError. A session set
   * `running` or `pending_approval` is from then on held by this gateway process.
   */
  update(id: string, update: SessionUpdate): Promise<void>;
  /**
   * Closes a session another gateway left in flight, only if it is still as `expected` (same
   * status, same holder): true when this call changed it.
   */
  closeInFlight(id: string, expected: Pick<InFlightSession, 'status' | 'replicaId'>, update: SessionUpdate): Promise<boolean>;
  /** Adds counts to a session's masking summary (request, reasons and response add up). */
  addMaskingSummary(id: string, summary: MaskingSummary): Promise<void>;
}

export interface MaskingEventReader {
  /** A session's events in seq order. */
  ofSession(sessionId: string): Promise<readonly MaskingEventRecord[]>;
  /** The seq the session's next masking event takes (events are numbered 0, 1, … per session). */
  nextSeq(sessionId: string): Promise<number>;
}

export interface MaskingEventRepository extends MaskingEventReader {
  add(events: readonly MaskingEventRecord[]): Promise<void>;
}

/** What can be read from the store: committed data, or one consistent snapshot of it. */
export interface ReadRepositories {
  readonly sessions: SessionReader;
  readonly maskingEvents: MaskingEventReader;
  readonly audit: AuditReader;
  readonly approvals: ApprovalReader;
  readonly retention: RetentionReader;
  readonly evidence: EvidenceReader;
  readonly subjects: SubjectReader;
  readonly replicas: ReplicaReader;
  /** People and groups the IdP provisions over SCIM. */
  readonly directory: DirectoryReader;
  /** What happened to each registered generator: ownership, attestations, notifications. */
  readonly governance: GovernanceReader;
  readonly register: RegisterReader;
  readonly simulation: SimulationReader;
}

/** The repositories inside a unit of work: they read and write through its transaction. */
export interface TxRepositories extends ReadRepositories {
  readonly sessions: SessionRepository;
  readonly maskingEvents: MaskingEventRepository;
  readonly audit: AuditReader & AuditWriter;
  readonly approvals: ApprovalRepository;
  readonly retention: RetentionRepository;
  readonly replicas: ReplicaRepository;
  readonly directory: DirectoryRepository;
  readonly governance: GovernanceRepository;
}

/** Writes available inside one unit of work. */
export interface StoreTx extends TxRepositories {
  /** Time of this unit (the store's clock). */
  readonly now: Date;
  /** Inserts a session; resolves with its row as written, which a later `updateSession` may be given. */
  insertSession(session: NewSession): Promise<SessionRecord | undefined>;
  /**
   * Updates a session. With `known` (its row as this process last wrote it), the new row's digest
   * is computed without reading it back, unless the row changed meanwhile. Resolves with the row
   * as written when it was computed, else undefined.
   */
  updateSession(id: string, update: SessionUpdate, known?: SessionRecord): Promise<SessionRecord | undefined>;
  addMaskingEvents(events: readonly MaskingEventRecord[]): Promise<void>;
  /** The seq the session's next masking event takes (events are numbered 0, 1, … per session). */
  nextMaskingSeq(sessionId: string): Promise<number>;
  /** Adds counts to a session's masking summary (request, reasons and response add up). */
  addMaskingSummary(id: string, summary: MaskingSummary): Promise<void>;
  /** Links an entry to the chain; entries of concurrent units form one linear chain. */
  appendAudit(entry: AuditInput): Promise<AuditEntry>;
  /**
   * Runs writes of this unit that do not depend on each other side by side where the engine takes
   * concurrent statements (SQLite: their round trips overlap), one after another where it does not
   * (a pg client). Settles once every write has settled, so none is still running when a failure
   * rolls the unit back; rejects with the first failure.
   */
  together(...writes: ReadonlyArray<() => Promise<unknown>>): Promise<void>;
}

/** Messages between the gateway processes that share the store (live events). */
export interface StoreBroadcast {
  /** True when other gateway processes may share the store and hear what this one publishes (PostgreSQL). */
  readonly shared: boolean;
  /** Sends `message` to every subscriber of `channel`, in every process sharing the store (this one included). */
  publish(channel: string, message: string): Promise<void>;
  /** Hears every message on `channel`; returns the unsubscribe function. */
  subscribe(channel: string, listener: (message: string) => void): () => void;
  /** Called when messages may have been lost (the connection that hears them broke and came back). */
  onGap(listener: () => void): () => void;
}

/** What `exclusive` did: ran the work (its value), or left it because another process holds the job. */
export type ExclusiveResult<T> = { readonly ran: true; readonly value: T } | { readonly ran: false };

/** The store engine behind the interface (for messages and operator output, never for branching). */
export type StoreEngine = 'sqlite' | 'postgres';

/** The store; its repositories read committed data. */
export interface Store extends ReadRepositories {
  readonly engine: StoreEngine;
  /** This gateway process, as the sessions it holds in flight and its heartbeats name it. */
  readonly replica: Omit<ReplicaRecord, 'heartbeatAt'>;
  /** The store's clock (frozen in tests). */
  readonly clock: () => Date;
  /**
   * Runs `work` inside a transaction shared with concurrent callers; resolves once durable.
   * `work` runs exactly once, unless `retrySafe` says it only writes to the store (no side
   * effect in memory): such units share a transaction without per-unit savepoints, and if one
   * fails the others run again in transactions of their own.
   */
  transact<T>(work: (tx: StoreTx) => Promise<T>, options?: TransactOptions): Promise<T>;
  /**
   * Runs `work` on one consistent snapshot of the store (every read sees the same committed
   * state), apart from the request path: a long verification neither blocks writers nor shows
   * other readers a stale store.
   */
  withReadSnapshot<T>(work: (snapshot: ReadRepositories) => Promise<T>): Promise<T>;
  getSession(id: string): Promise<SessionRecord | undefined>;
  listSessions(query: SessionQuery): Promise<SessionPage>;
  listMaskingEvents(sessionId: string): Promise<readonly MaskingEventRecord[]>;
  /** Audit entries in chain order, from `afterSeq` (exclusive). */
  readAudit(afterSeq: number, limit: number): Promise<readonly AuditEntry[]>;
  /** Proves the store can write: this replica's heartbeat, committed (a full disk or a read-only database fails it). */
  checkWritable(): Promise<void>;
  /** Live messages between the processes sharing the store. */
  readonly broadcast: StoreBroadcast;
  /**
   * Runs `work` unless another process (or this one) is running the job of the same name on this
   * store: scheduled work (retention purges, checkpoints) runs on one replica at a time.
   */
  exclusive<T>(job: string, work: () => Promise<T>): Promise<ExclusiveResult<T>>;
  close(): Promise<void>;
}

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code = 'store_unavailable';
}
