/**
 * The optional approvals webhook: deliveries announce approval requests (and decisions) from
 * the approvals outbox, written in the same transaction as the change they announce, and sent by
 * the shared dispatcher (webhooks/dispatcher.ts), signed as webhooks/signing.ts describes.
 */
import type { ApprovalWebhookPayload } from '../api/wire.js';
import type { OutboxDelivery, WebhookOutbox } from '../webhooks/dispatcher.js';
import type { ApprovalRecord } from './repository.js';
import { escapeForMessage, escapeJsonStrings } from './text.js';

export interface WebhookContent {
  readonly approval: ApprovalRecord;
  /** The masked run input as recorded (null when only metadata is recorded). */
  readonly input: unknown;
}

/** Builds a delivery body; every string that came from a person or a request is escaped. */
export function webhookPayload(
  event: 'approval.requested' | 'approval.decided',
  deliveryId: string,
  occurredAt: string,
  gatewayUrl: string,
  content: WebhookContent,
): ApprovalWebhookPayload {
  const { approval } = content;
  const requesterName = approval.requesterView.name ?? approval.requesterView.subject;
  const escaped = {
    requester: escapeForMessage(requesterName),
    generator: escapeForMessage(approval.generator),
    rule: escapeForMessage(approval.ruleId),
    approvers: approval.requirement.approvers.map(escapeForMessage),
  };
  const outcome = approval.outcome;
  const text =
    event === 'approval.requested'
      ? `${escaped.requester} asks to run ${escaped.generator} (rule ${escaped.rule}). Approvers: ${escaped.approvers.join(', ')}. Expires ${approval.expiresAt}.`
      : `The request of ${escaped.requester} to run ${escaped.generator} is ${approval.status}${outcome?.reason ? `: ${escapeForMessage(outcome.reason)}` : ''}.`;
  return {
    type: event,
    deliveryId,
    occurredAt,
    gateway: gatewayUrl,
    approval: {
      id: approval.id,
      runId: approval.sessionId,
      status: approval.status,
      generator: escaped.generator,
      requester: {
        subject: escapeForMessage(approval.requesterView.subject),
        name: approval.requesterView.name === undefined ? undefined : escaped.requester,
      },
      ruleId: escaped.rule,
      approvers: escaped.approvers,
      quorum: approval.requirement.quorum,
      expiresAt: approval.expiresAt,
      bindingHash: approval.bindingHash,
      input: escapeJsonStrings(content.input),
      url: `${gatewayUrl}/api/v1/approvals/${approval.id}`,
      ...(event === 'approval.decided' && outcome
        ? {
            outcome: {
              code: outcome.code,
              reason: outcome.reason === undefined ? undefined : escapeForMessage(outcome.reason),
              actor: outcome.actor === undefined ? undefined : escapeForMessage(outcome.actor),
            },
          }
        : {}),
    },
    text,
  };
}

/** The approvals outbox as the dispatcher sees it; `content` reads what a delivery shows at send time. */
export function approvalsOutbox(content: (approvalId: string) => Promise<WebhookContent | undefined>): WebhookOutbox {
  return {
    auditPrefix: 'approval',
    subjectKey: 'approvalId',
    due: async (store, now, limit) =>
      (await store.approvals.dueDeliveries(now, limit)).map((delivery): OutboxDelivery => ({ ...delivery, subject: delivery.approvalId })),
    nextAt: (store) => store.approvals.nextDeliveryAt(),
    update: (tx, id, update) => tx.approvals.updateDelivery(id, update),
    render: async (delivery, gatewayUrl) => {
      const found = await content(delivery.subject);
      if (!found) return undefined;
      const event = delivery.event === 'approval.decided' ? 'approval.decided' : 'approval.requested';
      return JSON.stringify(webhookPayload(event, delivery.id, delivery.createdAt, gatewayUrl, found));
    },
  };
}
