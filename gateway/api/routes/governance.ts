/**
 * Governance of one generator: `GET /api/v1/generators/{name}/governance` (its registration and
 * state, and what the caller may do about it), `POST …/ownership` (a member of the owner group or
 * an auditor takes ownership of an orphaned generator) and `POST …/attestation` (its owner
 * re-confirms it). Both changes answer the new state.
 */
import type { Request, Router } from 'express';
import type { GatewayConfig } from '../../config/types.js';
import { GateError } from '../../errors.js';
import type { GeneratorAssessment } from '../../governance/assessment.js';
import type { GovernanceService } from '../../governance/service.js';
import { governanceView } from '../../governance/views.js';
import type { Identity } from '../../identity/types.js';
import type { GeneratorGovernanceDetail } from '../wire.js';

function identityOf(req: Request): Identity {
  if (!req.identity) throw new Error('identity middleware missing');
  return req.identity;
}

function detail(config: GatewayConfig, assessment: GeneratorAssessment, caller: Identity): GeneratorGovernanceDetail {
  const generator = config.generators.get(assessment.generator);
  if (!generator) throw new GateError('not_found', 404, `No generator named ${assessment.generator}.`);
  return {
    generator: generator.name,
    description: generator.description,
    personalData: generator.personalData,
    governance: governanceView(config, generator, assessment, caller),
  };
}

export function governanceRoutes(router: Router, config: GatewayConfig, governance: GovernanceService): void {
  router.get('/generators/:name/governance', async (req, res) => {
    const name = String(req.params['name']);
    if (!config.generators.has(name)) throw new GateError('not_found', 404, `No generator named ${name}.`);
    res.json(detail(config, await governance.assessGenerator(name), identityOf(req)));
  });

  router.post('/generators/:name/ownership', async (req, res) => {
    const caller = identityOf(req);
    res.json(detail(config, await governance.takeOwnership(caller, String(req.params['name']), req.body as unknown), caller));
  });

  router.post('/generators/:name/attestation', async (req, res) => {
    const caller = identityOf(req);
    res.json(detail(config, await governance.attest(caller, String(req.params['name']), req.body as unknown), caller));
  });
}
