/**
 * What a policy simulation reports: every recorded call the draft would decide differently from
 * the policy in force (allowed now, denied or held by the draft; denied now, allowed; held now,
 * allowed or denied), with the deciding rule in each policy, and the counts per transition, per
 * rule and per target. The builder adds replayed calls one by one, so a busy month is counted
 * without holding its sessions.
 */
import type { Decision } from '../config/types.js';
import type { ReplayedDecision } from './replay.js';
import type { RecordedCall } from './types.js';

export interface DecisionView {
  readonly effect: Decision;
  readonly ruleId: string;
  readonly reason: string;
}

/** One recorded call in the report: who, when, what it reached, and what each policy decides. */
export interface SimulatedCall {
  readonly id: string;
  readonly at: string;
  readonly who: {
    readonly subject: string;
    readonly issuerId: string;
    readonly name: string | null;
    readonly kind: string;
    readonly groups: readonly string[];
  };
  readonly target: {
    readonly kind: 'generator' | 'upstream';
    readonly name: string;
    readonly model: string | null;
    readonly codeExecution: boolean;
    /** An AutoGen Studio run socket (decided as it opens and on its start frame). */
    readonly stream: boolean;
  };
  /** What the gateway decided when the call was made, under the policy version then in force. */
  readonly recorded: { readonly effect: Decision; readonly ruleId: string; readonly policyVersion: string };
  readonly current: DecisionView;
  readonly draft: DecisionView;
  /** Why the replay may not match what the draft would really do (claims not recorded, masked input…). */
  readonly notes: readonly string[];
}

export interface TransitionCount {
  readonly from: Decision;
  readonly to: Decision;
  readonly count: number;
}

/** A rule of either policy: the calls it decides in each, and the changed calls it decides. */
export interface RuleCount {
  readonly ruleId: string;
  /** Calls this rule decides under the policy in force, and under the draft. */
  readonly current: number;
  readonly draft: number;
  /** Changed calls it decides now (they move away from it), and under the draft (they move to it). */
  readonly changedFrom: number;
  readonly changedTo: number;
}

export interface TargetCount {
  readonly kind: 'generator' | 'upstream';
  readonly name: string;
  readonly replayed: number;
  readonly changed: number;
  /** Changed calls by transition, `allow→deny`. */
  readonly transitions: Readonly<Record<string, number>>;
}

export interface SimulationReport {
  readonly generatedAt: string;
  readonly current: { readonly path: string; readonly version: string };
  readonly draft: { readonly path: string; readonly version: string };
  readonly period: { readonly from: string; readonly to: string };
  readonly generator: string | null;
  readonly sessions: {
    /** Sessions recorded in the period (of the generator, when one is named). */
    readonly total: number;
    readonly replayed: number;
    /** Refused before policy was asked (unknown route, unreadable request, not the caller's record): nothing to replay. */
    readonly refusedBeforePolicy: number;
    /** Replayed sessions that the policy in force now decides otherwise than the gateway did then (an earlier policy version). */
    readonly recordedDiffers: number;
    /** Sessions recorded before the gateway recorded inspection facts: model and code execution derived from the record. */
    readonly derivedFacts: number;
  };
  /** Calls whose decision (allow, deny, approval) the draft changes. */
  readonly changed: number;
  /** Calls decided the same way by another rule. */
  readonly sameEffectOtherRule: number;
  readonly transitions: readonly TransitionCount[];
  readonly rules: readonly RuleCount[];
  readonly targets: readonly TargetCount[];
  /** Every changed call, oldest first (up to `limit`; `changed` says how many there are). */
  readonly changes: readonly SimulatedCall[];
  /** Unchanged calls whose replay is uncertain (see `notes`), oldest first (up to `limit`). */
  readonly uncertain: readonly SimulatedCall[];
  readonly uncertainCount: number;
}

export function transitionKey(from: Decision, to: Decision): string {
  return `${from}→${to}`;
}

interface MutableRule {
  current: number;
  draft: number;
  changedFrom: number;
  changedTo: number;
}

interface MutableTarget {
  readonly kind: 'generator' | 'upstream';
  readonly name: string;
  replayed: number;
  changed: number;
  readonly transitions: Record<string, number>;
}

export interface ReportHeader {
  readonly generatedAt: string;
  readonly current: SimulationReport['current'];
  readonly draft: SimulationReport['draft'];
  readonly period: SimulationReport['period'];
  readonly generator: string | null;
  /** Calls listed at most, per list; counts are always complete. */
  readonly limit: number;
}

