/**
 * What would let a caller through: for a (subject, target) the policy denies, the rules that
 * would allow it or hold it for approval, and what the caller lacks for each ("rule
 * customer-report-privacy-approval would hold it for approval by one member of privacy-office if
 * you were in data-engineers"). Used by denial messages, `GET /api/v1/generators?include=denied`
 * and `autogen-gate policy check`.
 *
 * A rule only counts if the policy would really reach it: the caller is given what the rule asks
 * for and the whole policy is asked again, so a rule shadowed by an earlier deny is never offered.
 */
import type { ApprovalRequirement, RuleConditions } from '../config/types.js';
import { describeQuorum } from '../approvals/quorum.js';
import {
  claimValue,
  DEFAULT_DENY_RULE,
  globToRegExp,
  type PolicyDecision,
  type PolicyEngine,
  type PolicySubject,
  type PolicyTarget,
} from './engine.js';

/** One condition of a rule the caller does not meet; any one of `anyOf` would meet it. */
export interface CallerRequirement {
  readonly condition: 'groups' | 'issuers' | 'kinds' | 'subjects' | 'claim';
  /** For `claim`: the claim's (dotted) name. */
  readonly claim?: string;
  /** Group names, issuer ids, kinds, subjects, or claim patterns (`*` matches anything). */
  readonly anyOf: readonly string[];
}

export interface PolicyRemedy {
  readonly ruleId: string;
  readonly effect: 'allow' | 'approval';
  readonly approval: ApprovalRequirement | undefined;
  /** What the caller lacks, every item needed. */
  readonly lacks: readonly CallerRequirement[];
  /** One phrase: "rule R would allow it if you were in G". */
  readonly text: string;
}

function either(values: readonly string[]): string {
  return values.length <= 1 ? (values[0] ?? '') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1] ?? ''}`;
}

function requirementText(requirement: CallerRequirement): string {
  switch (requirement.condition) {
    case 'groups':
      return `you were in ${either(requirement.anyOf)}`;
    case 'issuers':
      return `your token came from issuer ${either(requirement.anyOf)}`;
    case 'kinds':
      return `you were a ${either(requirement.anyOf)}`;
    case 'subjects':
      return `you were ${either(requirement.anyOf)}`;
    case 'claim':
      return `your token's ${requirement.claim ?? ''} claim were ${either(requirement.anyOf)}`;
  }
}

function remedyText(
  ruleId: string,
  effect: 'allow' | 'approval',
  approval: ApprovalRequirement | undefined,
  lacks: readonly CallerRequirement[],
) {
  const outcome = effect === 'allow' || !approval ? 'allow it' : `hold it for approval by ${describeQuorum(approval)}`;
  return `rule ${ruleId} would ${outcome} if ${lacks.map(requirementText).join(' and ')}`;
}

function withClaim(claims: Readonly<Record<string, unknown>>, path: string, value: string): Record<string, unknown> {
  const [head = '', ...rest] = path.split('.');
  const inner = claims[head];
  return {
    ...claims,
    [head]:
      rest.length === 0
        ? value
        : withClaim(typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : {}, rest.join('.'), value),
  };
}

/** The caller changed to meet every condition of `when` but its groups, and what changed. */
function meetConditions(when: RuleConditions, subject: PolicySubject): { subject: PolicySubject; lacks: CallerRequirement[] } {
  let changed: PolicySubject = subject;
  const lacks: CallerRequirement[] = [];
  if (when.issuers && !when.issuers.includes(changed.issuerId)) {
    lacks.push({ condition: 'issuers', anyOf: when.issuers });
    changed = { ...changed, issuerId: when.issuers[0] ?? changed.issuerId };
  }
  if (when.kinds && !when.kinds.includes(changed.kind)) {
    lacks.push({ condition: 'kinds', anyOf: when.kinds });
    changed = { ...changed, kind: when.kinds[0] ?? changed.kind };
  }
  if (when.subjects && !when.subjects.includes(changed.subject)) {
    lacks.push({ condition: 'subjects', anyOf: when.subjects });
    changed = { ...changed, subject: when.subjects[0] ?? changed.subject };
  }
  for (const [name, patterns] of Object.entries(when.claims ?? {})) {
    const value = claimValue(changed.claims, name);
    if (typeof value === 'string' && patterns.some((pattern) => globToRegExp(pattern).test(value))) continue;
    lacks.push({ condition: 'claim', claim: name, anyOf: patterns });
    changed = { ...changed, claims: withClaim(changed.claims, name, (patterns[0] ?? '').replaceAll('*', 'x')) };
  }
  return { subject: changed, lacks };
}

