/**
 * What a denied caller reads: what was refused, by which rule and why, and what would let them
 * through (a group, an approval), so the answer says what to do next.
 */
import type { Identity } from '../identity/types.js';
import type { PolicyDecision, PolicyEngine, PolicyTarget } from '../policy/engine.js';

function describeTarget(target: PolicyTarget): string {
  const what = target.kind === 'generator' ? `run generator ${target.name}` : `call upstream ${target.name}`;
  return `${what}${target.model ? ` with model ${target.model}` : ''}${target.codeExecution ? ' with a team that executes code' : ''}`;
}

export function denialMessage(policy: PolicyEngine, identity: Identity, target: PolicyTarget, decision: PolicyDecision, evidence: readonly string[]): string {
  const because = decision.ruleId === 'default-deny' ? 'no rule allows it' : `rule ${decision.ruleId} denies it`;
  const found = evidence.length > 0 ? ` The gateway found: ${evidence.slice(0, 3).join('; ')}.` : '';
  const hint = policy.wouldAllow(identity, target);
  return `Policy does not let you ${describeTarget(target)}: ${because}.${found}${hint ? ` ${hint}` : ''}`;
}
