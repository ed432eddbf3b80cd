/**
 * The raw pass-through, `/proxy/{upstream}/...`, for existing AutoGen clients pointed at the
 * gateway: identity (mounted in front), policy per upstream, the session recorded before the
 * request is forwarded with http-proxy-middleware, and the response masked on its way back.
 * The caller's credentials never reach the upstream.
 */
import { Agent as HttpAgent, type IncomingMessage, type ServerResponse, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { createProxyMiddleware, fixRequestBody } from 'http-proxy-middleware';
import type { GatewayConfig, UpstreamConfig } from '../config/types.js';
import { GateError, toGateError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import type { PolicyEngine } from '../policy/engine.js';
import type { PendingMaskingEvent, SessionRecorder } from '../recording/sessionRecorder.js';
import type { MaskingProfiles } from '../runs/maskingProfiles.js';
import { sendError } from '../api/errorHandler.js';
import { upstreamFailure } from './upstreamErrors.js';
import { bodyKindOf, decodedBody, maskJsonBody, StreamingBodyMasker } from './responseMasking.js';
import { rewriteRequest } from './requestRewriting.js';
import { principalOf } from '../identity/types.js';

export interface RawProxyOptions {
  readonly config: GatewayConfig;
  readonly policy: PolicyEngine;
  readonly recorder: SessionRecorder;
  readonly masking: MaskingProfiles;
  readonly logger: Logger;
}

/** What the gate learned about a proxied request, kept until its response is recorded. */
interface ProxiedRequest {
  readonly sessionId: string;
  readonly upstream: UpstreamConfig;
  readonly priorEvents: number;
  readonly began: number;
  forwardedAt: string;
  completed: boolean;
}

const proxied = new WeakMap<IncomingMessage, ProxiedRequest>();

/** Headers that describe one hop, or carry the caller's credentials, never forwarded. */
const HOP_HEADERS = ['authorization', 'cookie', 'proxy-authorization', 'x-forwarded-authorization'];
const RESPONSE_DROP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'set-cookie',
  'proxy-authenticate',
  'trailer',
  'upgrade',
]);

function maskRequestBody(
  options: RawProxyOptions,
  upstream: UpstreamConfig,
  body: unknown,
): { body: unknown; events: PendingMaskingEvent[] } {
  if (upstream.masking === undefined || body === undefined) return { body, events: [] };
  const masked = options.masking.masker(upstream.masking).maskJson(body);
  return {
    body: masked.value,
    events: masked.events.map((event: PendingMaskingEvent) => ({
      ...event,
      location: `request${event.location.startsWith('/') ? '' : ':'}${event.location}`,
    })),
  };
}

export function createRawProxy(options: RawProxyOptions): Router {
  const router = express.Router();
  const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 512 });
  const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 512 });
  const jsonBody = express.json({ limit: options.config.server.bodyLimit, type: ['application/json', 'application/*+json'] });

  for (const upstream of options.config.upstreams.values()) {
    const proxy = createProxyMiddleware<Request, Response>({
      target: upstream.url,
      changeOrigin: true,
      agent: upstream.url.startsWith('https:') ? httpsAgent : httpAgent,
      selfHandleResponse: true,
      xfwd: false,
      logger: undefined,
      on: {
        proxyReq: (proxyReq: ClientRequest, req: Request) => {
          for (const header of HOP_HEADERS) proxyReq.removeHeader(header);
          proxyReq.setHeader('x-request-id', req.requestId);
          // The gateway must read the body to mask it: ask for it uncompressed.
          proxyReq.setHeader('accept-encoding', 'identity');
          proxyReq.setTimeout(upstream.timeoutMs, () => {
            proxyReq.destroy(
              Object.assign(new Error(`upstream ${upstream.name} sent nothing for ${upstream.timeoutMs} ms`), { code: 'ETIMEDOUT' }),
            );
          });
          fixRequestBody(proxyReq, req);
        },
        proxyRes: (proxyRes: IncomingMessage, req: Request, res: Response) => {
          void relayResponse(options, proxyRes, req, res);
        },
        error: (error: Error, req: IncomingMessage, res: ServerResponse | Socket) => {
          void failRequest(options, req as Request, res, upstreamFailure(upstream.name, error));
        },
      },
    });
    router.use(`/${upstream.name}`, jsonBody, gate(options, upstream), proxy);
  }
  router.use((req: Request, _res: Response, next: NextFunction) => {
    const name = req.path.split('/')[1] ?? '';
    next(new GateError('not_found', 404, `There is no upstream named ${JSON.stringify(name.slice(0, 80))}.`));
  });
  return router;
}

