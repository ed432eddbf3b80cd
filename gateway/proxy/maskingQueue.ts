/**
 * Admission for buffered response masking. Masking is CPU work on the gateway's one thread: jobs
 * run at once only interleave, so every one of them finishes late and all of them are alive in
 * memory together (a 1 MB JSON body dense with personal data holds tens of MB while it is masked;
 * 32 of them at once, plus the ones whose clients had already left, took the process past 3 GB).
 * So a few jobs run (`concurrency`), the rest wait first come first served, a bounded number of
 * them for a bounded time, and one past either bound is refused with 503 `masking_busy` and a
 * Retry-After, never passed unmasked. A job whose caller went away leaves the queue, or stops at
 * its next pause if it was running (see `finishAsync`).
 */
import { GateError } from '../errors.js';
import type { MaskingAdmissionConfig } from '../config/types.js';

interface Waiter {
  readonly admit: () => void;
  readonly refuse: (error: unknown) => void;
}

/** What the queue holds now, for metrics and tests. */
export interface MaskingQueueStats {
  readonly running: number;
  readonly waiting: number;
}

export class MaskingQueue {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  /** Recent job duration (ms, moving average), to say when to retry. */
  private meanJobMs = 100;

  constructor(
    private readonly limits: MaskingAdmissionConfig,
    /** Hears the counts whenever they change (the gateway's metrics). */
    private readonly onChange: (stats: MaskingQueueStats) => void = () => undefined,
  ) {}

  get stats(): MaskingQueueStats {
    return { running: this.running, waiting: this.waiting.length };
  }

  /**
   * Resolves with a slot's release (call it once the job and whatever holds its output are done;
   * later calls do nothing); rejects with `masking_busy` when the queue is full or the wait runs
   * out, and with the signal's reason when `signal` aborts first.
   */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.running >= this.limits.concurrency) await this.wait(signal);
    else this.running++;
    this.onChange(this.stats);
    const began = performance.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.meanJobMs = 0.8 * this.meanJobMs + 0.2 * (performance.now() - began);
      this.release();
    };
  }

  /** Runs `job` in a slot (see `acquire`). */
  async run<T>(job: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await job();
    } finally {
      release();
    }
  }

  private wait(signal: AbortSignal | undefined): Promise<void> {
    if (this.waiting.length >= this.limits.queue) {
      return Promise.reject(this.busy(`${this.waiting.length} responses already wait for masking`));
    }
    return new Promise<void>((resolve, reject) => {
      const leave = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', aborted);
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        this.onChange(this.stats);
      };
      const aborted = (): void => {
        leave();
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        // The slot passes straight from the job that ended to this one: `running` is unchanged.
        admit: () => {
          leave();
          resolve();
        },
        refuse: (error) => {
          leave();
          reject(error);
        },
      };
      const timer = setTimeout(
        () => waiter.refuse(this.busy(`the response waited ${this.limits.queueWaitMs} ms for masking`)),
        this.limits.queueWaitMs,
      );
      signal?.addEventListener('abort', aborted, { once: true });
      this.waiting.push(waiter);
      this.onChange(this.stats);
    });
  }

  private release(): void {
    const next = this.waiting[0];
    if (next) next.admit();
    else this.running--;
    this.onChange(this.stats);
  }

  private busy(why: string): GateError {
    // The work ahead of a new caller, shared by the slots: a hint, at least a second.
    const ahead = this.waiting.length + this.running;
    const seconds = Math.max(1, Math.ceil((ahead * this.meanJobMs) / this.limits.concurrency / 1000));
    return new GateError(
      'masking_busy',
      503,
      `The gateway is masking other responses and cannot take this one now, so it was withheld; try again in ${seconds} s.`,
      { headers: { 'Retry-After': String(seconds) }, detail: { reason: why } },
    );
  }
}
