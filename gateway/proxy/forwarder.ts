/**
 * Sends an inspected request to its upstream with http-proxy-middleware, over kept-alive
 * connections, and hands back the upstream's response unread (the request path masks it).
 * What leaves is exactly what the gateway built: the canonical path and query, the allow-listed
 * headers plus the upstream's own configured ones, and the body the gateway re-serialised, framed
 * by one Content-Length (never also Transfer-Encoding). The caller's credentials stay here.
 */
import { Agent as HttpAgent, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Request, RequestHandler, Response } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { GatewayConfig, UpstreamConfig } from '../config/types.js';
import { resolveSecret } from '../config/secrets.js';
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

export class Forwarder {
  private readonly proxies = new Map<string, RequestHandler>();
  private readonly pending = new WeakMap<IncomingMessage, Pending>();
  private readonly httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 512 });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 512 });

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
    return createProxyMiddleware<Request, Response>({
      target: upstream.url,
      changeOrigin: true,
      agent: upstream.url.startsWith('https:') ? this.httpsAgent : this.httpAgent,
      selfHandleResponse: true,
      xfwd: false,
      logger: undefined,
      on: {
        proxyReq: (proxyReq: ClientRequest, req: Request) => {
          const pending = this.pending.get(req);
          if (!pending) {
            proxyReq.destroy(new Error('a request reached the proxy without passing the gate'));
            return;
          }
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
        },
        proxyRes: (proxyRes: IncomingMessage, req: Request) => {
          const pending = this.pending.get(req);
          this.pending.delete(req);
          if (pending) pending.resolve(proxyRes);
          else proxyRes.destroy();
        },
        error: (error: Error, req: IncomingMessage) => {
          const pending = this.pending.get(req);
          this.pending.delete(req);
          pending?.reject(upstreamFailure(upstream.name, error));
        },
      },
    });
  }
}
