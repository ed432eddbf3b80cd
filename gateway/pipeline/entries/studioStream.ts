/**
 * AutoGen Studio run WebSockets through the gateway (`/proxy/{upstream}/api/ws/runs/{run_id}`).
 * The gateway terminates the client's socket and opens its own to the runtime, so it sees and
 * controls every frame. The upgrade goes through the request path like any call (identify with
 * a bearer header or `?token=`, never logged or forwarded; the caller must own the run; policy on
 * the upstream; a session recorded before the runtime is contacted). Then:
 * - every client frame must be strict JSON of a kind Studio knows (`start`, `stop`, `ping`,
 *   `input_response`), or the socket closes with 1008 and nothing is forwarded; what is forwarded
 *   is the frame re-serialised from what was inspected;
 * - a `start` frame runs the deciding steps again (gate.check) with its team inspected for code
 *   execution: a rule can deny it or hold it for approval (the client gets status frames while
 *   it waits);
 * - frames from the runtime are masked before they reach the client (chunks joined across frames);
 *   if masking fails the socket closes with an error frame, never passing anything through;
 * - the whole connection is one recorded session with its masking events.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import type { GatewayConfig, UpstreamConfig } from '../../config/types.js';
import { GateError, toGateError } from '../../errors.js';
import { parseStrictJson, StrictJsonError } from '../../http/strictJson.js';
import { bearerToken } from '../../identity/middleware.js';
import { principalOf, type Identity } from '../../identity/types.js';
import type { Logger } from '../../observability/logger.js';
import type { PolicyDecision } from '../../policy/engine.js';
import type { PendingMaskingEvent, SessionRecorder } from '../../recording/sessionRecorder.js';
import type { SessionStatus } from '../../store/types.js';
import type { MaskingProfiles } from '../../runs/maskingProfiles.js';
import { RECORDED_BODY_LIMIT } from '../../proxy/responseMasking.js';
import { StudioFrameMasker } from '../../proxy/studioFrames.js';
import { upstreamFailure } from '../../proxy/upstreamErrors.js';
import { canonicalTarget } from '../../upstreams/routes.js';
import { inspectComponents } from '../../upstreams/studio/components.js';
import { maskRequestBody } from '../../upstreams/requestMasking.js';
import { STUDIO_REQUEST_WALK } from '../../upstreams/studio/requestMasking.js';
import { studioOwnership } from '../../upstreams/studio/kind.js';
import { newExchange, recordablePath, type Exchange } from '../exchange.js';
import type { Entry, Gate } from '../gate.js';

const RUN_SOCKET = /^\/proxy\/([a-z0-9][a-z0-9._-]*)(\/api\/ws\/runs\/([A-Za-z0-9_-]{1,64}))$/;
const MAX_FRAME_BYTES = 16 * 1024 * 1024;
const CLIENT_FRAME_TYPES = new Set(['start', 'stop', 'ping', 'input_response']);

/** What a held `start` frame asks an approver to allow. */
export interface StreamApprovalRequest {
  readonly identity: Identity;
  readonly upstream: string;
  readonly sessionId: string;
  readonly requestId: string;
  readonly decision: PolicyDecision;
  /** The start frame as it will be forwarded (task, team_config). */
  readonly start: Readonly<Record<string, unknown>>;
  /** Why the run is risky, shown to approvers. */
  readonly evidence: readonly string[];
}

export type StreamApprovalOutcome =
  | { readonly approved: true; readonly approvers: readonly string[] }
  | { readonly approved: false; readonly status: 'approval_denied' | 'expired' | 'cancelled'; readonly reason: string };

/**
 * Holds a risky start until approvers decide (the approvals service). `pending` is called once
 * the approval request exists (its id goes to the client in a status frame).
 */
export type StreamApprovalHold = (
  request: StreamApprovalRequest,
  pending: (approvalId: string) => void,
  signal: AbortSignal,
) => Promise<StreamApprovalOutcome>;

