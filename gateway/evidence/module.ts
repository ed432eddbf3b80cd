/**
 * The evidence module: loads (or generates) the evidence signing key, serves its
 * public keys at `/.well-known/jwks.json`, mounts `/api/v1/evidence`, `/api/v1/audit/verify` and
 * `/api/v1/subjects/lookup`, and signs the audit chain head at start and on a schedule.
 */
import type { Express } from 'express';
import type { GatewayParts } from '../api/app.js';
import { evidenceRoutes } from '../api/routes/evidence.js';
import { subjectRoutes } from '../api/routes/subjects.js';
import type { GatewayModule, ModuleMounts } from '../server.js';
import { SubjectLookup } from '../subjects/lookup.js';
import { keysDirOf } from './context.js';
import { EvidenceService } from './service.js';
import { loadEvidenceSigner } from './signingKey.js';

/** Handles tests reach for. */
export interface EvidenceHandle {
  service: EvidenceService | undefined;
}

export function evidenceModule(handle?: EvidenceHandle): GatewayModule {
  return {
    name: 'evidence',
    async setup(parts: GatewayParts): Promise<ModuleMounts> {
      const { config, store } = parts;
      const logger = parts.logger.child({ module: 'evidence' });
      const { signer, trusted, generated } = await loadEvidenceSigner(config.evidence, keysDirOf(config), config.baseDir);
      if (generated) {
        logger.warn(
          { kid: signer.kid, dir: keysDirOf(config) },
          'generated the evidence signing key; back it up with the store (its public half must stay available to verify bundles and checkpoints it signed)',
        );
      }
      const service = new EvidenceService({ config, store, signer, trusted });
      if (handle) handle.service = service;
      const lookup = new SubjectLookup({
        store,
        keyring: parts.masking.keyring,
        signer,
        issuer: config.server.publicUrl,
        retention: config.retention,
      });

      // Sign the head as the gateway starts: the `gateway.started` entry with the policy version in force.
      await service.checkpoint('start');
      let ticking: Promise<unknown> = Promise.resolve();
      const every = config.evidence.checkpointEveryMs;
      const timer =
        every === undefined
          ? undefined
          : setInterval(() => {
              // One replica signs per period: the others find the job taken, or a checkpoint fresh enough.
              ticking = ticking
                .then(() => store.exclusive('audit-checkpoint', () => service.checkpoint('periodic', { unlessNewerThanMs: every / 2 })))
                .catch((error: unknown) => logger.error({ err: error }, 'could not sign an audit checkpoint; the next tick retries'));
            }, every);
      timer?.unref();

      const jwks = JSON.stringify(trusted);
      return {
        public: (app: Express) => {
          app.get('/.well-known/jwks.json', (_req, res) => {
            res.setHeader('cache-control', 'public, max-age=300');
            res.type('application/jwk-set+json').send(jwks);
          });
        },
        api: (router) => {
          evidenceRoutes(router, service, store, config.access);
          subjectRoutes(router, () => lookup, config.access);
        },
        stop: async () => {
          if (timer) clearInterval(timer);
          await ticking.catch(() => undefined);
        },
      };
    },
  };
}
