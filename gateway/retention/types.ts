/** What the retention purge asks of the store (`store.retention`, `tx.retention`). */

/** A set of sessions sharing retention periods. */
export type RetentionScope =
  | { readonly kind: 'generator'; readonly name: string }
  | { readonly kind: 'upstream'; readonly name: string }
  /** Everything no override covers. */
  | { readonly kind: 'default'; readonly exceptGenerators: readonly string[]; readonly exceptUpstreams: readonly string[] };

/** How many records a step touches and the creation times they span. */
export interface RangeCount {
  readonly count: number;
  /** Earliest and latest `created_at` (sessions) or `at` (entries) among them; undefined when none. */
  readonly from: string | undefined;
  readonly to: string | undefined;
}

export interface PayloadCount extends RangeCount {
  /** Sum of the recorded body sizes (bytes, as received). */
  readonly bytes: number;
}

/** Rows of other domains (approvals…) removed with their sessions, by table. */
export type LinkedCounts = Readonly<Record<string, number>>;

export interface SessionDeletion {
  readonly sessions: number;
  readonly maskingEvents: number;
  readonly linked: LinkedCounts;
}

export interface AuditPrefix {
  readonly fromSeq: number;
  readonly toSeq: number;
  readonly count: number;
  readonly fromAt: string;
  readonly toAt: string;
  /** prevHash of entry `fromSeq`. */
  readonly chainedFrom: string;
  /** hash of entry `toSeq`. */
  readonly toHash: string;
}

/** What a purge counts (a dry run reads only this). */
export interface RetentionReader {
  /** Sessions created before `cutoff` (and not before `keptFrom`, when whole sessions go before it) that still hold a body. */
  countPayloads(scope: RetentionScope, cutoff: string, keptFrom: string | undefined): Promise<PayloadCount>;
  countExpiredSessions(scope: RetentionScope, cutoff: string): Promise<RangeCount & { readonly maskingEvents: number }>;
  /** The audit entries older than `cutoff` that form a prefix of the chain, if any. */
  auditPrefixBefore(cutoff: string): Promise<AuditPrefix | undefined>;
}

export interface RetentionRepository extends RetentionReader {
  /** Replaces those bodies by null, keeping content type and size; returns how many sessions. */
  purgePayloads(scope: RetentionScope, cutoff: string, keptFrom: string | undefined, at: string): Promise<number>;
  /** Deletes expired sessions with their masking events and linked rows. */
  deleteExpiredSessions(scope: RetentionScope, cutoff: string): Promise<SessionDeletion>;
  deleteAuditThrough(seq: number): Promise<number>;
  /** Checkpoints of deleted entries (all but the anchor's) serve nothing any more. */
  deleteCheckpointsBefore(seq: number): Promise<number>;
}
