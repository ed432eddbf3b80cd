/**
 * Tells the privacy office about personal-data generators nobody answers for: orphaned (the
 * directory says the owner left) or not attested in time. A notification is queued in the same
 * unit of work as its audit entry and sent by the shared webhook dispatcher; it repeats every
 * `notify.every` while the condition lasts, and one `generator.restored` follows once someone
 * took ownership or attested. It wakes on directory and ownership changes, and at the next
 * attestation deadline.
 */
import { randomUUID } from 'node:crypto';
import type { GovernanceWebhookPayload } from '../api/wire.js';
import { escapeForMessage } from '../approvals/text.js';
import type { DeadlineJob } from '../approvals/deadlineTimer.js';
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/types.js';
import type { WebhookOutbox } from '../webhooks/dispatcher.js';
import type { GeneratorAssessment } from './assessment.js';
import type { ViolationKind } from './config.js';
import type { GovernanceService } from './service.js';

/** What makes a generator one the privacy office must hear about. */
const NOTIFIED: readonly ViolationKind[] = ['owner_inactive', 'attestation_lapsed'];
export const RESOLVED_STATE = 'resolved';

/** The governance outbox as the dispatcher sees it: bodies are built when queued (the state at that moment). */
export const governanceOutbox: WebhookOutbox = {
  auditPrefix: 'governance',
  subjectKey: 'generator',
  due: async (store, now, limit) =>
    (await store.governance.dueNotifications(now, limit)).map((notification) => ({ ...notification, subject: notification.generator })),
  nextAt: (store) => store.governance.nextNotificationAt(),
  update: (tx, id, update) => tx.governance.updateNotification(id, update),
  render: (delivery) => Promise.resolve(delivery.payload === '' ? undefined : delivery.payload),
};

export function notificationPayload(
  type: GovernanceWebhookPayload['type'],
  deliveryId: string,
  occurredAt: string,
  gatewayUrl: string,
  description: string,
  purpose: string | undefined,
  assessment: GeneratorAssessment,
): GovernanceWebhookPayload {
  const violations = assessment.violations.filter((violation) => NOTIFIED.includes(violation.kind));
  const name = escapeForMessage(assessment.generator);
  const owner = assessment.owner;
  const text =
    type === 'generator.restored'
      ? `Generator ${name} is back in order: owned by ${escapeForMessage(owner?.person ?? '?')}, attested ${escapeForMessage(assessment.attestation.attestedAt ?? '?')}.`
      : `Generator ${name} processes personal data and nobody answers for it: ${violations.map((violation) => escapeForMessage(violation.message)).join('; ')}.`;
  return {
    type,
    deliveryId,
    occurredAt,
    gateway: gatewayUrl,
    generator: {
      name,
      description: escapeForMessage(description),
      purpose: purpose === undefined ? undefined : escapeForMessage(purpose),
      owner: owner === undefined ? undefined : escapeForMessage(owner.person),
      ownerGroup: owner?.group === undefined ? undefined : escapeForMessage(owner.group),
      ownerStatus: owner?.status,
      attestation: assessment.attestation.status,
      violations: violations.map((violation) => ({
        kind: violation.kind,
        action: violation.action,
        message: escapeForMessage(violation.message),
      })),
      url: `${gatewayUrl}/api/v1/generators/${encodeURIComponent(assessment.generator)}/governance`,
    },
    text,
  };
}

export interface GovernanceNotifierOptions {
  readonly service: GovernanceService;
  readonly store: Store;
  readonly everyMs: number;
  readonly gatewayUrl: () => string;
  readonly logger: Logger;
  /** A notification was queued: wake the dispatcher. */
  readonly onQueued: () => void;
}

/** A DeadlineJob: checks every personal-data generator, queues what is due, says when to look again. */
export class GovernanceNotifier implements DeadlineJob {
  constructor(private readonly options: GovernanceNotifierOptions) {}

  async run(): Promise<string | undefined> {
    const { service, store } = this.options;
    let next: number | undefined;
    const later = (at: number): void => {
      next = next === undefined ? at : Math.min(next, at);
    };
    let queued = false;
    for (const generator of service.config.generators.values()) {
      if (!generator.personalData || !generator.registration.owner) continue;
      const assessment = await service.assessGenerator(generator.name);
      const conditions = assessment.violations.filter((violation) => NOTIFIED.includes(violation.kind)).map((violation) => violation.kind);
      const state = [...new Set(conditions)].sort().join(',');
      const record = await store.governance.record(generator.name);
      const now = store.clock().getTime();
      if (assessment.attestation.status === 'current' && assessment.attestation.dueAt) later(Date.parse(assessment.attestation.dueAt));
      let type: GovernanceWebhookPayload['type'] | undefined;
      if (state !== '') {
        const lastAt = record?.notifiedAt === undefined ? undefined : Date.parse(record.notifiedAt);
        if (record?.notifiedState !== state || lastAt === undefined || now - lastAt >= this.options.everyMs) type = 'generator.suspended';
        else later(lastAt + this.options.everyMs);
      } else if (record?.notifiedState !== undefined && record.notifiedState !== RESOLVED_STATE) {
        type = 'generator.restored';
      }
      if (!type) continue;
      const event = type;
      await store.transact(async (tx) => {
        const id = randomUUID();
        const at = tx.now.toISOString();
        const payload = notificationPayload(
          event,
          id,
          at,
          this.options.gatewayUrl(),
          generator.description,
          generator.registration.purpose,
          assessment,
        );
        await tx.governance.enqueueNotification({
          id,
          generator: generator.name,
          event,
          payload: JSON.stringify(payload),
          createdAt: at,
          nextAttemptAt: at,
        });
        await tx.governance.setNotified(generator.name, at, state === '' ? RESOLVED_STATE : state);
        await tx.appendAudit({
          type: 'governance.notified',
          actor: 'gateway',
          data: { generator: generator.name, event, conditions: state === '' ? [] : state.split(','), deliveryId: id },
        });
      });
      queued = true;
      if (state !== '') later(now + this.options.everyMs);
    }
    if (queued) this.options.onQueued();
    return next === undefined ? undefined : new Date(next).toISOString();
  }
}
