/**
 * `POST /api/v1/subjects/lookup` (auditors): where did this person's data pass through? The
 * values arrive in the body (never in a URL, which proxies and logs keep), serve only to compute
 * their HMACs, and the answer is the signed subject report. The look-up is recorded in the
 * audit log with the HMACs, never the values.
 */
import type { Request, Router } from 'express';
import type { AccessConfig } from '../../config/types.js';
import { GateError } from '../../errors.js';
import { principalOf } from '../../identity/types.js';
import { DETECTOR_IDS, type DetectorId } from '../../masking/index.js';
import { SubjectLookupError, type SubjectLookup, type SubjectValue } from '../../subjects/lookup.js';
import { isAuditor } from '../access.js';

const SHORTHANDS: ReadonlyArray<readonly [string, DetectorId]> = [
  ['cpf', 'cpf'],
  ['email', 'email'],
  ['name', 'name'],
  ['phone', 'phone'],
];
const MAX_VALUES = 20;

function valuesOf(body: unknown): { values: SubjectValue[]; reference: string | undefined } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new GateError('bad_request', 400, 'The body must be a JSON object, e.g. { "cpf": "…", "reference": "request 2026-113" }.');
  const record = body as Record<string, unknown>;
  const values: SubjectValue[] = [];
  for (const [key, detector] of SHORTHANDS) {
    const value = record[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length === 0 || value.length > 500)
      throw new GateError('bad_request', 400, `"${key}" must be a non-empty string.`);
    values.push({ detector, value });
  }
  const extra = record['values'];
  if (extra !== undefined) {
    if (!Array.isArray(extra)) throw new GateError('bad_request', 400, '"values" must be a list of { detector, value }.');
    for (const item of extra) {
      const detector = (item as { detector?: unknown } | null)?.detector;
      const value = (item as { value?: unknown } | null)?.value;
      if (typeof detector !== 'string' || !(DETECTOR_IDS as readonly string[]).includes(detector))
        throw new GateError('bad_request', 400, `each value needs a detector, one of ${DETECTOR_IDS.join(', ')}.`);
      if (typeof value !== 'string' || value.length === 0 || value.length > 500)
        throw new GateError('bad_request', 400, 'each value needs a non-empty string "value".');
      values.push({ detector: detector as DetectorId, value });
    }
  }
  if (values.length === 0) throw new GateError('bad_request', 400, 'Give at least one of cpf, email, name, phone or values.');
  if (values.length > MAX_VALUES) throw new GateError('bad_request', 400, `At most ${MAX_VALUES} values per look-up.`);
  const reference = record['reference'];
  if (reference !== undefined && (typeof reference !== 'string' || reference.length > 200))
    throw new GateError('bad_request', 400, '"reference" must be a string of at most 200 characters.');
  return { values, reference };
}

export function subjectRoutes(router: Router, lookup: () => SubjectLookup, access: AccessConfig): void {
  router.post('/subjects/lookup', async (req: Request, res) => {
    const identity = req.identity;
    if (!identity) throw new Error('identity middleware missing');
    if (!isAuditor(access, identity))
      throw new GateError('forbidden', 403, 'Only auditors (the privacy office) may look up a data subject.');
    const { values, reference } = valuesOf(req.body as unknown);
    try {
      const result = await lookup().find({ values, reference, actor: principalOf(identity), exported: true });
      res.setHeader('cache-control', 'no-store');
      res.setHeader('content-disposition', `attachment; filename="subject-report-${result.issued.manifest.id}.json"`);
      res.type('application/json').send(result.issued.text);
    } catch (error) {
      if (error instanceof SubjectLookupError) throw new GateError('bad_request', 400, `${error.message}.`);
      throw error;
    }
  });
}
