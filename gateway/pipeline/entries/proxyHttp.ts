/**
 * `/proxy/{upstream}/...`: existing AutoGen clients (Studio's UI, agents' model clients) pointed
 * at the gateway. The upstream's kind decides which routes exist and what is inspected
 * (gateway/upstreams/); the gate runs the steps; the response is masked on its way back (JSON
 * whole, event streams and text as they stream, with bounded memory) and anything the gateway
 * cannot read is withheld unless the upstream opted into raw pass-through.
 */
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { NextFunction, Request, Response } from 'express';
import type { GatewayConfig, UpstreamConfig } from '../../config/types.js';
import { GateError, toGateError } from '../../errors.js';
import { connectionListed, isForwardableResponseHeader } from '../../http/headers.js';
import type { BodyBudget, BodyHold } from '../../http/bodyBudget.js';
import { readInspectedBody, type InspectedBody } from '../../http/requestBody.js';
import { bearerToken } from '../../identity/middleware.js';
import type { Masker } from '../../masking/index.js';
import type { GatewayMetrics } from '../../observability/metrics.js';
import type { Forwarder } from '../../proxy/forwarder.js';
import { MaskingQueue } from '../../proxy/maskingQueue.js';
import { eventBytes, expectedEventBytes, gatewayEventBudget } from '../../recording/eventBudget.js';
import { bodyKindOf, decodedBody, maskJsonBody, StreamingBodyMasker } from '../../proxy/responseMasking.js';
import { upstreamFailure } from '../../proxy/upstreamErrors.js';
import type { MaskingProfiles } from '../../runs/maskingProfiles.js';
import type { SessionOutcome, SessionRecorder } from '../../recording/sessionRecorder.js';
import { sendError } from '../../api/errorHandler.js';
import { unknownNameMessage } from '../../closestNames.js';
import { httpKind } from '../../upstreams/http/kind.js';
import type { KindInspection, KindRequest, UpstreamKind } from '../../upstreams/kind.js';
import { openaiKind } from '../../upstreams/openai/kind.js';
import { canonicalTarget, type CanonicalTarget } from '../../upstreams/routes.js';
import { studioKind } from '../../upstreams/studio/kind.js';
import { newExchange, recordablePath, type Exchange } from '../exchange.js';
import type { Entry, Gate } from '../gate.js';

const KINDS: Readonly<Record<UpstreamConfig['type'], UpstreamKind>> = {
  'autogen-studio': studioKind,
  openai: openaiKind,
  http: httpKind,
};

interface ProxyState {
  readonly req: Request;
  readonly res: Response;
  /** This call's bytes in the budget of bodies in flight (server.bodyBytesInFlight). */
  readonly hold: BodyHold;
  /** Its masking events' heap, from before its answer is masked until it is recorded and sent (server.eventBytesInFlight). */
  readonly events: BodyHold;
  /** Aborted when the client goes away before its answer was sent. */
  readonly left: AbortSignal;
  kind?: UpstreamKind;
  target?: CanonicalTarget;
  request?: KindRequest;
  inspection?: KindInspection;
  response?: IncomingMessage;
  /** A whole masked answer, sent once its record is durable. */
  answer?: { readonly status: number; readonly body: string; readonly headers: () => void };
  forwardedAt?: string;
  began?: number;
}

export interface ProxyEntryOptions {
  readonly config: GatewayConfig;
  /** Records a long stream's masking events as it flows. */
  readonly recorder: SessionRecorder;
  readonly masking: MaskingProfiles;
  readonly forwarder: Forwarder;
  readonly metrics: GatewayMetrics;
  /** Body bytes held across calls (server.bodyBytesInFlight), shared with the other entries. */
  readonly bodies: BodyBudget;
}

function maskerOf(masking: MaskingProfiles, upstream: UpstreamConfig): Masker | undefined {
  return upstream.masking === undefined ? undefined : masking.masker(upstream.masking);
}

function serialise(body: InspectedBody): { body: Buffer | undefined; contentType: string | undefined } {
  switch (body.kind) {
    case 'none':
      return { body: undefined, contentType: undefined };
    case 'json':
      return { body: Buffer.from(JSON.stringify(body.value), 'utf8'), contentType: 'application/json' };
    case 'text':
      return { body: Buffer.from(body.text, 'utf8'), contentType: `${body.media.essence}; charset=utf-8` };
    case 'raw':
      return { body: body.raw, contentType: body.media?.essence };
  }
}

