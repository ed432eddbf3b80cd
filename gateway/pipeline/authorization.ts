/**
 * The authorize step's decision, in one place: the gate asks it for every call, and a policy
 * simulation asks it for every recorded call, so a draft policy is judged by the very code that
 * would enforce it.
 */
import type { PolicyDecision, PolicyEngine, PolicySubject, PolicyTarget } from '../policy/engine.js';

export function authorizationOf(policy: PolicyEngine, subject: PolicySubject, target: PolicyTarget): PolicyDecision {
  return policy.decide(subject, target);
}
