/**
 * Sends an inspected request to its upstream with http-proxy-middleware, over kept-alive
 * connections, and hands back the upstream's response unread (the request path masks it).
 * What leaves is exactly what the gateway built: the canonical path and query, the allow-listed
 * headers plus the upstream's own configured ones, and the body the gateway re-serialised, framed
 * by one Content-Length (never also Transfer-Encoding). The caller's credentials stay here.
 * A client that goes away before the upstream answers aborts the upstream request.
 */
import { Agent as HttpAgent, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Request, RequestHandler, Response } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { GatewayConfig, UpstreamConfig } from '../config/types.js';
import { resolveSecret } from '../config/secrets.js';
import { GateError } from '../errors.js';
import { connectionListed, isForwardableRequestHeader } from '../http/headers.js';
import { upstreamFailure } from './upstreamErrors.js';

export interface OutgoingRequest {
  /** Path and query, as forwarded. */
  readonly url: string;
  readonly contentType: string | undefined;
  readonly body: Buffer | undefined;
}

interface Pending {
  readonly outgoing: OutgoingRequest;
  resolve(response: IncomingMessage): void;
  reject(error: Error): void;
}

/** Listens so an emitted error does not end the process; the server deals with the socket. */
function ignore(): void {}

export class Forwarder {
  private readonly proxies = new Map<string, RequestHandler>();
  private readonly pending = new WeakMap<IncomingMessage, Pending>();
  // No cap on sockets: a request the agent queued would get its socket after the proxy has
  // already ended it (the request was read before forwarding), too late to set its headers and
  // body. Upstream connections are bounded by the requests the gateway admits.
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true });

  constructor(config: GatewayConfig) {
    for (const upstream of config.upstreams.values()) this.proxies.set(upstream.name, this.proxyFor(upstream, config.baseDir));
  }

  /** Forwards `req` as `outgoing` to `upstream`; resolves with the upstream's response head (body unread). */
  forward(upstream: UpstreamConfig, req: Request, res: Response, outgoing: OutgoingRequest): Promise<IncomingMessage> {
    const proxy = this.proxies.get(upstream.name);
    if (!proxy) throw new Error(`no proxy for upstream ${upstream.name}`);
    return new Promise<IncomingMessage>((resolve, reject) => {
      this.pending.set(req, { outgoing, resolve, reject });
      req.url = outgoing.url;
      void proxy(req, res, (error?: unknown) => reject(error instanceof Error ? error : new Error('the proxy passed the request on')));
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private proxyFor(upstream: UpstreamConfig, baseDir: string): RequestHandler {
    // Resolved once at start: a missing secret stops the gateway, never a request.
    const added = [...upstream.headers].map(([name, ref]) => [name, resolveSecret(ref, baseDir)] as const);
    const proxyReq = (proxyReq: ClientRequest, req: Request, res: Response): void => {
      const pending = this.pending.get(req);
      if (!pending) {
        proxyReq.destroy(new Error('a request reached the proxy without passing the gate'));
        return;
      }
      if (proxyReq.writableEnded) {
        // Its head is already built from the caller's headers: it must not leave.
        proxyReq.destroy(new Error('the upstream request was ended before the gateway could build it'));
        return;
      }
      // The gateway read the whole request before forwarding it, so the proxy's own abort
      // (on the request's 'aborted') never fires: watch the response instead.
      const clientGone = (): void => {
        if (!res.writableFinished)
          proxyReq.destroy(new GateError('client_closed', 499, 'The client closed the connection before the upstream answered.'));
      };
      res.once('close', clientGone);
      proxyReq.once('response', () => res.off('close', clientGone));
      proxyReq.once('error', () => res.off('close', clientGone));
      // An error the response emits is the socket's, which the server handles; unheard, it would end the process.
      res.on('error', ignore);
      const listed = connectionListed(req.headers.connection);
      for (const name of proxyReq.getHeaderNames()) {
        if (name === 'host' || (isForwardableRequestHeader(name, upstream.forwardHeaders) && !listed.has(name))) continue;
        proxyReq.removeHeader(name);
      }
      for (const [name, value] of added) proxyReq.setHeader(name, value);
      proxyReq.setHeader('x-request-id', req.requestId);
      proxyReq.setTimeout(upstream.timeoutMs, () => {
        proxyReq.destroy(
          Object.assign(new Error(`upstream ${upstream.name} sent nothing for ${upstream.timeoutMs} ms`), { code: 'ETIMEDOUT' }),
        );
      });
      // The gateway must read the response to mask it: ask for it uncompressed.
      proxyReq.setHeader('accept-encoding', 'identity');
      const { body, contentType } = pending.outgoing;
      if (body !== undefined) {
        if (contentType !== undefined) proxyReq.setHeader('content-type', contentType);
        proxyReq.setHeader('content-length', body.length);
        proxyReq.write(body);
      } else if (req.method !== 'GET' && req.method !== 'HEAD') {
        proxyReq.setHeader('content-length', 0);
      }
    };
    const proxyRes = (proxyRes: IncomingMessage, req: Request, res: Response): void => {
      const pending = this.pending.get(req);
      this.pending.delete(req);
      if (!pending) {
        proxyRes.destroy();
        return;
      }
      // A client gone before its answer was read stops the read: the upstream's answer is dropped.
      res.once('close', () => {
        if (!res.writableEnded) proxyRes.destroy();
      });
      pending.resolve(proxyRes);
    };
    const error = (error: Error, req: IncomingMessage): void => {
      const pending = this.pending.get(req);
      this.pending.delete(req);
      pending?.reject(error instanceof GateError ? error : upstreamFailure(upstream.name, error));
    };
    return createProxyMiddleware<Request, Response>({
      target: upstream.url,
      changeOrigin: true,
      agent: upstream.url.startsWith('https:') ? this.httpsAgent : this.httpAgent,
      selfHandleResponse: true,
      xfwd: false,
      // Only the gateway's own handlers: the default plugins log every exchange (a URL built and
      // formatted per response for a logger that discards it) and add listeners per request
      // that the handlers here already cover.
      ejectPlugins: true,
      plugins: [
        (server) => {
          server.on('proxyReq', proxyReq);
          server.on('proxyRes', proxyRes);
          server.on('error', error);
        },
      ],
    });
  }
}