class ProxyEntry implements Entry<ProxyState> {
  readonly kind = 'proxy';
  /** Whole JSON answers are masked a few bytes' worth at a time (server.maskingBytes), the others wait their turn. */
  private readonly maskingQueue: MaskingQueue;
  /** The heap masking events hold until recorded (server.eventBytesInFlight). */
  readonly events: BodyBudget;

  constructor(private readonly options: ProxyEntryOptions) {
    this.maskingQueue = new MaskingQueue(options.config.server.masking, ({ running, waiting }) => {
      options.metrics.maskingJobs.set({ state: 'running' }, running);
      options.metrics.maskingJobs.set({ state: 'waiting' }, waiting);
    });
    this.events = gatewayEventBudget(options.config.server.events, options.metrics);
  }

  route(x: Exchange<ProxyState>): void {
    const { config } = this.options;
    const rest = x.state.req.url;
    const name = rest.slice(1).split(/[/?]/)[0] ?? '';
    const upstream = config.upstreams.get(name);
    if (!upstream) {
      throw new GateError('not_found', 404, unknownNameMessage('upstream', name, [...config.upstreams.keys()]));
    }
    x.upstream = upstream;
    const kind = KINDS[upstream.type];
    const target = canonicalTarget(rest.slice(name.length + 1) || '/');
    const route = kind.match(upstream, x.method, target.path);
    if (!route) {
      throw new GateError(
        'not_found',
        404,
        `Upstream ${upstream.name} (${upstream.type}) does not serve ${x.method} ${target.path.slice(0, 200)}. The gateway forwards only the routes it knows for this kind of upstream; to serve another, list it in upstreams.${upstream.name}.routes.`,
      );
    }
    x.state.kind = kind;
    x.state.target = target;
    x.state.request = {
      upstream,
      route,
      method: x.method,
      path: target.path,
      query: target.query,
      body: { kind: 'none' },
      identity: identityOf(x),
      masker: maskerOf(this.options.masking, upstream),
    };
  }

  async parse(x: Exchange<ProxyState>): Promise<void> {
    const { kind, request } = stateOf(x);
    const body = await readInspectedBody(x.state.req, {
      limitBytes: this.options.config.server.bodyLimitBytes,
      acceptText: kind.acceptsText,
      acceptRaw: request.upstream.uninspectable === 'passthrough',
      accepts: kind.accepts,
      hold: x.state.hold,
      signal: x.state.left,
    });
    x.state.request = { ...request, body };
  }

  async inspect(x: Exchange<ProxyState>): Promise<void> {
    const { kind, request } = stateOf(x);
    const inspection = await kind.inspect(request);
    x.state.inspection = inspection;
    x.policyTarget = {
      kind: 'upstream',
      name: request.upstream.name,
      model: inspection.model,
      codeExecution: inspection.codeExecution?.executesCode === true,
    };
    x.evidence.push(...(inspection.codeExecution?.evidence ?? []));
    Object.assign(x.findings, inspection.notes);
    x.recordedRequest = {
      contentType: x.state.req.headers['content-type'],
      bytes: 'bytes' in request.body ? request.body.bytes : 0,
      body: inspection.recorded ?? null,
    };
    x.requestEvents.push(...inspection.recordedEvents);
  }

  hold(x: Exchange<ProxyState>): Promise<void> {
    const decision = x.decision;
    throw new GateError(
      'approval_required',
      403,
      `Policy holds this call for approval by ${decision?.approval?.approvers.join(' or ') ?? 'approvers'} (rule ${decision?.ruleId ?? '?'}), which a plain HTTP call cannot wait for${x.evidence.length > 0 ? ` (${x.evidence.slice(0, 2).join('; ')})` : ''}. Run it as a generator, or start it over the run WebSocket, where it waits for the decision.`,
      { publicFields: { ruleId: decision?.ruleId ?? null } },
    );
  }

