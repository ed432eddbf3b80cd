/**
 * The request path, declared once. Every way into the gateway — a generator run, the `/proxy`
 * pass-through, a Studio run WebSocket, an approved run executing later — goes through these
 * steps in this order, and an entry point only supplies how its protocol routes, parses,
 * inspects, holds, forwards and masks:
 *
 *   identify → limit → route → parse → inspect → authorize → hold → record → forward → mask → complete → respond
 *
 * So each guarantee lives in one step: nothing reaches an upstream without a verified identity
 * (identify), a policy decision made on what the gateway itself parsed and inspected
 * (parse, inspect, authorize), and a durable session (record, before forward); nothing comes back
 * unmasked (mask), and a whole answer leaves only once its record is durable (complete, before
 * respond; streams are recorded as they start and completed when they end). Refusals are recorded
 * here, in one place.
 */
import { performance } from 'node:perf_hooks';
import { BUILTIN_PROFILE } from '../masking/config.js';
import type { GatewayConfig } from '../config/types.js';
import { GateError, toGateError } from '../errors.js';
import { authenticate, type IdentityMiddlewareOptions } from '../identity/middleware.js';
import { principalOf } from '../identity/types.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { PolicyEngine } from '../policy/engine.js';
import type { GovernanceService } from '../governance/service.js';
import { governanceFindings } from '../governance/findings.js';
import { denialMessage } from '../policy/remedies.js';
import { type SessionRecorder, type SessionStart, type SessionTarget } from '../recording/sessionRecorder.js';
import type { MaskingProfiles } from '../runs/maskingProfiles.js';
import type { SessionStatus } from '../store/types.js';
import { authorizationOf } from './authorization.js';
import { RECORDED_MODEL_LIMIT, recordedTarget, sessionKindOf, type Exchange } from './exchange.js';
import { RateLimiter } from './rateLimiter.js';

export const REQUEST_PATH = [
  'identify',
  'limit',
  'route',
  'parse',
  'inspect',
  'authorize',
  'hold',
  'record',
  'forward',
  'mask',
  'complete',
  'respond',
] as const;
export type StepName = (typeof REQUEST_PATH)[number];

/** A check of a frame on an open connection (a Studio `start`): the same steps that decide, without a new session. */
export const FRAME_PATH = ['parse', 'inspect', 'authorize', 'hold', 'forward'] as const satisfies readonly StepName[];

/** What an entry point supplies: its protocol's part of each step. */
export interface Entry<S> {
  readonly kind: 'run' | 'proxy' | 'stream' | 'frame';
  /** Resolve what the call reaches (generator, upstream and route); 404 when nothing. */
  route(x: Exchange<S>): void | Promise<void>;
  /** Read the request strictly (400/413/415); nothing unparsed goes further. */
  parse(x: Exchange<S>): void | Promise<void>;
  /** Learn what policy needs (model, code execution, owner) and prepare the masked record. */
  inspect(x: Exchange<S>): void | Promise<void>;
  /** The decision is `approval`: hold the call (and settle the exchange), or refuse it. */
  hold(x: Exchange<S>): Promise<void>;
  /** Send the inspected request to the upstream. */
  forward(x: Exchange<S>): Promise<void>;
  /** Mask what came back (streams: and relay it as it is masked); sets `x.outcome`. */
  mask(x: Exchange<S>): Promise<void>;
  /** Hand a whole masked answer to the client, once its record is durable. */
  respond(x: Exchange<S>): void | Promise<void>;
}

export interface GateOptions {
  readonly config: GatewayConfig;
  readonly policy: PolicyEngine;
  readonly recorder: SessionRecorder;
  readonly masking: MaskingProfiles;
  readonly identity: IdentityMiddlewareOptions;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  /** Tightens a rule's decision by what governance found at inspect (absent: rules alone decide). */
  readonly governance?: GovernanceService | undefined;
}

/** One step as it ran: for the step-duration metric, and for tests that prove no entry skips one. */
export interface StepEvent {
  readonly entry: Entry<unknown>['kind'];
  readonly step: StepName;
  readonly requestId: string;
  readonly ms: number;
  readonly outcome: 'ok' | 'refused' | 'failed';
}

/** A step nobody listens to is not timed (timed in the loop itself: no second promise per step that waits). */
const NOT_TIMED = -1;

export class Gate {
  private readonly perIdentity: RateLimiter | undefined;
  private readonly perClient: RateLimiter | undefined;
  private readonly listeners = new Set<(event: StepEvent) => void>();

