/**
 * Who may see, decide and revoke an approval, and the reason when not. One function per action
 * serves both the API's refusals and the "you can / cannot because…" of the views, so what a
 * screen offers is exactly what the gateway accepts.
 *
 * Order matters: authorisation before state, so someone who may not decide learns nothing about
 * where the request stands.
 */
import type { GateErrorCode } from '../errors.js';
import { principalOf, type Identity } from '../identity/types.js';
import type { ApprovalRecord, VoteRecord } from './repository.js';
import { approverGroupsOf } from './quorum.js';

export type Caller = Pick<Identity, 'issuerId' | 'subject' | 'groups' | 'kind'>;

export interface Refusal {
  readonly code: GateErrorCode;
  readonly status: 403 | 409;
  readonly message: string;
  /** The request is pending but past its deadline: expire it now (the scheduler had not yet). */
  readonly expireNow?: boolean;
}

export interface Relation {
  readonly principal: string;
  readonly isRequester: boolean;
  /** Approver groups of the request the caller is in. */
  readonly approverGroups: readonly string[];
  readonly standingVote: VoteRecord | undefined;
}

export function relationOf(caller: Caller, approval: ApprovalRecord, votes: readonly VoteRecord[]): Relation {
  const principal = principalOf(caller);
  return {
    principal,
    isRequester: principal === approval.requester,
    approverGroups: approverGroupsOf(approval.requirement, caller.groups),
    standingVote: votes.find((vote) => vote.approver === principal && vote.withdrawnAt === undefined),
  };
}

/** Requester, members of the approver groups, and auditors see an approval. */
export function maySee(caller: Caller, approval: ApprovalRecord, auditor: boolean): boolean {
  return auditor || principalOf(caller) === approval.requester || approverGroupsOf(approval.requirement, caller.groups).length > 0;
}

function groupsText(approval: ApprovalRecord): string {
  return approval.requirement.approvers.join(', ');
}

function stateRefusal(approval: ApprovalRecord, now: Date): Refusal | undefined {
  if (approval.status === 'expired')
    return {
      code: 'approval_expired',
      status: 409,
      message: 'This request expired; it can no longer be decided. The requester may ask again.',
    };
  if (approval.status !== 'pending')
    return { code: 'approval_closed', status: 409, message: `This request is already ${approval.status}; it can no longer be decided.` };
  if (now.getTime() >= Date.parse(approval.expiresAt)) {
    return {
      code: 'approval_expired',
      status: 409,
      message: 'This request expired; it can no longer be decided. The requester may ask again.',
      expireNow: true,
    };
  }
  return undefined;
}

/** Why `caller` may not decide now, or undefined when they may. */
export function decideRefusal(caller: Caller, approval: ApprovalRecord, votes: readonly VoteRecord[], now: Date): Refusal | undefined {
  const relation = relationOf(caller, approval, votes);
  // Also when the requester is in an approver group: nobody approves their own run.
  if (relation.isRequester)
    return { code: 'own_request', status: 403, message: 'You requested this run; someone else in the approver groups must decide it.' };
  if (relation.approverGroups.length === 0)
    return { code: 'not_an_approver', status: 403, message: `Only members of ${groupsText(approval)} may decide this request.` };
  if (caller.kind === 'pipeline')
    return { code: 'not_an_approver', status: 403, message: 'Approvals are decided by people; a pipeline token cannot decide.' };
  const state = stateRefusal(approval, now);
  if (state) return state;
  if (relation.standingVote)
    return { code: 'already_decided', status: 409, message: `You already decided this request (${relation.standingVote.decision}).` };
  return undefined;
}

/**
 * What revoking means for this caller: the requester cancels their request; an approver revokes
 * an approved request that has not started executing, or withdraws their own approval while the
 * request still waits for others.
 */
export type RevokeAction = 'cancel' | 'revoke' | 'withdraw';

export function revokePlan(
  caller: Caller,
  approval: ApprovalRecord,
  votes: readonly VoteRecord[],
  now: Date,
): { readonly action: RevokeAction } | { readonly refusal: Refusal } {
  const relation = relationOf(caller, approval, votes);
  if (!relation.isRequester && relation.approverGroups.length === 0) {
    return {
      refusal: {
        code: 'not_an_approver',
        status: 403,
        message: `Only the requester and members of ${groupsText(approval)} may revoke this request.`,
      },
    };
  }
  if (!relation.isRequester && caller.kind === 'pipeline')
    return { refusal: { code: 'not_an_approver', status: 403, message: 'Approvals are revoked by people; a pipeline token cannot.' } };
  if (approval.status === 'executing' || approval.status === 'executed') {
    return {
      refusal: {
        code: 'approval_closed',
        status: 409,
        message: `This request is already ${approval.status}; it can no longer be revoked.`,
      },
    };
  }
  if (approval.status === 'expired')
    return { refusal: { code: 'approval_expired', status: 409, message: 'This request already expired.' } };
  if (approval.status !== 'pending' && approval.status !== 'approved') {
    return { refusal: { code: 'approval_closed', status: 409, message: `This request is already ${approval.status}.` } };
  }
  if (approval.status === 'pending' && now.getTime() >= Date.parse(approval.expiresAt)) {
    return { refusal: { code: 'approval_expired', status: 409, message: 'This request already expired.', expireNow: true } };
  }
  if (relation.isRequester) return { action: 'cancel' };
  if (approval.status === 'approved') return { action: 'revoke' };
  if (relation.standingVote?.decision === 'approve') return { action: 'withdraw' };
  return {
    refusal: { code: 'nothing_to_revoke', status: 409, message: 'You have no approval on this request to withdraw; to stop it, deny it.' },
  };
}