/** Request bodies no detector can read: gRPC (AutoGen's worker runtime) and other binary. */
function isUninspectableRequest(contentType: string | undefined, upstream: UpstreamConfig): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type.startsWith('application/grpc')) return true;
  // A prompt the gateway cannot read cannot be masked before it leaves for a model provider.
  return upstream.type === 'openai' && type !== '' && type !== 'application/json' && !type.endsWith('+json');
}

/** Policy and recording in front of the proxy: nothing is forwarded unrecorded. */
function gate(options: RawProxyOptions, upstream: UpstreamConfig): RequestHandler {
  return async (req, _res, next) => {
    const identity = req.identity;
    if (!identity) throw new GateError('invalid_token', 401, 'Authentication required.');
    const masker = upstream.masking === undefined ? undefined : options.masking.masker(upstream.masking);
    const contentType = req.headers['content-type'];
    const uninspectable = isUninspectableRequest(contentType, upstream);
    const rewritten = rewriteRequest(upstream, req.url, req.body as unknown, principalOf(identity), masker);
    req.url = rewritten.url;
    req.body = rewritten.body;
    const decision = options.policy.decide(identity, { kind: 'upstream', name: upstream.name, model: rewritten.model });
    req.decision = decision.effect;
    // The record holds the request masked: what was forwarded masked (prompts), or a masked copy.
    const recorded =
      upstream.type === 'openai' ? { body: rewritten.body, events: rewritten.events } : maskRequestBody(options, upstream, rewritten.body);
    const bytes = Number(req.headers['content-length'] ?? 0) || 0;
    const base = {
      kind: 'proxy' as const,
      requestId: req.requestId,
      identity,
      generator: undefined,
      upstream: upstream.name,
      method: req.method,
      path: req.originalUrl.slice(0, 2048).replace(/([?&](?:access_)?token=)[^&]*/gi, '$1[redacted]'),
      decision,
      request: { contentType, bytes, body: uninspectable ? null : (recorded.body ?? null) },
      requestEvents: recorded.events,
    };
    const refusal =
      decision.effect === 'deny'
        ? new GateError(
            'denied_by_policy',
            403,
            `Policy does not let you call upstream ${upstream.name}${rewritten.model ? ` with model ${rewritten.model}` : ''} (rule ${decision.ruleId}).`,
            {
              publicFields: { ruleId: decision.ruleId },
            },
          )
        : decision.effect === 'approval'
          ? new GateError(
              'approval_required',
              403,
              `Calls to upstream ${upstream.name} require an approval, which a plain HTTP call cannot wait for; run a generator instead (rule ${decision.ruleId}).`,
              {
                publicFields: { ruleId: decision.ruleId },
              },
            )
          : uninspectable && upstream.uninspectable === 'refuse'
            ? new GateError(
                'unsupported_media_type',
                415,
                `The gateway cannot inspect ${String(contentType)} requests for personal data, so upstream ${upstream.name} only accepts them when its policy opts in (uninspectable: passthrough).`,
              )
            : undefined;
    if (refusal) {
      await options.recorder.begin({
        ...base,
        status: 'denied',
        httpStatus: refusal.status,
        error: { code: refusal.code, message: refusal.message },
      });
      throw refusal;
    }
    const sessionId = await options.recorder.begin({ ...base, status: 'running' });
    if (rewritten.replacedUserIds.length > 0) {
      // A client claimed to be someone else: forwarded as the verified caller, and noted.
      await options.recorder.write('audit', req.requestId, async (tx) => {
        await tx.appendAudit({
          type: 'proxy.user_id_replaced',
          actor: principalOf(identity),
          sessionId,
          data: { claimed: rewritten.replacedUserIds.slice(0, 5), path: base.path },
        });
      });
    }
    proxied.set(req, {
      sessionId,
      upstream,
      priorEvents: recorded.events.length,
      began: performance.now(),
      forwardedAt: new Date().toISOString(),
      completed: false,
    });
    next();
  };
}

