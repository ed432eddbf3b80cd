/**
 * `POST /api/v1/generators/{name}/runs`: a generator from the policy file runs on its upstream.
 * The gate runs the steps; this entry resolves the generator, reads and validates its input,
 * inspects its team for code execution, holds it for approval when a rule says so (the approval
 * later resumes it at `forward`, through `execute`), runs it with a deadline and masks the result.
 */
import { performance } from 'node:perf_hooks';
import type { Request } from 'express';
import type { GatewayConfig, GeneratorConfig } from '../../config/types.js';
import { GateError } from '../../errors.js';
import type { BodyBudget } from '../../http/bodyBudget.js';
import { readInspectedBody } from '../../http/requestBody.js';
import { bearerToken } from '../../identity/middleware.js';
import { principalOf, type Identity } from '../../identity/types.js';
import type { Logger } from '../../observability/logger.js';
import type { GatewayMetrics } from '../../observability/metrics.js';
import { createAdapter, type GeneratorAdapter, type GeneratorOutput } from '../../proxy/generatorAdapters.js';
import { upstreamFailure } from '../../proxy/upstreamErrors.js';
import type { PendingMaskingEvent, SessionStart } from '../../recording/sessionRecorder.js';
import type { PolicyDecision } from '../../policy/engine.js';
import type { MaskingProfiles } from '../../runs/maskingProfiles.js';
import { InputValidator } from '../../runs/inputValidation.js';
import type { Store } from '../../store/types.js';
import type { GovernanceService } from '../../governance/service.js';
import { unknownNameMessage } from '../../closestNames.js';
import { inspectComponents } from '../../upstreams/studio/components.js';
import { runView } from '../../api/views.js';
import type { RunResultView, RunView } from '../../api/wire.js';
import { newExchange, recordablePath, type Exchange } from '../exchange.js';
import type { Entry, Gate } from '../gate.js';

export interface RunState {
  readonly name: string;
  readonly req: Request | undefined;
  input?: Readonly<Record<string, unknown>>;
  /** Who made it run when it is not the requester (the approver of a held run). */
  actor?: string;
  output?: GeneratorOutput;
  result?: RunResultView;
  /** What the caller gets when a step answered (held: 202). */
  view?: RunView;
  forwardedAt?: string;
  began?: number;
}

/** What a held run records and seals: its session start, and the exact input approvers decide on. */
export interface HoldRequest {
  readonly session: Omit<SessionStart, 'status'> & { readonly identity: Identity };
  readonly generator: GeneratorConfig;
  readonly input: Readonly<Record<string, unknown>>;
  readonly decision: PolicyDecision;
}

/** Holds a run for approval: records it pending and answers its view (202). */
export type RunHold = (request: HoldRequest) => Promise<RunView>;

export interface RunEntryOptions {
  readonly config: GatewayConfig;
  readonly masking: MaskingProfiles;
  readonly store: Store;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  /** Body bytes held across calls (server.bodyBytesInFlight): a run's input holds its bytes while it is read and parsed. */
  readonly bodies?: BodyBudget | undefined;
  /** Held runs (the approvals service); absent, approval-required runs are refused. */
  readonly hold: RunHold | undefined;
  /** Aborted when the gateway shuts down, cancelling runs in flight. */
  readonly shutdownSignal: AbortSignal;
  /** The governance state of personal-data generators (absent: rules alone decide). */
  readonly governance?: GovernanceService | undefined;
}

/** A held run the approvals service executes once approved. */
export interface ApprovedRun {
  readonly sessionId: string;
  readonly generator: GeneratorConfig;
  readonly input: Readonly<Record<string, unknown>>;
  readonly identity: Identity;
  readonly requestId: string;
  readonly actor: string;
}

function prefixed(prefix: string, events: readonly PendingMaskingEvent[]): PendingMaskingEvent[] {
  return events.map((event) => ({ ...event, location: `${prefix}${event.location.startsWith('/') ? '' : ':'}${event.location}` }));
}

export class GeneratorRunEntry implements Entry<RunState> {
  readonly kind = 'run';
  private readonly adapters = new Map<string, GeneratorAdapter>();
  private readonly validator: InputValidator;

  constructor(
    private readonly gate: Gate,
    private readonly options: RunEntryOptions,
  ) {
    this.validator = new InputValidator(options.config.generators.values());
    for (const upstream of options.config.upstreams.values()) {
      if (upstream.type !== 'openai') this.adapters.set(upstream.name, createAdapter(upstream));
    }
  }