export interface StreamEntryOptions {
  readonly config: GatewayConfig;
  readonly recorder: SessionRecorder;
  readonly masking: MaskingProfiles;
  readonly logger: Logger;
  /** Held starts; absent, a start that needs approval is refused. */
  readonly hold: StreamApprovalHold | undefined;
}

interface StreamState {
  readonly request: IncomingMessage;
  readonly socket: Duplex;
  readonly head: Buffer;
  runId?: string;
  relay?: RunSocketRelay;
}

/** Answers an upgrade with a plain HTTP error: nothing was accepted. */
function refuseUpgrade(socket: Duplex, error: GateError, requestId: string): void {
  const body = JSON.stringify({ error: { ...error.publicFields, code: error.code, message: error.message, requestId } });
  const reason =
    { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 503: 'Service Unavailable' }[
      error.status
    ] ?? 'Error';
  const headers = [
    `HTTP/1.1 ${error.status} ${reason}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-Id: ${requestId}`,
    'Connection: close',
  ];
  for (const [name, value] of Object.entries(error.headers)) headers.push(`${name}: ${value}`);
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}

function frameBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** A runtime frame's text (the runtime is trusted to send UTF-8; anything else is masked as text). */
function frameText(data: RawData): string {
  return frameBytes(data).toString('utf8');
}

class StreamEntry implements Entry<StreamState> {
  readonly kind = 'stream';

  constructor(
    private readonly gate: Gate,
    private readonly server: WebSocketServer,
    private readonly live: Set<WebSocket>,
    private readonly options: StreamEntryOptions,
  ) {}

  route(x: Exchange<StreamState>): void {
    const url = new URL(x.state.request.url ?? '/', 'http://gateway');
    const match = RUN_SOCKET.exec(url.pathname);
    const upstream = match ? this.options.config.upstreams.get(match[1] ?? '') : undefined;
    if (!match || !upstream)
      throw new GateError('not_found', 404, 'WebSockets are proxied only for AutoGen Studio runs: /proxy/{upstream}/api/ws/runs/{run_id}.');
    if (upstream.type !== 'autogen-studio')
      throw new GateError('not_found', 404, `Upstream ${upstream.name} is not an AutoGen Studio runtime.`);
    canonicalTarget(match[2] ?? '/');
    x.upstream = upstream;
    x.state.runId = match[3];
  }

  parse(): void {
    // An upgrade carries no body; frames are parsed one by one as they arrive.
  }

  async inspect(x: Exchange<StreamState>): Promise<void> {
    const upstream = upstreamOf(x);
    await studioOwnership(upstream).assertOwned('run', x.state.runId ?? '', principalOf(identityOf(x)));
    // What the run will do is known only from its `start` frame, which is decided again then.
    x.policyTarget = { kind: 'upstream', name: upstream.name, codeExecution: false };
  }

  hold(): Promise<void> {
    // A rule that holds this upstream's runs applies to the `start` frame, where the team is known.
    return Promise.resolve();
  }

  forward(x: Exchange<StreamState>): Promise<void> {
    return new Promise<void>((resolve) => {
      this.server.handleUpgrade(x.state.request, x.state.socket, x.state.head, (client) => {
        this.live.add(client);
        client.once('close', () => this.live.delete(client));
        x.state.relay = new RunSocketRelay(this.gate, this.options, client, x);
        x.state.relay.start();
        resolve();
      });
    });
  }

  async mask(x: Exchange<StreamState>): Promise<void> {
    const relay = x.state.relay;
    if (!relay) throw new Error('mask before forward');
    x.outcome = await relay.finished;
  }

  respond(): void {
    // Frames went to the client as they were masked; the socket is closed.
  }
}

function identityOf<S>(x: Exchange<S>): Identity {
  if (!x.identity) throw new Error('a step ran before identify');
  return x.identity;
}