async function relayResponse(options: RawProxyOptions, upstreamResponse: IncomingMessage, req: Request, res: Response): Promise<void> {
  const state = proxied.get(req);
  if (!state) {
    upstreamResponse.destroy();
    return;
  }
  const { upstream } = state;
  const masker = upstream.masking === undefined ? undefined : options.masking.masker(upstream.masking);
  const status = upstreamResponse.statusCode ?? 502;
  const contentType = upstreamResponse.headers['content-type'];
  const kind = bodyKindOf(contentType, status, req.method);
  const copyHeaders = (): void => {
    for (const [name, value] of Object.entries(upstreamResponse.headers)) {
      if (value !== undefined && !RESPONSE_DROP.has(name.toLowerCase())) res.setHeader(name, value);
    }
    res.setHeader('x-request-id', req.requestId);
  };

  try {
    if (kind === 'binary' && masker) {
      if (upstream.uninspectable === 'passthrough') {
        await passThroughUninspected(options, state, upstreamResponse, res, copyHeaders);
        return;
      }
      upstreamResponse.destroy();
      throw new GateError(
        'upstream_uninspectable',
        502,
        `Upstream ${upstream.name} answered ${String(contentType)}, which the gateway cannot inspect for personal data, so the response was withheld.`,
      );
    }
    const body = decodedBody(upstreamResponse);

    if (kind === 'json' || kind === 'empty') {
      const masked = await maskJsonBody(body, masker, options.config.server.maxResponseBytes);
      await complete(options, state, {
        status: status < 400 ? 'succeeded' : 'failed',
        httpStatus: status,
        upstreamStatus: status,
        response: { contentType, bytes: Buffer.byteLength(masked.body), body: kind === 'empty' ? null : masked.value },
        events: masked.events,
        upstreamError: status >= 500,
      });
      copyHeaders();
      res.status(status);
      res.setHeader('content-length', Buffer.byteLength(masked.body));
      res.end(masked.body);
      return;
    }

    // Text and event streams: masked chunk by chunk, with memory bounded by the masker's hold-back.
    const streamer = new StreamingBodyMasker(masker, kind === 'sse' ? 'sse' : 'text');
    copyHeaders();
    res.status(status);
    if (kind === 'sse') res.flushHeaders();
    let clientGone = false;
    res.on('close', () => {
      if (!res.writableFinished) clientGone = true;
    });
    try {
      for await (const chunk of body) {
        if (clientGone) break;
        const out = streamer.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
        if (out !== '') res.write(out);
      }
      const tail = streamer.end();
      if (!clientGone) res.end(tail);
    } catch (error) {
      const failure =
        error instanceof GateError ? error : isMaskingFailure(error) ? maskingFailure(error) : upstreamFailure(upstream.name, error);
      if (kind === 'sse' && !clientGone) {
        // Fail closed, visibly: the stream ends with an error event instead of more data.
        res.end(
          `event: error\ndata: ${JSON.stringify({ error: { code: failure.code, message: failure.message, requestId: req.requestId } })}\n\n`,
        );
      } else {
        res.destroy();
      }
      const recorded = streamer.recordedBody();
      await complete(options, state, {
        status: 'failed',
        httpStatus: status,
        upstreamStatus: status,
        response: { contentType, bytes: streamer.bytesOut, body: recorded.body, truncated: recorded.truncated },
        events: streamer.events,
        error: { code: failure.code, message: failure.message },
      });
      return;
    }
    const recorded = streamer.recordedBody();
    await complete(options, state, {
      status: clientGone ? 'cancelled' : status < 400 ? 'succeeded' : 'failed',
      httpStatus: status,
      upstreamStatus: status,
      response: { contentType, bytes: streamer.bytesOut, body: recorded.body, truncated: recorded.truncated },
      events: streamer.events,
      upstreamError: status >= 500,
    });
  } catch (error) {
    const failure = isMaskingFailure(error)
      ? maskingFailure(error)
      : error instanceof GateError
        ? error
        : upstreamFailure(upstream.name, error);
    await failRequest(options, req, res, failure);
  }
}

