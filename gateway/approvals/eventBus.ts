/**
 * The bus of approval and held-run changes. Published after the change is durable (never before
 * its transaction commits); consumed by the live event stream (SSE), the long-poll on runs, and
 * `Prefer: wait`. Recent events stay in a ring buffer so a reconnecting stream can resume from
 * `Last-Event-ID`; ids carry the bus's epoch, so an id from before a restart is recognised and
 * answered with a reset instead of a silent gap.
 *
 * Callers depend on the `EventBus` interface: in one process the in-process bus serves; replicas
 * on one database share their events through it (PostgreSQL LISTEN/NOTIFY) behind the same one.
 */
import { randomBytes } from 'node:crypto';
import type { Identity } from '../identity/types.js';
import { principalOf } from '../identity/types.js';
import type { ApprovalEventData, GateEvent, RunEventData } from '../api/wire.js';
import type { StoreBroadcast } from '../store/types.js';

/** Who may receive an event: these principals, and members of these groups. */
export interface Audience {
  readonly principals: readonly string[];
  readonly groups: readonly string[];
}

export type BusEvent = GateEvent & { readonly seq: number; readonly audience: Audience };

export type BusEventInput =
  | { readonly type: 'approval.requested' | 'approval.updated'; readonly data: ApprovalEventData; readonly audience: Audience }
  | { readonly type: 'run.updated'; readonly data: RunEventData; readonly audience: Audience };

export function mayReceive(identity: Pick<Identity, 'issuerId' | 'subject' | 'groups'>, audience: Audience): boolean {
  return audience.principals.includes(principalOf(identity)) || identity.groups.some((group) => audience.groups.includes(group));
}

export type ResumeResult = { readonly kind: 'events'; readonly events: readonly BusEvent[] } | { readonly kind: 'reset' };

export interface EventBus {
  /** Distinguishes this bus's event ids from a previous one's (a restart). */
  readonly epoch: string;
  /** Seq of the latest event (0 before the first). */
  readonly lastSeq: number;
  readonly listenerCount: number;
  /** Publishes a change that is already durable (subscribers may hear it a moment later). */
  publish(input: BusEventInput): void;
  /** Calls `listener` with every event from now on; returns the unsubscribe function. */
  subscribe(listener: (event: BusEvent) => void): () => void;
  /** Events after `lastEventId`, or a reset when they are not all still here. */
  since(lastEventId: string): ResumeResult;
  /** Resolves with the first event that satisfies `predicate`, or undefined after `timeoutMs` or on abort. */
  waitFor(predicate: (event: BusEvent) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<BusEvent | undefined>;
  /** Stops hearing other processes (the shared bus); nothing to do in one process. */
  close(): void;
}

function newEpoch(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** The bus of one gateway process: it numbers, buffers and hands out what is published to it. */
export class InProcessEventBus implements EventBus {
  private currentEpoch = newEpoch();
  private seq = 0;
  private readonly buffer: BusEvent[] = [];
  private readonly listeners = new Set<(event: BusEvent) => void>();

  constructor(private readonly capacity = 2048) {}

  get epoch(): string {
    return this.currentEpoch;
  }

  /** Starts a new epoch: ids handed out before no longer resume (events may have been missed). */
  restart(): void {
    this.currentEpoch = newEpoch();
    this.seq = 0;
    this.buffer.length = 0;
  }

  close(): void {
    // Nothing is held.
  }

  publish(input: BusEventInput): BusEvent {
    this.seq += 1;
    const event = { ...input, id: `${this.currentEpoch}-${this.seq}`, seq: this.seq } as BusEvent;
    this.buffer.push(event);
    if (this.buffer.length > this.capacity) this.buffer.splice(0, this.buffer.length - this.capacity);
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A broken consumer must not stop the others (nor the publisher).
      }
    }
    return event;
  }