/**
 * The rules that would allow or hold `target` for `subject` if the caller met their conditions,
 * fewest changes first (group memberships before other changes), each reachable under the
 * whole policy. Empty when nothing a caller could gain would help.
 */
export function remediesFor(policy: PolicyEngine, subject: PolicySubject, target: PolicyTarget): PolicyRemedy[] {
  const current = policy.decide(subject, target).ruleId;
  const remedies: Array<PolicyRemedy & { order: number }> = [];
  policy.ruleConfigs.forEach((rule, order) => {
    if (rule.decision === 'deny' || rule.id === current) return;
    const met = meetConditions(rule.when, subject);
    const reaches = (candidate: PolicySubject): boolean => policy.decide(candidate, target).ruleId === rule.id;
    const groups = rule.when.groups;
    let lacks = met.lacks;
    if (groups && !groups.some((group) => subject.groups.includes(group))) {
      const joinable = groups.filter((group) => reaches({ ...met.subject, groups: [...met.subject.groups, group] }));
      if (joinable.length === 0) return;
      lacks = [{ condition: 'groups', anyOf: joinable }, ...lacks];
    } else if (lacks.length === 0 || !reaches(met.subject)) {
      return;
    }
    remedies.push({
      ruleId: rule.id,
      effect: rule.decision,
      approval: rule.approval,
      lacks,
      text: remedyText(rule.id, rule.decision, rule.approval, lacks),
      order,
    });
  });
  const groupsOnly = (remedy: PolicyRemedy): number => (remedy.lacks.every((lack) => lack.condition === 'groups') ? 0 : 1);
  return remedies
    .sort((a, b) => a.lacks.length - b.lacks.length || groupsOnly(a) - groupsOnly(b) || a.order - b.order)
    .map(({ order: _order, ...remedy }) => remedy);
}

function targetText(target: PolicyTarget): string {
  if (target.kind === 'generator') return `run ${target.name}`;
  return `call upstream ${target.name}${target.model ? ` with model ${target.model}` : ''}${target.codeExecution ? ' for a team that executes code' : ''}`;
}

/** How many remedies a denial message offers; `policy check` lists them all. */
const OFFERED = 2;

/** What the denied caller could do: the best remedies, or whom to ask. */
export function denialHint(remedies: readonly PolicyRemedy[]): string {
  if (remedies.length === 0) return 'No rule would let you; ask the owners of the policy for one that covers you.';
  const offered = remedies.slice(0, OFFERED).map((remedy) => remedy.text);
  const text = offered.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/**
 * The message of a policy refusal, naming the deciding rule once: "Policy does not let you run
 * customer-report: rule customer-report-data-engineers-only denies it (Nobody else runs the
 * customer report). Rule customer-report-privacy-approval would hold it for approval by one
 * member of privacy-office if you were in data-engineers."
 */
export function denialMessage(
  policy: PolicyEngine,
  subject: PolicySubject,
  target: PolicyTarget,
  decision: PolicyDecision = policy.decide(subject, target),
): string {
  const rule = policy.ruleConfigs.find((candidate) => candidate.id === decision.ruleId);
  const why =
    decision.ruleId === DEFAULT_DENY_RULE || !rule
      ? 'no rule allows it, so it is denied by default'
      : `rule ${rule.id} denies it${rule.description ? ` (${rule.description})` : ''}`;
  return `Policy does not let you ${targetText(target)}: ${why}. ${denialHint(remediesFor(policy, subject, target))}`;
}
