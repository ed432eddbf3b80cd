/**
 * AutoGen Studio run WebSockets through the gateway (`/proxy/{upstream}/api/ws/runs/{run_id}`).
 * The gateway terminates the client's socket and opens its own to the runtime, so it sees and
 * controls every frame:
 * - the upgrade needs a verified token (browsers cannot set headers: `?token=` is accepted, and
 *   never logged or forwarded), the caller must own the run (Studio's own record says who created
 *   it), and the upstream must be allowed by policy;
 * - the `start` frame is checked again with what it reveals: a team that can execute code is a
 *   risky run, which a rule can deny or hold for approval (the client gets a status frame while it
 *   waits);
 * - frames from the runtime are masked before they reach the client (chunks joined across
 *   frames); if masking fails the socket is closed with an error frame, never passed through;
 * - the whole connection is one recorded session with its masking events.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import type { GatewayConfig, UpstreamConfig } from '../config/types.js';
import { GateError, toGateError } from '../errors.js';
import { authenticate, bearerToken, type IdentityMiddlewareOptions } from '../identity/middleware.js';
import { principalOf, type Identity } from '../identity/types.js';
import type { Logger } from '../observability/logger.js';
import type { PolicyDecision, PolicyEngine } from '../policy/engine.js';
import type { PendingMaskingEvent, SessionRecorder, SessionStart } from '../recording/sessionRecorder.js';
import type { SessionStatus } from '../store/types.js';
import type { MaskingProfiles } from '../runs/maskingProfiles.js';
import { RECORDED_BODY_LIMIT } from './responseMasking.js';
import { StudioFrameMasker } from './studioFrames.js';
import { inspectTeam } from './teamInspection.js';
import { upstreamFailure } from './upstreamErrors.js';

const RUN_SOCKET = /^\/proxy\/([a-z0-9][a-z0-9._-]*)\/api\/ws\/runs\/([A-Za-z0-9_-]{1,64})$/;
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

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
 * Holds a risky start until approvers decide; installed by the approvals module. `pending` is
 * called once the approval request exists (its id goes to the client in a status frame).
 */
export type StreamApprovalHold = (
  request: StreamApprovalRequest,
  pending: (approvalId: string) => void,
  signal: AbortSignal,
) => Promise<StreamApprovalOutcome>;

export interface WsProxyOptions {
  readonly config: GatewayConfig;
  readonly policy: PolicyEngine;
  readonly recorder: SessionRecorder;
  readonly masking: MaskingProfiles;
  readonly identity: IdentityMiddlewareOptions;
  readonly logger: Logger;
}

function redactTokens(url: string): string {
  return url.replace(/([?&](?:access_)?token=)[^&]*/gi, '$1[redacted]');
}

/** Answers an upgrade with a plain HTTP error: nothing was accepted. */
function refuseUpgrade(socket: Duplex, error: GateError, requestId: string): void {
  const body = JSON.stringify({ error: { ...error.publicFields, code: error.code, message: error.message, requestId } });
  const headers = [
    `HTTP/1.1 ${error.status} ${error.status === 401 ? 'Unauthorized' : error.status === 403 ? 'Forbidden' : error.status === 404 ? 'Not Found' : 'Error'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-Id: ${requestId}`,
    'Connection: close',
  ];
  for (const [name, value] of Object.entries(error.headers)) headers.push(`${name}: ${value}`);
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}

/** Events of what the runtime sent: located in the response, as for HTTP. */
function inResponse(events: readonly PendingMaskingEvent[]): PendingMaskingEvent[] {
  return events.map((event) => ({ ...event, location: `response:${event.location}` }));
}

function frameText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

export class WsProxy {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private hold: StreamApprovalHold | undefined;
  private readonly live = new Set<WebSocket>();

  constructor(private readonly options: WsProxyOptions) {}

  setApprovalHold(hold: StreamApprovalHold): void {
    this.hold = hold;
  }