  subscribe(listener: (event: BusEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events after `lastEventId`, or a reset when they are not all still here. */
  since(lastEventId: string): ResumeResult {
    const match = /^([a-z0-9]+)-([0-9]+)$/.exec(lastEventId.trim());
    if (!match || match[1] !== this.currentEpoch) return { kind: 'reset' };
    const after = Number(match[2]);
    if (after > this.seq) return { kind: 'reset' };
    const oldest = this.buffer[0]?.seq ?? this.seq + 1;
    // The first event after the id must still be buffered, or some were lost.
    if (after + 1 < oldest && after < this.seq) return { kind: 'reset' };
    return { kind: 'events', events: this.buffer.filter((event) => event.seq > after) };
  }

  /** Resolves with the first event that satisfies `predicate`, or undefined after `timeoutMs` or on abort. */
  waitFor(predicate: (event: BusEvent) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<BusEvent | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const finish = (event: BusEvent | undefined): void => {
        unsubscribe();
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(event);
      };
      const onAbort = (): void => finish(undefined);
      // Publishing is synchronous and never happens inside this executor, so `timer` is set before any finish.
      const unsubscribe = this.subscribe((event) => {
        if (predicate(event)) finish(event);
      });
      const timer = setTimeout(() => finish(undefined), Math.max(0, timeoutMs));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Seq of the latest event (0 before the first). */
  get lastSeq(): number {
    return this.seq;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}

/** The store channel events travel on between gateways. */
const EVENTS_CHANNEL = 'autogen_gate_events';

/**
 * The bus of gateways sharing one store (replicas on PostgreSQL): what one publishes reaches every
 * one's subscribers through the store's broadcast; each numbers and buffers what it hears under
 * an epoch of its own, so a client that reconnects to another replica (or after events may have
 * been lost) is answered `stream.reset` and refetches instead of missing events silently.
 */
export class SharedEventBus implements EventBus {
  private readonly local: InProcessEventBus;
  private readonly unsubscribe: Array<() => void>;

  constructor(
    private readonly broadcast: StoreBroadcast,
    private readonly onError: (error: unknown) => void,
    capacity = 2048,
  ) {
    this.local = new InProcessEventBus(capacity);
    this.unsubscribe = [
      broadcast.subscribe(EVENTS_CHANNEL, (message) => {
        const input = parseEvent(message);
        if (input) this.local.publish(input);
      }),
      broadcast.onGap(() => this.local.restart()),
    ];
  }

  get epoch(): string {
    return this.local.epoch;
  }

  get lastSeq(): number {
    return this.local.lastSeq;
  }

  get listenerCount(): number {
    return this.local.listenerCount;
  }

  publish(input: BusEventInput): void {
    this.broadcast.publish(EVENTS_CHANNEL, JSON.stringify(input)).catch(this.onError);
  }

  subscribe(listener: (event: BusEvent) => void): () => void {
    return this.local.subscribe(listener);
  }

  since(lastEventId: string): ResumeResult {
    return this.local.since(lastEventId);
  }

  waitFor(predicate: (event: BusEvent) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<BusEvent | undefined> {
    return this.local.waitFor(predicate, timeoutMs, signal);
  }

  close(): void {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
  }
}

/** An event as another gateway sent it; anything else is dropped (the store's channel is ours alone, but a bad message must not break the bus). */
function parseEvent(message: string): BusEventInput | undefined {
  try {
    const parsed: unknown = JSON.parse(message);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { type, data, audience } = parsed as Record<string, unknown>;
    if (type !== 'approval.requested' && type !== 'approval.updated' && type !== 'run.updated') return undefined;
    if (typeof data !== 'object' || data === null || typeof audience !== 'object' || audience === null) return undefined;
    const { principals, groups } = audience as Record<string, unknown>;
    if (!Array.isArray(principals) || !Array.isArray(groups)) return undefined;
    return parsed as BusEventInput;
  } catch {
    return undefined;
  }
}

/** The bus for a store: shared with the other gateways when the store is, in-process otherwise. */
export function createEventBus(broadcast: StoreBroadcast, onError: (error: unknown) => void): EventBus {
  return broadcast.shared ? new SharedEventBus(broadcast, onError) : new InProcessEventBus();
}
