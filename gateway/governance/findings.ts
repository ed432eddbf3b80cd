/**
 * What a session's audit entry records of governance: the state of what ran (definition hash,
 * owner, attestation), each violation with its action and reason, and what the rule alone had
 * decided, so the record shows when governance tightened a decision and why.
 */
import type { PolicyDecision } from '../policy/engine.js';
import type { Assessment } from './assessment.js';

export function governanceFindings(assessment: Assessment, ruled: PolicyDecision, decided: PolicyDecision): Record<string, unknown> {
  return {
    governance: {
      subject: assessment.subject,
      generators: assessment.generators.map((generator) => ({
        generator: generator.generator,
        definitionHash: generator.definition.hash,
        definition: generator.definition.status,
        owner: generator.owner?.person ?? null,
        ownerStatus: generator.owner?.status ?? null,
        attestation: generator.attestation.status,
      })),
      violations: assessment.violations.map((violation) => ({
        kind: violation.kind,
        action: violation.action,
        message: violation.message,
      })),
      ...(decided.ruleId === ruled.ruleId
        ? {}
        : { tightened: { from: { effect: ruled.effect, ruleId: ruled.ruleId }, to: decided.effect } }),
    },
  };
}