export class ReportBuilder {
  private total = 0;
  private replayed = 0;
  private refusedBeforePolicy = 0;
  private recordedDiffers = 0;
  private derivedFacts = 0;
  private sameEffectOtherRule = 0;
  private uncertainCount = 0;
  private readonly transitions = new Map<string, TransitionCount>();
  private readonly rules = new Map<string, MutableRule>();
  private readonly targets = new Map<string, MutableTarget>();
  private readonly changes: SimulatedCall[] = [];
  private readonly uncertain: SimulatedCall[] = [];
  private changed = 0;

  constructor(private readonly header: ReportHeader) {}

  /** A session refused before policy was asked. */
  skip(): void {
    this.total++;
    this.refusedBeforePolicy++;
  }

  add(
    call: RecordedCall,
    current: ReplayedDecision,
    draft: ReplayedDecision,
    facts: { stream: boolean; derived: boolean },
    notes: string[],
  ): void {
    this.total++;
    this.replayed++;
    if (facts.derived) this.derivedFacts++;
    if (current.effect !== call.decision || current.ruleId !== call.ruleId) this.recordedDiffers++;
    this.rule(current.ruleId).current++;
    this.rule(draft.ruleId).draft++;
    const target = current.target ?? draft.target;
    const kind = target?.kind ?? (call.kind === 'run' ? 'generator' : 'upstream');
    const name = target?.name ?? call.generator ?? call.upstream;
    const key = `${kind}:${name}`;
    let counted = this.targets.get(key);
    if (!counted) this.targets.set(key, (counted = { kind, name, replayed: 0, changed: 0, transitions: {} }));
    counted.replayed++;
    const changed = current.effect !== draft.effect;
    if (!changed && current.ruleId !== draft.ruleId) this.sameEffectOtherRule++;
    if (!changed && notes.length === 0) return;
    const simulated = simulatedCall(call, current, draft, { kind, name, stream: facts.stream, target }, notes);
    if (!changed) {
      this.uncertainCount++;
      if (this.uncertain.length < this.header.limit) this.uncertain.push(simulated);
      return;
    }
    this.changed++;
    const transition = transitionKey(current.effect, draft.effect);
    const known = this.transitions.get(transition);
    this.transitions.set(transition, { from: current.effect, to: draft.effect, count: (known?.count ?? 0) + 1 });
    this.rule(current.ruleId).changedFrom++;
    this.rule(draft.ruleId).changedTo++;
    counted.changed++;
    counted.transitions[transition] = (counted.transitions[transition] ?? 0) + 1;
    if (this.changes.length < this.header.limit) this.changes.push(simulated);
  }

  build(): SimulationReport {
    const { limit: _limit, ...header } = this.header;
    return {
      ...header,
      sessions: {
        total: this.total,
        replayed: this.replayed,
        refusedBeforePolicy: this.refusedBeforePolicy,
        recordedDiffers: this.recordedDiffers,
        derivedFacts: this.derivedFacts,
      },
      changed: this.changed,
      sameEffectOtherRule: this.sameEffectOtherRule,
      transitions: [...this.transitions.values()].sort((a, b) => b.count - a.count),
      rules: [...this.rules.entries()]
        .map(([ruleId, counts]) => ({ ruleId, ...counts }))
        .sort((a, b) => b.changedFrom + b.changedTo - (a.changedFrom + a.changedTo) || a.ruleId.localeCompare(b.ruleId)),
      targets: [...this.targets.values()].sort((a, b) => b.changed - a.changed || a.name.localeCompare(b.name)),
      changes: this.changes,
      uncertain: this.uncertain,
      uncertainCount: this.uncertainCount,
    };
  }

  private rule(ruleId: string): MutableRule {
    let rule = this.rules.get(ruleId);
    if (!rule) this.rules.set(ruleId, (rule = { current: 0, draft: 0, changedFrom: 0, changedTo: 0 }));
    return rule;
  }
}

function view(decision: ReplayedDecision): DecisionView {
  return { effect: decision.effect, ruleId: decision.ruleId, reason: decision.reason };
}

function simulatedCall(
  call: RecordedCall,
  current: ReplayedDecision,
  draft: ReplayedDecision,
  target: { kind: 'generator' | 'upstream'; name: string; stream: boolean; target: ReplayedDecision['target'] },
  notes: string[],
): SimulatedCall {
  const { identity } = call;
  return {
    id: call.id,
    at: call.createdAt,
    who: {
      subject: identity.subject,
      issuerId: identity.issuerId,
      name: identity.name ?? identity.username ?? null,
      kind: identity.kind,
      groups: identity.groups,
    },
    target: {
      kind: target.kind,
      name: target.name,
      model: target.target?.model ?? null,
      codeExecution: target.target?.codeExecution === true,
      stream: target.stream,
    },
    recorded: { effect: call.decision, ruleId: call.ruleId, policyVersion: call.policyVersion },
    current: view(current),
    draft: view(draft),
    notes,
  };
}
