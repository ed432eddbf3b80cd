/**
 * A closed-loop HTTP load generator that runs in its own process (so it does not share the
 * event loop of what it measures): N concurrent keep-alive connections, each sending the next
 * request when the previous answer has been read completely.
 */
import { Agent, request } from 'node:http';

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
  readonly rps: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const urls = [spec.url, ...(spec.alsoUrls ?? [])].map((address) => new URL(address));
  const latencies: number[] = [];
  let errors = 0;
  let nonSuccess = 0;
  const start = performance.now();
  const measureFrom = start + spec.warmupMs;
  const end = measureFrom + spec.durationMs;

  const once = (url: URL): Promise<void> =>
    new Promise((resolve) => {
      const began = performance.now();
      const req = request(
        { agent, hostname: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: spec.method, headers: spec.headers },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => {
            const finished = performance.now();
            if (began >= measureFrom && finished <= end) {
              latencies.push(finished - began);
              if ((res.statusCode ?? 0) >= 400) nonSuccess++;
            }
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      if (spec.body !== undefined) req.write(spec.body);
      req.end();
    });

  await Promise.all(
    Array.from({ length: spec.concurrency }, async (_, connection) => {
      const url = urls[connection % urls.length] ?? urls[0];
      while (url && performance.now() < end) await once(url);
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    nonSuccess,
    rps: latencies.length / (spec.durationMs / 1000),
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    p99Ms: percentile(latencies, 99),
  };
}

// Child-process entry: receive a spec, answer with the result.
if (process.send && process.argv.includes('--load-client')) {
  process.once('message', (spec: LoadSpec) => {
    void runLoad(spec).then((result) => {
      process.send?.(result, () => process.exit(0));
    });
  });
}
