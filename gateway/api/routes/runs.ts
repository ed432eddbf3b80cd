/**
 * Runs: starting one (`POST /api/v1/generators/{name}/runs`, through the request path) and
 * reading one (`GET /api/v1/runs/{id}`), for its requester and auditors. Both may wait: a client
 * that asks `Prefer: wait=N` (RFC 7240) on the start, or `?wait=N` (with `&from=STATUS`: until
 * the status is no longer STATUS) on the read, gets the run once it is final (or the wait is
 * over), so a simple client need not poll a held run.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { AccessConfig } from '../../config/types.js';
import { GateError } from '../../errors.js';
import { clampWait, preferredWaitSeconds, waitQuerySeconds } from '../../approvals/prefer.js';
import type { GeneratorRunEntry } from '../../pipeline/entries/generatorRun.js';
import type { SessionRecord, Store } from '../../store/types.js';
import { isAuditor, ownsSession } from '../access.js';
import { runView } from '../views.js';
import { FINAL_RUN_STATUSES, RUN_STATUSES, type RunStatus, type RunView } from '../wire.js';

/** Waits until a run is final (or, with `from`, leaves that status), the time passes, or the signal aborts. */
export type RunWaiter = (
  runId: string,
  timeoutMs: number,
  options: { readonly signal: AbortSignal; readonly from?: RunStatus },
) => Promise<SessionRecord | undefined>;

export interface RunRoutesOptions {
  readonly store: Store;
  readonly access: AccessConfig;
  readonly runs: GeneratorRunEntry;
  /** Absent when nothing can change a run after it answered (no approvals). */
  readonly waitForRun: RunWaiter | undefined;
  readonly maxWaitMs: number;
  /** Aborted when the gateway starts shutting down: waits return what they have. */
  readonly shutdown: AbortSignal;
}

function isFinal(run: RunView): boolean {
  return FINAL_RUN_STATUSES.includes(run.status);
}

/** Aborts when the client goes away or the gateway shuts down. */
function waitSignal(res: Response, shutdown: AbortSignal): AbortSignal {
  const gone = new AbortController();
  res.once('close', () => gone.abort());
  return AbortSignal.any([gone.signal, shutdown]);
}

/** `POST /api/v1/generators/{name}/runs`: mounted before the API's identity middleware, since the request path identifies. */
export function runStartHandler(options: RunRoutesOptions): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const preferred = preferredWaitSeconds(req.headers['prefer']);
    let run = await options.runs.start(req, String(req.params['name']));
    if (preferred !== undefined) {
      const seconds = clampWait(preferred, options.maxWaitMs);
      if (!isFinal(run) && seconds > 0 && options.waitForRun) {
        const session = await options.waitForRun(run.runId, seconds * 1000, { signal: waitSignal(res, options.shutdown) });
        if (session) run = runView(session);
      }
      res.setHeader('Preference-Applied', `wait=${seconds}`);
    }
    res.setHeader('Location', run.links.self);
    res.status(isFinal(run) ? 200 : 202).json(run);
  };
}

/** `GET /api/v1/runs/{id}` (`?wait=`, `&from=`). */
export function runsRouter(options: RunRoutesOptions): Router {
  const router = express.Router();
  router.get('/:id', async (req, res) => {
    const identity = req.identity;
    if (!identity) throw new Error('identity middleware missing');
    const asked = waitQuerySeconds(req.query['wait']);
    if (asked === 'invalid') throw new GateError('bad_request', 400, 'Query parameter wait must be a whole number of seconds.');
    const from = req.query['from'];
    if (from !== undefined && (typeof from !== 'string' || !(RUN_STATUSES as readonly string[]).includes(from))) {
      throw new GateError('bad_request', 400, `Query parameter from must be a run status (${RUN_STATUSES.join(', ')}).`);
    }
    const session = await options.store.getSession(String(req.params['id']));
    // Someone else's run is reported as missing: its existence is not the caller's business.
    if (!session || session.kind !== 'run' || !(ownsSession(identity, session) || isAuditor(options.access, identity))) {
      throw new GateError('not_found', 404, 'No run with that id is visible to you.');
    }
    const seconds = clampWait(asked ?? 0, options.maxWaitMs);
    const latest =
      seconds === 0 || !options.waitForRun
        ? session
        : ((await options.waitForRun(session.id, seconds * 1000, {
            signal: waitSignal(res, options.shutdown),
            ...(from === undefined ? {} : { from: from as RunStatus }),
          })) ?? session);
    res.setHeader('Cache-Control', 'no-store');
    res.json(runView(latest));
  });
  return router;
}