  constructor(readonly options: GateOptions) {
    const limits = options.config.limits;
    this.perIdentity = limits.perIdentity === undefined ? undefined : new RateLimiter(limits.perIdentity);
    this.perClient = limits.perClient === undefined ? undefined : new RateLimiter(limits.perClient);
  }

  /** Listens to every step of every call; returns how to stop listening. */
  onStep(listener: (event: StepEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs `x` through the request path (from `from`, when an approved run resumes at `forward`). */
  async pass<S>(entry: Entry<S>, x: Exchange<S>, from: StepName = 'identify'): Promise<void> {
    await this.walk(REQUEST_PATH, REQUEST_PATH.indexOf(from), entry, x, true);
  }

  /** Runs a frame through the deciding steps; the caller closes the connection on a refusal. */
  async check<S>(entry: Entry<S>, x: Exchange<S>): Promise<void> {
    await this.walk(FRAME_PATH, 0, entry, x, false);
  }

  /**
   * Runs `steps` from `from` until `x` is settled, each timed for the listeners in the loop itself
   * (no second promise per step that waits); `recordFailure`: a failing step's refusal is recorded.
   */
  private async walk<S>(steps: readonly StepName[], from: number, entry: Entry<S>, x: Exchange<S>, recordFailure: boolean): Promise<void> {
    for (let index = from; index < steps.length; index++) {
      if (x.settled) return;
      const step = steps[index] as StepName;
      const began = this.listeners.size > 0 ? performance.now() : NOT_TIMED;
      try {
        // Most steps finish without waiting: only those that do cost a promise and a turn.
        const pending = this.run(step, entry, x);
        if (pending) await pending;
        if (began !== NOT_TIMED) this.emit(step, entry, x, began, undefined);
      } catch (error) {
        if (began !== NOT_TIMED) this.emit(step, entry, x, began, error);
        if (recordFailure) await this.fail(step, x, error);
        throw error;
      }
    }
  }

  private emit<S>(step: StepName, entry: Entry<S>, x: Exchange<S>, began: number, error: unknown): void {
    const outcome: StepEvent['outcome'] = error === undefined ? 'ok' : toGateError(error).status < 500 ? 'refused' : 'failed';
    const event: StepEvent = { entry: entry.kind, step, requestId: x.requestId, ms: performance.now() - began, outcome };
    for (const listener of this.listeners) listener(event);
  }

  /** One step; a promise only when it has to wait. */
  private run<S>(step: StepName, entry: Entry<S>, x: Exchange<S>): void | Promise<void> {
    switch (step) {
      case 'identify':
        return this.identify(x);
      case 'limit':
        this.limit(x);
        return;
      case 'route':
        return entry.route(x);
      case 'parse':
        return entry.parse(x);
      case 'inspect':
        return entry.inspect(x);
      case 'authorize':
        this.authorize(x);
        return;
      case 'hold':
        return x.decision?.effect === 'approval' ? entry.hold(x) : undefined;
      case 'record':
        return this.record(entry, x);
      case 'forward':
        return entry.forward(x);
      case 'mask':
        return entry.mask(x);
      case 'complete':
        if (!x.sessionId || !x.outcome) throw new Error(`the ${entry.kind} entry finished without an outcome`);
        return this.options.recorder.complete(x.sessionId, { target: targetOf(x), ...x.outcome }, x.soFar);
      case 'respond':
        return entry.respond(x);
    }
  }

  private async identify<S>(x: Exchange<S>): Promise<void> {
    x.identity = await authenticate(this.options.identity, x.credential, {
      requestId: x.requestId,
      method: x.method,
      path: x.path,
      ip: x.client,
    });
  }

  private async record<S>(entry: Entry<S>, x: Exchange<S>): Promise<void> {
    const start: SessionStart = { ...this.sessionStart(x), status: 'running' };
    const { sessionId, soFar } = await this.options.recorder.started(start);
    x.sessionId = sessionId;
    // A stream's session gains events while it is open (a held start frame, approvers'
    // reasons): its completion reads what the session holds instead.
    if (entry.kind !== 'stream') x.soFar = soFar;
  }

  /** Per-client limits apply before anything else is spent; per-identity ones once the caller is known. */
  admitClient(client: string): void {
    const admission = this.perClient?.take(client);
    if (admission && !admission.ok) throw tooMany(admission.retryAfterSeconds, 'this address');
  }

  private limit<S>(x: Exchange<S>): void {
    if (!x.identity) throw new Error('limit before identify');
    const admission = this.perIdentity?.take(principalOf(x.identity));
    if (admission && !admission.ok) throw tooMany(admission.retryAfterSeconds, 'you');
  }

  private authorize<S>(x: Exchange<S>): void {
    if (!x.identity || !x.policyTarget) throw new Error('authorize before identify and inspect');
    const ruled = authorizationOf(this.options.policy, x.identity, x.policyTarget);
    const decision = this.options.governance?.tighten(ruled, x.governance) ?? ruled;
    x.decision = decision;
    if (x.governance?.enforced) {
      Object.assign(x.findings, governanceFindings(x.governance, ruled, decision));
      for (const violation of x.governance.violations)
        if (violation.action !== 'record') x.evidence.push(`governance: ${violation.message}`);
    }
    if (decision !== ruled && decision.effect === 'deny') {
      throw new GateError('denied_by_policy', 403, decision.reason, {
        publicFields: { ruleId: decision.ruleId, violations: (x.governance?.violations ?? []).map((v) => v.kind).join(',') },
      });
    }
    if (decision.effect === 'deny') {
      const found = x.evidence.length > 0 ? ` (The gateway found: ${x.evidence.slice(0, 3).join('; ')}.)` : '';
      throw new GateError('denied_by_policy', 403, `${denialMessage(this.options.policy, x.identity, x.policyTarget, decision)}${found}`, {
        publicFields: { ruleId: decision.ruleId },
      });
    }
  }

  /** What every session records at its start, built from the exchange. */
  sessionStart<S>(x: Exchange<S>): Omit<SessionStart, 'status'> {
    if (!x.identity) throw new Error('a session needs an identity');
    const masker = this.options.masking.masker(BUILTIN_PROFILE);
    const path = masker.maskText(x.path);
    const model = x.policyTarget?.model === undefined ? undefined : masker.maskText(x.policyTarget.model.slice(0, RECORDED_MODEL_LIMIT));
    return {
      kind: sessionKindOf(x.entry),
      requestId: x.requestId,
      identity: x.identity,
      generator: x.generator?.name,
      upstream: x.upstream?.name ?? x.generator?.upstream ?? '',
      method: x.method,
      path: path.value,
      decision: x.decision ?? { effect: 'deny', ruleId: 'gateway', approval: undefined, reason: 'refused before policy was asked' },
      request: x.recordedRequest,
      requestEvents: [
        ...path.events.map((event) => ({ ...event, location: `path:${event.location}` })),
        ...(model?.events ?? []).map((event) => ({ ...event, location: `model:${event.location}` })),
        ...x.requestEvents,
      ],
      findings: {
        ...x.findings,
        ...(x.policyTarget ? { target: recordedTarget(x.entry, x.policyTarget, model?.value) } : {}),
        ...(x.evidence.length > 0 ? { evidence: x.evidence.slice(0, 20) } : {}),
      },
    };
  }

  /**
   * The one place a refusal or failure is recorded. Before `record`: a session that says who tried
   * what and why it was refused (anonymous refusals were recorded by identify, rate refusals are
   * counted in metrics only, so a flood cannot fill the store). After: the session is completed
   * as failed, unless the entry already recorded how it ended.
   */
  private async fail<S>(step: StepName, x: Exchange<S>, error: unknown): Promise<void> {
    const failure = toGateError(error);
    if (failure.status === 429 || !x.identity) return;
    try {
      if (x.sessionId === undefined) {
        const refused = failure.status < 500;
        const status: SessionStatus = refused ? 'denied' : 'failed';
        const start = this.sessionStart(x);
        await this.options.recorder.begin({
          ...start,
          decision: x.decision ?? { ...start.decision, ruleId: `gateway:${step}` },
          status,
          httpStatus: failure.status,
          error: { code: failure.code, message: failure.message },
        });
      } else if (step !== 'complete' && step !== 'respond') {
        // The entry may have said how it ended (an upstream failure, withheld masking); else a generic failure.
        await this.options.recorder.complete(
          x.sessionId,
          {
            target: targetOf(x),
            ...(x.outcome ?? { status: 'failed', httpStatus: failure.status, error: { code: failure.code, message: failure.message } }),
          },
          x.soFar,
        );
      }
    } catch (recordError) {
      this.options.logger.error({ requestId: x.requestId, step, err: recordError }, 'could not record a refused or failed call');
    }
  }
}

/** What the session targets, so completing it does not read it back for the payload policy. */
function targetOf<S>(x: Exchange<S>): SessionTarget {
  return { generator: x.generator?.name, upstream: x.upstream?.name ?? x.generator?.upstream ?? '', kind: sessionKindOf(x.entry) };
}

function tooMany(retryAfterSeconds: number, who: string): GateError {
  return new GateError('rate_limited', 429, `Too many requests from ${who}; try again in ${retryAfterSeconds} s.`, {
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });
}
