/**
 * The gateway's live event stream (`GET /api/v1/events`, Server-Sent Events), kept open while
 * signed in: reconnects with backoff and resumes with `Last-Event-ID`; says when state must be
 * refetched (`stream.reset`, or a reconnect after a gap); falls back to "polling" status when the
 * gateway has no stream (an older gateway: 404) or it keeps failing, so views refresh on a timer.
 * Free of `vscode` imports.
 */
import type { ApprovalEventData, GateEvent, RunEventData } from '../../../gateway/api/wire.js';
import { describeForLog, ExtensionError, type Logger } from '../common/errors.js';
import { Emitter, type Event } from '../common/event.js';
import { Disposable } from '../common/lifecycle.js';
import { GatewayError } from '../../../gateway/api/client/gatewayError.js';
import type { GatewayClient } from '../../../gateway/api/client/gatewayClient.js';
import { SseParser, type ServerSentEvent } from '../../../gateway/api/client/sse.js';

export type LiveStatus = 'live' | 'connecting' | 'polling';

export interface LiveEventsOptions {
  /** The client to use now (undefined: settings are invalid). */
  readonly client: () => GatewayClient | undefined;
  readonly log: Logger;
  /** Backoff bounds; defaults 1 s and 30 s. */
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
}

function parseEvent(event: ServerSentEvent, log: Logger): GateEvent | undefined {
  let data: unknown;
  try {
    data = JSON.parse(event.data);
  } catch {
    log.warn(`event stream: ${event.type} with unreadable data; ignored`);
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  if (event.type === 'approval.requested' || event.type === 'approval.updated') {
    return { id: event.lastEventId, type: event.type, data: data as ApprovalEventData };
  }
  if (event.type === 'run.updated') return { id: event.lastEventId, type: event.type, data: data as RunEventData };
  return undefined;
}

export class LiveEvents extends Disposable {
  private readonly events = this.register(new Emitter<GateEvent>());
  private readonly resets = this.register(new Emitter<string>());
  private readonly statuses = this.register(new Emitter<LiveStatus>());
  /** Approval and run changes, as the gateway sends them. */
  readonly onEvent: Event<GateEvent> = this.events.event;
  /** State may have changed unseen (reset, or reconnected after a gap): refetch. The reason is for logs. */
  readonly onResync: Event<string> = this.resets.event;
  readonly onStatus: Event<LiveStatus> = this.statuses.event;

  private current: LiveStatus = 'polling';
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;
  private lastEventId: string | undefined;

  constructor(private readonly options: LiveEventsOptions) {
    super();
  }

  get status(): LiveStatus {
    return this.current;
  }

  /** Opens the stream (again), e.g. after sign-in or a settings change. */
  restart(): void {
    this.stop();
    const controller = new AbortController();
    this.controller = controller;
    this.lastEventId = undefined;
    this.running = this.loop(controller.signal).catch((error: unknown) =>
      this.options.log.error(`event stream stopped: ${describeForLog(error)}`),
    );
  }

  /** Closes the stream (sign-out). */
  stop(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.setStatus('polling');
  }

  /** Resolves when the loop has ended after `stop()` (tests). */
  async stopped(): Promise<void> {
    await this.running;
  }

  override dispose(): void {
    this.stop();
    super.dispose();
  }

  private setStatus(status: LiveStatus): void {
    if (status === this.current) return;
    this.current = status;
    this.statuses.fire(status);
  }

  private async loop(signal: AbortSignal): Promise<void> {
    const minDelay = this.options.minDelayMs ?? 1_000;
    const maxDelay = this.options.maxDelayMs ?? 30_000;
    let delay = minDelay;
    let connectedBefore = false;
    while (!signal.aborted) {
      const client = this.options.client();
      if (!client) return;
      this.setStatus(this.current === 'live' ? 'connecting' : this.current);
      const parser = new SseParser();
      try {
        for await (const event of client.events({
          signal,
          ...(this.lastEventId ? { lastEventId: this.lastEventId } : {}),
          parser,
          onOpen: () => {
            this.setStatus('live');
            delay = minDelay;
          },
        })) {
          if (parser.lastId) this.lastEventId = parser.lastId;
          if (event.type === 'stream.ready') {
            // A reconnect without a resumable id may have missed events.
            if (connectedBefore && !this.lastEventId) this.resets.fire('reconnected');
            connectedBefore = true;
            continue;
          }
          if (event.type === 'stream.reset') {
            this.options.log.info('event stream: reset by the gateway; refetching');
            this.resets.fire('reset');
            continue;
          }
          if (event.type === 'stream.end') {
            this.options.log.info(`event stream: closed by the gateway (${event.data || 'no reason'})`);
            break;
          }
          const parsed = parseEvent(event, this.options.log);
          if (parsed) this.events.fire(parsed);
        }
        if (signal.aborted) return;
        this.setStatus('connecting');
        connectedBefore = true;
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ExtensionError && (error.code === 'not_signed_in' || error.code === 'session_expired')) {
          this.setStatus('polling');
          return; // restarted on the next sign-in
        }
        if (error instanceof GatewayError && error.status === 404) {
          // A gateway without the stream: views poll; look again now and then.
          this.setStatus('polling');
          delay = 5 * 60_000;
        } else {
          this.options.log.warn(`event stream: ${describeForLog(error)}; reconnecting in ${Math.round(delay / 1000)} s`);
          this.setStatus('polling');
        }
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}
