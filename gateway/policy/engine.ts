/**
 * Policy decisions: ordered rules, first match wins, default deny. Every decision names the rule
 * that made it (recorded with the session); `explain` says why each rule did or did not match,
 * which is what `autogen-gate policy check` prints.
 */
import type { ApprovalRequirement, Decision, RuleConfig } from '../config/types.js';
import type { Identity } from '../identity/types.js';

/** What a request asks to reach, and what the gateway could see of it. */
export interface PolicyTarget {
  readonly kind: 'generator' | 'upstream';
  readonly name: string;
  /** The model a model-API request names. */
  readonly model?: string | undefined;
  /** An AutoGen run whose team can execute code (a risky run). */
  readonly codeExecution?: boolean | undefined;
}

/** Rule id of the implicit last rule. */
export const DEFAULT_DENY_RULE = 'default-deny';

export interface PolicyDecision {
  readonly effect: Decision;
  readonly ruleId: string;
  /** Present when effect is `approval`. */
  readonly approval: ApprovalRequirement | undefined;
  /** One sentence: why this rule decided. */
  readonly reason: string;
}

export interface RuleEvaluation {
  readonly ruleId: string;
  readonly matched: boolean;
  /** Why it matched, or the first condition that failed. */
  readonly why: string;
}

export interface PolicyExplanation {
  readonly decision: PolicyDecision;
  readonly evaluations: readonly RuleEvaluation[];
}

export type PolicySubject = Pick<Identity, 'subject' | 'issuerId' | 'kind' | 'groups' | 'claims'>;

/** A rule's `*` pattern (claims, models) as a regular expression over the whole value. */
export function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/** Claim names the rules test: identities keep them (besides each issuer's recordClaims), so a record shows what a rule matched on. */
export function ruleClaimNames(rules: readonly RuleConfig[]): string[] {
  return [...new Set(rules.flatMap((rule) => Object.keys(rule.when.claims ?? {})))];
}

interface CompiledRule {
  readonly rule: RuleConfig;
  readonly claims: ReadonlyArray<readonly [string, readonly RegExp[]]>;
  readonly models: readonly RegExp[] | undefined;
}

/** A claim by its dotted path (`repository`, `realm_access.roles`). */
export function claimValue(claims: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export class PolicyEngine {
  private readonly rules: readonly CompiledRule[];

  constructor(rules: readonly RuleConfig[]) {
    this.rules = rules.map((rule) => ({
      rule,
      claims: Object.entries(rule.when.claims ?? {}).map(([name, values]) => [name, values.map(globToRegExp)] as const),
      models: rule.models?.map(globToRegExp),
    }));
  }

  /** The rules, in the order they are tried. */
  get ruleConfigs(): readonly RuleConfig[] {
    return this.rules.map((compiled) => compiled.rule);
  }

  decide(subject: PolicySubject, target: PolicyTarget): PolicyDecision {
    for (const compiled of this.rules) {
      if (this.evaluate(compiled, subject, target) === undefined) return this.decisionOf(compiled.rule, target);
    }
    return this.defaultDeny(target);
  }

  explain(subject: PolicySubject, target: PolicyTarget): PolicyExplanation {
    const evaluations: RuleEvaluation[] = [];
    let decision: PolicyDecision | undefined;
    for (const compiled of this.rules) {
      const failure = this.evaluate(compiled, subject, target);
      if (failure === undefined && decision === undefined) {
        decision = this.decisionOf(compiled.rule, target);
        evaluations.push({ ruleId: compiled.rule.id, matched: true, why: decision.reason });
      } else {
        evaluations.push({ ruleId: compiled.rule.id, matched: false, why: failure ?? 'not reached: an earlier rule decided' });
      }
    }
    return { decision: decision ?? this.defaultDeny(target), evaluations };
  }

  /** Whether the rule's targets (names, models, code execution) cover the target; else why not. */
  private coverage({ rule, models }: CompiledRule, target: PolicyTarget): string | undefined {
    const names = target.kind === 'generator' ? rule.generators : rule.upstreams;
    if (names === undefined || !(names.includes('*') || names.includes(target.name))) {
      return `does not cover ${target.kind} ${target.name}`;
    }
    if (models !== undefined && (target.model === undefined || !models.some((pattern) => pattern.test(target.model ?? '')))) {
      return target.model === undefined ? 'covers model requests only' : `does not cover model ${target.model}`;
    }
    if (rule.codeExecution !== undefined && rule.codeExecution !== (target.codeExecution === true)) {
      return rule.codeExecution ? 'covers runs whose team executes code only' : 'covers runs whose team does not execute code only';
    }
    return undefined;
  }

  /** Returns undefined when the rule matches, else the first reason it does not. */
  private evaluate(compiled: CompiledRule, subject: PolicySubject, target: PolicyTarget): string | undefined {
    const uncovered = this.coverage(compiled, target);
    if (uncovered !== undefined) return uncovered;
    const { rule, claims } = compiled;
    const when = rule.when;
    if (when.groups !== undefined && !when.groups.some((group) => subject.groups.includes(group))) {
      return `caller is in none of the groups ${when.groups.join(', ')}`;
    }
    if (when.issuers !== undefined && !when.issuers.includes(subject.issuerId)) {
      return `token issuer ${subject.issuerId} is not one of ${when.issuers.join(', ')}`;
    }
    if (when.kinds !== undefined && !when.kinds.includes(subject.kind)) {
      return `caller is a ${subject.kind}, rule needs ${when.kinds.join(' or ')}`;
    }
    if (when.subjects !== undefined && !when.subjects.includes(subject.subject)) {
      return `subject ${subject.subject} is not listed`;
    }
    for (const [name, patterns] of claims) {
      const value = claimValue(subject.claims, name);
      if (typeof value !== 'string' || !patterns.some((pattern) => pattern.test(value))) {
        return `claim ${name} is ${value === undefined ? 'absent' : JSON.stringify(value)}, which does not match`;
      }
    }
    return undefined;
  }

  private decisionOf(rule: RuleConfig, target: PolicyTarget): PolicyDecision {
    const verb = rule.decision === 'allow' ? 'allows' : rule.decision === 'deny' ? 'denies' : 'requires approval for';
    return {
      effect: rule.decision,
      ruleId: rule.id,
      approval: rule.approval,
      reason: `rule ${rule.id} ${verb} ${target.kind} ${target.name}${target.model ? ` for model ${target.model}` : ''}${target.codeExecution ? ' for a team that executes code' : ''}${rule.description ? ` (${rule.description})` : ''}`,
    };
  }

  private defaultDeny(target: PolicyTarget): PolicyDecision {
    return {
      effect: 'deny',
      ruleId: DEFAULT_DENY_RULE,
      approval: undefined,
      reason: `no rule allows ${target.kind} ${target.name}: denied by default`,
    };
  }
}
