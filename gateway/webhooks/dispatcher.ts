/**
 * Sends signed webhook deliveries from a transactional outbox: each delivery was written in the
 * same unit of work as the change it announces, so none is lost to a crash and none is sent for
 * a change that rolled back. The dispatcher sends due ones with retries and exponential backoff,
 * and audits every outcome; nothing here runs on a request's path. An outbox (approvals,
 * governance notifications) says where its deliveries are and how a body is rendered.
 */
import { resolveSecret } from '../config/secrets.js';
import type { Logger } from '../observability/logger.js';
import type { Store, StoreTx } from '../store/types.js';
import type { DeadlineJob } from '../approvals/deadlineTimer.js';
import type { WebhookTargetConfig } from './config.js';
import {
  backoffMs,
  DELIVERY_HEADER,
  EVENT_HEADER,
  MIN_WEBHOOK_SECRET_CHARS,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
} from './signing.js';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One queued delivery, whatever its outbox. */
export interface OutboxDelivery {
  readonly id: string;
  readonly event: string;
  /** What the delivery is about (an approval id, a generator name): for the audit entry. */
  readonly subject: string;
  /** The JSON body last sent (built at send time from the current state; empty before the first attempt). */
  readonly payload: string;
  readonly createdAt: string;
  readonly attempts: number;
}

export interface DeliveryUpdate {
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastError: string | undefined;
  readonly payload: string;
  readonly at: string;
}

export interface WebhookOutbox {
  /** Audit entry types are `<auditPrefix>.webhook_delivered` and so on. */
  readonly auditPrefix: string;
  /** The data key that names the subject in audit entries (`approvalId`, `generator`). */
  readonly subjectKey: string;
  due(store: Store, now: string, limit: number): Promise<OutboxDelivery[]>;
  nextAt(store: Store): Promise<string | undefined>;
  update(tx: StoreTx, id: string, update: DeliveryUpdate): Promise<void>;
  /** The body to send now; undefined when what it announces no longer exists. */
  render(delivery: OutboxDelivery, gatewayUrl: string): Promise<string | undefined>;
}

export class WebhookSetupError extends Error {
  override readonly name = 'WebhookSetupError';
  readonly code = 'webhook_setup';
}

/** Resolves and checks a webhook's HMAC secret; warns when deliveries would travel unencrypted. */
export function webhookSecret(target: WebhookTargetConfig, baseDir: string, logger: Logger, what: string): string {
  const secret = resolveSecret(target.secret, baseDir);
  if (secret.length < MIN_WEBHOOK_SECRET_CHARS)
    throw new WebhookSetupError(
      `the ${what} webhook secret in ${target.secret} has ${secret.length} characters; at least ${MIN_WEBHOOK_SECRET_CHARS} are required`,
    );
  const url = new URL(target.url);
  if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    logger.warn({ url: url.origin }, `the ${what} webhook is plain http outside loopback: deliveries travel unencrypted`);
  }
  return secret;
}

export interface WebhookDispatcherOptions {
  readonly target: WebhookTargetConfig;
  /** The resolved HMAC secret. */
  readonly secret: string;
  readonly outbox: WebhookOutbox;
  /** The gateway's public URL (a function: with port 0 it is known only once bound). */
  readonly gatewayUrl: () => string;
  readonly store: Store;
  readonly logger: Logger;
  /** Counts outcomes (metrics). */
  readonly onResult?: (result: 'delivered' | 'retry' | 'failed') => void;
}

/** Sends due deliveries; a DeadlineJob, so it wakes at the next attempt's time. */
export class WebhookDispatcher implements DeadlineJob {
  private readonly stopping = new AbortController();

  constructor(private readonly options: WebhookDispatcherOptions) {}

  async run(): Promise<string | undefined> {
    const { store, outbox } = this.options;
    const due = await outbox.due(store, store.clock().toISOString(), 20);
    for (const delivery of due) {
      if (this.stopping.signal.aborted) break;
      await this.attempt(delivery);
    }
    return outbox.nextAt(store);
  }

  stop(): void {
    this.stopping.abort();
  }

  private async attempt(delivery: OutboxDelivery): Promise<void> {
    const { target, secret, logger, store, outbox } = this.options;
    const attempt = delivery.attempts + 1;
    let body = delivery.payload;
    let error: string | undefined;
    let status: number | undefined;
    try {
      const rendered = await outbox.render(delivery, this.options.gatewayUrl());
      if (rendered === undefined) throw new Error(`the ${outbox.subjectKey} ${delivery.subject} no longer exists`);
      body = rendered;
      const timestamp = String(Math.floor(Date.now() / 1000));
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'autogen-gate-webhook/1',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
          [EVENT_HEADER]: delivery.event,
          [DELIVERY_HEADER]: delivery.id,
        },
        body,
        // A redirect could carry the signed content somewhere else: treat it as a failure.
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(target.timeoutMs), this.stopping.signal]),
      });
      status = response.status;
      await response.body?.cancel().catch(() => undefined);
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (caught) {
      error = caught instanceof Error ? `${caught.name}: ${caught.message}`.slice(0, 300) : String(caught).slice(0, 300);
    }
    if (this.stopping.signal.aborted && error !== undefined) return; // shutting down: the delivery stays due for the next start

    const now = store.clock();
    const giveUp = error !== undefined && attempt >= target.maxAttempts;
    const next = error === undefined || giveUp ? now : new Date(now.getTime() + backoffMs(target.retryDelayMs, attempt));
    const outcome: DeliveryStatus = error === undefined ? 'delivered' : giveUp ? 'failed' : 'pending';
    if (error !== undefined)
      logger.warn(
        { deliveryId: delivery.id, [outbox.subjectKey]: delivery.subject, attempt, error, giveUp },
        `${outbox.auditPrefix} webhook delivery failed`,
      );
    this.options.onResult?.(outcome === 'delivered' ? 'delivered' : outcome === 'failed' ? 'failed' : 'retry');
    await store.transact(async (tx) => {
      await outbox.update(tx, delivery.id, {
        status: outcome,
        attempts: attempt,
        nextAttemptAt: next.toISOString(),
        lastError: error,
        payload: body,
        at: tx.now.toISOString(),
      });
      const data = {
        deliveryId: delivery.id,
        [outbox.subjectKey]: delivery.subject,
        event: delivery.event,
        attempt,
        httpStatus: status ?? null,
        bytes: Buffer.byteLength(body),
      };
      if (outcome === 'delivered') await tx.appendAudit({ type: `${outbox.auditPrefix}.webhook_delivered`, actor: 'gateway', data });
      else
        await tx.appendAudit({
          type: `${outbox.auditPrefix}.${giveUp ? 'webhook_failed' : 'webhook_attempt_failed'}`,
          actor: 'gateway',
          data: { ...data, error, nextAttemptAt: giveUp ? null : next.toISOString() },
        });
    });
  }
}
