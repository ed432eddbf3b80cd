/**
 * Broadcast and exclusive jobs within one process: what a store no other gateway process shares
 * (SQLite: one gateway per file) offers. Messages are delivered asynchronously, as a shared
 * store's would be, so callers never depend on hearing their own message before `publish` returns.
 */
import type { ExclusiveResult, StoreBroadcast } from '../types.js';

export class LocalBroadcast implements StoreBroadcast {
  readonly shared = false;
  private readonly listeners = new Map<string, Set<(message: string) => void>>();

  publish(channel: string, message: string): Promise<void> {
    const listeners = [...(this.listeners.get(channel) ?? [])];
    setImmediate(() => {
      for (const listener of listeners) listener(message);
    });
    return Promise.resolve();
  }

  subscribe(channel: string, listener: (message: string) => void): () => void {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Nothing is ever lost in one process. */
  onGap(): () => void {
    return () => undefined;
  }
}

/** Jobs of this process, by name: a second start while one runs is left. */
export class LocalJobs {
  private readonly running = new Set<string>();

  async exclusive<T>(job: string, work: () => Promise<T>): Promise<ExclusiveResult<T>> {
    if (this.running.has(job)) return { ran: false };
    this.running.add(job);
    try {
      return { ran: true, value: await work() };
    } finally {
      this.running.delete(job);
    }
  }
}