  /** The HTTP server's `upgrade` listener. */
  handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    void this.upgrade(request, socket, head);
  };

  /** Closes every proxied socket (gateway shutdown). */
  close(): void {
    for (const socket of this.live) socket.close(1001, 'gateway shutting down');
    this.server.close();
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const requestId = randomUUID();
    const url = new URL(request.url ?? '/', 'http://gateway');
    const path = redactTokens(`${url.pathname}${url.search}`);
    socket.on('error', () => undefined);
    try {
      const match = RUN_SOCKET.exec(url.pathname);
      const upstream = match ? this.options.config.upstreams.get(match[1] ?? '') : undefined;
      if (!match || !upstream)
        throw new GateError(
          'not_found',
          404,
          'WebSockets are proxied only for AutoGen Studio runs: /proxy/{upstream}/api/ws/runs/{run_id}.',
        );
      if (upstream.type !== 'autogen-studio')
        throw new GateError('not_found', 404, `Upstream ${upstream.name} is not an AutoGen Studio runtime.`);
      const runId = match[2] ?? '';
      const token =
        bearerToken(request.headers.authorization) ?? url.searchParams.get('token') ?? url.searchParams.get('access_token') ?? undefined;
      const identity = await authenticate(this.options.identity, token, {
        requestId,
        method: 'GET',
        path,
        ip: request.socket.remoteAddress,
      });
      const decision = this.options.policy.decide(identity, { kind: 'upstream', name: upstream.name, codeExecution: false });
      const session: Omit<SessionStart, 'status'> = {
        kind: 'proxy',
        requestId,
        identity,
        generator: undefined,
        upstream: upstream.name,
        method: 'WEBSOCKET',
        path,
        decision,
        request: undefined,
      };
      if (decision.effect === 'deny') {
        const error = new GateError(
          'denied_by_policy',
          403,
          `Policy does not let you use upstream ${upstream.name} (rule ${decision.ruleId}).`,
          { publicFields: { ruleId: decision.ruleId } },
        );
        await this.recordRefusal(session, error);
        throw error;
      }
      try {
        await this.assertOwnsRun(upstream, runId, identity);
      } catch (error) {
        const failure = toGateError(error);
        await this.recordRefusal(session, failure);
        throw failure;
      }
      const sessionId = await this.options.recorder.begin({ ...session, status: 'running' });
      this.server.handleUpgrade(request, socket, head, (client) => {
        new RunSocketRelay(this.options, this, client, upstream, runId, identity, sessionId, requestId).start();
      });
    } catch (error) {
      const failure = toGateError(error);
      if (failure.status >= 500)
        this.options.logger.warn({ requestId, path, code: failure.code, detail: failure.detail }, 'websocket upgrade refused');
      refuseUpgrade(socket, failure, requestId);
    }
  }

  /** Studio records who created a run; only that caller may stream it through the gateway. */
  private async assertOwnsRun(upstream: UpstreamConfig, runId: string, identity: Identity): Promise<void> {
    let response: Response;
    try {
      response = await fetch(`${upstream.url}/api/runs/${encodeURIComponent(runId)}`, {
        signal: AbortSignal.timeout(upstream.connectTimeoutMs + 5_000),
        headers: { accept: 'application/json' },
      });
    } catch (error) {
      throw upstreamFailure(upstream.name, error);
    }
    if (response.status === 404) throw new GateError('not_found', 404, `Run ${runId} does not exist on ${upstream.name}.`);
    if (!response.ok)
      throw upstreamFailure(
        upstream.name,
        Object.assign(new Error(`run look-up answered HTTP ${response.status}`), { code: 'upstream_error' }),
      );
    const body = (await response.json().catch(() => undefined)) as { data?: { user_id?: unknown } } | undefined;
    if (body?.data?.user_id !== principalOf(identity)) {
      throw new GateError('forbidden', 403, `Run ${runId} was not created by you through this gateway.`);
    }
  }

  /** A refused upgrade is a session too: who tried, which run, and why not. */
  private async recordRefusal(session: Omit<SessionStart, 'status'>, error: GateError): Promise<void> {
    const status: SessionStatus = error.status === 403 || error.status === 404 ? 'denied' : 'failed';
    await this.options.recorder.begin({
      ...session,
      status,
      httpStatus: error.status,
      error: { code: error.code, message: error.message },
    });
  }

  track(socket: WebSocket): void {
    this.live.add(socket);
    socket.once('close', () => this.live.delete(socket));
  }

  approvalHold(): StreamApprovalHold | undefined {
    return this.hold;
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
  private failure: { code: string; message: string } | undefined;
  private finished = false;
  private readonly began = performance.now();
  private readonly holds = new AbortController();
  private decision: PolicyDecision | undefined;

  constructor(
    private readonly options: WsProxyOptions,
    private readonly proxy: WsProxy,
    private readonly client: WebSocket,
    private readonly upstream: UpstreamConfig,
    private readonly runId: string,
    private readonly identity: Identity,
    private readonly sessionId: string,
    private readonly requestId: string,
  ) {
    this.masker = upstream.masking === undefined ? undefined : new StudioFrameMasker(options.masking.masker(upstream.masking));
  }

  start(): void {
    this.proxy.track(this.client);
    const target = `${this.upstream.url.replace(/^http/, 'ws')}/api/ws/runs/${encodeURIComponent(this.runId)}`;
    const upstreamSocket = new WebSocket(target, { handshakeTimeout: this.upstream.connectTimeoutMs, maxPayload: MAX_FRAME_BYTES });
    this.upstreamSocket = upstreamSocket;
    upstreamSocket.on('open', () => {
      for (const frame of this.pendingToUpstream.splice(0)) upstreamSocket.send(frame);
    });
    upstreamSocket.on('message', (data) => this.fromUpstream(frameText(data)));
    upstreamSocket.on('close', (code, reason) =>
      this.end(code === 1000 || code === 1005 ? 1000 : 1011, reason.toString() || 'runtime closed the run'),
    );
    upstreamSocket.on('error', (error) => {
      this.failure ??= { code: upstreamFailure(this.upstream.name, error).code, message: `runtime connection failed: ${error.message}` };
      this.end(1011, 'runtime unreachable');
    });
    this.client.on('message', (data) => void this.fromClient(frameText(data)));
    this.client.on('close', () => {
      this.holds.abort(new Error('client closed'));
      this.end(1000, 'client closed');
    });
    this.client.on('error', () => this.end(1011, 'client error'));
  }

  private async fromClient(raw: string): Promise<void> {
    this.framesIn++;
    let frame: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) frame = parsed as Record<string, unknown>;
    } catch {
      frame = undefined;
    }
    if (frame?.['type'] === 'start') {
      await this.startRun(frame);
      return;
    }
    if (frame && (frame['type'] === 'input_response' || frame['type'] === 'stop')) this.note({ direction: 'client', type: frame['type'] });
    this.toUpstream(raw);
  }

  /** A `start` frame: policy again, now knowing the team; held when a rule asks for approval. */
  private async startRun(frame: Record<string, unknown>): Promise<void> {
    const inspection = inspectTeam(frame['team_config']);
    const decision = this.options.policy.decide(this.identity, {
      kind: 'upstream',
      name: this.upstream.name,
      codeExecution: inspection.executesCode,
    });
    this.decision = decision;
    this.note({
      direction: 'client',
      type: 'start',
      codeExecution: inspection.executesCode,
      evidence: inspection.evidence,
      decision: decision.effect,
      ruleId: decision.ruleId,
    });
    await this.audit('stream.start_checked', {
      decision: decision.effect,
      ruleId: decision.ruleId,
      codeExecution: inspection.executesCode,
      evidence: inspection.evidence,
    });
    if (decision.effect === 'deny') {
      this.refuse(
        'denied_by_policy',
        `Policy does not let you start this run${inspection.executesCode ? ' (its team executes code)' : ''} (rule ${decision.ruleId}).`,
        decision.ruleId,
      );
      return;
    }
    if (decision.effect === 'approval') {
      const hold = this.proxy.approvalHold();
      if (!hold) {
        this.refuse(
          'approval_required',
          `This run needs an approval (rule ${decision.ruleId}), which this gateway cannot collect.`,
          decision.ruleId,
        );
        return;
      }
      this.sendToClient(
        JSON.stringify({
          type: 'system',
          status: 'pending_approval',
          message: `Waiting for approval (rule ${decision.ruleId}${inspection.executesCode ? ': the team executes code' : ''}).`,
          timestamp: new Date().toISOString(),
        }),
      );
      let outcome: StreamApprovalOutcome;
      try {
        outcome = await hold(
          {
            identity: this.identity,
            upstream: this.upstream.name,
            sessionId: this.sessionId,
            requestId: this.requestId,
            decision,
            start: frame,
            evidence: inspection.evidence,
          },
          (approvalId) =>
            this.sendToClient(
              JSON.stringify({
                type: 'system',
                status: 'pending_approval',
                approval_id: approvalId,
                message: `Approval ${approvalId} requested.`,
                timestamp: new Date().toISOString(),
              }),
            ),
          this.holds.signal,
        );
      } catch (error) {
        if (this.finished) return;
        this.refuse('approval_failed', `The approval could not be completed: ${(error as Error).message}`, decision.ruleId);
        return;
      }
      if (this.finished) return;
      if (!outcome.approved) {
        this.refuse(outcome.status, `The run was not approved: ${outcome.reason}`, decision.ruleId);
        return;
      }
      this.sendToClient(
        JSON.stringify({
          type: 'system',
          status: 'approved',
          message: `Approved by ${outcome.approvers.join(', ')}.`,
          timestamp: new Date().toISOString(),
        }),
      );
    }
    this.toUpstream(JSON.stringify(frame));
  }

  private fromUpstream(raw: string): void {
    if (this.finished) return;
    if (!this.masker) {
      this.sendToClient(raw);
      return;
    }
    let masked;
    try {
      masked = this.masker.frame(raw);
    } catch (error) {
      this.options.logger.error(
        { requestId: this.requestId, sessionId: this.sessionId, err: error },
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
    this.events.push(...inResponse(masked.events));
    for (const frame of masked.frames) {
      if (frame.startsWith('{"type":"result"')) this.sawResult = true;
      this.sendToClient(frame);
    }
  }

  private toUpstream(raw: string): void {
    const socket = this.upstreamSocket;
    if (!socket) return;
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

  private refuse(code: string, message: string, ruleId: string): void {
    this.failure = { code, message };
    this.sendRaw(JSON.stringify({ type: 'error', error: message, code, rule_id: ruleId, timestamp: new Date().toISOString() }));
    this.end(1008, code);
  }

  private async audit(type: string, data: Record<string, unknown>): Promise<void> {
    try {
      await this.options.recorder.write('audit', this.requestId, (tx) =>
        tx.appendAudit({ type, actor: principalOf(this.identity), sessionId: this.sessionId, data }).then(() => undefined),
      );
    } catch {
      // The refusal path below still closes the stream; a store that cannot write fails closed there.
      this.failure = { code: 'store_unavailable', message: 'the gateway could not record this run' };
      this.end(1011, 'store unavailable');
    }
  }

  private end(code: number, reason: string): void {
    if (this.finished) return;
    this.finished = true;
    if (this.masker && !this.failure) {
      try {
        const tail = this.masker.end();
        this.events.push(...inResponse(tail.events));
        for (const frame of tail.frames) this.sendToClient(frame);
      } catch {
        this.failure = { code: 'masking_failed', message: 'The end of the stream could not be checked for personal data.' };
      }
    }
    if (this.client.readyState === WebSocket.OPEN || this.client.readyState === WebSocket.CONNECTING)
      this.client.close(code, reason.slice(0, 120));
    if (this.upstreamSocket && this.upstreamSocket.readyState !== WebSocket.CLOSED) this.upstreamSocket.terminate();
    void this.record();
  }

  private finalStatus(): SessionStatus {
    switch (this.failure?.code) {
      case undefined:
        return this.sawResult ? 'succeeded' : 'cancelled';
      case 'denied_by_policy':
      case 'approval_required':
        return 'denied';
      case 'approval_denied':
      case 'expired':
      case 'cancelled':
        return this.failure.code;
      default:
        return 'failed';
    }
  }

  private async record(): Promise<void> {
    const elapsed = performance.now() - this.began;
    try {
      await this.options.recorder.complete(this.sessionId, {
        target: { generator: undefined, upstream: this.upstream.name, kind: 'proxy' },
        status: this.finalStatus(),
        httpStatus: 101,
        response: {
          contentType: 'application/x-autogen-studio-frames',
          bytes: this.transcriptBytes,
          body: { framesIn: this.framesIn, framesOut: this.framesOut, frames: this.transcript },
          truncated: this.truncated,
        },
        totalMs: elapsed,
        upstreamMs: elapsed,
        error: this.failure,
        maskingProfile: this.upstream.masking,
        events: this.events,
        ...(this.decision && this.decision.effect !== 'allow' ? { actor: principalOf(this.identity) } : {}),
      });
    } catch (error) {
      this.options.logger.error(
        { requestId: this.requestId, sessionId: this.sessionId, err: error },
        'could not record the end of a run stream',
      );
    }
  }
}
