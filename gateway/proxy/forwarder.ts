/**
 * Sends an inspected request to its upstream over kept-alive connections and hands back the
 * upstream's response unread (the request path masks it). What leaves is exactly what the gateway
 * built: the canonical path and query (under the upstream URL's own path), the allow-listed
 * headers plus the upstream's own configured ones, and the body the gateway re-serialised, framed
 * by one Content-Length (never also Transfer-Encoding). The caller's credentials stay here.
 *
 * A plain `http.request` rather than a proxy library: the gateway builds every header and the
 * body itself and reads the response itself, so all a proxy middleware added per request was
 * its own passes, events and copies of headers it then had to remove.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Request, Response } from 'express';
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

/** One upstream, resolved once at start: where it is and the headers it always gets. */
interface Target {
  readonly upstream: UpstreamConfig;
  readonly secure: boolean;
  readonly hostname: string;
  readonly port: string;
  /** The upstream URL's path, which every forwarded path goes under. */
  readonly basePath: string;
  readonly added: ReadonlyArray<readonly [string, string]>;
}

/** `base` + `path`, one slash between them (http-proxy's join, which forwarding used before). */
function joinPath(base: string, path: string): string {
  if (base === '' || base === '/') return path;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

export class Forwarder {
  private readonly targets = new Map<string, Target>();
  private readonly httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 512 });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 512 });

  constructor(config: GatewayConfig) {
    for (const upstream of config.upstreams.values()) {
      const url = new URL(upstream.url);
      this.targets.set(upstream.name, {
        upstream,
        secure: url.protocol === 'https:',
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port,
        basePath: url.pathname,
        // Resolved once at start: a missing secret stops the gateway, never a request.
        added: [...upstream.headers].map(([name, ref]) => [name, resolveSecret(ref, config.baseDir)] as const),
      });
    }
  }

  /** Forwards `req` as `outgoing` to `upstream`; resolves with the upstream's response head (body unread). */
  forward(upstream: UpstreamConfig, req: Request, res: Response, outgoing: OutgoingRequest): Promise<IncomingMessage> {
    const target = this.targets.get(upstream.name);
    if (!target) throw new Error(`no target for upstream ${upstream.name}`);
    const headers: OutgoingHttpHeaders = {};
    const listed = connectionListed(req.headers.connection);
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && isForwardableRequestHeader(name, upstream.forwardHeaders) && !listed.has(name)) headers[name] = value;
    }
    for (const [name, value] of target.added) headers[name] = value;
    headers['x-request-id'] = req.requestId;
    // The gateway must read the response to mask it: ask for it uncompressed.
    headers['accept-encoding'] = 'identity';
    const { body, contentType } = outgoing;
    if (body !== undefined) {
      if (contentType !== undefined) headers['content-type'] = contentType;
      headers['content-length'] = body.length;
    } else if (req.method !== 'GET' && req.method !== 'HEAD') {
      headers['content-length'] = 0;
    }
    const options = {
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path: joinPath(target.basePath, outgoing.url),
      headers,
    };
    return new Promise<IncomingMessage>((resolve, reject) => {
      const proxyReq = target.secure
        ? httpsRequest({ ...options, agent: this.httpsAgent })
        : httpRequest({ ...options, agent: this.httpAgent });
      const clientGone = (): void => {
        if (!res.writableFinished)
          proxyReq.destroy(new GateError('client_closed', 499, 'The client closed the connection before the upstream answered.'));
      };
      res.once('close', clientGone);
      proxyReq.setTimeout(upstream.timeoutMs, () => {
        proxyReq.destroy(
          Object.assign(new Error(`upstream ${upstream.name} sent nothing for ${upstream.timeoutMs} ms`), { code: 'ETIMEDOUT' }),
        );
      });
      proxyReq.once('response', (response: IncomingMessage) => {
        res.off('close', clientGone);
        resolve(response);
      });
      // Later errors (a stalled or broken body) reach the response stream, which the entry reads.
      proxyReq.on('error', (error: Error) => {
        res.off('close', clientGone);
        reject(error instanceof GateError ? error : upstreamFailure(upstream.name, error));
      });
      proxyReq.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
