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
  /** Publishes a change that is already durable; returns it with its id. */
  publish(input: BusEventInput): BusEvent;
  /** Calls `listener` with every event from now on; returns the unsubscribe function. */
  subscribe(listener: (event: BusEvent) => void): () => void;
  /** Events after `lastEventId`, or a reset when they are not all still here. */
  since(lastEventId: string): ResumeResult;
  /** Resolves with the first event that satisfies `predicate`, or undefined after `timeoutMs` or on abort. */
  waitFor(predicate: (event: BusEvent) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<BusEvent | undefined>;
}

/** The bus of one gateway process. */
export class InProcessEventBus implements EventBus {
  readonly epoch = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  private seq = 0;
  private readonly buffer: BusEvent[] = [];
  private readonly listeners = new Set<(event: BusEvent) => void>();

  constructor(private readonly capacity = 2048) {}

  publish(input: BusEventInput): BusEvent {
    this.seq += 1;
    const event = { ...input, id: `${this.epoch}-${this.seq}`, seq: this.seq } as BusEvent;
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
    if (!match || match[1] !== this.epoch) return { kind: 'reset' };
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
