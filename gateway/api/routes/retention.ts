/**
 * Retention API (auditors): `GET /api/v1/retention/plan` says what a purge would delete now (a
 * dry run, or `?asOf=` a later date); `POST /api/v1/retention/purge` runs one and answers what it
 * deleted and the audit entry that records it.
 */
import type { Request, Router } from 'express';
import type { AccessConfig } from '../../config/types.js';
import { GateError } from '../../errors.js';
import { parseInstant, PeriodError } from '../../evidence/period.js';
import { principalOf } from '../../identity/types.js';
import type { RetentionService } from '../../retention/purge.js';
import type { Store } from '../../store/types.js';
import { isAuditor } from '../access.js';
import type { RetentionPurgeView } from '../wire.js';

function auditorOnly(req: Request, access: AccessConfig): NonNullable<Request['identity']> {
  const identity = req.identity;
  if (!identity) throw new Error('identity middleware missing');
  if (!isAuditor(access, identity))
    throw new GateError('forbidden', 403, 'Only auditors (the privacy office) may plan or run retention purges.');
  return identity;
}

export function retentionRoutes(router: Router, retention: RetentionService, store: Store, access: AccessConfig): void {
  router.get('/retention/plan', async (req, res) => {
    auditorOnly(req, access);
    const asOfText = req.query['asOf'];
    let asOf: Date | undefined;
    if (asOfText !== undefined) {
      if (typeof asOfText !== 'string') throw new GateError('bad_request', 400, 'Query parameter asOf must be a single value.');
      try {
        asOf = parseInstant(asOfText, store.clock(), 'asOf');
      } catch (error) {
        if (error instanceof PeriodError) throw new GateError('bad_request', 400, `${error.message}.`);
        throw error;
      }
    }
    const body: RetentionPurgeView = await retention.purge({ dryRun: true, asOf, trigger: 'api' });
    res.json(body);
  });

  router.post('/retention/purge', async (req, res) => {
    const identity = auditorOnly(req, access);
    const body: RetentionPurgeView = await retention.purge({ trigger: 'api', actor: principalOf(identity) });
    res.json(body);
  });
}
