/**
 * One recorded call decided again under a policy: the steps of the request path that decide
 * (route, parse, inspect, authorize) replayed on what the session recorded, namely the caller as
 * verified then, the generator or upstream reached, what inspection found (model, code
 * execution, a Studio run's start frame) and a run's input as recorded (masked). Authorization
 * goes through the gate's own decision (pipeline/authorization.ts), so a draft is judged by the
 * code that would enforce it.
 */
import type { AuditEntry } from '../audit/chain.js';
import type { Decision, GatewayConfig } from '../config/types.js';
import { GateError } from '../errors.js';
import { authorizationOf } from '../pipeline/authorization.js';
import type { EntryKind, RecordedTarget } from '../pipeline/exchange.js';
import { PolicyEngine, ruleClaimNames, type PolicyTarget } from '../policy/engine.js';
import { InputValidator } from '../runs/inputValidation.js';
import { inspectComponents } from '../upstreams/studio/components.js';
import type { RecordedCall } from './types.js';
import { tighten } from '../governance/assessment.js';
import type { GovernanceReaders, GovernanceService } from '../governance/service.js';

/** A policy file, loaded and ready to decide. */
export interface PolicyUnderTest {
  readonly config: GatewayConfig;
  readonly engine: PolicyEngine;
  readonly validator: InputValidator;
  /** Claim names identities keep under this policy, per issuer id (its recordClaims and the rules' claims). */
  readonly keptClaims: ReadonlyMap<string, ReadonlySet<string>>;
  /** The governance of this policy's registry over the store's directory and records (absent: rules alone decide). */
  readonly governance: GovernanceService | undefined;
}

export function policyUnderTest(config: GatewayConfig, governance?: GovernanceService): PolicyUnderTest {
  const ruled = ruleClaimNames(config.rules);
  return {
    config,
    engine: new PolicyEngine(config.rules),
    validator: new InputValidator(config.generators.values()),
    keptClaims: new Map(config.identity.issuers.map((issuer) => [issuer.id, new Set([...issuer.recordClaims, ...ruled])])),
    governance,
  };
}

/**
 * A replayed generator run tightened as the request path's inspect step would: by the state its
 * generator has under `policy`'s registry (pinned definition, owner, attestation), read from the
 * directory and governance records as they are now. Runs of generators that touch no personal
 * data, and other calls, are left as they were decided.
 */
export async function governed(
  policy: PolicyUnderTest,
  call: RecordedCall,
  facts: RecordedFacts,
  decision: ReplayedDecision,
  readers: GovernanceReaders,
): Promise<ReplayedDecision> {
  if (!policy.governance || facts.entry !== 'run' || decision.step !== 'authorize') return decision;
  const generator = policy.config.generators.get(call.generator ?? '');
  if (!generator?.personalData) return decision;
  const assessment = await policy.governance.forGenerator(generator.name, readers);
  const tightened = tighten(
    { effect: decision.effect, ruleId: decision.ruleId, reason: decision.reason, approval: undefined },
    assessment,
    policy.config.governance,
  );
  if (tightened.ruleId === decision.ruleId && tightened.effect === decision.effect) return decision;
  return { ...decision, effect: tightened.effect, ruleId: tightened.ruleId, reason: tightened.reason };
}

/** What the session's audit entries say inspection found when policy was asked. */
export interface RecordedFacts {
  readonly entry: EntryKind;
  /** The model a model-API request named (masked as recorded); undefined when none or not recorded. */
  readonly model: string | undefined;
  readonly codeExecution: boolean;
  /** A Studio run socket's first checked start frame: whether its team executes code. */
  readonly start: { readonly codeExecution: boolean } | undefined;
  /** False for sessions recorded before the gateway recorded its inspection: facts derived from the record. */
  readonly recorded: boolean;
}

/** The step of the request path that decided. */
export type ReplayStep = 'route' | 'parse' | 'authorize';

export interface ReplayedDecision {
  readonly effect: Decision;
  readonly ruleId: string;
  readonly reason: string;
  readonly step: ReplayStep;
  /** The policy target as authorized (absent when a step before authorize refused). */
  readonly target: PolicyTarget | undefined;
}

const RUN_SOCKET = /\/api\/ws\/runs\//;

function recordedTargetOf(value: unknown): RecordedTarget | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const target = value as Partial<RecordedTarget>;
  if ((target.kind !== 'generator' && target.kind !== 'upstream') || typeof target.name !== 'string') return undefined;
  if (target.entry !== 'run' && target.entry !== 'proxy' && target.entry !== 'stream') return undefined;
  return target as RecordedTarget;
}