function upstreamOf<S>(x: Exchange<S>): UpstreamConfig {
  if (!x.upstream) throw new Error('a step ran before route');
  return x.upstream;
}

interface FrameState {
  /** The frame as the client sent it; decoded strictly in `parse`. */
  readonly raw: Buffer;
  readonly relay: RunSocketRelay;
  frame?: Record<string, unknown>;
}

/** The deciding steps for a client frame on an open run socket. */
class FrameEntry implements Entry<FrameState> {
  readonly kind = 'frame';

  constructor(private readonly options: StreamEntryOptions) {}

  route(): void {
    // The connection's route holds.
  }

  parse(x: Exchange<FrameState>): void {
    let parsed: unknown;
    try {
      parsed = parseStrictJson(x.state.raw);
    } catch (error) {
      throw new GateError(
        'bad_request',
        400,
        `The frame was refused: ${error instanceof StrictJsonError ? error.message : 'it is not JSON'}.`,
      );
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new GateError('bad_request', 400, 'The frame was refused: it is not a JSON object.');
    const type = (parsed as { type?: unknown }).type;
    if (typeof type !== 'string' || !CLIENT_FRAME_TYPES.has(type)) {
      throw new GateError(
        'bad_request',
        400,
        `The frame was refused: type ${JSON.stringify(String(type).slice(0, 40))} is not one of ${[...CLIENT_FRAME_TYPES].join(', ')}.`,
      );
    }
    x.state.frame = parsed as Record<string, unknown>;
  }

  inspect(x: Exchange<FrameState>): void {
    const frame = x.state.frame ?? {};
    const inspection = inspectComponents(frame['team_config'] ?? {});
    x.evidence.push(...inspection.evidence);
    x.policyTarget = { kind: 'upstream', name: upstreamOf(x).name, codeExecution: inspection.executesCode };
  }

  async hold(x: Exchange<FrameState>): Promise<void> {
    const decision = x.decision;
    const hold = this.options.hold;
    if (!decision) throw new Error('hold before authorize');
    if (!hold)
      throw new GateError(
        'approval_required',
        403,
        `This run needs an approval (rule ${decision.ruleId}), which this gateway cannot collect.`,
      );
    const relay = x.state.relay;
    relay.status(
      'pending_approval',
      `Waiting for approval (rule ${decision.ruleId}${x.evidence.length > 0 ? `: ${x.evidence[0] ?? ''}` : ''}).`,
    );
    const outcome = await hold(
      {
        identity: identityOf(x),
        upstream: upstreamOf(x).name,
        sessionId: x.sessionId ?? '',
        requestId: x.requestId,
        decision,
        start: x.state.frame ?? {},
        evidence: x.evidence,
      },
      (approvalId) => relay.status('pending_approval', `Approval ${approvalId} requested.`, { approval_id: approvalId }),
      relay.holds.signal,
    );
    if (!outcome.approved)
      throw Object.assign(new GateError('forbidden', 403, `The run was not approved: ${outcome.reason}`), { runStatus: outcome.status });
    relay.status('approved', `Approved by ${outcome.approvers.join(', ')}.`);
  }

  /** The frame as it leaves: masked (a task is sent on to a model by the runtime), events kept for the record. */
  async forward(x: Exchange<FrameState>): Promise<void> {
    const upstream = upstreamOf(x);
    const frame = x.state.frame ?? {};
    if (upstream.masking === undefined) {
      x.state.relay.toUpstream(JSON.stringify(frame));
      return;
    }
    const masked = await maskRequestBody(frame, this.options.masking.masker(upstream.masking), STUDIO_REQUEST_WALK);
    x.state.relay.toUpstream(JSON.stringify(masked.body), masked.events);
  }

  mask(): Promise<void> {
    return Promise.resolve();
  }

  respond(): void {
    // A frame has no answer of its own.
  }
}

/** One proxied run socket: client ⇄ gateway ⇄ runtime. */
class RunSocketRelay {
  private upstreamSocket: WebSocket | undefined;
  private readonly pendingToUpstream: string[] = [];
  private readonly masker: StudioFrameMasker | undefined;
  private readonly events: PendingMaskingEvent[] = [];
  private readonly transcript: unknown[] = [];
  private transcriptBytes = 0;
  private truncated = false;
  private framesIn = 0;
  private framesOut = 0;
  private sawResult = false;
  private failure: { code: string; message: string; status?: SessionStatus } | undefined;
  private ended = false;
  private decided: PolicyDecision | undefined;
  private readonly began = performance.now();
  /** Aborted when the client goes: a held start is withdrawn. */
  readonly holds = new AbortController();
  private settle!: (outcome: NonNullable<Exchange<StreamState>['outcome']>) => void;
  readonly finished = new Promise<NonNullable<Exchange<StreamState>['outcome']>>((resolve) => (this.settle = resolve));
  private readonly frames: FrameEntry;
  /** Client frames are checked one at a time, in order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly gate: Gate,
    private readonly options: StreamEntryOptions,
    private readonly client: WebSocket,
    private readonly connection: Exchange<StreamState>,
  ) {
    const upstream = upstreamOf(connection);
    this.masker = upstream.masking === undefined ? undefined : new StudioFrameMasker(options.masking.masker(upstream.masking));
    this.frames = new FrameEntry(options);
  }

  start(): void {
    const upstream = upstreamOf(this.connection);
    const target = `${upstream.url.replace(/^http/, 'ws')}/api/ws/runs/${encodeURIComponent(this.connection.state.runId ?? '')}`;
    const upstreamSocket = new WebSocket(target, { handshakeTimeout: upstream.connectTimeoutMs, maxPayload: MAX_FRAME_BYTES });
    this.upstreamSocket = upstreamSocket;
    upstreamSocket.on('open', () => {
      for (const frame of this.pendingToUpstream.splice(0)) upstreamSocket.send(frame);
    });
    upstreamSocket.on('message', (data) => this.fromUpstream(frameText(data)));
    upstreamSocket.on('close', (code, reason) =>
      this.end(code === 1000 || code === 1005 ? 1000 : 1011, reason.toString() || 'runtime closed the run'),
    );
    upstreamSocket.on('error', (error) => {
      this.failure ??= { code: upstreamFailure(upstream.name, error).code, message: `runtime connection failed: ${error.message}` };
      this.end(1011, 'runtime unreachable');
    });
    this.client.on('message', (data) => {
      const raw = frameBytes(data);
      this.queue = this.queue.then(() => this.fromClient(raw));
    });
    this.client.on('close', () => {
      this.holds.abort(new Error('client closed'));
      this.end(1000, 'client closed');
    });
    this.client.on('error', () => this.end(1011, 'client error'));
  }

  /** A status frame to the client (waiting for approval, approved). */
  status(status: string, message: string, extra: Record<string, unknown> = {}): void {
    this.sendToClient(JSON.stringify({ type: 'system', status, ...extra, message, timestamp: new Date().toISOString() }));
  }

