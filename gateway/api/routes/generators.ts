/** `GET /api/v1/generators`: what the caller may run (running one: routes/runs.ts). */
import express, { type Router } from 'express';
import type { GatewayConfig } from '../../config/types.js';
import type { PolicyEngine } from '../../policy/engine.js';
import { inspectComponents } from '../../upstreams/studio/components.js';
import type { GeneratorList, GeneratorSummary } from '../wire.js';

export function generatorsRouter(config: GatewayConfig, policy: PolicyEngine): Router {
  const router = express.Router();
  // The same inspection a run gets: a generator whose team executes code is decided as such.
  const executesCode = new Map(
    [...config.generators.values()].map((generator) => [generator.name, inspectComponents(generator.team ?? {}).executesCode]),
  );

  router.get('/', (req, res) => {
    const identity = req.identity;
    if (!identity) throw new Error('identity middleware missing');
    const generators: GeneratorSummary[] = [];
    for (const generator of config.generators.values()) {
      const decision = policy.decide(identity, {
        kind: 'generator',
        name: generator.name,
        codeExecution: executesCode.get(generator.name) === true,
      });
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

  return router;
}
