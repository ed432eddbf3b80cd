/**
 * Generator runs, end to end: validate the input, ask the policy, record the session before
 * anything leaves, run on the upstream with a deadline, mask the result, record it, answer.
 * `execute` is also what an approval calls to run a held request.
 */
import { performance } from 'node:perf_hooks';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { GateError } from '../errors.js';
import type { GatewayConfig, GeneratorConfig, UpstreamConfig } from '../config/types.js';
import { principalOf, type Identity } from '../identity/types.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { PolicyDecision, PolicyEngine } from '../policy/engine.js';
import { createAdapter, taskFields, type GeneratorAdapter, type GeneratorOutput } from '../proxy/generatorAdapters.js';
import { upstreamFailure } from '../proxy/upstreamErrors.js';
import type { PendingMaskingEvent, SessionRecorder, SessionStart } from '../recording/sessionRecorder.js';
import type { RecordedPayload, Store } from '../store/types.js';
import { runView } from '../api/views.js';
import type { RunResultView, RunView } from '../api/wire.js';
import type { MaskingProfiles } from './maskingProfiles.js';
import { inputErrorMessage } from './inputErrors.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** A run request as the HTTP layer hands it over. */
export interface RunStart {
  readonly identity: Identity;
  readonly generator: string;
  readonly body: unknown;
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
}

/** Context for a run that policy says must wait for approval. */
export interface HoldRequest {
  readonly start: RunStart;
  readonly generator: GeneratorConfig;
  readonly input: Readonly<Record<string, unknown>>;
  readonly decision: PolicyDecision;
  readonly recordedInput: MaskedPayload;
}

/** What every run session records at its start: who asked, for which generator, how, under which decision, with the masked input. */
export function runSessionStart(
  start: RunStart,
  generator: GeneratorConfig,
  decision: PolicyDecision,
  input: MaskedPayload,
): Omit<SessionStart, 'status'> {
  return {
    kind: 'run',
    requestId: start.requestId,
    identity: start.identity,
    generator: generator.name,
    upstream: generator.upstream,
    method: start.method,
    path: start.path,
    decision,
    request: input.payload,
    requestEvents: input.events,
  };
}

/** Holds a run for approval; installed by the approvals module. */
export type ApprovalHold = (request: HoldRequest) => Promise<RunView>;

export interface MaskedPayload {
  readonly payload: RecordedPayload;
  readonly events: readonly PendingMaskingEvent[];
}

export interface RunServiceOptions {
  readonly config: GatewayConfig;
  readonly policy: PolicyEngine;
  readonly recorder: SessionRecorder;
  readonly store: Store;
  readonly masking: MaskingProfiles;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  /** Aborted when the gateway shuts down, cancelling runs in flight. */
  readonly shutdownSignal: AbortSignal;
}

function prefixed(prefix: string, events: ReadonlyArray<Omit<PendingMaskingEvent, never>>): PendingMaskingEvent[] {
  return events.map((event) => ({ ...event, location: `${prefix}${event.location.startsWith('/') ? '' : ':'}${event.location}` }));
}

export class RunService {
  private readonly adapters = new Map<string, GeneratorAdapter>();
  private readonly validators = new Map<string, ValidateFunction>();
  private hold: ApprovalHold | undefined;