  private async fromClient(raw: Buffer): Promise<void> {
    if (this.ended) return;
    this.framesIn++;
    const fx = newExchange<FrameState>({
      entry: 'stream',
      requestId: this.connection.requestId,
      method: 'FRAME',
      path: this.connection.path,
      client: this.connection.client,
      credential: undefined,
      state: { raw, relay: this },
    });
    fx.identity = this.connection.identity;
    fx.upstream = this.connection.upstream;
    fx.sessionId = this.connection.sessionId;
    try {
      await this.gate.check(this.frames, fx);
    } catch (error) {
      const failure = toGateError(error);
      if (fx.decision) this.decided = fx.decision;
      await this.audit('stream.frame_refused', {
        type: fx.state.frame?.['type'] ?? null,
        code: failure.code,
        ruleId: fx.decision?.ruleId ?? null,
        evidence: fx.evidence,
      });
      const runStatus = (error as { runStatus?: SessionStatus }).runStatus;
      this.refuse(
        failure.code,
        failure.message,
        fx.decision?.ruleId,
        runStatus ?? (failure.code === 'denied_by_policy' || failure.code === 'approval_required' ? 'denied' : 'failed'),
      );
      return;
    }
    const type = fx.state.frame?.['type'];
    if (type === 'start') {
      this.decided = fx.decision;
      this.note({
        direction: 'client',
        type,
        codeExecution: fx.policyTarget?.codeExecution === true,
        evidence: fx.evidence,
        decision: fx.decision?.effect,
        ruleId: fx.decision?.ruleId,
      });
      await this.audit('stream.start_checked', {
        decision: fx.decision?.effect,
        ruleId: fx.decision?.ruleId,
        codeExecution: fx.policyTarget?.codeExecution === true,
        evidence: fx.evidence,
      });
    } else if (type !== 'ping') {
      this.note({ direction: 'client', type });
    }
  }

