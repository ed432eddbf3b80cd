/**
 * Just-in-time approvals, assembled from their parts: holds (the request path's hold step, for
 * runs and stream starts), decisions, execution, deadlines and queries, all writing through one
 * ledger (ledger.ts); the routes `/api/v1/approvals` and `/api/v1/events`; and the background work
 * (deadline timer, execution queue, webhook dispatcher) until the gateway stops.
 */
import { join } from 'node:path';
import { resolveSecret } from '../config/secrets.js';
import type { GatewayConfig } from '../config/types.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { PolicyEngine } from '../policy/engine.js';
import type { SessionRecorder } from '../recording/sessionRecorder.js';
import type { MaskingProfiles } from '../runs/maskingProfiles.js';
import type { Store } from '../store/types.js';
import type { ApprovedRun } from '../pipeline/entries/generatorRun.js';
import type { RunView } from '../api/wire.js';
import type express from 'express';
import { approvalsRouter } from '../api/routes/approvals.js';
import { eventsRouter } from '../api/routes/events.js';
import { DeadlineTimer } from './deadlineTimer.js';
import { InProcessEventBus } from './eventBus.js';
import { InputCipher } from './inputCipher.js';
import { createApprovalMetrics } from './metrics.js';
import { ApprovalDeadlines } from './deadlines.js';
import { ApprovalDecisions } from './decisions.js';
import { ApprovalExecution } from './execution.js';
import { ApprovalHolds } from './holds.js';
import { ApprovalLedger } from './ledger.js';
import { ApprovalQueries } from './queries.js';
import { WebhookDispatcher } from './webhook.js';

/** HMAC keys shorter than this are guessable; webhook receivers deserve better. */
const MIN_WEBHOOK_SECRET_CHARS = 16;

export class ApprovalsSetupError extends Error {
  override readonly name = 'ApprovalsSetupError';
  readonly code = 'approvals_setup';
}

export interface ApprovalsDeps {
  readonly config: GatewayConfig;
  readonly store: Store;
  readonly policy: PolicyEngine;
  readonly masking: MaskingProfiles;
  readonly recorder: SessionRecorder;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  /** Executes an approved run (bound late: the run entry needs this service to hold). */
  readonly executeRun: (run: ApprovedRun) => Promise<RunView>;
  /** The gateway's public URL once it listens (links in webhook deliveries). */
  readonly publicUrl: () => string;
  /** Aborted when shutdown begins: live event streams and waits end then. */
  readonly shutdown: AbortSignal;
}

export interface Approvals {
  /** The request path's hold step. */
  readonly holds: ApprovalHolds;
  readonly queries: ApprovalQueries;
  /** Mounts `/approvals` and `/events` on the authenticated API router. */
  readonly mount: (router: express.Router) => void;
  /** Re-queues approved runs and settles what a stop interrupted; then the timers run. */
  readonly start: () => Promise<void>;
  readonly stop: () => Promise<void>;
}

export function createApprovals(deps: ApprovalsDeps): Approvals {
  const { config, store } = deps;
  const logger = deps.logger.child({ module: 'approvals' });
  const { cipher, generated } = InputCipher.fromConfig(config.approvals.inputKeys, join(config.dataDir, 'keys'), config.baseDir);
  if (generated.length > 0) {
    logger.warn(
      { keys: generated, dir: join(config.dataDir, 'keys') },
      'generated the key that encrypts held run input; back it up with the store (approved runs held under it cannot execute without it)',
    );
  }
  const bus = new InProcessEventBus();
  const approvalMetrics = createApprovalMetrics(deps.metrics.registry);
  const ledger = new ApprovalLedger({
    config,
    store,
    executeRun: deps.executeRun,
    policy: deps.policy,
    masking: deps.masking,
    recorder: deps.recorder,
    cipher,
    bus,
    logger,
    metrics: deps.metrics,
    approvalMetrics,
  });
  const holds = new ApprovalHolds(ledger);
  const queries = new ApprovalQueries(ledger);
  const decisions = new ApprovalDecisions(ledger, queries);
  const deadlines = new ApprovalDeadlines(ledger);
  const execution = new ApprovalExecution(ledger, holds, deadlines);
  ledger.connect({
    settled: (approval) => holds.settleStream(approval),
    execute: (approvalId) => execution.enqueue(approvalId),
    reschedule: () => deadlines.timer.poke(),
  });

  let dispatcher: WebhookDispatcher | undefined;
  let deliveries: DeadlineTimer | undefined;
  const webhook = config.approvals.webhook;
  if (webhook) {
    const secret = resolveSecret(webhook.secret, config.baseDir);
    if (secret.length < MIN_WEBHOOK_SECRET_CHARS)
      throw new ApprovalsSetupError(
        `the webhook secret in ${webhook.secret} has ${secret.length} characters; at least ${MIN_WEBHOOK_SECRET_CHARS} are required`,
      );
    const url = new URL(webhook.url);
    if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      logger.warn(
        { url: url.origin },
        'the approval webhook is plain http outside loopback: deliveries (masked request details) travel unencrypted',
      );
    }
    dispatcher = new WebhookDispatcher({
      config: webhook,
      secret,
      gatewayUrl: deps.publicUrl,
      store,
      logger,
      clock: store.clock,
      content: async (approvalId) => {
        const approval = await store.approvals.get(approvalId);
        if (!approval) return undefined;
        const session = await store.getSession(approval.sessionId);
        return { approval, input: session?.request?.body ?? null };
      },
      onResult: (result) => approvalMetrics.webhookDeliveries.inc({ result }),
    });
    const timer = new DeadlineTimer('approval-webhook', dispatcher, store.clock, logger);
    deliveries = timer;
    ledger.onDeliveryQueued = () => timer.poke();
  }

  return {
    holds,
    queries,
    mount: (router) => {
      router.use('/approvals', approvalsRouter(queries, decisions));
      router.use(
        '/events',
        eventsRouter({ bus, heartbeatMs: config.approvals.eventHeartbeatMs, logger, metrics: approvalMetrics, shutdown: deps.shutdown }),
      );
    },
    start: async () => {
      await execution.recover();
      deliveries?.poke();
    },
    stop: async () => {
      dispatcher?.stop();
      await deliveries?.stop();
      await execution.stop(config.server.shutdownGraceMs);
    },
  };
}
