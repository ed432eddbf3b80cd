/**
 * Deciding: an approver's vote (approve or deny, with a reason), a vote withdrawn, a request
 * cancelled by its requester or an approval revoked. Each is one unit of work on the locked
 * request; who may do what is eligibility.ts's, how many votes suffice quorum.ts's. A refused
 * attempt is recorded too.
 */
import { GateError } from '../errors.js';
import { principalOf, type Identity } from '../identity/types.js';
import { principalView } from '../api/views.js';
import type { ApprovalDetailView, ApprovalVerdict } from '../api/wire.js';
import { decideRefusal, revokePlan, type Refusal } from './eligibility.js';
import { approverGroupsOf, evaluateQuorum } from './quorum.js';
import type { VoteRecord } from './repository.js';
import { normaliseReason } from './text.js';
import { countedApprovals } from './views.js';
import { APPROVAL_ID, newEffects, type ApprovalLedger } from './ledger.js';
import type { ApprovalQueries } from './queries.js';

export class ApprovalDecisions {
  constructor(
    private readonly ledger: ApprovalLedger,
    private readonly queries: ApprovalQueries,
  ) {}

  async decide(caller: Identity, approvalId: string, body: unknown): Promise<ApprovalDetailView> {
    const { decision, reason } = this.parseDecision(body);
    const principal = principalOf(caller);
    const effects = newEffects();
    const result = await this.ledger.write(
      'approval_decide',
      async (tx): Promise<{ kind: 'missing' } | { kind: 'refused'; refusal: Refusal } | { kind: 'ok' }> => {
        const approval = APPROVAL_ID.test(approvalId) ? await tx.approvals.getForUpdate(approvalId) : undefined;
        if (!approval) return { kind: 'missing' };
        const votes = await tx.approvals.votes(approval.id);
        const refusal = decideRefusal(caller, approval, votes, tx.now);
        if (refusal) {
          await this.ledger.refuse(tx, caller, approval, 'decide', refusal, { decision }, effects);
          return { kind: 'refused', refusal };
        }
        const at = tx.now.toISOString();
        const voteSeq = (votes[votes.length - 1]?.seq ?? 0) + 1;
        const masked = await this.ledger.maskText(tx, approval, reason, `approval:/votes/${voteSeq}/reason`);
        const groups = approverGroupsOf(approval.requirement, caller.groups);
        const vote: VoteRecord = {
          approvalId: approval.id,
          seq: voteSeq,
          approver: principal,
          approverView: principalView(caller),
          groups,
          decision,
          reason: masked.text,
          bindingHash: approval.bindingHash,
          at,
          withdrawnAt: undefined,
          withdrawReason: undefined,
        };
        await tx.approvals.addVote(vote);
        await tx.appendAudit({
          type: 'approval.vote_recorded',
          actor: principal,
          sessionId: approval.sessionId,
          data: {
            approvalId: approval.id,
            decision,
            reason: masked.text,
            countsFor: groups,
            bindingHash: approval.bindingHash,
            voteSeq,
            ...masked.seal,
          },
        });
        this.ledger.options.approvalMetrics.decisions.inc({ decision });

        if (decision === 'deny') {
          await this.ledger.close(
            tx,
            approval,
            {
              from: ['pending'],
              status: 'denied',
              code: 'denied',
              reason: masked.text,
              actor: principal,
              runStatus: 'approval_denied',
              error: { code: 'approval_denied', message: `Denied by ${caller.name ?? caller.subject}: ${masked.text}` },
              auditType: 'approval.denied',
              decides: true,
              change: 'denied',
            },
            effects,
          );
          return { kind: 'ok' };
        }

        const progress = evaluateQuorum(approval.requirement, countedApprovals([...votes, vote]));
        if (!progress.satisfied) {
          effects.changes.push({ approvalId: approval.id, change: 'vote', actor: principal, run: false });
          return { kind: 'ok' };
        }
        const validUntil = new Date(tx.now.getTime() + approval.requirement.validForMs).toISOString();
        const moved = await tx.approvals.transition(approval.id, ['pending'], { status: 'approved', at, decidedAt: at, validUntil });
        if (!moved) throw new Error(`approval ${approval.id} changed inside its own unit of work`);
        await this.ledger.updateSession(tx, approval.sessionId, { status: 'approved' });
        await tx.appendAudit({
          type: 'approval.approved',
          actor: principal,
          sessionId: approval.sessionId,
          data: {
            approvalId: approval.id,
            approvedBy: countedApprovals([...votes, vote]).map((counted) => counted.approver),
            quorum: approval.requirement.quorum,
            progress: progress.summary,
            validUntil,
            bindingHash: approval.bindingHash,
          },
        });
        await this.ledger.queueDelivery(tx, approval.id, 'decided', effects);
        effects.changes.push({ approvalId: approval.id, change: 'approved', actor: principal, run: true });
        effects.execute.push(approval.id);
        effects.reschedule = true;
        return { kind: 'ok' };
      },
    );
    await this.ledger.afterCommit(effects);
    if (result.kind === 'missing') throw new GateError('not_found', 404, 'No approval with that id is visible to you.');
    if (result.kind === 'refused') throw new GateError(result.refusal.code, result.refusal.status, result.refusal.message);
    return this.queries.view(caller, approvalId);
  }

