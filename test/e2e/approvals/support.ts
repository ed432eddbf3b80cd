/**
 * Test helpers for approvals: a small Server-Sent Events client over fetch (what a CLI or the
 * extension host does), and a loopback HTTP upstream whose answers a test releases by hand.
 */
import {
  createServer,
  get as httpGet,
  type ClientRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ApprovalSpec, RuleSpec } from '../../support/policyBuilder.js';

export interface SseEvent {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: unknown;
  /** performance.now() when the event was parsed. */
  readonly receivedAt: number;
}

export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  ended = false;
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly status: number,
    readonly headers: IncomingHttpHeaders,
    private readonly request: ClientRequest,
  ) {}

  /**
   * Opens a stream on its own connection (node:http, no agent), so closing it closes exactly that
   * socket; fetch's pool may keep or open sockets of its own that outlive a test.
   */
  static open(url: string, headers: Record<string, string>): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const request = httpGet(url, { agent: false, headers: { accept: 'text/event-stream', ...headers } }, (response: IncomingMessage) => {
        const client = new SseClient(response.statusCode ?? 0, response.headers, request);
        client.pump(response);
        resolve(client);
      });
      request.on('error', reject);
    });
  }

  private pump(response: IncomingMessage): void {
    let buffer = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      buffer += chunk;
      let boundary: number;
      while ((boundary = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary).replace(/^\r?\n\r?\n/, '');
        this.parse(block);
      }
    });
    const finish = (): void => {
      this.ended = true;
      this.notify();
    };
    response.on('end', finish);
    response.on('close', finish);
    response.on('error', finish);
  }

  private parse(block: string): void {
    let id: string | undefined;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('id:')) id = line.slice(3).trim();
      else if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length === 0) {
      if (this.comments.length > 0) this.notify();
      return;
    }
    this.events.push({ id, event, data: JSON.parse(data.join('\n')) as unknown, receivedAt: performance.now() });
    this.notify();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** The first event (already received or still to come) that matches. */
  next(predicate: (event: SseEvent) => boolean, timeoutMs = 5000): Promise<SseEvent> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.events.find(predicate);
        if (found) {
          cleanup();
          resolve(found);
          return true;
        }
        if (this.ended) {
          cleanup();
          reject(new Error(`the stream ended before a matching event; got ${this.events.map((event) => event.event).join(', ')}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `no matching event within ${timeoutMs} ms; got ${JSON.stringify(this.events.map((event) => [event.event, event.data]))}`,
          ),
        );
      }, timeoutMs);
      const waiter = (): void => void check();
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
      check();
    });
  }

  /** Resolves when the server ends the stream. */
  async closed(timeoutMs = 5000): Promise<void> {
    const started = Date.now();
    while (!this.ended) {
      if (Date.now() - started > timeoutMs) throw new Error('the stream did not end');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  close(): void {
    this.request.destroy();
  }
}

/** A loopback HTTP generator (`type: http` upstream) that holds each request until the test releases it. */
export interface GatedUpstream {
  readonly url: string;
  readonly requests: Array<{ readonly body: unknown }>;
  /** Resolves when `count` requests have arrived. */
  arrived(count: number, timeoutMs?: number): Promise<void>;
  /** Answers every held request (and later ones immediately). */
  releaseAll(): void;
  close(): Promise<void>;
}

export async function startGatedUpstream(): Promise<GatedUpstream> {
  const requests: Array<{ body: unknown }> = [];
  const held: ServerResponse[] = [];
  let released = false;
  const answer = (res: ServerResponse): void => {
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ text: 'Relatório: cliente Maria Aparecida da Silva, CPF 529.982.247-25.' }));
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push({ body: text === '' ? undefined : (JSON.parse(text) as unknown) });
      if (released) answer(res);
      else held.push(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const releaseAll = (): void => {
    released = true;
    for (const res of held.splice(0)) answer(res);
  };
  return {
    url,
    requests,
    async arrived(count, timeoutMs = 5000) {
      const started = Date.now();
      while (requests.length < count) {
        if (Date.now() - started > timeoutMs) throw new Error(`only ${requests.length} of ${count} upstream requests arrived`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    releaseAll,
    async close() {
      releaseAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls `check` until it returns a value (not undefined), for state that settles in the background. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Data engineers run the slow report once the privacy office approves. */
export function slowReportApproval(approval: ApprovalSpec = {}): RuleSpec {
  return {
    id: 'slow-report-approval',
    generators: ['slow-report'],
    when: { groups: ['data-engineers'] },
    decision: 'approval',
    approval: { approvers: ['privacy-office'], ...approval },
  };
}