  async forward(x: Exchange<ProxyState>): Promise<void> {
    const { request, inspection } = stateOf(x);
    if (!inspection) throw new Error('forward before inspect');
    const query = inspection.query.toString();
    const { body, contentType } = serialise(inspection.body);
    x.state.forwardedAt = new Date().toISOString();
    x.state.began = performance.now();
    try {
      x.state.response = await this.options.forwarder.forward(request.upstream, x.state.req, x.state.res, {
        url: `${request.path}${query === '' ? '' : `?${query}`}`,
        contentType,
        body,
      });
    } catch (error) {
      this.observe(x, toGateError(error).code);
      throw upstreamFailure(request.upstream.name, error);
    }
    // The upstream answered, so the request was sent and recorded: its body is no longer needed
    // here, and its bytes go back to the budget for the answer's (and other calls') to use.
    x.state.request = { ...request, body: NO_BODY };
    x.state.inspection = { ...inspection, body: NO_BODY, recorded: undefined, recordedEvents: [] };
    x.recordedRequest = undefined;
    x.requestEvents.length = 0;
    x.state.hold.release();
  }

  async mask(x: Exchange<ProxyState>): Promise<void> {
    const { request, inspection } = stateOf(x);
    const response = x.state.response;
    if (!response || !inspection) throw new Error('mask before forward');
    const { res, req } = x.state;
    const upstream = request.upstream;
    const masker = request.masker;
    const status = response.statusCode ?? 502;
    const contentType = response.headers['content-type'];
    const kind = bodyKindOf(contentType, status, x.method);
    const timing = (): Pick<SessionOutcome, 'forwardedAt' | 'upstreamMs'> => ({
      forwardedAt: x.state.forwardedAt,
      upstreamMs: performance.now() - (x.state.began ?? 0),
    });
    const headers = (): void => copyHeaders(response, res, masker, req.requestId);

    if (kind === 'binary' && masker) {
      if (upstream.uninspectable === 'passthrough') {
        x.outcome = await passThrough(response, res, headers, timing);
        this.observe(x, 'ok');
        return;
      }
      response.destroy();
      throw new GateError(
        'upstream_uninspectable',
        502,
        `Upstream ${upstream.name} answered ${String(contentType).slice(0, 80)}, which the gateway cannot inspect for personal data, so the response was withheld.`,
      );
    }
    const body = decodedBody(response);
    if (kind === 'json' || kind === 'empty') {
      const filter =
        inspection.filtersRows && stateOf(x).kind.filterJson
          ? (value: unknown): unknown => stateOf(x).kind.filterJson?.(request, value)
          : undefined;
      // A caller that goes away takes its masking with it: queued, it leaves; running, it stops at
      // its next pause. Abandoned work would otherwise pile up behind the callers still waiting.
      // The call's own signal says so (aborted as the client leaves before its answer was sent).
      const abandoned = x.state.left;
      // The slot is held while the answer is parsed, masked and serialised, the CPU work; not while
      // it is recorded (measured: holding it through the store's write took 1 KB × 32 from 222 to
      // 91 req/s; a 1 MB answer being recorded held ~17 MB, events and rows included).
      let release: (() => void) | undefined;
      let masked;
      try {
        masked = await maskJsonBody(body, masker, this.options.config.server.maxResponseBytes, {
          filter,
          turn: async (bytes) => {
            // Room for the events it may yield first, then its turn: either wait holds only the raw bytes.
            await x.state.events.atLeast(expectedEventBytes(bytes), abandoned);
            release = await this.maskingQueue.acquire(bytes, abandoned);
          },
          signal: abandoned,
          hold: x.state.hold,
          declaredBytes: declaredLength(response),
        });
      } catch (error) {
        // Gone, whatever ended it: the leave itself, or the upstream answer the proxy then dropped
        // while it waited for room in the body budget (a premature close).
        if (abandoned.aborted) {
          x.outcome = {
            status: 'cancelled',
            httpStatus: 499,
            upstreamStatus: status,
            error: { code: 'client_closed', message: LEFT_BEFORE_MASKED },
            maskingProfile: upstream.masking,
            ...timing(),
          };
        }
        const ended: unknown = abandoned.aborted ? new GateError('client_closed', 499, LEFT_BEFORE_MASKED) : error;
        this.observe(x, toGateError(ended).code);
        throw ended;
      } finally {
        release?.();
      }
      // From here until it is recorded and sent, the answer holds what its events cost, not the guess.
      x.state.events.resize(eventBytes(masked.events.length));
      this.observe(x, 'ok');
      x.outcome = {
        status: status < 400 ? 'succeeded' : 'failed',
        httpStatus: status,
        upstreamStatus: status,
        response: { contentType, bytes: Buffer.byteLength(masked.body), body: kind === 'empty' ? null : masked.value },
        events: masked.events,
        maskingProfile: upstream.masking,
        ...timing(),
      };
      x.state.answer = { status, body: masked.body, headers };
      return;
    }

    // Text and event streams: masked chunk by chunk, memory bounded by the masker's hold-back, the
    // client's pace (a write the socket cannot take waits for it to drain) and the store's (masking
    // events are recorded in batches as they accumulate, one batch in flight at a time).
    const streamer = new StreamingBodyMasker(masker, kind === 'sse' ? 'sse' : 'text', contentType);
    headers();
    res.status(status);
    if (kind === 'sse') res.flushHeaders();
    let clientGone = false;
    res.on('close', () => {
      if (!res.writableFinished) clientGone = true;
    });
    let recording: Promise<void> = Promise.resolve();
    let unrecorded: unknown;
    const recordEvents = (): Promise<void> => {
      const batch = streamer.takeEvents();
      const sessionId = x.sessionId;
      if (batch.length === 0 || sessionId === undefined) return Promise.resolve();
      return this.options.recorder.recordStreamedEvents(sessionId, batch, upstream.masking, x.soFar).then(
        (soFar) => {
          x.soFar = soFar;
        },
        (error: unknown) => {
          unrecorded = error;
        },
      );
    };
    // What cannot be recorded is not sent: the stream stops (a 503 GateError from the recorder).
    const checkRecorded = (): void => {
      if (unrecorded !== undefined) throw unrecorded;
    };
    let failure: GateError | undefined;
    try {
      for await (const chunk of body) {
        if (clientGone) break;
        const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
        // A stream holds only the chunk in hand, until the client has taken it.
        const room = x.state.hold.take(buffer.length, x.state.left);
        if (room) {
          try {
            await room;
          } catch (error) {
            // The client left while the chunk waited for room: cancelled, as any stream it leaves.
            if (x.state.left.aborted) break;
            throw error;
          }
        }
        const out = streamer.push(buffer);
        if (out !== '' && !res.write(out) && !clientGone) await drained(res);
        x.state.hold.release();
        if (streamer.events.length >= STREAM_EVENT_BATCH) {
          await recording;
          checkRecorded();
          recording = recordEvents();
        }
      }
      const tail = streamer.end();
      await recording;
      checkRecorded();
      if (!clientGone) res.end(tail);
    } catch (error) {
      failure = isMaskingFailure(error)
        ? maskingFailure(error)
        : error instanceof GateError
          ? error
          : upstreamFailure(upstream.name, error);
      if (kind === 'sse' && !clientGone) {
        // Fail closed, visibly: the stream ends with an error event instead of more data.
        res.end(
          `event: error\ndata: ${JSON.stringify({ error: { code: failure.code, message: failure.message, requestId: req.requestId } })}\n\n`,
        );
      } else {
        res.destroy();
      }
    }
    // A batch still being recorded when the stream failed: wait for it, its numbering counts.
    await recording;
    this.observe(x, failure?.code ?? 'ok');
    const recorded = streamer.recordedBody();
    x.outcome = {
      status: failure ? 'failed' : clientGone ? 'cancelled' : status < 400 ? 'succeeded' : 'failed',
      httpStatus: status,
      upstreamStatus: status,
      response: { contentType, bytes: streamer.bytesOut, body: recorded.body, truncated: recorded.truncated },
      events: streamer.events,
      maskingProfile: upstream.masking,
      ...(failure ? { error: { code: failure.code, message: failure.message } } : {}),
      ...timing(),
    };
  }

