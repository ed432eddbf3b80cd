/** `/api/v1/generators`: what the caller may run, and running it. */
import express, { type Router } from 'express';
import type { GatewayConfig } from '../../config/types.js';
import { GateError } from '../../errors.js';
import type { PolicyEngine } from '../../policy/engine.js';
import type { RunService } from '../../runs/runService.js';
import type { GeneratorList, GeneratorSummary } from '../wire.js';

export function generatorsRouter(config: GatewayConfig, policy: PolicyEngine, runs: RunService): Router {
  const router = express.Router();

  router.get('/', (req, res) => {
    const identity = req.identity;
    if (!identity) throw new Error('identity middleware missing');
    const generators: GeneratorSummary[] = [];
    for (const generator of config.generators.values()) {
      const decision = policy.decide(identity, { kind: 'generator', name: generator.name });
      if (decision.effect === 'deny') continue;
      generators.push({
        name: generator.name,
        description: generator.description,
        upstream: generator.upstream,
        personalData: generator.personalData,
        requiresApproval: decision.effect === 'approval',
        approvers: decision.approval?.approvers ?? [],
        output: generator.output,
        input: generator.input,
        ruleId: decision.ruleId,
      });
    }
    const body: GeneratorList = { generators };
    res.json(body);
  });

  router.post('/:name/runs', async (req, res) => {
    const identity = req.identity;
    if (!identity) throw new Error('identity middleware missing');
    let run;
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
    res.setHeader('Location', run.links.self);
    res.status(run.status === 'pending_approval' ? 202 : 200).json(run);
  });

  return router;
}
