/**
 * `GET /api/v1/events`: live approval and held-run changes as Server-Sent Events, so webviews and
 * CLIs need not poll. Each caller receives only what they may see (the requester's runs,
 * approvals their groups may decide, everything for auditors). A stream:
 * - starts with `stream.ready` (its id is a resume point) and resumes from `Last-Event-ID`
 *   (header, or `?lastEventId=` for clients that cannot set headers), or says `stream.reset`;
 * - sends a comment every heartbeat so proxies keep it open;
 * - ends (`stream.end`) when the caller's token expires, so a revoked credential stops
 *   receiving, and when the gateway shuts down;
 * - is cut when the client stops reading (its buffer passes a bound): it reconnects and resumes.
 */
import express, { type Request, type Response, type Router } from 'express';
import { GateError } from '../../errors.js';
import { principalOf, type Identity } from '../../identity/types.js';
import type { Logger } from '../../observability/logger.js';
import { mayReceive, type BusEvent, type EventBus } from '../../approvals/eventBus.js';
import type { ApprovalMetrics } from '../../approvals/metrics.js';
import type { GateEventType } from '../wire.js';

export interface EventStreamOptions {
  readonly bus: EventBus;
  readonly heartbeatMs: number;
  readonly logger: Logger;
  readonly metrics: ApprovalMetrics;
  /** Aborted when the gateway starts shutting down. */
  readonly shutdown: AbortSignal;
  /** Streams one principal may hold open at once. */
  readonly maxStreamsPerPrincipal?: number;
  /** Bytes buffered for a client that does not read, before its stream is cut. */
  readonly maxBufferedBytes?: number;
}

function frame(type: GateEventType, data: unknown, id?: string): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

function lastEventIdOf(req: Request): string | undefined {
  const header = req.headers['last-event-id'];
  if (typeof header === 'string' && header.length > 0 && header.length <= 100) return header;
  const query = req.query['lastEventId'];
  return typeof query === 'string' && query.length > 0 && query.length <= 100 ? query : undefined;
}

export function eventsRouter(options: EventStreamOptions): Router {
  const { bus, logger, metrics } = options;
  const maxStreams = options.maxStreamsPerPrincipal ?? 10;
  const maxBuffered = options.maxBufferedBytes ?? 1_048_576;
  const open = new Map<string, number>();
  const router = express.Router();

  router.get('/', (req: Request, res: Response) => {
    const identity: Identity | undefined = req.identity;
    if (!identity) throw new Error('identity middleware missing');
    const principal = principalOf(identity);
    if ((open.get(principal) ?? 0) >= maxStreams) {
      throw new GateError('too_many_streams', 429, `You already have ${maxStreams} event streams open; close one first.`, {
        headers: { 'Retry-After': '10' },
      });
    }
    if (options.shutdown.aborted)
      throw new GateError('shutting_down', 503, 'The gateway is shutting down; reconnect shortly.', { headers: { 'Retry-After': '5' } });

    open.set(principal, (open.get(principal) ?? 0) + 1);
    metrics.streams.inc();
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-store, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    req.socket.setNoDelay(true);

    let closed = false;
    const cleanups: Array<() => void> = [];
    /** Ends the stream once: with a `stream.end` frame saying why, silently (client left), or by cutting it. */
    const end = (how: { readonly reason: string } | 'client_left' | 'cut'): void => {
      if (closed) return;
      closed = true;
      for (const cleanup of cleanups) cleanup();
      const left = (open.get(principal) ?? 1) - 1;
      if (left <= 0) open.delete(principal);
      else open.set(principal, left);
      metrics.streams.dec();
      // A stream's connection is never reused: once it ends, its socket goes too (a client that left
      // may have half-closed it, which would otherwise hold a graceful shutdown until it times out).
      if (how === 'cut' || how === 'client_left') res.destroy();
      else if (!res.writableEnded && !res.destroyed) res.end(frame('stream.end', { reason: how.reason }), () => req.socket.end());
    };
    const write = (text: string): void => {
      if (closed) return;
      res.write(text);
      if (res.writableLength > maxBuffered) {
        logger.warn({ principal, buffered: res.writableLength }, 'an event stream client stopped reading; cutting its stream');
        end('cut');
      }
    };
    const send = (event: BusEvent): void => {
      if (mayReceive(identity, event.audience)) write(frame(event.type, event.data, event.id));
    };

    write(`retry: 3000\n: autogen-gate events\n\n`);
    const lastEventId = lastEventIdOf(req);
    if (lastEventId !== undefined) {
      const resumed = bus.since(lastEventId);
      if (resumed.kind === 'reset')
        write(
          frame('stream.reset', {
            reason: 'The events since that id are not available (the gateway restarted, or they are too old); refetch the state you show.',
          }),
        );
      else for (const event of resumed.events) send(event);
    }
    // Replay, subscription and `stream.ready` happen in one synchronous run: no event can fall between them.
    cleanups.push(bus.subscribe(send));
    write(frame('stream.ready', { principal, epoch: bus.epoch }, `${bus.epoch}-${bus.lastSeq}`));

    if (closed) return;
    const heartbeat = setInterval(() => write(': keep-alive\n\n'), options.heartbeatMs);
    cleanups.push(() => clearInterval(heartbeat));
    const expiresAt = identity.tokenExpiresAt === undefined ? undefined : Date.parse(identity.tokenExpiresAt);
    if (expiresAt !== undefined && Number.isFinite(expiresAt)) {
      // setTimeout's limit is about 24.8 days; a token never lives that long, but clamp anyway.
      const expiry = setTimeout(() => end({ reason: 'token_expired' }), Math.min(Math.max(0, expiresAt - Date.now()), 2_147_483_647));
      cleanups.push(() => clearTimeout(expiry));
    }
    const onShutdown = (): void => end({ reason: 'shutting_down' });
    options.shutdown.addEventListener('abort', onShutdown, { once: true });
    cleanups.push(() => options.shutdown.removeEventListener('abort', onShutdown));
    res.on('close', () => end('client_left'));
  });

  return router;
}
