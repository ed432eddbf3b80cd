/**
 * The optional outgoing webhook. Deliveries sit in an outbox table written in the same
 * transaction as the change they announce, so none is lost to a crash and none is sent for a
 * change that rolled back; a background dispatcher sends them with retries and exponential
 * backoff, and audits the outcome. Nothing here runs on a request's path.
 *
 * Signature (verify it before trusting a delivery, and refuse old timestamps against replay):
 *   X-AutoGen-Gate-Timestamp: <unix seconds>
 *   X-AutoGen-Gate-Signature: sha256=<hex HMAC-SHA256(secret, `${timestamp}.${raw body}`)>
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/types.js';
import type { ApprovalWebhookPayload } from '../api/wire.js';
import type { ApprovalWebhookConfig } from './config.js';
import type { DeadlineJob } from './deadlineTimer.js';
import type { ApprovalRecord, DeliveryRecord } from './repository.js';
import { escapeForMessage, escapeJsonStrings } from './text.js';

export const SIGNATURE_HEADER = 'X-AutoGen-Gate-Signature';
export const TIMESTAMP_HEADER = 'X-AutoGen-Gate-Timestamp';
export const EVENT_HEADER = 'X-AutoGen-Gate-Event';
export const DELIVERY_HEADER = 'X-AutoGen-Gate-Delivery';

/** Longest backoff between attempts. */
const MAX_BACKOFF_MS = 3_600_000;

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** Receiver-side check: signature in constant time, timestamp within `toleranceSeconds` of `now`. */
export function verifyWebhook(
  secret: string,
  timestamp: string | undefined,
  body: string,
  signature: string | undefined,
  options: { readonly toleranceSeconds?: number; readonly now?: Date } = {},
): boolean {
  if (timestamp === undefined || signature === undefined || !/^[0-9]{1,12}$/.test(timestamp)) return false;
  const age = Math.abs((options.now ?? new Date()).getTime() / 1000 - Number(timestamp));
  if (age > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Backoff before attempt `attempt + 1`: base × 2^(attempt−1), ±20 % jitter, capped. */
export function backoffMs(baseMs: number, attempt: number): number {
  const raw = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + randomInt(0, 401) / 1000));
}

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

export interface WebhookDispatcherOptions {
  readonly config: ApprovalWebhookConfig;
  /** The resolved HMAC secret. */
  readonly secret: string;
  /** The gateway's public URL (a function: with port 0 it is known only once bound). */
  readonly gatewayUrl: () => string;
  readonly store: Store;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** Reads what a delivery shows (approval and masked input) at send time. */
  readonly content: (approvalId: string) => Promise<WebhookContent | undefined>;
  /** Counts outcomes (metrics). */
  readonly onResult?: (result: 'delivered' | 'retry' | 'failed') => void;
}

/** Sends due deliveries; a DeadlineJob, so it wakes at the next attempt's time. */
export class WebhookDispatcher implements DeadlineJob {
  private readonly stopping = new AbortController();

  constructor(private readonly options: WebhookDispatcherOptions) {}

  async run(): Promise<string | undefined> {
    const { store, clock } = this.options;
    const due = await store.approvals.dueDeliveries(clock().toISOString(), 20);
    for (const delivery of due) {
      if (this.stopping.signal.aborted) break;
      await this.attempt(delivery);
    }
    return this.options.store.approvals.nextDeliveryAt();
  }

  stop(): void {
    this.stopping.abort();
  }

  private async attempt(delivery: DeliveryRecord): Promise<void> {
    const { config, secret, logger, store, clock } = this.options;
    const attempt = delivery.attempts + 1;
    let body = delivery.payload;
    let error: string | undefined;
    let status: number | undefined;
    try {
      const content = await this.options.content(delivery.approvalId);
      if (!content) throw new Error('the approval no longer exists');
      body = JSON.stringify(
        webhookPayload(
          delivery.event === 'approval.decided' ? 'approval.decided' : 'approval.requested',
          delivery.id,
          delivery.createdAt,
          this.options.gatewayUrl(),
          content,
        ),
      );
      const timestamp = String(Math.floor(Date.now() / 1000));
      const response = await fetch(config.url, {
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
        signal: AbortSignal.any([AbortSignal.timeout(config.timeoutMs), this.stopping.signal]),
      });
      status = response.status;
      await response.body?.cancel().catch(() => undefined);
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (caught) {
      error = caught instanceof Error ? `${caught.name}: ${caught.message}`.slice(0, 300) : String(caught).slice(0, 300);
    }
    if (this.stopping.signal.aborted && error !== undefined) return; // shutting down: the delivery stays due for the next start

    const now = clock();
    const giveUp = error !== undefined && attempt >= config.maxAttempts;
    const next = error === undefined || giveUp ? now : new Date(now.getTime() + backoffMs(config.retryDelayMs, attempt));
    const outcome: DeliveryRecord['status'] = error === undefined ? 'delivered' : giveUp ? 'failed' : 'pending';
    if (error !== undefined)
      logger.warn({ deliveryId: delivery.id, approvalId: delivery.approvalId, attempt, error, giveUp }, 'approval webhook delivery failed');
    this.options.onResult?.(outcome === 'delivered' ? 'delivered' : outcome === 'failed' ? 'failed' : 'retry');
    await store.transact(async (tx) => {
      await tx.approvals.updateDelivery(delivery.id, {
        status: outcome,
        attempts: attempt,
        nextAttemptAt: next.toISOString(),
        lastError: error,
        payload: body,
        at: tx.now.toISOString(),
      });
      const data = {
        deliveryId: delivery.id,
        approvalId: delivery.approvalId,
        event: delivery.event,
        attempt,
        httpStatus: status ?? null,
        bytes: Buffer.byteLength(body),
      };
      if (outcome === 'delivered') await tx.appendAudit({ type: 'approval.webhook_delivered', actor: 'gateway', data });
      else
        await tx.appendAudit({
          type: giveUp ? 'approval.webhook_failed' : 'approval.webhook_attempt_failed',
          actor: 'gateway',
          data: { ...data, error, nextAttemptAt: giveUp ? null : next.toISOString() },
        });
    });
  }
}