  /** Runs a generator for a request: its view, held (202) or finished. */
  async start(req: Request, name: string): Promise<RunView> {
    const x = newExchange<RunState>({
      entry: 'run',
      requestId: req.requestId,
      method: req.method,
      path: recordablePath(req.originalUrl),
      client: req.ip ?? 'unknown',
      credential: bearerToken(req.headers.authorization),
      state: { name, req },
    });
    await this.gate.pass(this, x);
    req.decision = x.decision?.effect;
    return x.state.view ?? (await this.finalView(x));
  }

  /** Executes an approved run: the request path resumes at `forward`. */
  async execute(run: ApprovedRun): Promise<RunView> {
    const x = newExchange<RunState>({
      entry: 'run',
      requestId: run.requestId,
      method: 'POST',
      path: `/api/v1/generators/${run.generator.name}/runs`,
      client: 'gateway',
      credential: undefined,
      state: { name: run.generator.name, req: undefined, input: run.input, actor: run.actor },
    });
    x.identity = run.identity;
    x.generator = run.generator;
    x.upstream = this.options.config.upstreams.get(run.generator.upstream);
    x.sessionId = run.sessionId;
    await this.gate.pass(this, x, 'forward');
    return this.finalView(x);
  }

  route(x: Exchange<RunState>): void {
    const generator = this.options.config.generators.get(x.state.name);
    if (!generator) {
      const known = [...this.options.config.generators.keys()];
      throw new GateError(
        'not_found',
        404,
        `${unknownNameMessage('generator', x.state.name, known)} GET /api/v1/generators lists those you may run.`,
      );
    }
    x.generator = generator;
    x.upstream = this.options.config.upstreams.get(generator.upstream);
  }

  async parse(x: Exchange<RunState>): Promise<void> {
    const generator = generatorOf(x);
    const req = x.state.req;
    if (!req) throw new Error('parse without a request');
    // Run inputs are small beside answers; they hold their bytes only while read and parsed.
    const hold = this.options.bodies?.open();
    try {
      const body = await readInspectedBody(req, {
        limitBytes: this.options.config.server.bodyLimitBytes,
        acceptText: false,
        acceptRaw: false,
        accepts: 'JSON (application/json): { "input": { ... } }',
        hold,
      });
      x.state.input = this.validator.validate(generator, body.kind === 'json' ? body.value : {});
    } finally {
      hold?.release();
    }
  }

  async inspect(x: Exchange<RunState>): Promise<void> {
    const generator = generatorOf(x);
    // Registered or not at all: a personal-data generator runs only as owned, pinned and attested.
    if (generator.personalData && this.options.governance) x.governance = await this.options.governance.forGenerator(generator.name);
    const team = inspectComponents(generator.team ?? {});
    x.evidence.push(...team.evidence);
    x.policyTarget = { kind: 'generator', name: generator.name, codeExecution: team.executesCode };
    const input = x.state.input ?? {};
    const text = JSON.stringify(input);
    if (generator.masking === undefined) {
      x.recordedRequest = { contentType: 'application/json', bytes: Buffer.byteLength(text), body: input };
      return;
    }
    const masked = await this.options.masking.masker(generator.masking).maskJsonAsync(input);
    x.recordedRequest = { contentType: 'application/json', bytes: Buffer.byteLength(text), body: masked.value };
    x.requestEvents.push(...prefixed('input', masked.events));
  }

  async hold(x: Exchange<RunState>): Promise<void> {
    const hold = this.options.hold;
    if (!hold) {
      throw new GateError(
        'approval_required',
        403,
        `Running ${generatorOf(x).name} requires an approval (rule ${x.decision?.ruleId ?? '?'}), which this gateway cannot collect.`,
        {
          publicFields: { ruleId: x.decision?.ruleId ?? null },
        },
      );
    }
    if (!x.decision) throw new Error('hold before authorize');
    x.state.view = await hold({
      session: this.gate.sessionStart(x),
      generator: generatorOf(x),
      input: x.state.input ?? {},
      decision: x.decision,
    });
    x.settled = true;
  }