  private fromUpstream(raw: string): void {
    if (this.ended) return;
    if (!this.masker) {
      this.sendToClient(raw);
      return;
    }
    let masked;
    try {
      masked = this.masker.frame(raw);
    } catch (error) {
      this.options.logger.error(
        { requestId: this.connection.requestId, sessionId: this.connection.sessionId, err: error },
        'masking a run frame failed; closing the stream',
      );
      this.failure = { code: 'masking_failed', message: 'A frame could not be checked for personal data; the stream was stopped.' };
      this.sendRaw(
        JSON.stringify({
          type: 'error',
          error: 'masking_failed: a frame could not be checked for personal data, so the stream was stopped',
          timestamp: new Date().toISOString(),
        }),
      );
      this.end(1011, 'masking failed');
      return;
    }
    this.events.push(...masked.events.map((event) => ({ ...event, location: `response:${event.location}` })));
    for (const frame of masked.frames) {
      if (frame.startsWith('{"type":"result"')) this.sawResult = true;
      this.sendToClient(frame);
    }
  }

  /** Sends a client frame on, with the masking events of what the gateway masked in it. */
  toUpstream(raw: string, events: readonly PendingMaskingEvent[] = []): void {
    const socket = this.upstreamSocket;
    if (!socket || this.ended) return;
    const frame = this.framesIn - 1;
    this.events.push(...events.map((event) => ({ ...event, location: event.location.replace(/^request:/, `request:frame:${frame}`) })));
    if (socket.readyState === WebSocket.OPEN) socket.send(raw);
    else if (socket.readyState === WebSocket.CONNECTING) this.pendingToUpstream.push(raw);
  }

  private sendToClient(frame: string): void {
    this.framesOut++;
    this.keep(frame);
    this.sendRaw(frame);
  }

  private sendRaw(frame: string): void {
    if (this.client.readyState === WebSocket.OPEN) this.client.send(frame);
  }

  /** Keeps the masked frames for the record, up to the recording limit. */
  private keep(frame: string): void {
    if (this.truncated) return;
    if (this.transcriptBytes + frame.length > RECORDED_BODY_LIMIT) {
      this.truncated = true;
      return;
    }
    this.transcriptBytes += frame.length;
    let parsed: unknown = frame;
    try {
      parsed = JSON.parse(frame);
    } catch {
      parsed = frame;
    }
    this.transcript.push(parsed);
  }

  private note(entry: Record<string, unknown>): void {
    this.keep(JSON.stringify({ gateway: entry }));
  }

  private refuse(code: string, message: string, ruleId: string | undefined, status: SessionStatus): void {
    this.failure = { code, message, status };
    this.sendRaw(JSON.stringify({ type: 'error', error: message, code, rule_id: ruleId ?? null, timestamp: new Date().toISOString() }));
    this.end(1008, code);
  }

