/**
 * `/api/v1/approvals`: what the caller may decide or has requested, one approval in full,
 * deciding and revoking.
 */
import express, { type Request, type Router } from 'express';
import { GateError } from '../../errors.js';
import type { ApprovalDecisions } from '../../approvals/decisions.js';
import type { ApprovalQueries } from '../../approvals/queries.js';
import type { ApprovalStatusFilter } from '../../approvals/repository.js';

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

export function approvalsRouter(queries: ApprovalQueries, decisions: ApprovalDecisions): Router {
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
      await queries.list(identity, {
        status: single(req.query['status'], 'status', ['pending', 'decided', 'all'], 'pending') as ApprovalStatusFilter,
        scope: single(req.query['scope'], 'scope', ['mine', 'all'], 'mine') as 'mine' | 'all',
        role: single(req.query['role'], 'role', ['approver', 'requester', 'any'], 'any') as 'approver' | 'requester' | 'any',
        limit,
        cursor,
      }),
    );
  });

  router.get('/:id', async (req, res) => {
    res.json(await queries.view(identityOf(req), String(req.params['id'])));
  });

  router.post('/:id/decision', async (req, res) => {
    res.json(await decisions.decide(identityOf(req), String(req.params['id']), req.body as unknown));
  });

  router.post('/:id/revoke', async (req, res) => {
    res.json(await decisions.revoke(identityOf(req), String(req.params['id']), req.body as unknown));
  });

  return router;
}
