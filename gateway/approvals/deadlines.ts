/**
 * Deadlines: requests nobody decided expire, approvals whose run did not start in time lapse.
 * They live in the store and a timer acts on them (deadlineTimer.ts), so they close on time with
 * nobody looking, and after a restart.
 */
import type { ApprovalStatus } from '../api/wire.js';
import { DeadlineTimer } from './deadlineTimer.js';
import { expiryClosing, lapseClosing, newEffects, type ApprovalLedger } from './ledger.js';

export class ApprovalDeadlines {
  readonly timer: DeadlineTimer;

  constructor(private readonly ledger: ApprovalLedger) {
    this.timer = new DeadlineTimer('approval-deadlines', { run: () => this.sweep() }, ledger.clock, ledger.options.logger);
  }

  /** Expires pending requests past their deadline and approvals past their validity; returns the next deadline. */
  async sweep(): Promise<string | undefined> {
    const { store } = this.ledger.options;
    const batch = 100;
    const due = await store.approvals.due(this.ledger.clock().toISOString(), batch);
    for (const item of due) {
      try {
        await this.closeDue(item.id, item.status);
      } catch (error) {
        this.ledger.options.logger.error({ err: error, approvalId: item.id }, 'could not expire an approval request; will retry');
      }
    }
    if (due.length >= batch) return this.ledger.clock().toISOString();
    return store.approvals.nextDeadline();
  }

  async closeDue(approvalId: string, status: ApprovalStatus): Promise<void> {
    const effects = newEffects();
    await this.ledger.write('approval_expire', async (tx) => {
      const approval = await tx.approvals.getForUpdate(approvalId);
      if (!approval || approval.status !== status) return;
      if (status === 'pending' && tx.now.getTime() >= Date.parse(approval.expiresAt))
        await this.ledger.close(tx, approval, expiryClosing(approval), effects);
      else if (status === 'approved' && approval.validUntil !== undefined && tx.now.getTime() >= Date.parse(approval.validUntil))
        await this.ledger.close(tx, approval, lapseClosing(approval), effects);
    });
    await this.ledger.afterCommit(effects);
  }
}
