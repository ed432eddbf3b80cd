/**
 * What the approvals module stores, and the repository interfaces each store engine implements
 * (store/<engine>/approvalRepository.ts): `tx.approvals` inside a unit of work (so approval rows,
 * session updates and audit entries commit together), `store.approvals` for reads.
 */
import type { ApprovalRequirement } from '../config/types.js';
import type { ApprovalStatus, ApprovalVerdict, PrincipalView } from '../api/wire.js';
import type { SealedInput } from './inputCipher.js';

/** Why an approval closed (ApprovalOutcomeView.code). */
export type OutcomeCode =
  | 'approved'
  | 'denied'
  | 'expired'
  | 'lapsed'
  | 'revoked'
  | 'cancelled'
  | 'binding_mismatch'
  | 'input_unreadable'
  | 'policy_changed'
  | 'interrupted'
  | 'succeeded'
  | 'failed';

export interface ApprovalOutcome {
  readonly code: OutcomeCode;
  readonly reason: string | undefined;
  readonly actor: string | undefined;
  readonly at: string;
}

export interface ApprovalRecord {
  readonly id: string;
  /** The held run (= its session id). */
  readonly sessionId: string;
  readonly status: ApprovalStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Deadline of a pending request. */
  readonly expiresAt: string;
  readonly decidedAt: string | undefined;
  /** Deadline for an approved request to start executing. */
  readonly validUntil: string | undefined;
  readonly executedAt: string | undefined;
  /** `issuerId:subject` of the requester. */
  readonly requester: string;
  /** The requester as their token showed them (a snapshot: the approval stands on its own). */
  readonly requesterView: PrincipalView;
  readonly generator: string;
  readonly ruleId: string;
  readonly policyVersion: string;
  /** The requirement in force when the request was made; it governs the request to its end. */
  readonly requirement: ApprovalRequirement;
  readonly bindingHash: string;
  /** The encrypted input while held; undefined once deleted. */
  readonly sealed: SealedInput | undefined;
  /** Id of the key that sealed the input (kept after deletion, for the record). */
  readonly inputKeyId: string;
  readonly inputDeletedAt: string | undefined;
  readonly outcome: ApprovalOutcome | undefined;
}

export type NewApproval = Omit<
  ApprovalRecord,
  'updatedAt' | 'decidedAt' | 'validUntil' | 'executedAt' | 'inputDeletedAt' | 'outcome' | 'sealed' | 'inputKeyId'
> & {
  readonly sealed: SealedInput;
};

export interface VoteRecord {
  readonly approvalId: string;
  readonly seq: number;
  /** `issuerId:subject`. */
  readonly approver: string;
  /** The approver as their token showed them when they decided. */
  readonly approverView: PrincipalView;
  /** Approver groups the vote counts for. */
  readonly groups: readonly string[];
  readonly decision: ApprovalVerdict;
  readonly reason: string;
  readonly bindingHash: string;
  readonly at: string;
  readonly withdrawnAt: string | undefined;
  readonly withdrawReason: string | undefined;
}

export type NewVote = Omit<VoteRecord, 'seq' | 'withdrawnAt' | 'withdrawReason'>;

/** A conditional status change (see `transition`). */
export interface ApprovalChange {
  readonly status: ApprovalStatus;
  readonly at: string;
  readonly decidedAt?: string;
  readonly validUntil?: string;
  readonly executedAt?: string;
  /** Deletes the encrypted input (the session keeps its masked form). */
  readonly deleteInput?: boolean;
  readonly outcome?: ApprovalOutcome;
}

export type ApprovalStatusFilter = 'pending' | 'decided' | 'all';

export interface ApprovalQuery {
  /** Everything (auditors asking for scope=all); otherwise only what `principal`/`groups` relate to. */
  readonly everything: boolean;
  readonly principal: string;
  readonly groups: readonly string[];
  readonly status: ApprovalStatusFilter;
  /** approver: requests of others that the caller's groups may decide; requester: the caller's own; any: both. */
  readonly role: 'approver' | 'requester' | 'any';
  readonly limit: number;
  readonly cursor: string | undefined;
}

export interface ApprovalPage {
  readonly approvals: readonly ApprovalRecord[];
  readonly nextCursor: string | undefined;
}

/** One queued webhook delivery (transactional outbox: written with the approval change). */
export interface DeliveryRecord {
  readonly id: string;
  readonly approvalId: string;
  readonly event: string;
  /** The JSON body last sent (built at send time from the current state; empty before the first attempt). */
  readonly payload: string;
  readonly createdAt: string;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly lastError: string | undefined;
}

/** Reads of held runs, their votes and webhook deliveries. */
export interface ApprovalReader {
  get(id: string): Promise<ApprovalRecord | undefined>;
  getBySession(sessionId: string): Promise<ApprovalRecord | undefined>;
  votes(approvalId: string): Promise<VoteRecord[]>;
  /** Votes of several approvals at once (list pages). */
  votesFor(approvalIds: readonly string[]): Promise<VoteRecord[]>;
  list(query: ApprovalQuery): Promise<ApprovalPage>;
  /** Pending requests past `expiresAt` and approved ones past `validUntil`. */
  due(now: string, limit: number): Promise<Array<{ readonly id: string; readonly status: ApprovalStatus }>>;
  /** The earliest deadline of any pending or approved request. */
  nextDeadline(): Promise<string | undefined>;
  inStatus(statuses: readonly ApprovalStatus[], limit: number): Promise<ApprovalRecord[]>;
  dueDeliveries(now: string, limit: number): Promise<DeliveryRecord[]>;
  nextDeliveryAt(): Promise<string | undefined>;
}

/**
 * Changes, inside a unit of work. Correct with several writers at once (replicas on one
 * database): a read that decides a change takes the row lock (`getForUpdate`), and every status
 * change is a compare-and-set whose WHERE clause alone decides a race.
 */
export interface ApprovalRepository extends ApprovalReader {
  /** The approval, locked until the unit of work ends: a concurrent decision waits for this one. */
  getForUpdate(id: string): Promise<ApprovalRecord | undefined>;
  insert(approval: NewApproval): Promise<void>;
  /** Adds a vote (lock the approval first: the vote's seq is the next free one); returns its seq. */
  addVote(vote: NewVote): Promise<number>;
  /** Marks the approver's standing vote withdrawn; false when they had none. */
  withdrawVote(approvalId: string, approver: string, at: string, reason: string): Promise<boolean>;
  /** Changes status only if it is one of `from` (the compare-and-set that makes decisions race-free); true when this call changed it. */
  transition(id: string, from: readonly ApprovalStatus[], change: ApprovalChange): Promise<boolean>;
  /**
   * Claims an approved request for execution: `approved` → `executing` if still valid at `now`,
   * taking (and deleting) its encrypted input. Undefined when another claim won (in this process
   * or another), or it lapsed, or it was revoked: exactly one claim succeeds.
   */
  claim(id: string, now: string): Promise<SealedInput | undefined>;
  enqueueDelivery(delivery: Omit<DeliveryRecord, 'attempts' | 'status' | 'lastError'>): Promise<void>;
  /** Records an attempt; `payload` is the body last sent (masked and escaped). */
  updateDelivery(
    id: string,
    change: {
      readonly status: DeliveryRecord['status'];
      readonly attempts: number;
      readonly nextAttemptAt: string;
      readonly lastError: string | undefined;
      readonly payload: string;
      readonly at: string;
    },
  ): Promise<void>;
}