  async revoke(caller: Identity, approvalId: string, body: unknown): Promise<ApprovalDetailView> {
    const reason = this.parseReason(typeof body === 'object' && body !== null ? (body as { reason?: unknown }).reason : undefined);
    const principal = principalOf(caller);
    const effects = newEffects();
    const result = await this.ledger.write(
      'approval_revoke',
      async (tx): Promise<{ kind: 'missing' } | { kind: 'refused'; refusal: Refusal } | { kind: 'ok' }> => {
        const approval = APPROVAL_ID.test(approvalId) ? await tx.approvals.getForUpdate(approvalId) : undefined;
        if (!approval) return { kind: 'missing' };
        const votes = await tx.approvals.votes(approval.id);
        const plan = revokePlan(caller, approval, votes, tx.now);
        if ('refusal' in plan) {
          await this.ledger.refuse(tx, caller, approval, 'revoke', plan.refusal, {}, effects);
          return { kind: 'refused', refusal: plan.refusal };
        }
        const masked = await this.ledger.maskText(tx, approval, reason, `approval:/${plan.action}/reason`);
        const who = caller.name ?? caller.subject;
        if (plan.action === 'withdraw') {
          const at = tx.now.toISOString();
          if (!(await tx.approvals.withdrawVote(approval.id, principal, at, masked.text)))
            throw new Error('standing vote vanished inside its unit of work');
          await tx.appendAudit({
            type: 'approval.vote_withdrawn',
            actor: principal,
            sessionId: approval.sessionId,
            data: { approvalId: approval.id, reason: masked.text, ...masked.seal },
          });
          effects.changes.push({ approvalId: approval.id, change: 'vote_withdrawn', actor: principal, run: false });
          return { kind: 'ok' };
        }
        const cancel = plan.action === 'cancel';
        await this.ledger.close(
          tx,
          approval,
          {
            from: cancel ? ['pending', 'approved'] : ['approved'],
            status: cancel ? 'cancelled' : 'revoked',
            code: cancel ? 'cancelled' : 'revoked',
            reason: masked.text,
            actor: principal,
            runStatus: 'cancelled',
            error: cancel
              ? { code: 'approval_cancelled', message: `Withdrawn by the requester: ${masked.text}` }
              : { code: 'approval_revoked', message: `Approval revoked by ${who}: ${masked.text}` },
            auditType: cancel ? 'approval.cancelled' : 'approval.revoked',
            decides: approval.status === 'pending',
            change: cancel ? 'cancelled' : 'revoked',
            auditData: masked.seal,
          },
          effects,
        );
        return { kind: 'ok' };
      },
    );
    await this.ledger.afterCommit(effects);
    if (result.kind === 'missing') throw new GateError('not_found', 404, 'No approval with that id is visible to you.');
    if (result.kind === 'refused') throw new GateError(result.refusal.code, result.refusal.status, result.refusal.message);
    return this.queries.view(caller, approvalId);
  }

  // ---- input parsing -------------------------------------------------------------------------

  private parseReason(value: unknown): string {
    const max = this.ledger.options.config.approvals.maxReasonLength;
    const reason = normaliseReason(value, max);
    if (!reason.ok) {
      throw new GateError(
        'bad_request',
        400,
        reason.problem === 'missing' ? '"reason" is required: say why, in one line.' : `"reason" is longer than ${max} characters.`,
      );
    }
    return reason.reason;
  }

  private parseDecision(body: unknown): { decision: ApprovalVerdict; reason: string } {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new GateError('bad_request', 400, 'The body must be a JSON object: { "decision": "approve" | "deny", "reason": "..." }.');
    const { decision, reason } = body as { decision?: unknown; reason?: unknown };
    if (decision !== 'approve' && decision !== 'deny') throw new GateError('bad_request', 400, '"decision" must be "approve" or "deny".');
    return { decision, reason: this.parseReason(reason) };
  }
}