  respond(x: Exchange<ProxyState>): void {
    const answer = x.state.answer;
    if (!answer) return;
    const { res } = x.state;
    answer.headers();
    res.status(answer.status);
    res.setHeader('content-length', Buffer.byteLength(answer.body));
    res.end(answer.body);
  }

  private observe(x: Exchange<ProxyState>, outcome: string): void {
    const upstream = x.upstream?.name ?? '';
    this.options.metrics.upstreamDuration.observe({ upstream, outcome }, (performance.now() - (x.state.began ?? performance.now())) / 1000);
  }
}

function identityOf<S>(x: Exchange<S>): NonNullable<Exchange<S>['identity']> {
  if (!x.identity) throw new Error('route before identify');
  return x.identity;
}

function stateOf(x: Exchange<ProxyState>): { kind: UpstreamKind; request: KindRequest; inspection: KindInspection | undefined } {
  const { kind, request } = x.state;
  if (!kind || !request) throw new Error('a step ran before route');
  return { kind, request, inspection: x.state.inspection };
}

const NO_BODY: InspectedBody = { kind: 'none' };

/** The upstream body's declared length, when it is the decoded length too (no Content-Encoding). */
function declaredLength(response: IncomingMessage): number | undefined {
  const encoding = response.headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') return undefined;
  const declared = Number(response.headers['content-length']);
  return Number.isFinite(declared) && declared >= 0 ? declared : undefined;
}

