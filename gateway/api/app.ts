/**
 * `createApp`: assembles the gateway from its middleware and routers. Tests call it without
 * `listen`; `startGateway` (server.ts) adds the HTTP server, the store and shutdown.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { GatewayConfig } from '../config/types.js';
import { GateError } from '../errors.js';
import { createIdentity } from '../identity/middleware.js';
import type { TokenVerifier } from '../identity/verifier.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { PolicyEngine } from '../policy/engine.js';
import { createRawProxy } from '../proxy/rawProxy.js';
import type { SessionRecorder } from '../recording/sessionRecorder.js';
import type { MaskingProfiles } from '../runs/maskingProfiles.js';
import type { RunService } from '../runs/runService.js';
import type { WsProxy } from '../proxy/wsProxy.js';
import type { Store } from '../store/types.js';
import { createErrorHandler } from './errorHandler.js';
import { principalView } from './views.js';
import { isAuditor } from './access.js';
import { generatorsRouter } from './routes/generators.js';
import { healthRouter } from './routes/health.js';
import { runsRouter } from './routes/runs.js';
import { sessionsRouter } from './routes/sessions.js';
import type { MeView } from './wire.js';
import './requestContext.js';

/** Everything the HTTP layer needs, built once by the server (or a test). */
export interface GatewayParts {
  readonly config: GatewayConfig;
  readonly store: Store;
  readonly verifier: TokenVerifier;
  readonly policy: PolicyEngine;
  readonly recorder: SessionRecorder;
  readonly runs: RunService;
  readonly masking: MaskingProfiles;
  /** AutoGen Studio run WebSockets (the approvals module installs its hold here). */
  readonly streams: WsProxy;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  /** True once shutdown began: /readyz fails so load balancers drain us. */
  readonly isShuttingDown: () => boolean;
  /** Extra routers mounted under /api/v1 after identity (approvals, evidence, events…). */
  readonly apiExtensions?: ReadonlyArray<(router: express.Router) => void>;
  /** Extra routers mounted at the root, before identity (e.g. /.well-known/jwks.json). */
  readonly publicExtensions?: ReadonlyArray<(app: Express) => void>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

function routeKind(path: string): string {
  if (path.startsWith('/proxy/')) return 'proxy';
  if (path.startsWith('/api/v1/generators')) return 'runs';
  if (path.startsWith('/api/')) return 'api';
  return 'other';
}

export function createApp(parts: GatewayParts): Express {
  const { config, logger, metrics } = parts;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.server.trustProxy);
  app.set('etag', false);

  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.headers['x-request-id'];
    req.requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.startedAt = performance.now();
    res.setHeader('x-request-id', req.requestId);
    res.on('finish', () => {
      const route = routeKind(req.originalUrl);
      const seconds = (performance.now() - req.startedAt) / 1000;
      metrics.requestDuration.observe({ route }, seconds);
      metrics.requests.inc({ route, decision: req.decision ?? 'none', status: String(res.statusCode) });
      logger.info(
        {
          requestId: req.requestId,
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          ms: Math.round(seconds * 1000),
          subject: req.identity?.subject,
          issuer: req.identity?.issuerId,
        },
        'request',
      );
    });
    next();
  });

  app.use(healthRouter(config, parts.store, parts.verifier, parts.isShuttingDown));
  app.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  for (const extend of parts.publicExtensions ?? []) extend(app);

  const identity = createIdentity({ verifier: parts.verifier, store: parts.store, logger, metrics });

  const approverGroups = new Set(config.rules.flatMap((rule) => rule.approval?.approvers ?? []));
  const api = express.Router();
  api.use(identity);
  api.use(express.json({ limit: config.server.bodyLimit }));
  api.get('/me', (req, res) => {
    if (!req.identity) throw new Error('identity middleware missing');
    const groups = req.identity.groups;
    const body: MeView = {
      ...principalView(req.identity),
      tokenExpiresAt: req.identity.tokenExpiresAt,
      capabilities: {
        auditor: isAuditor(config.access, req.identity),
        approverGroups: groups.filter((group) => approverGroups.has(group)),
      },
    };
    res.json(body);
  });
  api.use('/generators', generatorsRouter(config, parts.policy, parts.runs));
  api.use('/runs', runsRouter(parts.store, config.access));
  api.use('/sessions', sessionsRouter(parts.store, config.access));
  for (const extend of parts.apiExtensions ?? []) extend(api);
  app.use('/api/v1', api);

  app.use('/proxy', identity, createRawProxy({ config, policy: parts.policy, recorder: parts.recorder, masking: parts.masking, logger }));

  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(new GateError('not_found', 404, `Nothing is served at ${req.method} ${req.path.slice(0, 200)}.`));
  });
  app.use(createErrorHandler(logger));
  return app;
}
