/**
 * `/api/v1/approvals`: what the caller may decide or has requested, one approval in full,
 * deciding and revoking. Also the waiting variants of the run routes (`Prefer: wait=` on
 * `POST /api/v1/generators/{name}/runs`, `?wait=` (and `&from=STATUS`: return once the status
 * is no longer STATUS) on `GET /api/v1/runs/{id}`), mounted in front
 * of the core routes and stepping aside (`next('route')`) when the client does not ask to wait.
 */
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { AccessConfig } from '../../config/types.js';
import { GateError } from '../../errors.js';
import type { RunService } from '../../runs/runService.js';
import type { ApprovalService } from '../../approvals/service.js';
import type { ApprovalStatusFilter } from '../../approvals/repository.js';
import { clampWait, preferredWaitSeconds, waitQuerySeconds } from '../../approvals/prefer.js';
import type { Store } from '../../store/types.js';
import { isAuditor, ownsSession } from '../access.js';
import { runView } from '../views.js';
import { RUN_STATUSES } from '../../sessions/status.js';
import { FINAL_RUN_STATUSES, type RunStatus, type RunView } from '../wire.js';

function single(value: unknown, name: string, allowed: readonly string[], fallback: string): string {
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string' || !allowed.includes(value))
    throw new GateError('bad_request', 400, `Query parameter ${name} must be one of ${allowed.join(', ')}.`);
  return value;
}

function identityOf(req: Request): NonNullable<Request['identity']> {
  if (!req.identity) throw new Error('identity middleware missing');
  return req.identity;
}

export function approvalsRouter(service: ApprovalService): Router {
  const router = express.Router();

  router.get('/', async (req, res) => {
    const identity = identityOf(req);
    const limitText = req.query['limit'];
    const limit = limitText === undefined ? 50 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      throw new GateError('bad_request', 400, 'Query parameter limit must be an integer from 1 to 200.');
    const cursor = req.query['cursor'];
    if (cursor !== undefined && (typeof cursor !== 'string' || cursor.length > 200))
      throw new GateError('bad_request', 400, 'Query parameter cursor is not valid.');
    res.json(
      await service.list(identity, {
        status: single(req.query['status'], 'status', ['pending', 'decided', 'all'], 'pending') as ApprovalStatusFilter,
        scope: single(req.query['scope'], 'scope', ['mine', 'all'], 'mine') as 'mine' | 'all',
        role: single(req.query['role'], 'role', ['approver', 'requester', 'any'], 'any') as 'approver' | 'requester' | 'any',
        limit,
        cursor,
      }),
    );
  });

  router.get('/:id', async (req, res) => {
    res.json(await service.view(identityOf(req), String(req.params['id'])));
  });

  router.post('/:id/decision', async (req, res) => {
    res.json(await service.decide(identityOf(req), String(req.params['id']), req.body as unknown));
  });

  router.post('/:id/revoke', async (req, res) => {
    res.json(await service.revoke(identityOf(req), String(req.params['id']), req.body as unknown));
  });

  return router;
}

export interface WaitRoutesOptions {
  readonly service: ApprovalService;
  readonly runs: RunService;
  readonly store: Store;
  readonly access: AccessConfig;
  /** The identity middleware (same verifier as the API's). */
  readonly identity: RequestHandler;
  readonly bodyLimit: string;
  readonly maxWaitMs: number;
  /** Aborted when the gateway starts shutting down: waits return what they have. */
  readonly shutdown: AbortSignal;
}

/** Aborts when the client goes away or the gateway shuts down. */
function waitSignal(res: Response, shutdown: AbortSignal): AbortSignal {
  const gone = new AbortController();
  res.once('close', () => gone.abort());
  return AbortSignal.any([gone.signal, shutdown]);
}

function isFinal(run: RunView): boolean {
  return FINAL_RUN_STATUSES.includes(run.status);
}

/** Mounts the waiting variants in front of the core run routes (call before the API router is mounted). */
export function mountWaitRoutes(app: Express, options: WaitRoutesOptions): void {
  const { service, runs, store, access, maxWaitMs } = options;

  const wantsPreferWait = (req: Request, _res: Response, next: NextFunction): void =>
    next(preferredWaitSeconds(req.headers['prefer']) === undefined ? 'route' : undefined);
  app.post(
    '/api/v1/generators/:name/runs',
    wantsPreferWait,
    options.identity,
    express.json({ limit: options.bodyLimit }),
    async (req: Request, res: Response) => {
      const identity = identityOf(req);
      const seconds = clampWait(preferredWaitSeconds(req.headers['prefer']) ?? 0, maxWaitMs);
      let run: RunView;
      try {
        run = await runs.start({
          identity,
          generator: String(req.params['name']),
          body: req.body as unknown,
          requestId: req.requestId,
          method: req.method,
          path: req.originalUrl.slice(0, 2048),
        });
      } catch (error) {
        if (error instanceof GateError && error.code === 'denied_by_policy') req.decision = 'deny';
        else if (error instanceof GateError && error.code === 'approval_required') req.decision = 'approval';
        throw error;
      }
      req.decision = run.decision.effect;
      if (!isFinal(run) && seconds > 0) {
        const session = await service.waitForRun(run.runId, seconds * 1000, { signal: waitSignal(res, options.shutdown) });
        if (session) run = runView(session);
      }
      // RFC 7240: the wait was honoured (up to the applied bound).
      res.setHeader('Preference-Applied', `wait=${seconds}`);
      res.setHeader('Location', run.links.self);
      res.status(isFinal(run) ? 200 : 202).json(run);
    },
  );

  const wantsWaitQuery = (req: Request, _res: Response, next: NextFunction): void =>
    next(req.query['wait'] === undefined ? 'route' : undefined);
  app.get('/api/v1/runs/:id', wantsWaitQuery, options.identity, async (req: Request, res: Response) => {
    const identity = identityOf(req);
    const asked = waitQuerySeconds(req.query['wait']);
    if (asked === 'invalid') throw new GateError('bad_request', 400, 'Query parameter wait must be a whole number of seconds.');
    const session = await store.getSession(String(req.params['id']));
    // The same visibility as GET /api/v1/runs/{id}: someone else's run is reported as missing.
    if (!session || session.kind !== 'run' || !(ownsSession(identity, session) || isAuditor(access, identity))) {
      throw new GateError('not_found', 404, 'No run with that id is visible to you.');
    }
    const from = req.query['from'];
    if (from !== undefined && (typeof from !== 'string' || !(RUN_STATUSES as readonly string[]).includes(from))) {
      throw new GateError('bad_request', 400, `Query parameter from must be a run status (${RUN_STATUSES.join(', ')}).`);
    }
    const seconds = clampWait(asked ?? 0, maxWaitMs);
    const latest =
      seconds === 0
        ? session
        : ((await service.waitForRun(session.id, seconds * 1000, {
            signal: waitSignal(res, options.shutdown),
            ...(from === undefined ? {} : { from: from as RunStatus }),
          })) ?? session);
    res.setHeader('Cache-Control', 'no-store');
    res.json(runView(latest));
  });
}
