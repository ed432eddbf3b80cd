/** `/api/v1/runs/{id}`: a recorded run, for its requester (and auditors). */
import express, { type Router } from 'express';
import type { AccessConfig } from '../../config/types.js';
import { GateError } from '../../errors.js';
import type { Store } from '../../store/types.js';
import { isAuditor, ownsSession } from '../access.js';
import { runView } from '../views.js';

export function runsRouter(store: Store, access: AccessConfig): Router {
  const router = express.Router();
  router.get('/:id', async (req, res) => {
    const identity = req.identity;
    if (!identity) throw new Error('identity middleware missing');
    const session = await store.getSession(String(req.params['id']));
    // Someone else's run is reported as missing: its existence is not the caller's business.
    if (!session || session.kind !== 'run' || !(ownsSession(identity, session) || isAuditor(access, identity))) {
      throw new GateError('not_found', 404, 'No run with that id is visible to you.');
    }
    res.json(runView(session));
  });
  return router;
}