/** The facts of one session from its deciding audit entries (in chain order). */
export function factsOf(call: RecordedCall, entries: readonly AuditEntry[]): RecordedFacts {
  const started = entries.find((entry) => entry.type === 'session.started' || entry.type === 'policy.denied');
  const target = recordedTargetOf(started?.data['target']);
  const startEntry = entries.find(
    (entry) =>
      entry.type === 'stream.start_checked' ||
      (entry.type === 'stream.frame_refused' && entry.data['type'] === 'start' && typeof entry.data['codeExecution'] === 'boolean'),
  );
  const start = startEntry ? { codeExecution: startEntry.data['codeExecution'] === true } : undefined;
  if (target) {
    return { entry: target.entry, model: target.model ?? undefined, codeExecution: target.codeExecution, start, recorded: true };
  }
  // Recorded before targets were: inspection's evidence is there whenever it found code execution.
  const evidence = started?.data['evidence'];
  const found = Array.isArray(evidence) && evidence.some((line) => typeof line === 'string' && !line.startsWith('governance:'));
  const entry: EntryKind = call.kind === 'run' ? 'run' : RUN_SOCKET.test(call.path) || start ? 'stream' : 'proxy';
  return { entry, model: undefined, codeExecution: entry === 'stream' ? false : found, start, recorded: false };
}

export interface ReplayOptions {
  /** Check a run's recorded input against the policy's input schema (parse). */
  readonly validateInput: boolean;
}

function refusal(step: ReplayStep, reason: string): ReplayedDecision {
  return { effect: 'deny', ruleId: `gateway:${step}`, reason, step, target: undefined };
}

function authorized(policy: PolicyUnderTest, call: RecordedCall, target: PolicyTarget): ReplayedDecision {
  const decision = authorizationOf(policy.engine, call.identity, target);
  return { effect: decision.effect, ruleId: decision.ruleId, reason: decision.reason, step: 'authorize', target };
}

/** What `policy` decides for the recorded call. */
export function replayCall(policy: PolicyUnderTest, call: RecordedCall, facts: RecordedFacts, options: ReplayOptions): ReplayedDecision {
  const { config } = policy;
  if (facts.entry === 'run') {
    const generator = config.generators.get(call.generator ?? '');
    if (!generator) return refusal('route', `the policy defines no generator ${call.generator ?? '?'}`);
    if (options.validateInput && call.input !== undefined) {
      try {
        policy.validator.validate(generator, { input: structuredClone(call.input) });
      } catch (error) {
        if (!(error instanceof GateError)) throw error;
        return refusal('parse', `the recorded input is refused: ${error.message}`);
      }
    }
    const codeExecution = inspectComponents(generator.team ?? {}).executesCode;
    return authorized(policy, call, { kind: 'generator', name: generator.name, codeExecution });
  }
  const upstream = config.upstreams.get(call.upstream);
  if (!upstream) return refusal('route', `the policy defines no upstream ${call.upstream}`);
  if (facts.entry === 'stream') {
    if (upstream.type !== 'autogen-studio') return refusal('route', `upstream ${upstream.name} is not an AutoGen Studio runtime`);
    // The socket is decided as it opens, and again on its start frame, where the team is known.
    const opened = authorized(policy, call, { kind: 'upstream', name: upstream.name, codeExecution: false });
    if (opened.effect === 'deny' || !facts.start) return opened;
    return authorized(policy, call, { kind: 'upstream', name: upstream.name, codeExecution: facts.start.codeExecution });
  }
  return authorized(policy, call, { kind: 'upstream', name: upstream.name, model: facts.model, codeExecution: facts.codeExecution });
}

/**
 * Claims the policy's rules (up to the deciding one) test that were not kept for this caller
 * when the session was recorded: where they matter, the replay cannot know the outcome.
 */
export function unkeptClaims(policy: PolicyUnderTest, kept: PolicyUnderTest, call: RecordedCall, decidingRuleId: string): string[] {
  const keptNames = kept.keptClaims.get(call.identity.issuerId) ?? new Set<string>();
  const missing = new Set<string>();
  for (const rule of policy.config.rules) {
    for (const name of Object.keys(rule.when.claims ?? {})) {
      if (!keptNames.has(name) && !(name.split('.')[0]! in call.identity.claims)) missing.add(name);
    }
    if (rule.id === decidingRuleId) break;
  }
  return [...missing];
}
