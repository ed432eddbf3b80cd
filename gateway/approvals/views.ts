/** Builds the wire views of approvals (api/wire.ts) from records. */
import { isStreamTarget, upstreamOfTarget } from './streamTarget.js';
import type { GatewayConfig } from '../config/types.js';
import type { Identity } from '../identity/types.js';
import type { SessionRecord } from '../store/types.js';
import type {
  ApprovalCallerView,
  ApprovalDetailView,
  ApprovalEventData,
  ApprovalSummaryView,
  ApprovalVoteView,
  QuorumProgressView,
  RunStatus,
} from '../api/wire.js';
import { decideRefusal, relationOf, revokePlan } from './eligibility.js';
import { describeQuorum, evaluateQuorum } from './quorum.js';
import type { ApprovalRecord, VoteRecord } from './repository.js';

/** Standing approve votes, as the quorum counts them. */
export function countedApprovals(votes: readonly VoteRecord[]): Array<{ approver: string; groups: readonly string[] }> {
  return votes
    .filter((vote) => vote.decision === 'approve' && vote.withdrawnAt === undefined)
    .map((vote) => ({ approver: vote.approver, groups: vote.groups }));
}

function progressView(approval: ApprovalRecord, votes: readonly VoteRecord[]): QuorumProgressView {
  const progress = evaluateQuorum(approval.requirement, countedApprovals(votes));
  return {
    quorum: approval.requirement.quorum,
    satisfied: progress.satisfied,
    required: progress.required,
    approvals: progress.approvals,
    coveredGroups: progress.coveredGroups,
    missingGroups: progress.missingGroups,
    summary: progress.summary,
  };
}

function voteView(vote: VoteRecord): ApprovalVoteView {
  return {
    approver: vote.approverView,
    decision: vote.decision,
    reason: vote.reason,
    at: vote.at,
    countsFor: vote.groups,
    bindingHash: vote.bindingHash,
    withdrawnAt: vote.withdrawnAt,
    withdrawReason: vote.withdrawReason,
  };
}

function callerView(caller: Identity, approval: ApprovalRecord, votes: readonly VoteRecord[], now: Date): ApprovalCallerView {
  const relation = relationOf(caller, approval, votes);
  const refusal = decideRefusal(caller, approval, votes, now);
  const plan = revokePlan(caller, approval, votes, now);
  return {
    isRequester: relation.isRequester,
    isApprover: relation.approverGroups.length > 0,
    canDecide: refusal === undefined,
    cannotDecideBecause: refusal?.message,
    canRevoke: 'action' in plan,
    cannotRevokeBecause: 'refusal' in plan ? plan.refusal.message : undefined,
    vote: relation.standingVote?.decision,
  };
}

function links(approval: ApprovalRecord): ApprovalSummaryView['links'] {
  const self = `/api/v1/approvals/${approval.id}`;
  return { self, run: `/api/v1/runs/${approval.sessionId}`, decision: `${self}/decision`, revoke: `${self}/revoke` };
}

export function summaryView(caller: Identity, approval: ApprovalRecord, votes: readonly VoteRecord[], now: Date): ApprovalSummaryView {
  return {
    approvalId: approval.id,
    runId: approval.sessionId,
    status: approval.status,
    generator: approval.generator,
    requester: approval.requesterView,
    ruleId: approval.ruleId,
    createdAt: approval.createdAt,
    expiresAt: approval.expiresAt,
    validUntil: approval.validUntil,
    decidedAt: approval.decidedAt,
    progress: progressView(approval, votes),
    canDecide: decideRefusal(caller, approval, votes, now) === undefined,
    links: links(approval),
  };
}

/** Run status of an approval whose session is gone (retention), inferred from the approval. */
function inferredRunStatus(approval: ApprovalRecord): RunStatus {
  switch (approval.status) {
    case 'pending':
      return 'pending_approval';
    case 'approved':
      return 'approved';
    case 'executing':
      return 'running';
    case 'executed':
      return approval.outcome?.code === 'succeeded' ? 'succeeded' : 'failed';
    case 'denied':
      return 'approval_denied';
    case 'expired':
      return 'expired';
    case 'revoked':
    case 'cancelled':
      return 'cancelled';
    case 'aborted':
      return 'failed';
  }
}

export function detailView(
  config: GatewayConfig,
  caller: Identity,
  approval: ApprovalRecord,
  votes: readonly VoteRecord[],
  session: SessionRecord | undefined,
  now: Date,
): ApprovalDetailView {
  const generator = config.generators.get(approval.generator);
  const rule = config.rules.find((candidate) => candidate.id === approval.ruleId);
  const relation = relationOf(caller, approval, votes);
  return {
    ...summaryView(caller, approval, votes, now),
    generatorDescription:
      generator?.description ??
      (isStreamTarget(approval.generator)
        ? `An AutoGen Studio run started over a WebSocket on upstream ${upstreamOfTarget(approval.generator)}; the input is its start frame (task and team).`
        : ''),
    personalData: generator?.personalData ?? isStreamTarget(approval.generator),
    input: session?.request?.body ?? null,
    rule: { id: approval.ruleId, description: rule?.description, policyVersion: approval.policyVersion },
    requirement: {
      approvers: approval.requirement.approvers,
      quorum: approval.requirement.quorum,
      description: describeQuorum(approval.requirement),
      pendingTtlSeconds: Math.round(approval.requirement.pendingTtlMs / 1000),
      validForSeconds: Math.round(approval.requirement.validForMs / 1000),
    },
    ageSeconds: Math.max(0, Math.floor((now.getTime() - Date.parse(approval.createdAt)) / 1000)),
    whoMayDecide: approval.requirement.approvers,
    votes: votes.map(voteView),
    bindingHash: approval.bindingHash,
    inputHeld: approval.sealed !== undefined,
    outcome: approval.outcome,
    runStatus: session?.status ?? inferredRunStatus(approval),
    you: { ...callerView(caller, approval, votes, now), isRequester: relation.isRequester },
  };
}

export function eventData(
  approval: ApprovalRecord,
  votes: readonly VoteRecord[],
  change: string,
  actor: string,
  at: string,
): ApprovalEventData {
  return {
    approvalId: approval.id,
    runId: approval.sessionId,
    status: approval.status,
    generator: approval.generator,
    requester: { subject: approval.requesterView.subject, name: approval.requesterView.name },
    progress: progressView(approval, votes),
    expiresAt: approval.expiresAt,
    change,
    actor,
    at,
  };
}
