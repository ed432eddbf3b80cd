/**
 * Evidence API. `GET /api/v1/evidence?from=&to=` (auditors) and `?session=ID` (auditors, or the
 * session's own caller) answer a signed bundle as a file (`format=html`: the readable report);
 * `GET /api/v1/audit/verify` (auditors) recomputes the live chain and records.
 */
import express, { type Request, type Router } from 'express';
import type { AccessConfig } from '../../config/types.js';
import { GateError } from '../../errors.js';
import type { LiveVerification } from '../../audit/liveVerify.js';
import { EvidenceRequestError } from '../../evidence/bundle.js';
import { parsePeriod, PeriodError } from '../../evidence/period.js';
import type { EvidenceService } from '../../evidence/service.js';
import { principalOf } from '../../identity/types.js';
import type { Store } from '../../store/types.js';
import { isAuditor, ownsSession } from '../access.js';
import type { AuditVerificationView } from '../wire.js';

function identityOf(req: Request): NonNullable<Request['identity']> {
  if (!req.identity) throw new Error('identity middleware missing');
  return req.identity;
}

export function query(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 200)
    throw new GateError('bad_request', 400, `Query parameter ${name} must be a single value.`);
  return value;
}

export function fileStamp(iso: string): string {
  return iso.replace(/[:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

function verificationView(verification: LiveVerification): AuditVerificationView {
  const { chain, records } = verification;
  const anchor = chain.anchor;
  return {
    ok: verification.ok,
    entries: chain.entries,
    head: chain.head,
    anchor: anchor.kind === 'purge' ? `retention purge (entry ${anchor.purgeEntry}) anchored at entry ${anchor.seq}` : anchor.kind,
    checkpoints: chain.checkpoints.checked,
    purges: chain.purges,
    sessionsChecked: records?.sessionsChecked ?? 0,
    problems: [
      ...chain.problems.map((problem) => ({ kind: problem.kind, seq: problem.seq, sessionId: undefined, message: problem.message })),
      ...(records?.problems ?? []).map((problem) => ({
        kind: problem.kind,
        seq: problem.seq,
        sessionId: problem.sessionId,
        message: problem.message,
      })),
    ],
    moreProblems: chain.moreProblems + (records?.moreProblems ?? 0),
    ms: Math.round(verification.ms),
  };
}

export function evidenceRoutes(router: Router, evidence: EvidenceService, store: Store, access: AccessConfig): void {
  const evidenceRouter = express.Router();

  evidenceRouter.get('/', async (req, res) => {
    const identity = identityOf(req);
    const auditor = isAuditor(access, identity);
    const sessionId = query(req, 'session');
    const format = query(req, 'format') ?? 'json';
    if (format !== 'json' && format !== 'html') throw new GateError('bad_request', 400, 'Query parameter format must be json or html.');
    let request: Parameters<EvidenceService['exportBundle']>[0];
    if (sessionId !== undefined) {
      if (query(req, 'from') !== undefined || query(req, 'to') !== undefined)
        throw new GateError('bad_request', 400, 'Give either session, or from and to, not both.');
      const session = await store.getSession(sessionId);
      // Your own session's evidence is yours to take; anyone else's is for auditors.
      if (!session || !(auditor || ownsSession(identity, session)))
        throw new GateError('not_found', 404, 'No session with that id is visible to you.');
      request = { scope: 'session', sessionId };
    } else {
      if (!auditor)
        throw new GateError(
          'forbidden',
          403,
          `Only auditors (${access.auditors.join(', ') || 'no group configured'}) may export evidence for a period; others may export their own sessions (?session=ID).`,
        );
      const from = query(req, 'from');
      if (from === undefined)
        throw new GateError(
          'bad_request',
          400,
          'Query parameter from is required (an ISO date, or a duration ago such as 30d), or session=ID.',
        );
      try {
        request = { scope: 'period', ...parsePeriod(from, query(req, 'to'), store.clock()) };
      } catch (error) {
        if (error instanceof PeriodError) throw new GateError('bad_request', 400, `${error.message}.`);
        throw error;
      }
    }
    let exported;
    try {
      exported = await evidence.exportBundle(request, principalOf(identity), { auditor });
    } catch (error) {
      if (error instanceof EvidenceRequestError)
        throw new GateError(
          error.code === 'not_found' ? 'not_found' : 'bad_request',
          error.code === 'not_found' ? 404 : 400,
          `${error.message}.`,
        );
      throw error;
    }
    const { issued } = exported;
    const name =
      request.scope === 'session'
        ? `evidence-session-${request.sessionId}`
        : `evidence-${fileStamp(request.from)}-${fileStamp(request.to)}`;
    res.setHeader('x-evidence-bundle-id', issued.manifest.id);
    res.setHeader('cache-control', 'no-store');
    if (format === 'html') {
      res.setHeader('content-disposition', `attachment; filename="${name}.html"`);
      res.type('text/html; charset=utf-8').send(await evidence.renderReport(issued));
    } else {
      res.setHeader('content-disposition', `attachment; filename="${name}.json"`);
      // The exact bytes that were signed: a client must store them as they are.
      res.type('application/json').send(issued.text);
    }
  });
  router.use('/evidence', evidenceRouter);

  router.get('/audit/verify', async (req, res) => {
    const identity = identityOf(req);
    if (!isAuditor(access, identity))
      throw new GateError(
        'forbidden',
        403,
        'Only auditors may verify the audit chain through the API (autogen-gate audit verify works on the store directly).',
      );
    const chainOnly = query(req, 'chainOnly') === 'true';
    const body: AuditVerificationView = verificationView(await evidence.verify({ chainOnly }));
    res.setHeader('cache-control', 'no-store');
    res.json(body);
  });
}
