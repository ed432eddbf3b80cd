/**
 * The retention module: mounts `/api/v1/retention/*` and purges expired records on the
 * configured schedule (every purge that deletes something is recorded in the audit log). Which
 * sessions are recorded "metadata only" is the recorder's (server.ts gives it the policy).
 */
import type { GatewayParts } from '../api/app.js';
import { retentionRoutes } from '../api/routes/retention.js';
import { keysDirOf } from '../evidence/context.js';
import { loadEvidenceSigner } from '../evidence/signingKey.js';
import type { GatewayModule, ModuleMounts } from '../server.js';
import { RetentionService, type PurgeReport } from './purge.js';

/** Handles tests reach for. */
export interface RetentionHandle {
  service: RetentionService | undefined;
  /** Reports of the scheduled purges, newest last. */
  readonly scheduled: PurgeReport[];
}

export function retentionModule(handle?: RetentionHandle): GatewayModule {
  return {
    name: 'retention',
    async setup(parts: GatewayParts): Promise<ModuleMounts> {
      const { config, store } = parts;
      const logger = parts.logger.child({ module: 'retention' });
      const { signer, trusted } = await loadEvidenceSigner(config.evidence, keysDirOf(config), config.baseDir);
      const service = new RetentionService({ store, retention: config.retention, signer, trusted });
      if (handle) handle.service = service;

      let running: Promise<unknown> = Promise.resolve();
      const every = config.retention.purgeEveryMs;
      const timer =
        every === undefined
          ? undefined
          : setInterval(() => {
              running = running
                .then(async () => {
                  const report = await service.purge({ trigger: 'schedule' });
                  handle?.scheduled.push(report);
                  const { totals } = report;
                  if (totals.payloads + totals.sessions + (report.audit.range?.count ?? 0) > 0 || report.audit.blocked) {
                    logger.info(
                      {
                        payloads: totals.payloads,
                        sessions: totals.sessions,
                        maskingEvents: totals.maskingEvents,
                        auditEntries: report.audit.range?.count ?? 0,
                        blocked: report.audit.blocked,
                        entry: report.entry?.seq,
                      },
                      'retention purge',
                    );
                  }
                })
                .catch((error: unknown) => logger.error({ err: error }, 'the scheduled retention purge failed; the next one retries'));
            }, every);
      timer?.unref();

      return {
        api: (router) => retentionRoutes(router, service, store, config.access),
        stop: async () => {
          if (timer) clearInterval(timer);
          await running.catch(() => undefined);
        },
      };
    },
  };
}