const LEFT_BEFORE_MASKED = 'The client closed the connection before its answer was masked.';
const LEFT_BEFORE_ANSWER = 'The client closed the connection before its answer was sent.';

/** Masking events a stream gathers before they are recorded (a batch is a few megabytes at most). */
const STREAM_EVENT_BATCH = 4096;

/** Resolves when `res` can take more, or is gone. */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/** Upstream headers the client may see, their values masked (a `Location` or a file name can carry a CPF). */
function copyHeaders(response: IncomingMessage, res: Response, masker: Masker | undefined, requestId: string): void {
  const listed = connectionListed(response.headers.connection);
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined || !isForwardableResponseHeader(name, listed)) continue;
    if (!masker) res.setHeader(name, value);
    else res.setHeader(name, Array.isArray(value) ? value.map((item) => masker.maskText(item).value) : masker.maskText(value).value);
  }
  res.setHeader('x-request-id', requestId);
}

/**
 * The opt-in for what cannot be inspected: bytes go through untouched (with their own encoding)
 * and the session records metadata only: status, type, size, never the body.
 */
async function passThrough(
  response: IncomingMessage,
  res: Response,
  headers: () => void,
  timing: () => Pick<SessionOutcome, 'forwardedAt' | 'upstreamMs'>,
): Promise<SessionOutcome> {
  headers();
  const encoding = response.headers['content-encoding'];
  if (encoding !== undefined) res.setHeader('content-encoding', encoding);
  const status = response.statusCode ?? 502;
  res.status(status);
  let bytes = 0;
  for await (const chunk of response) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    bytes += buffer.length;
    res.write(buffer);
  }
  res.end();
  return {
    status: status < 400 ? 'succeeded' : 'failed',
    httpStatus: status,
    upstreamStatus: status,
    response: { contentType: response.headers['content-type'], bytes, body: null },
    ...timing(),
  };
}

function isMaskingFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'masking_failed';
}

function maskingFailure(error: unknown): GateError {
  return new GateError('masking_failed', 500, 'The response could not be checked for personal data, so it was withheld.', { cause: error });
}

/** The express handler of `/proxy`: one exchange per request, through the gate. */
export function proxyHandler(gate: Gate, options: ProxyEntryOptions): (req: Request, res: Response, next: NextFunction) => void {
  const entry = new ProxyEntry(options);
  return (req, res, next) => {
    // The call's bytes go back to the budget once the gate is done with it and the response has
    // left (or the client has): a sent answer may still sit in the socket's buffer until then.
    const hold = options.bodies.open();
    const events = entry.events.open();
    const left = new AbortController();
    let ends = 2;
    const ended = (): void => {
      if (--ends > 0) return;
      hold.release();
      events.release();
    };
    res.once('close', () => {
      if (!res.writableFinished) left.abort(new GateError('client_closed', 499, LEFT_BEFORE_ANSWER));
      ended();
    });
    const x = newExchange<ProxyState>({
      entry: 'proxy',
      requestId: req.requestId,
      method: req.method,
      path: recordablePath(req.originalUrl),
      client: req.ip ?? 'unknown',
      credential: bearerToken(req.headers.authorization),
      state: { req, res, hold, events, left: left.signal },
    });
    gate
      .pass(entry, x)
      .finally(ended)
      .then(
        () => {
          req.decision = x.decision?.effect;
        },
        (error: unknown) => {
          req.decision = x.decision?.effect ?? (toGateError(error).code === 'denied_by_policy' ? 'deny' : undefined);
          if (res.headersSent) res.destroy();
          else if (error instanceof GateError) sendError(req, res, error);
          else next(error);
        },
      );
  };
}
