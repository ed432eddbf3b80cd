/**
 * The content of an evidence bundle: what the privacy office (or the ANPD) receives to see how
 * data was handled in a period, or in one session. Every field is data the gateway recorded;
 * nothing in it is an original personal value: masking events carry keyed HMACs, payload bodies
 * are left out (only their sizes and whether they are still stored).
 */
import type { MaskingEventRecord } from '../store/types.js';
import type { AuditEntry, ChainHead } from '../audit/chain.js';

export interface EvidencePrincipal {
  readonly subject: string;
  readonly issuerId: string;
  readonly kind: string;
  readonly name: string | null;
}

/** What is kept of a request or response body. */
export interface EvidencePayload {
  readonly contentType: string | null;
  readonly bytes: number;
  /** `stored`: the masked body is in the store; `metadata-only`: never stored; `purged`: deleted by retention. */
  readonly body: 'stored' | 'metadata-only' | 'purged';
  readonly purgedAt: string | null;
}

/** One call through the gateway, with the policy decision it got. */
export interface EvidenceSession {
  readonly id: string;
  readonly kind: string;
  readonly createdAt: string;
  readonly completedAt: string | null;
  readonly principal: EvidencePrincipal;
  readonly groups: readonly string[];
  readonly generator: string | null;
  readonly upstream: string;
  readonly method: string;
  readonly path: string;
  readonly decision: { readonly effect: string; readonly ruleId: string; readonly policyVersion: string };
  readonly status: string;
  readonly httpStatus: number | null;
  readonly upstreamStatus: number | null;
  readonly totalMs: number | null;
  readonly approvalId: string | null;
  readonly error: string | null;
  readonly masking: { readonly profile: string | null; readonly count: number; readonly byDetector: Readonly<Record<string, number>> };
  readonly payloads: { readonly request: EvidencePayload | null; readonly response: EvidencePayload | null };
}

/** One masked value: where, what kind, the keyed hash; never the value (as the store holds it). */
export type EvidenceMaskingEvent = MaskingEventRecord;

/** One step of an approval, as the chain recorded it. */
export interface EvidenceApprovalStep {
  readonly seq: number;
  readonly at: string;
  readonly type: string;
  readonly actor: string;
  readonly decision: string | null;
  readonly reason: string | null;
}

/** A held run and what became of it. */
export interface EvidenceApproval {
  readonly approvalId: string;
  readonly sessionId: string | null;
  readonly generator: string | null;
  readonly requester: string | null;
  readonly ruleId: string | null;
  readonly requestedAt: string | null;
  /** The latest state: pending, approved, denied, expired, revoked, executed… */
  readonly status: string;
  readonly decidedAt: string | null;
  readonly decidedBy: readonly string[];
  readonly reason: string | null;
  readonly steps: readonly EvidenceApprovalStep[];
}

/** A policy file version (SHA-256 of the file) and when the gateway ran under it. */
export interface EvidencePolicyVersion {
  readonly version: string;
  /** Gateway starts under this version (from `gateway.started` entries still in the chain). */
  readonly startedAt: readonly string[];
  readonly path: string | null;
  readonly rules: ReadonlyArray<{ readonly id: string; readonly decision: string }> | null;
  /** Sessions of this bundle decided under it. */
  readonly sessions: number;
}

export interface EvidenceSummary {
  readonly sessions: number;
  readonly runs: number;
  readonly proxyCalls: number;
  /** Distinct callers (issuer and subject). */
  readonly people: number;
  readonly decisions: Readonly<Record<string, number>>;
  readonly statuses: Readonly<Record<string, number>>;
  readonly generators: Readonly<Record<string, number>>;
  readonly maskedValues: number;
  readonly maskedByDetector: Readonly<Record<string, number>>;
  readonly approvals: Readonly<Record<string, number>>;
  readonly auditEntries: number;
  readonly policyVersions: number;
}

export interface EvidenceChainState {
  /** The chain head when the bundle was made. */
  readonly head: ChainHead | null;
  /** The latest signed checkpoint (JWS by the evidence key) at export. */
  readonly checkpoint: {
    readonly seq: number;
    readonly hash: string;
    readonly at: string;
    readonly reason: string;
    readonly jws: string;
  } | null;
  /** The gateway's own verification of the whole live chain when it made the bundle. */
  readonly verification: {
    readonly ok: boolean;
    readonly entries: number;
    readonly anchor: string;
    readonly problems: number;
    readonly firstProblem: string | null;
  };
}

export interface EvidenceBundle {
  /** `period`: everything in [from, to); `session`: one session. */
  readonly scope: 'period' | 'session';
  readonly generatedAt: string;
  /** The gateway that made it (public URL); its keys are at ISSUER/.well-known/jwks.json. */
  readonly issuer: string;
  readonly period: { readonly from: string; readonly to: string };
  readonly sessionId: string | null;
  readonly retention: {
    readonly payloads: string;
    readonly metadata: string;
    readonly oldestSession: string | null;
    readonly oldestAuditEntry: { readonly seq: number; readonly at: string } | null;
  };
  readonly summary: EvidenceSummary;
  readonly sessions: readonly EvidenceSession[];
  readonly approvals: readonly EvidenceApproval[];
  readonly maskingEvents: readonly EvidenceMaskingEvent[];
  readonly policyVersions: readonly EvidencePolicyVersion[];
  readonly audit: {
    readonly entries: readonly AuditEntry[];
    /** True when `entries` is an unbroken run of the chain (period bundles). */
    readonly contiguous: boolean;
    /** The entry before the first one: the hash the segment chains from. */
    readonly startsAfter: ChainHead | null;
  };
  readonly chain: EvidenceChainState;
}

/** What the bundle builder reads (SQLite: store/sqlite/evidenceRepository.ts), on one consistent snapshot. */
export interface EvidenceReader {
  sessionsCreated(from: string, to: string, limit: number): Promise<EvidenceSession[]>;
  session(id: string): Promise<EvidenceSession | undefined>;
  maskingEventsOfSessionsCreated(from: string, to: string): Promise<EvidenceMaskingEvent[]>;
  maskingEventsOf(sessionId: string): Promise<EvidenceMaskingEvent[]>;
  /** The seq range of the entries recorded in [from, to), up to `through`. */
  auditRange(from: string, to: string, through: number): Promise<{ readonly fromSeq: number; readonly toSeq: number } | undefined>;
  /** The seq range of every entry of the sessions created in [from, to) (a run completed after `to` still belongs to its period). */
  entriesOfSessionsCreated(
    from: string,
    to: string,
    through: number,
  ): Promise<{ readonly fromSeq: number; readonly toSeq: number } | undefined>;
  auditEntries(fromSeq: number, toSeq: number): Promise<AuditEntry[]>;
  auditEntriesOfSession(sessionId: string, approvalIds: readonly string[], through: number): Promise<AuditEntry[]>;
  entryBefore(seq: number): Promise<ChainHead | undefined>;
  gatewayStarts(through: number): Promise<AuditEntry[]>;
  oldestSession(): Promise<string | undefined>;
  oldestEntry(): Promise<{ readonly seq: number; readonly at: string } | undefined>;
}
