/**
 * A closed-loop HTTP load generator that runs in its own process (so it does not share the
 * event loop of what it measures): N concurrent keep-alive connections, each sending the next
 * request when the previous answer has been read completely.
 *
 * The measurement window follows a warm-up; a request counts when its answer ends inside the
 * window (so slow cells, whose answers take longer than the warm-up, still yield samples), and
 * the process tells its parent when the window opens and closes so the parent can read the
 * server's CPU at those instants. What is still in flight when the window closes is abandoned.
 */
import { Agent, request, type ClientRequest } from 'node:http';

export interface LoadSpec {
  readonly url: string;
  /** More addresses of the same service (replicas): connections are spread over `url` and these, as a load balancer would. */
  readonly alsoUrls?: readonly string[];
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly durationMs: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly nonSuccess: number;
  /** Answers refused for load (503 with Retry-After: the gateway's admission budgets), counted apart and not as requests. */
  readonly busy: number;
  /** First non-2xx status seen, to name in an error. */
  readonly firstBadStatus: number | undefined;
  readonly rps: number;
  readonly bytesPerSecond: number;
  /** Latency percentiles; null when no request completed (the NaN they would be does not survive IPC). */
  readonly p50Ms: number | null;
  readonly p90Ms: number | null;
  readonly p99Ms: number | null;
  readonly p999Ms: number | null;
}

/** Messages a load client sends its parent, in order: window-open, window-closed, result. */
export type LoadMessage =
  { readonly type: 'window-open' } | { readonly type: 'window-closed' } | { readonly type: 'result'; readonly result: LoadResult };

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export async function runLoad(spec: LoadSpec, onWindow: (event: 'open' | 'closed') => void = () => undefined): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const urls = [spec.url, ...(spec.alsoUrls ?? [])].map((address) => new URL(address));
  const latencies: number[] = [];
  const inFlight = new Set<ClientRequest>();
  let errors = 0;
  let nonSuccess = 0;
  let busy = 0;
  let firstBadStatus: number | undefined;
  let bytes = 0;
  let closed = false;
  const start = performance.now();
  const measureFrom = start + spec.warmupMs;
  const end = measureFrom + spec.durationMs;

  const opened = setTimeout(() => onWindow('open'), spec.warmupMs);
  let finishWindow: () => void = () => undefined;
  const windowOver = new Promise<void>((resolve) => {
    finishWindow = resolve;
  });
  const closing = setTimeout(() => {
    closed = true;
    onWindow('closed');
    finishWindow();
  }, spec.warmupMs + spec.durationMs);

  const once = (url: URL): Promise<void> =>
    new Promise((resolve) => {
      const began = performance.now();
      let received = 0;
      const req = request(
        { agent, hostname: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: spec.method, headers: spec.headers },
        (res) => {
          res.on('data', (chunk: Buffer) => {
            received += chunk.length;
          });
          res.on('end', () => {
            const finished = performance.now();
            if (!closed && finished >= measureFrom && finished <= end) {
              if (res.statusCode === 503 && res.headers['retry-after'] !== undefined) {
                busy++;
                return;
              }
              latencies.push(finished - began);
              bytes += received;
              const status = res.statusCode ?? 0;
              if (status >= 400) {
                nonSuccess++;
                firstBadStatus ??= status;
              }
            }
          });
          res.on('error', () => undefined);
        },
      );
      inFlight.add(req);
      req.on('error', () => {
        if (!closed) errors++;
      });
      // 'close' comes last, whether the answer ended, failed or was abandoned.
      req.on('close', () => {
        inFlight.delete(req);
        resolve();
      });
      if (spec.body !== undefined) req.write(spec.body);
      req.end();
    });

  const workers = Promise.all(
    Array.from({ length: spec.concurrency }, async (_, connection) => {
      // Replicas share the connections, as a load balancer would spread them.
      const url = urls[connection % urls.length] ?? urls[0];
      while (url && !closed) await once(url);
    }),
  );
  await windowOver;
  clearTimeout(opened);
  clearTimeout(closing);
  // Answers still coming are not waited for: a slow cell must not stretch the run.
  for (const req of inFlight) req.destroy();
  await workers;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const seconds = spec.durationMs / 1000;
  return {
    requests: latencies.length,
    errors,
    nonSuccess,
    busy,
    firstBadStatus,
    rps: latencies.length / seconds,
    bytesPerSecond: bytes / seconds,
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    p99Ms: percentile(latencies, 99),
    p999Ms: percentile(latencies, 99.9),
  };
}

// Child-process entry: run each spec received, report the window and the result.
if (process.send && process.argv.includes('--load-client')) {
  process.on('message', (spec: LoadSpec) => {
    const send = (message: LoadMessage): void => {
      process.send?.(message);
    };
    void runLoad(spec, (event) => send({ type: event === 'open' ? 'window-open' : 'window-closed' })).then((result) =>
      send({ type: 'result', result }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
