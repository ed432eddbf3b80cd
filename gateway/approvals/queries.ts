/**
 * Reading approvals: one request as its caller may see it, a page of them, and waiting for a
 * run to settle (the runs API's `Prefer: wait`, `autogen-gate wait`).
 */
import { GateError } from '../errors.js';
import { principalOf, type Identity } from '../identity/types.js';
import { isAuditor } from '../api/access.js';
import { StoreError, type SessionRecord } from '../store/types.js';
import { FINAL_RUN_STATUSES, type ApprovalDetailView, type ApprovalPageView, type RunStatus } from '../api/wire.js';
import { maySee } from './eligibility.js';
import type { ApprovalStatusFilter } from './repository.js';
import { detailView, summaryView } from './views.js';
import { APPROVAL_ID, type ApprovalLedger } from './ledger.js';

function isFinalRun(status: RunStatus): boolean {
  return FINAL_RUN_STATUSES.includes(status);
}

export class ApprovalQueries {
  constructor(private readonly ledger: ApprovalLedger) {}

  async view(caller: Identity, approvalId: string): Promise<ApprovalDetailView> {
    const { store, config } = this.ledger.options;
    const approval = APPROVAL_ID.test(approvalId) ? await store.approvals.get(approvalId) : undefined;
    // Someone else's approval is reported as missing, like someone else's run.
    if (!approval || !maySee(caller, approval, isAuditor(config.access, caller)))
      throw new GateError('not_found', 404, 'No approval with that id is visible to you.');
    const votes = await store.approvals.votes(approval.id);
    const session = await store.getSession(approval.sessionId);
    return detailView(config, caller, approval, votes, session, this.ledger.clock());
  }

  async list(
    caller: Identity,
    query: {
      readonly status: ApprovalStatusFilter;
      readonly scope: 'mine' | 'all';
      readonly role: 'approver' | 'requester' | 'any';
      readonly limit: number;
      readonly cursor: string | undefined;
    },
  ): Promise<ApprovalPageView> {
    const { store, config } = this.ledger.options;
    const auditor = isAuditor(config.access, caller);
    if (query.scope === 'all' && !auditor) throw new GateError('forbidden', 403, 'Only auditors may list every approval (scope=all).');
    let page;
    try {
      page = await store.approvals.list({
        everything: query.scope === 'all',
        principal: principalOf(caller),
        groups: caller.groups,
        status: query.status,
        role: query.role,
        limit: query.limit,
        cursor: query.cursor,
      });
    } catch (error) {
      if (error instanceof StoreError && error.message === 'invalid cursor')
        throw new GateError('bad_request', 400, 'Query parameter cursor is not valid.');
      throw error;
    }
    const votes = await store.approvals.votesFor(page.approvals.map((approval) => approval.id));
    const now = this.ledger.clock();
    return {
      approvals: page.approvals.map((approval) =>
        summaryView(
          caller,
          approval,
          votes.filter((vote) => vote.approvalId === approval.id),
          now,
        ),
      ),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * Waits until run `runId` reaches a final status (or, with `from`, until its status is no longer
   * `from`), or `timeoutMs` passes, or `signal` aborts; resolves with the session as it then is.
   */
  async waitForRun(
    runId: string,
    timeoutMs: number,
    options: { readonly signal?: AbortSignal; readonly from?: RunStatus } = {},
  ): Promise<SessionRecord | undefined> {
    const { store, bus } = this.ledger.options;
    const settled = (status: RunStatus): boolean => isFinalRun(status) || (options.from !== undefined && status !== options.from);
    const done = new AbortController();
    // Subscribe before reading, so a change between the read and the subscription is not missed.
    const waiting = bus.waitFor(
      (event) => event.type === 'run.updated' && event.data.runId === runId && settled(event.data.status),
      timeoutMs,
      options.signal ? AbortSignal.any([options.signal, done.signal]) : done.signal,
    );
    const session = await store.getSession(runId);
    if (!session || settled(session.status) || timeoutMs <= 0) {
      done.abort();
      await waiting;
      return session;
    }
    await waiting;
    return store.getSession(runId);
  }
}
