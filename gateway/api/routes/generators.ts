/**
 * `GET /api/v1/generators`: what the caller may run (and with `?include=denied`, what the policy
 * refuses and what would change that). Running one: routes/runs.ts.
 */
import express, { type Router } from 'express';
import { describeQuorum } from '../../approvals/quorum.js';
import type { GatewayConfig, GeneratorConfig } from '../../config/types.js';
import { GateError } from '../../errors.js';
import type { PolicyDecision, PolicyEngine } from '../../policy/engine.js';
import { denialHint, remediesFor, type PolicyRemedy } from '../../policy/remedies.js';
import { inspectComponents } from '../../upstreams/studio/components.js';
import type { GeneratorList, GeneratorSummary } from '../wire.js';

function includeDenied(value: unknown): boolean {
  if (value === undefined || value === '') return false;
  if (value === 'denied') return true;
  throw new GateError(
    'bad_request',
    400,
    'Query parameter include takes one value: denied (also list what the policy refuses you, and why).',
  );
}

/** A generator as the caller sees it under `decision`; denied ones carry what would let the caller through. */
function summaryOf(generator: GeneratorConfig, decision: PolicyDecision, remedies: readonly PolicyRemedy[]): GeneratorSummary {
  const denied = decision.effect === 'deny';
  return {
    name: generator.name,
    description: generator.description,
    upstream: generator.upstream,
    personalData: generator.personalData,
    requiresApproval: decision.effect === 'approval',
    approvers: decision.approval?.approvers ?? [],
    output: generator.output,
    // What a denied generator takes is of no use to the caller.
    input: denied ? undefined : generator.input,
    decision: decision.effect,
    ruleId: decision.ruleId,
    ...(decision.approval ? { hint: `Runs wait for approval by ${describeQuorum(decision.approval)}.` } : {}),
    ...(denied
      ? {
          hint: denialHint(remedies),
          remedies: remedies.map((remedy) => ({
            ruleId: remedy.ruleId,
            effect: remedy.effect,
            approvers: remedy.approval?.approvers ?? [],
            lacks: remedy.lacks,
            text: remedy.text,
          })),
        }
      : {}),
  };
}

export function generatorsRouter(config: GatewayConfig, policy: PolicyEngine): Router {
  const router = express.Router();
  // The same inspection a run gets: a generator whose team executes code is decided as such.
  const executesCode = new Map(
    [...config.generators.values()].map((generator) => [generator.name, inspectComponents(generator.team ?? {}).executesCode]),
  );

  router.get('/', (req, res) => {
    const identity = req.identity;
    if (!identity) throw new Error('identity middleware missing');
    const withDenied = includeDenied(req.query['include']);
    const generators: GeneratorSummary[] = [];
    for (const generator of config.generators.values()) {
      const target = { kind: 'generator', name: generator.name, codeExecution: executesCode.get(generator.name) === true } as const;
      const decision = policy.decide(identity, target);
      if (decision.effect === 'deny' && !withDenied) continue;
      generators.push(summaryOf(generator, decision, decision.effect === 'deny' ? remediesFor(policy, identity, target) : []));
    }
    const body: GeneratorList = { generators };
    res.json(body);
  });

  return router;
}
