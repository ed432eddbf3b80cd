/** Prometheus metrics of the approvals module, registered on the gateway's registry. */
import { Counter, Gauge, type Registry } from 'prom-client';

export interface ApprovalMetrics {
  /** Requests held, by rule. */
  readonly requested: Counter<'rule'>;
  /** Decisions recorded (approve/deny) and refused attempts, by code. */
  readonly decisions: Counter<'decision'>;
  readonly refusals: Counter<'code'>;
  /** How approvals ended: executed, denied, expired, lapsed, revoked, cancelled, aborted codes. */
  readonly outcomes: Counter<'outcome'>;
  readonly webhookDeliveries: Counter<'result'>;
  /** Open live event streams. */
  readonly streams: Gauge;
}

export function createApprovalMetrics(registry: Registry): ApprovalMetrics {
  return {
    requested: new Counter({
      name: 'autogen_gate_approvals_requested_total',
      help: 'Runs held for approval, by rule.',
      labelNames: ['rule'],
      registers: [registry],
    }),
    decisions: new Counter({
      name: 'autogen_gate_approval_decisions_total',
      help: 'Approver decisions recorded, by decision.',
      labelNames: ['decision'],
      registers: [registry],
    }),
    refusals: new Counter({
      name: 'autogen_gate_approval_refusals_total',
      help: 'Decide/revoke attempts refused, by code (own_request, not_an_approver, approval_expired…).',
      labelNames: ['code'],
      registers: [registry],
    }),
    outcomes: new Counter({
      name: 'autogen_gate_approval_outcomes_total',
      help: 'Approval requests closed, by outcome.',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: 'autogen_gate_approval_webhook_deliveries_total',
      help: 'Webhook delivery attempts, by result (delivered, retry, failed).',
      labelNames: ['result'],
      registers: [registry],
    }),
    streams: new Gauge({
      name: 'autogen_gate_event_streams',
      help: 'Open live event streams (GET /api/v1/events).',
      registers: [registry],
    }),
  };
}