  constructor(private readonly options: RunServiceOptions) {
    const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true });
    addFormats(ajv);
    for (const generator of options.config.generators.values()) {
      if (generator.input !== undefined) this.validators.set(generator.name, ajv.compile(generator.input));
      const upstream = this.upstreamOf(generator);
      if (!this.adapters.has(upstream.name)) this.adapters.set(upstream.name, createAdapter(upstream));
    }
  }

  /** Lets the approvals module take over approval-required runs. */
  setApprovalHold(hold: ApprovalHold): void {
    this.hold = hold;
  }

  generator(name: string): GeneratorConfig {
    const generator = this.options.config.generators.get(name);
    if (!generator) throw new GateError('not_found', 404, `There is no generator named ${JSON.stringify(name.slice(0, 80))}.`);
    return generator;
  }

  async start(start: RunStart): Promise<RunView> {
    const generator = this.generator(start.generator);
    const input = this.validateInput(generator, start.body);
    const decision = this.options.policy.decide(start.identity, { kind: 'generator', name: generator.name });
    const recordedInput = this.maskInput(generator, input);

    if (decision.effect === 'deny') {
      const error = new GateError('denied_by_policy', 403, `Policy does not let you run ${generator.name} (rule ${decision.ruleId}).`, {
        publicFields: { ruleId: decision.ruleId },
      });
      await this.recordRefusal(start, generator, decision, recordedInput, 'denied', error);
      throw error;
    }
    if (decision.effect === 'approval') {
      if (this.hold) return this.hold({ start, generator, input, decision, recordedInput });
      const error = new GateError(
        'approval_required',
        403,
        `Running ${generator.name} requires an approval, which this gateway cannot collect yet (rule ${decision.ruleId}).`,
        {
          publicFields: { ruleId: decision.ruleId },
        },
      );
      await this.recordRefusal(start, generator, decision, recordedInput, 'denied', error);
      throw error;
    }

    const sessionId = await this.options.recorder.begin({
      ...runSessionStart(start, generator, decision, recordedInput),
      status: 'running',
    });
    return this.execute({
      sessionId,
      generator,
      input,
      identity: start.identity,
      requestId: start.requestId,
      priorEvents: recordedInput.events.length,
    });
  }

  /** Runs a recorded session on its upstream, masks and records the result. */
  async execute(run: {
    readonly sessionId: string;
    readonly generator: GeneratorConfig;
    readonly input: Readonly<Record<string, unknown>>;
    readonly identity: Identity;
    readonly requestId: string;
    readonly priorEvents: number;
    /** Who triggered the execution when it is not the requester (an approver). */
    readonly actor?: string;
  }): Promise<RunView> {
    const { recorder, metrics } = this.options;
    const upstream = this.upstreamOf(run.generator);
    const adapter = this.adapters.get(upstream.name);
    if (!adapter) throw new Error(`no adapter for upstream ${upstream.name}`);
    const forwardedAt = new Date().toISOString();
    const began = performance.now();
    const target = { generator: run.generator.name, upstream: upstream.name, kind: 'run' as const };
    const signal = AbortSignal.any([AbortSignal.timeout(upstream.timeoutMs), this.options.shutdownSignal]);

    let output: GeneratorOutput;
    try {
      output = await adapter.run(run.generator, run.input, { userId: principalOf(run.identity), requestId: run.requestId, signal });
    } catch (error) {
      const failure = upstreamFailure(upstream.name, error);
      metrics.upstreamDuration.observe({ upstream: upstream.name, outcome: failure.code }, (performance.now() - began) / 1000);
      await recorder.complete(run.sessionId, {
        target,
        status: 'failed',
        httpStatus: failure.status,
        forwardedAt,
        upstreamMs: performance.now() - began,
        error: { code: failure.code, message: failure.message },
        actor: run.actor,
      });
      throw new GateError(failure.code, failure.status, failure.message, {
        cause: failure,
        detail: failure.detail,
        publicFields: { ...failure.publicFields, runId: run.sessionId },
      });
    }
    const upstreamMs = performance.now() - began;
    metrics.upstreamDuration.observe({ upstream: upstream.name, outcome: 'ok' }, upstreamMs / 1000);

    let result: RunResultView;
    let events: PendingMaskingEvent[];
    try {
      ({ result, events } = this.maskResult(run.generator, output));
    } catch (error) {
      this.options.logger.error(
        { requestId: run.requestId, sessionId: run.sessionId, err: error },
        'masking failed; the result is withheld',
      );
      const failure = new GateError('masking_failed', 500, 'The result could not be checked for personal data, so it was withheld.', {
        cause: error,
        publicFields: { runId: run.sessionId },
      });
      await recorder.complete(run.sessionId, {
        target,
        status: 'failed',
        httpStatus: 500,
        upstreamStatus: output.upstreamStatus,
        forwardedAt,
        upstreamMs,
        error: { code: failure.code, message: failure.message },
        actor: run.actor,
      });
      throw failure;
    }

    const body = JSON.stringify(result);
    await recorder.complete(
      run.sessionId,
      {
        target,
        status: 'succeeded',
        httpStatus: 200,
        upstreamStatus: output.upstreamStatus,
        response: { contentType: 'application/json', bytes: Buffer.byteLength(body), body: result },
        forwardedAt,
        upstreamMs,
        maskingProfile: run.generator.masking,
        events,
        actor: run.actor,
      },
      run.priorEvents,
    );
    const session = await this.options.store.getSession(run.sessionId);
    if (!session) throw new Error(`session ${run.sessionId} vanished after completion`);
    // A generator recorded "metadata only" has no body in the store; the caller still gets it.
    const view = runView(session);
    return view.result === undefined ? { ...view, result } : view;
  }

  /** Masks the input for the record (the upstream still gets the original). */
  maskInput(generator: GeneratorConfig, input: Readonly<Record<string, unknown>>): MaskedPayload {
    const text = JSON.stringify(input);
    if (generator.masking === undefined)
      return { payload: { contentType: 'application/json', bytes: Buffer.byteLength(text), body: input }, events: [] };
    const masked = this.options.masking.masker(generator.masking).maskJson(input);
    return {
      payload: { contentType: 'application/json', bytes: Buffer.byteLength(text), body: masked.value },
      events: prefixed('input', masked.events),
    };
  }

  private maskResult(generator: GeneratorConfig, output: GeneratorOutput): { result: RunResultView; events: PendingMaskingEvent[] } {
    const raw: RunResultView = { format: generator.output, text: output.text, messages: output.messages };
    if (generator.masking === undefined) return { result: raw, events: [] };
    const masker = this.options.masking.masker(generator.masking);
    const text = masker.maskText(output.text);
    const messages = output.messages.map((message, index) => {
      const content = masker.maskText(message.content);
      return {
        message: { source: message.source, content: content.value },
        events: prefixed(`result:/messages/${index}/content`, content.events),
      };
    });
    return {
      result: { format: generator.output, text: text.value, messages: messages.map((m) => m.message) },
      events: [...prefixed('result:/text', text.events), ...messages.flatMap((m) => m.events)],
    };
  }

  private async recordRefusal(
    start: RunStart,
    generator: GeneratorConfig,
    decision: PolicyDecision,
    input: MaskedPayload,
    status: 'denied',
    error: GateError,
  ): Promise<void> {
    await this.options.recorder.begin({
      ...runSessionStart(start, generator, decision, input),
      status,
      httpStatus: error.status,
      error: { code: error.code, message: error.message },
    });
  }

  private validateInput(generator: GeneratorConfig, body: unknown): Readonly<Record<string, unknown>> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new GateError('bad_request', 400, 'The body must be a JSON object: { "input": { ... } }.');
    }
    const input = (body as { input?: unknown }).input ?? {};
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new GateError('bad_request', 400, '"input" must be a JSON object.');
    }
    const record = input as Record<string, unknown>;
    const validate = this.validators.get(generator.name);
    if (validate && !validate(record))
      throw new GateError('bad_request', 400, inputErrorMessage(generator.name, generator.input, record, validate.errors ?? []));
    const missing = taskFields(generator.task).filter((field) => record[field] === undefined);
    if (missing.length > 0) {
      throw new GateError(
        'bad_request',
        400,
        `Generator ${generator.name} needs input field${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`,
      );
    }
    return record;
  }

  private upstreamOf(generator: GeneratorConfig): UpstreamConfig {
    const upstream = this.options.config.upstreams.get(generator.upstream);
    if (!upstream) throw new Error(`generator ${generator.name} names unknown upstream ${generator.upstream}`);
    return upstream;
  }
}
