/**
 * `GET /api/v1/register?from=&to=&format=json|csv|html` (auditors): the register of processing
 * operations (LGPD Art. 37) for a period (default: the last 30 days). JSON is the signed
 * document, byte for byte; CSV and HTML are views of it (the page embeds it). Every export is
 * recorded in the audit chain.
 */
import type { Router } from 'express';
import type { AccessConfig } from '../../config/types.js';
import { GateError } from '../../errors.js';
import { parsePeriod, PeriodError } from '../../evidence/period.js';
import { principalOf } from '../../identity/types.js';
import type { RegisterService } from '../../register/service.js';
import { isAuditor } from '../access.js';
import { fileStamp, query } from './evidence.js';

const DEFAULT_FROM = '30d';

export function registerRoutes(router: Router, register: RegisterService, access: AccessConfig, clock: () => Date): void {
  router.get('/register', async (req, res) => {
    if (!req.identity) throw new Error('identity middleware missing');
    const identity = req.identity;
    if (!isAuditor(access, identity))
      throw new GateError(
        'forbidden',
        403,
        `Only auditors (${access.auditors.join(', ') || 'no group configured'}) may export the register of processing operations.`,
      );
    const format = query(req, 'format') ?? 'json';
    if (format !== 'json' && format !== 'csv' && format !== 'html')
      throw new GateError('bad_request', 400, 'Query parameter format must be json, csv or html.');
    let period;
    try {
      period = parsePeriod(query(req, 'from') ?? DEFAULT_FROM, query(req, 'to'), clock());
    } catch (error) {
      if (error instanceof PeriodError) throw new GateError('bad_request', 400, `${error.message}.`);
      throw error;
    }
    const { issued } = await register.export(period, principalOf(identity));
    const name = `register-${fileStamp(period.from)}-${fileStamp(period.to)}`;
    res.setHeader('x-register-id', issued.manifest.id);
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-disposition', `attachment; filename="${name}.${format}"`);
    if (format === 'html') res.type('text/html; charset=utf-8').send(await register.page(issued));
    else if (format === 'csv') res.type('text/csv; charset=utf-8').send(register.csv(issued));
    // The exact bytes that were signed: a client must store them as they are.
    else res.type('application/json').send(issued.text);
  });
}