  private async audit(type: string, data: Record<string, unknown>): Promise<void> {
    const identity = identityOf(this.connection);
    try {
      await this.options.recorder.write('audit', this.connection.requestId, (tx) =>
        tx.appendAudit({ type, actor: principalOf(identity), sessionId: this.connection.sessionId, data }).then(() => undefined),
      );
    } catch {
      // A store that cannot record the check fails the stream closed.
      this.failure = { code: 'store_unavailable', message: 'the gateway could not record this run' };
      this.end(1011, 'store unavailable');
    }
  }

  private end(code: number, reason: string): void {
    if (this.ended) return;
    this.ended = true;
    if (this.masker && !this.failure) {
      try {
        const tail = this.masker.end();
        this.events.push(...tail.events.map((event) => ({ ...event, location: `response:${event.location}` })));
        for (const frame of tail.frames) this.sendToClient(frame);
      } catch {
        this.failure = { code: 'masking_failed', message: 'The end of the stream could not be checked for personal data.' };
      }
    }
    if (this.client.readyState === WebSocket.OPEN || this.client.readyState === WebSocket.CONNECTING)
      this.client.close(code, reason.slice(0, 120));
    if (this.upstreamSocket && this.upstreamSocket.readyState !== WebSocket.CLOSED) this.upstreamSocket.terminate();
    const elapsed = performance.now() - this.began;
    const upstream = upstreamOf(this.connection);
    this.settle({
      target: { generator: undefined, upstream: upstream.name, kind: 'proxy' },
      status: this.failure ? (this.failure.status ?? 'failed') : this.sawResult ? 'succeeded' : 'cancelled',
      httpStatus: 101,
      response: {
        contentType: 'application/x-autogen-studio-frames',
        bytes: this.transcriptBytes,
        body: { framesIn: this.framesIn, framesOut: this.framesOut, frames: this.transcript },
        truncated: this.truncated,
      },
      totalMs: elapsed,
      upstreamMs: elapsed,
      error: this.failure === undefined ? undefined : { code: this.failure.code, message: this.failure.message },
      maskingProfile: upstream.masking,
      events: this.events,
      ...(this.decided && this.decided.effect !== 'allow' ? { actor: principalOf(identityOf(this.connection)) } : {}),
    });
  }
}

/** Studio run WebSockets: the HTTP server's `upgrade` listener, and shutdown. */
export class StudioStreams {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly live = new Set<WebSocket>();
  private readonly entry: StreamEntry;

  constructor(
    private readonly gate: Gate,
    options: StreamEntryOptions,
  ) {
    this.entry = new StreamEntry(gate, this.server, this.live, options);
  }

  /** The HTTP server's `upgrade` listener. */
  handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => undefined);
    const requestId = randomUUID();
    const url = new URL(request.url ?? '/', 'http://gateway');
    const x = newExchange<StreamState>({
      entry: 'stream',
      requestId,
      method: 'WEBSOCKET',
      path: recordablePath(`${url.pathname}${url.search}`),
      client: request.socket.remoteAddress ?? 'unknown',
      credential:
        bearerToken(request.headers.authorization) ?? url.searchParams.get('token') ?? url.searchParams.get('access_token') ?? undefined,
      state: { request, socket, head },
    });
    try {
      this.gate.admitClient(x.client);
    } catch (error) {
      refuseUpgrade(socket, toGateError(error), requestId);
      return;
    }
    this.gate.pass(this.entry, x).catch((error: unknown) => {
      const failure = toGateError(error);
      if (x.state.relay) return;
      refuseUpgrade(socket, failure, requestId);
    });
  };

  /** Closes every proxied socket (gateway shutdown). */
  close(): void {
    for (const socket of this.live) socket.close(1001, 'gateway shutting down');
    this.server.close();
  }
}
