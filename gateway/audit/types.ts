/**
 * What audit verification reads from (and checkpoints write to) the store. The SQLite
 * implementation is store/sqlite/auditRepository.ts; another engine implements the same.
 */
import type { ChainHead } from './chain.js';
import type { StoredCheckpoint } from './checkpoints.js';
import type { ApprovalRecord, VoteRecord } from '../approvals/repository.js';
import type { DirectoryUser } from '../directory/types.js';
import type { GovernanceRecord } from '../governance/repository.js';
import type { MaskingEventRecord, SessionRecord } from '../store/types.js';
import type { ChainEntry } from './verify.js';

/** The fields of a session record that its audit entries also state. */
export interface SessionFacts {
  readonly id: string;
  readonly kind: string;
  readonly createdAt: string;
  readonly completedAt: string | undefined;
  readonly subject: string;
  readonly issuerId: string;
  readonly generator: string | undefined;
  readonly upstream: string;
  readonly method: string;
  readonly path: string;
  readonly decision: string;
  readonly ruleId: string;
  readonly policyVersion: string;
  readonly status: string;
  readonly httpStatus: number | undefined;
}

export type StoredMaskingEvent = MaskingEventRecord;

/** Whole rows, for recomputing the digests the chain recorded (audit/rowDigests.ts). */
export interface RecordRowsReader {
  /** Sessions in id order after `afterId`, bodies included. */
  sessions(afterId: string, limit: number): Promise<SessionRecord[]>;
  approvals(afterId: string, limit: number): Promise<ApprovalRecord[]>;
  /** Votes in (approval, seq) order after the given key. */
  votes(after: { readonly approvalId: string; readonly seq: number }, limit: number): Promise<VoteRecord[]>;
  /** Generators' governance records in name order after `afterGenerator`. */
  governance(afterGenerator: string, limit: number): Promise<GovernanceRecord[]>;
  /** Directory users (tombstones included) in id order after `afterId`. */
  directoryUsers(afterId: string, limit: number): Promise<DirectoryUser[]>;
}

export interface AuditReader {
  /** The rows themselves; absent where only summaries exist (an evidence bundle), and then their digests are not checked. */
  readonly rows?: RecordRowsReader;
  /** Entries after `afterSeq` (exclusive) in seq order; unreadable rows come back `malformed`. */
  readEntries(afterSeq: number, limit: number): Promise<ChainEntry[]>;
  head(): Promise<ChainHead | undefined>;
  /** Entries of one type, in seq order (purge records, approvals…). */
  entriesOfType(type: string): Promise<ChainEntry[]>;
  checkpoints(): Promise<StoredCheckpoint[]>;
  latestCheckpoint(): Promise<StoredCheckpoint | undefined>;
  /** Sessions in id order after `afterId`, for cross-checks with the chain. */
  sessionFacts(afterId: string, limit: number): Promise<SessionFacts[]>;
  session(id: string): Promise<SessionFacts | undefined>;
  /** Masking events in (session, seq) order after the given key. */
  maskingEvents(after: { readonly sessionId: string; readonly seq: number }, limit: number): Promise<StoredMaskingEvent[]>;
}

export interface AuditWriter {
  insertCheckpoint(checkpoint: StoredCheckpoint): Promise<void>;
}
