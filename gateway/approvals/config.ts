/** Normalised `approvals` section of the policy file. */
import { parseDuration } from '../config/duration.js';
import { normalizeWebhookTarget, type RawWebhookTarget, type WebhookTargetConfig } from '../webhooks/config.js';
import type { WebhookEvent } from './configSchema.js';

export interface ApprovalInputKeyConfig {
  readonly id: string;
  /** Secret reference, or undefined for a key generated under dataDir/keys/. */
  readonly secret: string | undefined;
}

export interface ApprovalWebhookConfig extends WebhookTargetConfig {
  readonly events: readonly WebhookEvent[];
}

export interface ApprovalsConfig {
  /** The first key is current. */
  readonly inputKeys: readonly ApprovalInputKeyConfig[];
  readonly maxWaitMs: number;
  readonly maxReasonLength: number;
  readonly maxConcurrentExecutions: number;
  readonly eventHeartbeatMs: number;
  readonly webhook: ApprovalWebhookConfig | undefined;
}

export interface RawApprovalsSection {
  readonly inputKeys?: readonly { readonly id: string; readonly secret?: string }[];
  readonly maxWait?: string;
  readonly maxReasonLength?: number;
  readonly maxConcurrentExecutions?: number;
  readonly eventHeartbeat?: string;
  readonly webhook?: RawWebhookTarget & { readonly events?: readonly WebhookEvent[] };
}

function ms(text: string | undefined, fallback: number): number {
  return text === undefined ? fallback : (parseDuration(text) ?? fallback);
}

/** Builds the typed section from the validated raw one (schema defaults already applied). */
export function normalizeApprovals(raw: RawApprovalsSection | undefined): ApprovalsConfig {
  const section = raw ?? {};
  const webhook = section.webhook;
  return {
    inputKeys: (section.inputKeys ?? [{ id: 'a1' }]).map((key) => ({ id: key.id, secret: key.secret })),
    maxWaitMs: ms(section.maxWait, 60_000),
    maxReasonLength: section.maxReasonLength ?? 500,
    maxConcurrentExecutions: section.maxConcurrentExecutions ?? 4,
    eventHeartbeatMs: ms(section.eventHeartbeat, 15_000),
    webhook: webhook === undefined ? undefined : { ...normalizeWebhookTarget(webhook), events: webhook.events ?? ['requested'] },
  };
}

/** Problems the schema cannot see: duplicate key ids. */
export function approvalsIssues(config: ApprovalsConfig): Array<{ readonly path: Array<string | number>; readonly message: string }> {
  const issues: Array<{ path: Array<string | number>; message: string }> = [];
  const seen = new Set<string>();
  config.inputKeys.forEach((key, index) => {
    if (seen.has(key.id))
      issues.push({
        path: ['inputKeys', index, 'id'],
        message: `input key id "${key.id}" is used twice; ids name the key that encrypted each held input`,
      });
    seen.add(key.id);
  });
  return issues;
}