  async forward(x: Exchange<RunState>): Promise<void> {
    const generator = generatorOf(x);
    const upstream = x.upstream;
    const adapter = upstream ? this.adapters.get(upstream.name) : undefined;
    if (!upstream || !adapter || !x.identity) throw new Error(`generator ${generator.name} has no runnable upstream`);
    x.state.forwardedAt = new Date().toISOString();
    x.state.began = performance.now();
    const signal = AbortSignal.any([AbortSignal.timeout(upstream.timeoutMs), this.options.shutdownSignal]);
    try {
      x.state.output = await adapter.run(generator, x.state.input ?? {}, {
        userId: principalOf(x.identity),
        requestId: x.requestId,
        signal,
      });
    } catch (error) {
      const failure = upstreamFailure(upstream.name, error);
      this.options.metrics.upstreamDuration.observe({ upstream: upstream.name, outcome: failure.code }, this.elapsed(x) / 1000);
      x.outcome = {
        status: 'failed',
        httpStatus: failure.status,
        forwardedAt: x.state.forwardedAt,
        upstreamMs: this.elapsed(x),
        error: { code: failure.code, message: failure.message },
        actor: x.state.actor,
      };
      throw new GateError(failure.code, failure.status, failure.message, {
        cause: failure,
        detail: failure.detail,
        publicFields: { ...failure.publicFields, runId: x.sessionId ?? null },
      });
    }
    this.options.metrics.upstreamDuration.observe({ upstream: upstream.name, outcome: 'ok' }, this.elapsed(x) / 1000);
  }

  async mask(x: Exchange<RunState>): Promise<void> {
    const generator = generatorOf(x);
    const output = x.state.output;
    if (!output) throw new Error('mask before forward');
    const timing = { forwardedAt: x.state.forwardedAt, upstreamMs: this.elapsed(x), upstreamStatus: output.upstreamStatus };
    let result: RunResultView;
    let events: PendingMaskingEvent[];
    try {
      ({ result, events } = await this.maskResult(generator, output));
    } catch (error) {
      this.options.logger.error({ requestId: x.requestId, sessionId: x.sessionId, err: error }, 'masking failed; the result is withheld');
      const failure = new GateError('masking_failed', 500, 'The result could not be checked for personal data, so it was withheld.', {
        cause: error,
        publicFields: { runId: x.sessionId ?? null },
      });
      x.outcome = {
        status: 'failed',
        httpStatus: 500,
        ...timing,
        error: { code: failure.code, message: failure.message },
        actor: x.state.actor,
      };
      throw failure;
    }
    x.state.result = result;
    const body = JSON.stringify(result);
    x.outcome = {
      target: { generator: generator.name, upstream: generator.upstream, kind: 'run' },
      status: 'succeeded',
      httpStatus: 200,
      response: { contentType: 'application/json', bytes: Buffer.byteLength(body), body: result },
      maskingProfile: generator.masking,
      events,
      actor: x.state.actor,
      ...timing,
    };
  }

  respond(): void {
    // The route answers with the run as recorded (routes/runs.ts).
  }

  private async maskResult(
    generator: GeneratorConfig,
    output: GeneratorOutput,
  ): Promise<{ result: RunResultView; events: PendingMaskingEvent[] }> {
    const raw: RunResultView = { format: generator.output, text: output.text, messages: output.messages };
    if (generator.masking === undefined) return { result: raw, events: [] };
    const masker = this.options.masking.masker(generator.masking);
    // A long report is masked in slices, so other requests keep moving meanwhile.
    const text = await masker.maskTextAsync(output.text);
    const messages: Array<{ message: { source: string; content: string }; events: PendingMaskingEvent[] }> = [];
    for (const [index, message] of output.messages.entries()) {
      const content = await masker.maskTextAsync(message.content);
      messages.push({
        message: { source: message.source, content: content.value },
        events: prefixed(`result:/messages/${index}/content`, content.events),
      });
    }
    return {
      result: { format: generator.output, text: text.value, messages: messages.map((m) => m.message) },
      events: [...prefixed('result:/text', text.events), ...messages.flatMap((m) => m.events)],
    };
  }

  private elapsed(x: Exchange<RunState>): number {
    return performance.now() - (x.state.began ?? performance.now());
  }

  /** The run as the store now has it; a run recorded "metadata only" still hands its caller the result. */
  private async finalView(x: Exchange<RunState>): Promise<RunView> {
    if (!x.sessionId) throw new Error('a run finished without a session');
    const session = await this.options.store.getSession(x.sessionId);
    if (!session) throw new Error(`session ${x.sessionId} vanished after completion`);
    const view = runView(session);
    return view.result === undefined && x.state.result !== undefined ? { ...view, result: x.state.result } : view;
  }
}

function generatorOf(x: Exchange<RunState>): GeneratorConfig {
  if (!x.generator) throw new Error('a step ran before route');
  return x.generator;
}
