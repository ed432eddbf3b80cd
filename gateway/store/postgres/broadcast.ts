/**
 * Live messages between replicas through PostgreSQL LISTEN/NOTIFY. One connection of its own
 * listens (a pooled one would be handed to others); NOTIFY goes through the pool. A notification
 * reaches every listening session, the sender's included, after the sending transaction commits.
 * When the listening connection breaks, it reconnects with a growing pause and tells `onGap`
 * subscribers: what was sent meanwhile is lost to this replica.
 */
import type pg from 'pg';
import { StoreError, type StoreBroadcast } from '../types.js';
import type { PgExecutor } from './executor.js';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_MESSAGE_BYTES = 7900;
const CHANNEL = /^[a-z][a-z0-9_]{0,62}$/;

export class PgBroadcast implements StoreBroadcast {
  readonly shared = true;
  private client: pg.Client | undefined;
  private readonly channels = new Map<string, Set<(message: string) => void>>();
  private readonly gapListeners = new Set<() => void>();
  /** LISTENs sent and not yet acknowledged: a publish waits for them, so a subscriber here hears it. */
  private listening: Promise<unknown> = Promise.resolve();
  private retryMs = 100;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly newClient: () => pg.Client,
    private readonly executor: PgExecutor,
  ) {}

  /** Opens the listening connection (the store fails to open if it cannot). */
  async start(): Promise<void> {
    await this.listen();
  }

  private async listen(): Promise<void> {
    const client = this.newClient();
    client.on('notification', (notification) => {
      if (notification.payload === undefined) return;
      for (const listener of [...(this.channels.get(notification.channel) ?? [])]) {
        try {
          listener(notification.payload);
        } catch {
          // One subscriber's failure is not the others'.
        }
      }
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    await client.connect();
    // Set first: a channel subscribed while the loop runs is listened to by `subscribe` itself.
    this.client = client;
    try {
      for (const channel of this.channels.keys()) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      this.client = undefined;
      await client.end().catch(() => undefined);
      throw error;
    }
    this.retryMs = 100;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client || this.closed) return;
    this.client = undefined;
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    const reconnect = (): void => {
      this.retry = undefined;
      if (this.closed) return;
      this.listen().then(
        () => {
          for (const listener of this.gapListeners) listener();
        },
        () => {
          this.retryMs = Math.min(this.retryMs * 2, 5000);
          this.retry = setTimeout(reconnect, this.retryMs);
          this.retry.unref();
        },
      );
    };
    this.retry = setTimeout(reconnect, this.retryMs);
    this.retry.unref();
  }

  async publish(channel: string, message: string): Promise<void> {
    if (!CHANNEL.test(channel)) throw new StoreError(`"${channel}" is not a channel name`);
    if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES)
      throw new StoreError(`a broadcast message of ${Buffer.byteLength(message)} bytes is over PostgreSQL's NOTIFY limit`);
    await this.listening;
    await this.executor.run('SELECT pg_notify(?, ?)', [channel, message]);
  }

  subscribe(channel: string, listener: (message: string) => void): () => void {
    if (!CHANNEL.test(channel)) throw new StoreError(`"${channel}" is not a channel name`);
    let listeners = this.channels.get(channel);
    if (!listeners) {
      listeners = new Set();
      this.channels.set(channel, listeners);
      // A broken connection re-listens to every channel when it comes back.
      const client = this.client;
      if (client) this.listening = Promise.all([this.listening, client.query(`LISTEN ${channel}`).catch(() => undefined)]);
    }
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  onGap(listener: () => void): () => void {
    this.gapListeners.add(listener);
    return () => this.gapListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
