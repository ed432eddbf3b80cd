/**
 * Admission for buffered response masking. Masking is CPU work on the gateway's one thread: jobs
 * run at once only interleave, so every one of them finishes late and all of them are alive in
 * memory together (a 1 MB JSON body dense with personal data holds tens of MB while it is masked;
 * 32 of them at once, plus the ones whose clients had already left, took the process past 3 GB).
 * So jobs run while the bodies being masked add up to at most `budgetBytes` (one larger than the
 * budget runs alone), which lets small answers pass beside a large one instead of queueing behind
 * it; the rest wait first come first served, a bounded number of them for a bounded time, and one
 * past either bound is refused with 503 `masking_busy` and a Retry-After, never passed unmasked. A job whose caller went away leaves the queue, or stops at
 * its next pause if it was running (see `finishAsync`).
 */
import { GateError } from '../errors.js';
import type { MaskingAdmissionConfig } from '../config/types.js';
import { WaitLine } from '../http/waitLine.js';

/** What the queue holds now, for metrics and tests. */
export interface MaskingQueueStats {
  readonly running: number;
  readonly waiting: number;
}

export class MaskingQueue {
  private running = 0;
  private runningBytes = 0;
  /** The bytes of each waiting job. */
  private readonly line: WaitLine<number>;
  /** Recent job duration (ms, moving average), to say when to retry. */
  private meanJobMs = 100;

  constructor(
    private readonly limits: MaskingAdmissionConfig,
    /** Hears the counts whenever they change (the gateway's metrics). */
    private readonly onChange: (stats: MaskingQueueStats) => void = () => undefined,
  ) {
    this.line = new WaitLine<number>({
      waitMs: limits.queueWaitMs,
      refusal: () => this.busy(`the response waited ${this.limits.queueWaitMs} ms for masking`),
      afterLeave: () => {
        this.onChange(this.stats);
        this.admitWaiting();
      },
    });
  }

  get stats(): MaskingQueueStats {
    return { running: this.running, waiting: this.line.length };
  }

  /**
   * Resolves, once a job of `bytes` may run, with its release (call it once the job and whatever
   * holds its output are done; later calls do nothing); rejects with `masking_busy` when the queue
   * is full or the wait runs out, and with the signal's reason when `signal` aborts first.
   */
  async acquire(bytes: number, signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.line.length > 0 || !this.fits(bytes)) await this.wait(bytes, signal);
    else this.start(bytes);
    this.onChange(this.stats);
    const began = performance.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.meanJobMs = 0.8 * this.meanJobMs + 0.2 * (performance.now() - began);
      this.release(bytes);
    };
  }

  /** Runs `job` of `bytes` in its turn (see `acquire`). */
  async run<T>(bytes: number, job: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(bytes, signal);
    try {
      return await job();
    } finally {
      release();
    }
  }

  /** Whether a job of `bytes` may start now: nothing runs, or it fits in what the budget has left. */
  private fits(bytes: number): boolean {
    return this.running === 0 || this.runningBytes + bytes <= this.limits.budgetBytes;
  }

  private start(bytes: number): void {
    this.running++;
    this.runningBytes += bytes;
  }

  private wait(bytes: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.line.length >= this.limits.queue) {
      return Promise.reject(this.busy(`${this.line.length} responses already wait for masking`));
    }
    const waited = this.line.wait(bytes, signal);
    this.onChange(this.stats);
    return waited;
  }

  private release(bytes: number): void {
    this.running--;
    this.runningBytes -= bytes;
    this.admitWaiting();
    this.onChange(this.stats);
  }

  /** Starts waiting jobs in the order they came while the next one fits (a later one never passes it). */
  private admitWaiting(): void {
    this.line.admit(
      (bytes) => this.fits(bytes),
      (bytes) => this.start(bytes),
    );
  }

  private busy(why: string): GateError {
    // The work ahead of a new caller: a hint, at least a second.
    const ahead = this.line.length + this.running;
    const seconds = Math.max(1, Math.ceil((ahead * this.meanJobMs) / Math.max(1, this.running) / 1000));
    return new GateError(
      'masking_busy',
      503,
      `The gateway is masking other responses and cannot take this one now, so it was withheld; try again in ${seconds} s.`,
      { headers: { 'Retry-After': String(seconds) }, detail: { reason: why } },
    );
  }
}
