/**
 * The audit record of refused credentials, bounded. The first refusal of a client for a reason in
 * a window is written in full; the ones that follow in the same window are counted and written as
 * one entry when the window closes. A flood of bad tokens (or of long garbage paths) then costs a
 * few audit entries a minute per client, not one per request, and nothing is lost: the count says
 * how many, the first entry says what.
 */
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/types.js';

export interface Rejection {
  readonly client: string;
  readonly reason: string;
  /** What the audit entry says (request id, path, issuer, subject, detail). */
  readonly data: Readonly<Record<string, unknown>>;
}

interface Window {
  readonly opened: number;
  readonly firstAt: string;
  repeated: number;
  lastAt: string;
}

const MAX_WINDOWS = 10_000;

export class RejectionLog {
  private readonly windows = new Map<string, Window>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => void this.flush(false), Math.max(1_000, Math.floor(windowMs / 4)));
    this.timer.unref();
  }

  /** Records a refusal; resolves once what must be written now is durable (or failed, logged). */
  async record(rejection: Rejection): Promise<void> {
    const key = `${rejection.client}\u0000${rejection.reason}`;
    const at = new Date(this.now()).toISOString();
    const open = this.windows.get(key);
    if (open && this.now() - open.opened < this.windowMs) {
      open.repeated += 1;
      open.lastAt = at;
      return;
    }
    if (open) await this.close(key, open);
    if (this.windows.size >= MAX_WINDOWS) await this.flush(true);
    this.windows.set(key, { opened: this.now(), firstAt: at, repeated: 0, lastAt: at });
    await this.write({
      type: 'auth.rejected',
      actor: 'anonymous',
      data: { ...rejection.data, reason: rejection.reason, client: rejection.client },
    });
  }

  /** Writes the counts of windows that closed (all of them when `all`). */
  async flush(all: boolean): Promise<void> {
    for (const [key, window] of [...this.windows]) {
      if (all || this.now() - window.opened >= this.windowMs) await this.close(key, window);
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush(true);
  }

  private async close(key: string, window: Window): Promise<void> {
    this.windows.delete(key);
    if (window.repeated === 0) return;
    const [client, reason] = key.split('\u0000');
    await this.write({
      type: 'auth.rejected_repeatedly',
      actor: 'anonymous',
      data: { client, reason, repeated: window.repeated, firstAt: window.firstAt, lastAt: window.lastAt },
    });
  }

  private async write(entry: { type: string; actor: string; data: Record<string, unknown> }): Promise<void> {
    try {
      await this.store.transact((tx) => tx.appendAudit(entry), { retrySafe: true });
    } catch (error) {
      // The request is refused either way; losing the record of a refusal is logged loudly.
      this.logger.error({ err: error, type: entry.type }, 'could not record an authentication refusal in the audit log');
    }
  }
}
