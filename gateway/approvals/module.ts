/**
 * The approvals module (issue 4): installs the approval hold on the run service, mounts
 * `/api/v1/approvals`, `/api/v1/events` and the waiting run routes, and runs the background work
 * (deadline timer, execution queue, webhook dispatcher) until the gateway stops.
 */
import { join } from 'node:path';
import { resolveSecret } from '../config/secrets.js';
import { createIdentity } from '../identity/middleware.js';
import type { GatewayModule, ModuleMounts } from '../server.js';
import type { GatewayParts } from '../api/app.js';
import { approvalsRouter, mountWaitRoutes } from '../api/routes/approvals.js';
import { eventsRouter } from '../api/routes/events.js';
import { DeadlineTimer } from './deadlineTimer.js';
import { createEventBus } from './eventBus.js';
import { InputCipher } from './inputCipher.js';
import { createApprovalMetrics } from './metrics.js';
import { ApprovalService } from './service.js';
import { WebhookDispatcher } from './webhook.js';

/** HMAC keys shorter than this are guessable; webhook receivers deserve better. */
const MIN_WEBHOOK_SECRET_CHARS = 16;

export class ApprovalsSetupError extends Error {
  override readonly name = 'ApprovalsSetupError';
  readonly code = 'approvals_setup';
}

export function approvalsModule(): GatewayModule {
  return {
    name: 'approvals',
    async setup(parts: GatewayParts): Promise<ModuleMounts> {
      const { config, store } = parts;
      const logger = parts.logger.child({ module: 'approvals' });
      const { cipher, generated } = InputCipher.fromConfig(config.approvals.inputKeys, join(config.dataDir, 'keys'), config.baseDir);
      if (generated.length > 0) {
        logger.warn(
          { keys: generated, dir: join(config.dataDir, 'keys') },
          'generated the key that encrypts held run input; back it up with the store (approved runs held under it cannot execute without it)',
        );
      }
      const bus = createEventBus(store.broadcast, (error) =>
        logger.error({ err: error }, 'could not publish a live event to the other gateways'),
      );
      const approvalMetrics = createApprovalMetrics(parts.metrics.registry);
      const service = new ApprovalService({
        config,
        store,
        runs: parts.runs,
        policy: parts.policy,
        masking: parts.masking,
        recorder: parts.recorder,
        cipher,
        bus,
        logger,
        metrics: parts.metrics,
        approvalMetrics,
      });

      // With `port: 0` the configured public URL ends in `:0` until the server is bound; modules are
      // set up before it is, so the bound port is taken from the first request that arrives.
      let boundPort: number | undefined;
      const publicUrl = (): string => {
        const configured = config.server.publicUrl;
        return boundPort !== undefined && config.server.port === 0 ? configured.replace(/:0$/, `:${boundPort}`) : configured;
      };

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
          gatewayUrl: publicUrl,
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
        service.onDeliveryQueued = () => timer.poke();
      }

      parts.runs.setApprovalHold((request) => service.hold(request));
      parts.streams.setApprovalHold((request, pending, signal) => service.holdStream(request, pending, signal));
      await service.recover();
      deliveries?.poke();

      // Modules hear of shutdown only when it is over; long-lived streams and waits must end when it begins.
      const shutdown = new AbortController();
      const watcher = setInterval(() => {
        if (parts.isShuttingDown()) {
          shutdown.abort();
          clearInterval(watcher);
        }
      }, 100);
      watcher.unref();

      const identity = createIdentity({ verifier: parts.verifier, store, logger: parts.logger, metrics: parts.metrics });
      return {
        api: (router) => {
          router.use('/approvals', approvalsRouter(service));
          router.use(
            '/events',
            eventsRouter({
              bus,
              heartbeatMs: config.approvals.eventHeartbeatMs,
              logger,
              metrics: approvalMetrics,
              shutdown: shutdown.signal,
            }),
          );
        },
        public: (app) => {
          if (config.server.port === 0) {
            app.use((req, _res, next) => {
              boundPort ??= req.socket.localPort;
              next();
            });
          }
          mountWaitRoutes(app, {
            service,
            runs: parts.runs,
            store,
            access: config.access,
            identity,
            bodyLimit: config.server.bodyLimit,
            maxWaitMs: config.approvals.maxWaitMs,
            shutdown: shutdown.signal,
          });
        },
        stop: async () => {
          clearInterval(watcher);
          shutdown.abort();
          dispatcher?.stop();
          await deliveries?.stop();
          await service.stop(config.server.shutdownGraceMs);
          bus.close();
        },
      };
    },
  };
}
