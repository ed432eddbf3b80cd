/**
 * `createApp`: assembles the gateway's HTTP surface from its parts. Tests call it without
 * `listen`; `startGateway` (server.ts) builds the parts, adds the HTTP server and shutdown.
 * Every way to AutoGen (`POST /api/v1/generators/{name}/runs`, `/proxy/...`, and the run
 * WebSocket on the server's upgrade) goes through the gate (pipeline/gate.ts); the other routes
 * read what the gate recorded.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { GatewayConfig } from '../config/types.js';
import { GateError } from '../errors.js';
import { strictJsonBody } from '../http/jsonBody.js';
import { createIdentity, type IdentityMiddlewareOptions } from '../identity/middleware.js';
import type { TokenVerifier } from '../identity/verifier.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { BodyBudget } from '../http/bodyBudget.js';
import type { PolicyEngine } from '../policy/engine.js';
import type { Gate } from '../pipeline/gate.js';
import type { GeneratorRunEntry } from '../pipeline/entries/generatorRun.js';
import type { GovernanceService } from '../governance/service.js';
import { proxyHandler } from '../pipeline/entries/proxyHttp.js';
import type { Forwarder } from '../proxy/forwarder.js';
import type { SessionRecorder } from '../recording/sessionRecorder.js';
import type { MaskingProfiles } from '../runs/maskingProfiles.js';
import type { Store } from '../store/types.js';
import { createErrorHandler } from './errorHandler.js';
import { principalView } from './views.js';
import { isAuditor } from './access.js';
import { generatorsRouter } from './routes/generators.js';
import { healthRouter } from './routes/health.js';
import { runStartHandler, runsRouter, type RunWaiter } from './routes/runs.js';
import { sessionsRouter } from './routes/sessions.js';
import type { MeView } from './wire.js';
import './requestContext.js';

/** What the gateway is made of, built once by the server (or a test). */
export interface GatewayParts {
  readonly config: GatewayConfig;
  readonly store: Store;
  readonly verifier: TokenVerifier;
  readonly identity: IdentityMiddlewareOptions;
  readonly policy: PolicyEngine;
  readonly recorder: SessionRecorder;
  readonly masking: MaskingProfiles;
  readonly gate: Gate;
  readonly runs: GeneratorRunEntry;
  /** Generators under governance: their state, ownership and attestation. */
  readonly governance: GovernanceService;
  readonly forwarder: Forwarder;
  /** Body bytes held across calls (server.bodyBytesInFlight). */
  readonly bodies: BodyBudget;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  /** True once shutdown began: /readyz fails so load balancers drain us. */
  readonly isShuttingDown: () => boolean;
  /** Aborted when shutdown begins (long waits end). */
  readonly shutdownSignal: AbortSignal;
  /** The gateway's public URL once it listens (with port 0 the configured one says :0 until then). */
  readonly publicUrl: () => string;
  /** How a client waits for a held run (the approvals service). */
  readonly waitForRun: RunWaiter | undefined;
}

/** Routes that features add: under /api/v1 after identity, or at the root before it (e.g. /.well-known/jwks.json). */
export interface AppExtensions {
  readonly api: ReadonlyArray<(router: express.Router) => void>;
  readonly public: ReadonlyArray<(app: Express) => void>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

function routeKind(path: string): string {
  if (path.startsWith('/proxy/')) return 'proxy';
  if (path.startsWith('/api/v1/generators')) return 'runs';
  if (path.startsWith('/api/')) return 'api';
  return 'other';
}

export function createApp(parts: GatewayParts, extensions: AppExtensions = { api: [], public: [] }): Express {
  const { config, logger, metrics } = parts;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.server.trustProxy);
  app.set('etag', false);
  // JSON answers end with a newline, so a terminal shows them whole (curl, scripts reading lines).
  // Set once on this app's response prototype: a function and a property added to every response
  // cost each request an allocation and a change of its object's shape.
  app.response.json = function json(this: Response, body: unknown): Response {
    return this.type('application/json').send(`${JSON.stringify(body)}\n`);
  };

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
          path: req.originalUrl.split('?')[0]?.slice(0, 200),
          status: res.statusCode,
          ms: Math.round(seconds * 1000),
          subject: req.identity?.subject,
          issuer: req.identity?.issuerId,
        },
        'request',
      );
    });
    // Per-client limits come first: a flood is turned away before anything else is spent on it.
    parts.gate.admitClient(req.ip ?? 'unknown');
    next();
  });

  // The request path first: every proxied call would otherwise be matched against each route
  // mounted before it (health, metrics, the public keys, the run route) before reaching it.
  app.use(
    '/proxy',
    proxyHandler(parts.gate, {
      config,
      recorder: parts.recorder,
      masking: parts.masking,
      forwarder: parts.forwarder,
      metrics,
      bodies: parts.bodies,
    }),
  );
  app.use(healthRouter(config, parts.store, parts.verifier, parts.isShuttingDown));
  app.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  for (const extend of extensions.public) extend(app);

  const runRoutes = {
    store: parts.store,
    access: config.access,
    runs: parts.runs,
    waitForRun: parts.waitForRun,
    maxWaitMs: config.approvals.maxWaitMs,
    shutdown: parts.shutdownSignal,
  };
  // The request path identifies the caller itself.
  app.post('/api/v1/generators/:name/runs', runStartHandler(runRoutes));

  const approverGroups = new Set([
    ...config.rules.flatMap((rule) => rule.approval?.approvers ?? []),
    ...(config.governance.approval?.approvers ?? []),
  ]);
  const api = express.Router();
  api.use(createIdentity(parts.identity));
  api.use(strictJsonBody(config.server.bodyLimitBytes));
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
  api.use('/generators', generatorsRouter(config, parts.policy, parts.governance));
  api.use('/runs', runsRouter(runRoutes));
  api.use('/sessions', sessionsRouter(parts.store, config.access));
  for (const extend of extensions.api) extend(api);
  app.use('/api/v1', api);

  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(new GateError('not_found', 404, `Nothing is served at ${req.method} ${req.path.slice(0, 200)}.`));
  });
  app.use(createErrorHandler(logger));
  return app;
}
