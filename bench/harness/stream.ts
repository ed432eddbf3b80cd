/**
 * A long Server-Sent-Events response masked end to end: the upstream streams `bytes` of
 * chat-completion chunks full of personal data, a fresh gateway (so its peak RSS is this
 * stream's) masks them on the way, and the client reads everything, checking that a CPF the
 * upstream repeats never comes out unmasked. The gateway's RSS is sampled throughout; its
 * lifetime peak (start-up included) is the figure. A time budget bounds the run on a slow
 * masker: the client then stops early, and the result says how far it got.
 *
 * What the RSS is made of (bench/support/memory.ts) is logged before the stream, at each 256 MB
 * and at the end; BENCH_STREAM_SNAPSHOT_DIR=DIR also writes a heap snapshot of the gateway at
 * each of those points (the stream waits while it is taken, and the gateway's CPU per MB then
 * includes the snapshots').
 */
import { request } from 'node:http';
import { join } from 'node:path';
import { STREAM_CPF } from '../support/fixtures.js';
import { formatBreakdown, type MemoryBreakdown } from '../support/memory.js';
import { startGatewayProcess, UPSTREAM, type BenchContext } from './participants.js';

export interface StreamResult {
  /** Bytes the stream was asked for, and whether all of them came before the time budget ran out. */
  readonly bytesAsked: number;
  readonly complete: boolean;
  readonly bytesOut: number;
  readonly seconds: number;
  readonly mbps: number;
  readonly peakRssMb: number;
  /** RSS of the fresh gateway before the stream began (what the stream's own cost adds to). */
  readonly startRssMb: number;
  /** RSS when the stream ended (what stays after the peak). */
  readonly endRssMb: number;
  /** Gateway CPU per MB streamed, ms. */
  readonly cpuMsPerMb: number;
  /** What the gateway's RSS was made of before the stream, at the highest RSS of the points logged, and at the end. */
  readonly memory: { readonly start: MemoryBreakdown; readonly highest: MemoryBreakdown; readonly end: MemoryBreakdown };
}

const MB = 1024 * 1024;

function readStream(
  url: string,
  token: string,
  budgetMs: number,
  onProgress: (bytes: number) => Promise<void> | undefined,
): Promise<{ bytes: number; complete: boolean }> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    let complete = true;
    const req = request(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`the stream answered HTTP ${res.statusCode}`));
        res.resume();
        return;
      }
      const budget = setTimeout(() => {
        complete = false;
        res.destroy();
        resolve({ bytes, complete });
      }, budgetMs);
      // A value split across two chunks must be caught too: keep the end of the previous chunk.
      let carry = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        bytes += Buffer.byteLength(chunk);
        const pause = onProgress(bytes);
        if (pause) {
          res.pause();
          pause.then(
            () => res.resume(),
            (error: unknown) => req.destroy(error instanceof Error ? error : new Error(String(error))),
          );
        }
        const window = carry + chunk;
        if (window.includes(STREAM_CPF)) {
          clearTimeout(budget);
          req.destroy(new Error(`an unmasked CPF left the gateway after ${bytes} bytes`));
          return;
        }
        carry = window.slice(-STREAM_CPF.length);
      });
      res.on('end', () => {
        clearTimeout(budget);
        resolve({ bytes, complete });
      });
      res.on('error', (error) => {
        clearTimeout(budget);
        if (complete) reject(error);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

export async function runStream(
  context: BenchContext,
  bytes: number,
  budgetMs: number,
  log: (line: string) => void,
): Promise<StreamResult> {
  const gateway = await startGatewayProcess(context, 'stream', { masking: 'lgpd' });
  let peak = 0;
  const sampler = setInterval(() => {
    void gateway.stats().then((stats) => (peak = Math.max(peak, stats.rssBytes)));
  }, 200);
  try {
    const snapshots = process.env['BENCH_STREAM_SNAPSHOT_DIR'];
    // Logged and kept; the time it takes (a heap snapshot: seconds) is left out of the figures.
    let paused = 0;
    const look = async (label: string, file: string): Promise<MemoryBreakdown> => {
      const from = performance.now();
      const memory = await gateway.memory();
      for (const line of formatBreakdown(label, memory)) log(line);
      if (snapshots) await gateway.heapSnapshot(join(snapshots, `stream-${file}.heapsnapshot`));
      paused += performance.now() - from;
      return memory;
    };
    const start = await look('before the stream', 'start');
    paused = 0;
    let highest = start;
    const began = performance.now();
    const before = await gateway.stats();
    let reported = 0;
    const received = await readStream(`${gateway.url}/proxy/${UPSTREAM}/sse/${bytes}`, context.token, budgetMs, (sofar) => {
      if (sofar - reported < 256 * MB) return undefined;
      reported = sofar;
      log(`  stream: ${(sofar / MB).toFixed(0)} MB masked, ${(peak / MB).toFixed(0)} MB RSS so far`);
      return look(`at ${(sofar / MB).toFixed(0)} MB`, `${(sofar / MB).toFixed(0)}mb`).then((memory) => {
        if (memory.rssBytes > highest.rssBytes) highest = memory;
      });
    });
    const seconds = (performance.now() - began - paused) / 1000;
    const stats = await gateway.stats();
    const end = await look('at the end', 'end');
    return {
      bytesAsked: bytes,
      complete: received.complete,
      bytesOut: received.bytes,
      seconds,
      mbps: received.bytes / 1e6 / seconds,
      peakRssMb: Math.max(peak, stats.maxRssBytes) / MB,
      startRssMb: before.rssBytes / MB,
      endRssMb: stats.rssBytes / MB,
      cpuMsPerMb: (stats.cpuMicros - before.cpuMicros) / 1000 / (received.bytes / MB),
      memory: { start, highest: end.rssBytes > highest.rssBytes ? end : highest, end },
    };
  } finally {
    clearInterval(sampler);
    await gateway.stop();
  }
}
