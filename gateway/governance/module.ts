/**
 * The governance module: the SCIM endpoint the IdP provisions (when `governance.scim` is set),
 * the governance API of each generator (state, ownership, attestation), the Art. 37 register
 * (`GET /api/v1/register`), and the privacy office's notifications about orphaned or lapsed
 * generators (when `governance.notify` is set). The request path's own checks are core
 * (server.ts builds the governance service for the gate).
 */
import type { Express } from 'express';
import type { GatewayParts } from '../api/app.js';
import { governanceRoutes } from '../api/routes/governance.js';
import { registerRoutes } from '../api/routes/register.js';
import { DeadlineTimer } from '../approvals/deadlineTimer.js';
import { keysDirOf } from '../evidence/context.js';
import { loadEvidenceSigner } from '../evidence/signingKey.js';
import { RegisterService } from '../register/service.js';
import { ScimProvisioning } from '../scim/provisioning.js';
import { SCIM_PATH, scimRouter } from '../scim/router.js';
import { loadScimToken } from '../scim/token.js';
import type { GatewayModule, ModuleMounts } from '../server.js';
import { WebhookDispatcher, webhookSecret } from '../webhooks/dispatcher.js';
import { governanceOutbox, GovernanceNotifier } from './notifier.js';

export function governanceModule(): GatewayModule {
  return {
    name: 'governance',
    async setup(parts: GatewayParts): Promise<ModuleMounts> {
      const { config, store, governance } = parts;
      const logger = parts.logger.child({ module: 'governance' });
      const publicUrl = parts.publicUrl;
      const stops: Array<() => Promise<void>> = [];

      let scim: ((app: Express) => void) | undefined;
      if (config.governance.scim) {
        const token = loadScimToken(config);
        if (token.generated)
          logger.warn(
            { file: token.source },
            'generated the SCIM token; give it to your IdP as the bearer token of its provisioning connection',
          );
        const provisioning = new ScimProvisioning(store, () => governance.changed());
        const router = scimRouter({ provisioning, token: token.token, publicUrl, bodyLimitBytes: config.server.bodyLimitBytes, logger });
        scim = (app) => app.use(SCIM_PATH, router);
      }

      const notify = config.governance.notify;
      if (notify) {
        const dispatcher = new WebhookDispatcher({
          target: notify,
          secret: webhookSecret(notify, config.baseDir, logger, 'governance'),
          outbox: governanceOutbox,
          gatewayUrl: publicUrl,
          store,
          logger,
        });
        const deliveries = new DeadlineTimer('governance-webhook', dispatcher, store.clock, logger);
        const sweep = new DeadlineTimer(
          'governance-notifier',
          new GovernanceNotifier({
            service: governance,
            store,
            everyMs: notify.everyMs,
            gatewayUrl: publicUrl,
            logger,
            onQueued: () => deliveries.poke(),
          }),
          store.clock,
          logger,
        );
        const unsubscribe = governance.onChange(() => sweep.poke());
        sweep.poke();
        deliveries.poke();
        stops.push(async () => {
          unsubscribe();
          dispatcher.stop();
          await sweep.stop();
          await deliveries.stop();
        });
      }

      const { signer, trusted } = await loadEvidenceSigner(config.evidence, keysDirOf(config), config.baseDir);
      const register = new RegisterService({ config, store, governance, signer, trusted, issuer: publicUrl });
      return {
        ...(scim ? { public: scim } : {}),
        api: (router) => {
          governanceRoutes(router, config, governance);
          registerRoutes(router, register, config.access, store.clock);
        },
        stop: async () => {
          for (const stop of stops.reverse()) await stop();
        },
      };
    },
  };
}
