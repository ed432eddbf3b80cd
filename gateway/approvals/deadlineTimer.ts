/**
 * Runs a job at the next deadline the job itself reports, so expiries happen on time even when
 * nobody looks. The deadline comes from the store (not from memory), which is what makes pending
 * requests expire after a restart too. Delays are measured on the gateway's clock and capped, so
 * a clock that jumps (or a test clock that is advanced) is noticed within `maxDelayMs`.
 */
import type { Logger } from '../observability/logger.js';

const MIN_DELAY_MS = 20;

export interface DeadlineJob {
  /** Does the due work; returns the next deadline (ISO), or undefined when nothing is scheduled. */
  run(): Promise<string | undefined>;
}

export class DeadlineTimer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly job: DeadlineJob,
    private readonly clock: () => Date,
    private readonly logger: Logger,
    private readonly maxDelayMs = 30_000,
  ) {}

  /** Runs the job now (coalescing concurrent pokes) and re-arms the timer. */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.running = (async () => {
      let next: string | undefined;
      let failed = false;
      try {
        next = await this.job.run();
      } catch (error) {
        failed = true;
        this.logger.error({ err: error, job: this.name }, 'scheduled work failed; retrying shortly');
      }
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.poke();
        return;
      }
      this.arm(failed ? new Date(this.clock().getTime() + 1_000).toISOString() : next);
    })();
  }

  private arm(deadline: string | undefined): void {
    if (this.stopped) return;
    // The floor keeps a deadline the job could not clear (a failing write) from spinning the loop.
    const wait =
      deadline === undefined
        ? this.maxDelayMs
        : Math.min(this.maxDelayMs, Math.max(MIN_DELAY_MS, Date.parse(deadline) - this.clock().getTime()));
    this.timer = setTimeout(() => this.poke(), wait);
    this.timer.unref();
  }

  /** Stops re-arming and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
