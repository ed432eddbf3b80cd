/** `/api/v1/sessions`: the recorded history — your own, or everyone's for auditors. */
import express, { type Router } from 'express';
import type { AccessConfig } from '../../config/types.js';
import { GateError } from '../../errors.js';
import type { SessionQuery, SessionStatus, Store } from '../../store/types.js';
import { isAuditor, ownsSession } from '../access.js';
import { RUN_STATUSES } from '../../sessions/status.js';
import { sessionDetailView, sessionSummaryView } from '../views.js';
import type { SessionPageView, DecisionEffect } from '../wire.js';

const STATUSES: readonly SessionStatus[] = RUN_STATUSES;
const DECISIONS: readonly DecisionEffect[] = ['allow', 'deny', 'approval'];

function optionalQuery(value: unknown, name: string, allowed?: readonly string[]): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 200)
    throw new GateError('bad_request', 400, `Query parameter ${name} must be a single value.`);
  if (allowed && !allowed.includes(value))
    throw new GateError('bad_request', 400, `Query parameter ${name} must be one of ${allowed.join(', ')}.`);
  return value;
}

function isoQuery(value: unknown, name: string): string | undefined {
  const text = optionalQuery(value, name);
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw new GateError('bad_request', 400, `Query parameter ${name} must be an ISO-8601 date or time.`);
  return new Date(time).toISOString();
}

export function sessionsRouter(store: Store, access: AccessConfig): Router {
  const router = express.Router();

  router.get('/', async (req, res) => {
    const identity = req.identity;
    if (!identity) throw new Error('identity middleware missing');
    const auditor = isAuditor(access, identity);
    const requestedSubject = optionalQuery(req.query['subject'], 'subject');
    if (requestedSubject !== undefined && requestedSubject !== identity.subject && !auditor) {
      throw new GateError('forbidden', 403, "Only auditors may list other people's sessions.");
    }
    const limitText = optionalQuery(req.query['limit'], 'limit');
    const limit = limitText === undefined ? 50 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw new GateError('bad_request', 400, 'Query parameter limit must be an integer from 1 to 500.');
    const query: SessionQuery = {
      subject: auditor ? requestedSubject : identity.subject,
      generator: optionalQuery(req.query['generator'], 'generator'),
      decision: optionalQuery(req.query['decision'], 'decision', DECISIONS) as DecisionEffect | undefined,
      status: optionalQuery(req.query['status'], 'status', STATUSES) as SessionStatus | undefined,
      kind: optionalQuery(req.query['kind'], 'kind', ['run', 'proxy']) as 'run' | 'proxy' | undefined,
      from: isoQuery(req.query['from'], 'from'),
      to: isoQuery(req.query['to'], 'to'),
      limit,
      cursor: optionalQuery(req.query['cursor'], 'cursor'),
    };
    let page;
    try {
      page = await store.listSessions(query);
    } catch (error) {
      if (error instanceof Error && error.message === 'invalid cursor')
        throw new GateError('bad_request', 400, 'Query parameter cursor is not valid.');
      throw error;
    }
    const sessions = page.sessions.filter((session) => auditor || session.identity.issuerId === identity.issuerId);
    const body: SessionPageView = { sessions: sessions.map(sessionSummaryView), nextCursor: page.nextCursor };
    res.json(body);
  });

  router.get('/:id', async (req, res) => {
    const identity = req.identity;
    if (!identity) throw new Error('identity middleware missing');
    const session = await store.getSession(String(req.params['id']));
    if (!session || !(ownsSession(identity, session) || isAuditor(access, identity))) {
      throw new GateError('not_found', 404, 'No session with that id is visible to you.');
    }
    res.json(sessionDetailView(session, await store.listMaskingEvents(session.id)));
  });

  return router;
}
