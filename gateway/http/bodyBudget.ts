/**
 * A budget of body bytes held in memory across all requests (`server.bodyBytesInFlight`). The
 * gateway reads every request body whole (to parse, inspect and record it) and buffers every JSON
 * answer (to mask and record it), and each held byte costs several more of heap while it is
 * parsed, copied and digested: without a bound, 256 concurrent 1 MB calls took a gateway with a
 * 384 MB heap out of memory (docs/performance.md, "Heap growth"). So each call holds its bytes
 * here while it has them: a request body from before it is read until it has been forwarded, an
 * answer from before it is read until it has been sent, a stream only the chunk in hand. A call
 * whose bytes do not fit waits, first come first served, for at most `waitMs`, then is refused with
 * 503 `body_budget_busy` and a Retry-After (recorded by the gate as every refusal is); nothing is
 * forwarded or answered around the budget. One call larger than the whole budget runs alone.
 */
import { GateError } from '../errors.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { WaitLine } from './waitLine.js';

export interface BodyBudgetConfig {
  /** Bytes of bodies held at once across all calls. */
  readonly budgetBytes: number;
  /** Longest a call waits for room before it is refused. */
  readonly waitMs: number;
}

/** What the budget holds now, for metrics and tests. */
export interface BodyBudgetStats {
  readonly heldBytes: number;
  readonly waiting: number;
}

interface Waiter {
  readonly hold: BodyHold;
  readonly bytes: number;
}

/** The gateway's one budget, reporting to its metrics. */
export function gatewayBodyBudget(limits: BodyBudgetConfig, metrics: GatewayMetrics): BodyBudget {
  return new BodyBudget(
    limits,
    ({ heldBytes, waiting }) => {
      metrics.bodyBytesInFlight.set(heldBytes);
      metrics.bodyBudgetWaiting.set(waiting);
    },
    () => metrics.bodyBudgetRefusals.inc(),
  );
}

export class BodyBudget {
  private held = 0;
  private readonly line: WaitLine<Waiter>;

  constructor(
    readonly limits: BodyBudgetConfig,
    /** Hears the counts whenever they change (the gateway's metrics). */
    private readonly onChange: (stats: BodyBudgetStats) => void = () => undefined,
    /** Hears each refusal (the gateway's metrics). */
    private readonly onRefuse: () => void = () => undefined,
    /** The error a call whose wait ran out is refused with (503 `body_budget_busy` by default). */
    private readonly refusal: (budget: BodyBudget) => GateError = bodyBudgetBusy,
  ) {
    this.line = new WaitLine<Waiter>({
      waitMs: limits.waitMs,
      refusal: () => {
        this.onRefuse();
        return this.refusal(this);
      },
      afterLeave: () => {
        this.admitWaiting();
        this.onChange(this.stats);
      },
    });
  }

  get stats(): BodyBudgetStats {
    return { heldBytes: this.held, waiting: this.line.length };
  }

  /** A holding for one call: empty until it takes bytes; release it once the call is done. */
  open(): BodyHold {
    return new BodyHold(this);
  }

  /** @internal (BodyHold) Adds `bytes` to `hold` now, or once they fit; rejects past the wait. */
  take(hold: BodyHold, bytes: number, signal: AbortSignal | undefined): Promise<void> | undefined {
    signal?.throwIfAborted();
    // A call that already holds bytes (a body read in chunks) goes before calls that hold none,
    // so calls half read do not all wait on each other for the room they hold.
    const ahead = hold.bytes > 0 ? this.line.some((w) => w.hold.bytes > 0) : this.line.length > 0;
    if (!ahead && this.fits(hold, bytes)) {
      this.add(hold, bytes);
      return undefined;
    }
    const firstEmpty = hold.bytes > 0 ? this.line.findIndex((w) => w.hold.bytes === 0) : -1;
    const waited = this.line.wait({ hold, bytes }, signal, firstEmpty >= 0 ? firstEmpty : undefined);
    this.onChange(this.stats);
    return waited;
  }

  /** @internal (BodyHold) Adds `bytes` to `hold` at once, over the budget if need be (what a call already has in hand). */
  force(hold: BodyHold, bytes: number): void {
    if (bytes > 0) this.add(hold, bytes);
  }

  /** @internal (BodyHold) Gives back `bytes` of `hold`. */
  give(hold: BodyHold, bytes: number): void {
    if (bytes <= 0) return;
    hold.bytes -= bytes;
    this.held -= bytes;
    this.admitWaiting();
    this.onChange(this.stats);
  }

  /** Whether `bytes` more fit: within the budget, or nothing else is held (one large call runs alone). */
  private fits(hold: BodyHold, bytes: number): boolean {
    return this.held === hold.bytes || this.held + bytes <= this.limits.budgetBytes;
  }

  private add(hold: BodyHold, bytes: number): void {
    hold.bytes += bytes;
    this.held += bytes;
    this.onChange(this.stats);
  }

  /** Admits waiting calls in order while the next one fits (a later one never passes it). */
  private admitWaiting(): void {
    this.line.admit(
      (next) => this.fits(next.hold, next.bytes),
      (next) => this.add(next.hold, next.bytes),
    );
  }
}

function bodyBudgetBusy(budget: BodyBudget): GateError {
  const { waitMs } = budget.limits;
  // A hint, not a promise: the wait it already had, at least a second.
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new GateError(
    'body_budget_busy',
    503,
    `The gateway holds as many request and response bodies as it may at once (server.bodyBytesInFlight), and this call waited ${waitMs} ms for room, so it was refused; nothing was forwarded or answered unrecorded or unmasked. Try again in ${seconds} s.`,
    { headers: { 'Retry-After': String(seconds) }, detail: { ...budget.stats } },
  );
}

/** One call's bytes in the budget. */
export class BodyHold {
  /** Bytes this call holds now. */
  bytes = 0;

  constructor(private readonly budget: BodyBudget) {}

  /** Holds `bytes` more; a promise only when they have to wait (rejects with 503 `body_budget_busy`, or the signal's reason). */
  take(bytes: number, signal?: AbortSignal): Promise<void> | undefined {
    return bytes > 0 ? this.budget.take(this, bytes, signal) : undefined;
  }

  /** Holds at least `total` bytes in all (a body read in chunks grows its holding to its size). */
  atLeast(total: number, signal?: AbortSignal): Promise<void> | undefined {
    return this.take(total - this.bytes, signal);
  }

  /**
   * Holds exactly `total` bytes from now on, without waiting: gives back what is above it, or takes
   * what is missing over the budget if need be (what a call already has in hand, as the events of
   * an answer just masked, cannot wait for room; the calls behind it do).
   */
  resize(total: number): void {
    if (total < this.bytes) this.release(this.bytes - total);
    else this.budget.force(this, total - this.bytes);
  }

  /** Gives back `bytes` (all by default). Safe to call more than once. */
  release(bytes: number = this.bytes): void {
    this.budget.give(this, Math.min(bytes, this.bytes));
  }
}