/**
 * The opt-in for what cannot be inspected: bytes go through untouched (with their own encoding)
 * and the session records metadata only: status, type, size, never the body.
 */
async function passThroughUninspected(
  options: RawProxyOptions,
  state: ProxiedRequest,
  upstreamResponse: IncomingMessage,
  res: Response,
  copyHeaders: () => void,
): Promise<void> {
  copyHeaders();
  const encoding = upstreamResponse.headers['content-encoding'];
  if (encoding !== undefined) res.setHeader('content-encoding', encoding);
  const status = upstreamResponse.statusCode ?? 502;
  res.status(status);
  let bytes = 0;
  for await (const chunk of upstreamResponse) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    bytes += buffer.length;
    res.write(buffer);
  }
  res.end();
  await complete(options, state, {
    status: status < 400 ? 'succeeded' : 'failed',
    httpStatus: status,
    upstreamStatus: status,
    response: { contentType: upstreamResponse.headers['content-type'], bytes, body: null },
    upstreamError: status >= 500,
  });
}

function isMaskingFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'masking_failed';
}

function maskingFailure(error: unknown): GateError {
  return new GateError('masking_failed', 500, 'The response could not be checked for personal data, so it was withheld.', { cause: error });
}

interface Completion {
  readonly status: 'succeeded' | 'failed' | 'cancelled';
  readonly httpStatus: number;
  readonly upstreamStatus?: number | undefined;
  readonly response?: { contentType: string | undefined; bytes: number; body: unknown; truncated?: boolean } | undefined;
  readonly events?: readonly PendingMaskingEvent[] | undefined;
  readonly error?: { code: string; message: string } | undefined;
  readonly upstreamError?: boolean;
}

async function complete(options: RawProxyOptions, state: ProxiedRequest, completion: Completion): Promise<void> {
  if (state.completed) return;
  state.completed = true;
  const elapsed = performance.now() - state.began;
  await options.recorder.complete(
    state.sessionId,
    {
      target: { generator: undefined, upstream: state.upstream.name, kind: 'proxy' },
      status: completion.status,
      httpStatus: completion.httpStatus,
      upstreamStatus: completion.upstreamStatus,
      response: completion.response,
      forwardedAt: state.forwardedAt,
      upstreamMs: elapsed,
      totalMs: elapsed,
      error:
        completion.error ??
        (completion.upstreamError ? { code: 'upstream_error', message: `upstream answered HTTP ${completion.httpStatus}` } : undefined),
      maskingProfile: state.upstream.masking,
      events: completion.events,
    },
    state.priorEvents,
  );
}

/** Records a failed proxied request and answers it, if the answer has not started. */
async function failRequest(options: RawProxyOptions, req: Request, res: ServerResponse | Socket, failure: GateError): Promise<void> {
  const state = proxied.get(req);
  let answer = failure;
  if (state) {
    try {
      await complete(options, state, {
        status: 'failed',
        httpStatus: failure.status,
        error: { code: failure.code, message: failure.message },
      });
    } catch (error) {
      answer = toGateError(error);
    }
  }
  options.logger.warn({ requestId: req.requestId, code: failure.code, detail: failure.detail }, 'proxied request failed');
  if (!('setHeader' in res)) {
    res.destroy();
    return;
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendError(req, res as Response, answer);
}
