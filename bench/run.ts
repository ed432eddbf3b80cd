/**
 * `npm run bench`: the benchmarks side by side, in one run, in one table. The same dense JSON
 * bodies (1 KB, 64 KB, 1 MB of Brazilian personal data) fetched directly from the upstream,
 * through a bare express + http-proxy-middleware proxy, and through gateways (identity, policy
 * and recording; then with LGPD masking; then that on PostgreSQL with one and three replicas), at
 * 1, 32 and 256 connections: requests per second, latency percentiles, the measured process's
 * CPU per request and RSS. Then a long SSE response masked end to end (the gateway's peak RSS)
 * and the masking engine alone on one core. Every participant, the upstream and the load
 * generator run in their own processes; ratios are taken against the bare proxy in this run.
 *
 *   npm run bench -- [--json FILE] [--seconds 2.5] [--warmup 0.5] [--prime 2] [--rounds 2]
 *                    [--sizes 1k,64k,1m] [--connections 1,32,256] [--stream-mb 1024] [--stream-seconds 180]
 *                    [--mask-seconds 3] [--only proxy,stream,mask] [--participants direct,bare,...] [--heap-mb 384]
 *
 * BENCH_PROFILE_DIR=DIR writes a V8 CPU profile of each measurement window there, one file per
 * participant, cell and round (BENCH_PROFILE_KIND=heap: where memory was allocated instead);
 * BENCH_CPU_PROF_DIR=DIR a whole-life CPU profile of every process (--cpu-prof).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startTestIdp } from '../test/support/devIdp.js';
import { makeTempDir, removeDir } from '../test/support/tempDir.js';
import { freshPostgresUrl, mochaGlobalSetup as startPostgres, mochaGlobalTeardown as stopPostgres } from '../test/support/postgres.js';
import { LoadClient, type ChildServer } from './support/processes.js';
import { measureMaskThroughput, type MaskThroughput } from './harness/maskThroughput.js';
import { runMatrix, type Death, type Measurement } from './harness/matrix.js';
import {
  BASELINE,
  FULL_GATEWAY,
  HEAP_MB_ENV,
  PARTICIPANTS,
  startUpstream,
  type BenchContext,
  type StartedParticipant,
} from './harness/participants.js';
import { describeMachine, fixed, formatAims, formatTable, headlineOf, rowsOf, sizeLabel, type Summary } from './harness/report.js';
import { runStream, type StreamResult } from './harness/stream.js';

const PARTS = ['proxy', 'stream', 'mask'] as const;

function sizeOf(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|k|kb|m|mb)?$/i.exec(text.trim());
  if (!match) throw new Error(`--sizes: "${text}" is not a size; write e.g. 1k,64k,1m`);
  const unit = (match[2] ?? 'b').toLowerCase()[0];
  return Math.round(Number(match[1]) * (unit === 'm' ? 1024 * 1024 : unit === 'k' ? 1024 : 1));
}

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name}: "${text}" is not a positive number`);
  return value;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function parseOptions(argv: readonly string[]) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      json: { type: 'string' },
      seconds: { type: 'string', default: '2.5' },
      warmup: { type: 'string', default: '0.5' },
      prime: { type: 'string', default: '2' },
      rounds: { type: 'string', default: '2' },
      sizes: { type: 'string', default: '1k,64k,1m' },
      connections: { type: 'string', default: '1,32,256' },
      'stream-mb': { type: 'string', default: '1024' },
      'stream-seconds': { type: 'string', default: '180' },
      'mask-seconds': { type: 'string', default: '3' },
      only: { type: 'string', default: PARTS.join(',') },
      participants: { type: 'string', default: PARTICIPANTS.map((p) => p.key).join(',') },
      // Long windows at 1 MB × 256 make the bare proxy itself time out (504), which fails its cell.
      'no-baseline': { type: 'boolean', default: false },
      // The gateways' heap limit, MB (0: Node's own); unset: what `serve` gives them by default.
      'heap-mb': { type: 'string' },
    },
    strict: true,
  });
  const only = list(values.only);
  for (const part of only) {
    if (!(PARTS as readonly string[]).includes(part)) throw new Error(`--only: "${part}" is not one of ${PARTS.join(', ')}`);
  }
  if (values['heap-mb'] !== undefined) process.env[HEAP_MB_ENV] = values['heap-mb'];
  const wanted = list(values.participants);
  for (const key of wanted) {
    if (!PARTICIPANTS.some((p) => p.key === key))
      throw new Error(`--participants: "${key}" is not one of ${PARTICIPANTS.map((p) => p.key).join(', ')}`);
  }
  return {
    json: values.json,
    durationMs: positive('seconds', values.seconds) * 1000,
    primeMs: positive('prime', values.prime) * 1000,
    profileDir: process.env['BENCH_PROFILE_DIR'],
    profileKind: process.env['BENCH_PROFILE_KIND'] === 'heap' ? ('heap' as const) : ('cpu' as const),
    warmupMs: positive('warmup', values.warmup) * 1000,
    rounds: Math.round(positive('rounds', values.rounds)),
    sizes: list(values.sizes).map(sizeOf),
    connections: list(values.connections).map((c) => Math.round(positive('connections', c))),
    streamBytes: Math.round(positive('stream-mb', values['stream-mb']) * 1024 * 1024),
    streamBudgetMs: positive('stream-seconds', values['stream-seconds']) * 1000,
    maskSeconds: positive('mask-seconds', values['mask-seconds']),
    only: new Set(only),
    participants: PARTICIPANTS.filter((p) => wanted.includes(p.key) || (p.key === BASELINE && !values['no-baseline'])),
  };
}

/**
 * PostgreSQL participants name the variable of their database URL. When none is set, a server is
 * started for the run as the tests start one (scripts/setupPostgres.sh installs it), a fresh
 * database each; without a server their rows are skipped, said so. True when it started one.
 */
async function databasesFor(needs: ReadonlyArray<string | undefined>): Promise<boolean> {
  const wanted = needs.filter((name): name is string => name !== undefined && name.startsWith('BENCH_POSTGRES') && !process.env[name]);
  if (wanted.length === 0) return false;
  try {
    await startPostgres();
  } catch (error) {
    console.log(`(PostgreSQL rows: no server could be started: ${(error as Error).message})`);
    return false;
  }
  for (const name of wanted) process.env[name] = await freshPostgresUrl();
  return true;
}

function deathLine(death: Death, labels: ReadonlyMap<string, string>): string {
  return `${labels.get(death.participant) ?? death.participant} died at ${sizeLabel(death.size)} × ${death.connections} connections, round ${death.round + 1}: ${death.message}`;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const loadStart = loadavg()[0] ?? Number.NaN;
  const began = performance.now();
  const dir = makeTempDir('autogen-gate-bench-');
  const processes: ChildServer[] = [];
  const idp = await startTestIdp(join(dir, 'idp'));
  const client = new LoadClient();
  let measurements: Measurement[] = [];
  let deaths: Death[] = [];
  let stream: StreamResult | undefined;
  let masking: MaskThroughput | undefined;
  const labels = new Map<string, string>();
  let postgres = false;
  try {
    const upstream = await startUpstream();
    processes.push(upstream);
    const context: BenchContext = { upstream, issuer: idp.issuer, token: await idp.token('ana'), dir };

    if (options.only.has('proxy')) {
      const started = new Map<string, StartedParticipant>();
      postgres = await databasesFor(options.participants.map((participant) => participant.needs));
      for (const participant of options.participants) {
        if (participant.needs !== undefined && !process.env[participant.needs]) {
          console.log(`(${participant.label}: skipped, set ${participant.needs} to measure it)`);
          continue;
        }
        const running = await participant.start(context);
        processes.push(...running.processes);
        started.set(participant.key, running);
        labels.set(participant.key, participant.label);
      }
      console.log(
        `bench: ${options.sizes.map(sizeLabel).join(', ')} JSON × ${options.connections.join(', ')} connections × ${started.size} participants, ${options.rounds} rounds of ${options.durationMs / 1000} s (after ${options.warmupMs / 1000} s warm-up)`,
      );
      ({ measurements, deaths } = await runMatrix(
        client,
        started,
        options,
        (m) => {
          console.log(
            `  ${sizeLabel(m.size).padEnd(6)} ×${String(m.connections).padStart(4)}  round ${m.round + 1}  ${(labels.get(m.participant) ?? m.participant).padEnd(36)} ${fixed(m.rps, 0).padStart(7)} req/s  p50 ${fixed(m.p50Ms, 2)} ms  p99 ${fixed(m.p99Ms, 2)} ms  CPU ${fixed(m.cpuMsPerRequest, 3)} ms/req`,
          );
        },
        (death) => console.log(`  ${deathLine(death, labels)}; left out of the cells after`),
      ));
    }
    if (options.only.has('stream')) {
      console.log(`\nstream: ${sizeLabel(options.streamBytes)} of SSE through a fresh gateway with LGPD masking`);
      stream = await runStream(context, options.streamBytes, options.streamBudgetMs, (line) => console.log(line));
      console.log(
        `  ${(stream.bytesOut / 1024 / 1024).toFixed(0)} MB in ${stream.seconds.toFixed(1)} s (${stream.mbps.toFixed(1)} MB/s, ${stream.cpuMsPerMb.toFixed(0)} ms of gateway CPU per MB)${stream.complete ? '' : `, stopped by the ${options.streamBudgetMs / 1000} s budget`}; gateway RSS ${stream.startRssMb.toFixed(0)} MB before it, peak ${stream.peakRssMb.toFixed(0)} MB, ${stream.endRssMb.toFixed(0)} MB at the end`,
      );
    }
    if (options.only.has('mask')) {
      masking = await measureMaskThroughput(options.maskSeconds);
      console.log(
        `\nmasking engine, realistic mix, one core: ${masking.coldMBps.toFixed(1)} MB/s with every value new, ${masking.warmMBps.toFixed(1)} MB/s with values seen before`,
      );
    }
  } finally {
    client.close();
    for (const child of processes.reverse()) await child.stop();
    if (postgres) stopPostgres();
    await idp.close();
    removeDir(dir);
  }

  const rows = rowsOf(measurements, labels, BASELINE, options.sizes, options.connections);
  const headline = headlineOf(measurements, FULL_GATEWAY, BASELINE);
  const summary: Summary = {
    ...headline,
    streamPeakRssMb: stream?.peakRssMb ?? Number.NaN,
    maskMBps: masking?.coldMBps ?? Number.NaN,
    machine: describeMachine(loadStart),
    settings: {
      seconds: options.durationMs / 1000,
      warmupSeconds: options.warmupMs / 1000,
      rounds: options.rounds,
      sizes: options.sizes,
      connections: options.connections,
      streamBytes: options.streamBytes,
      streamBudgetSeconds: options.streamBudgetMs / 1000,
      wallSeconds: Math.round((performance.now() - began) / 1000),
    },
    stream,
    masking,
    rows,
    deaths,
  };
  if (rows.length > 0) {
    console.log(
      `\nMedians of ${options.rounds} rounds; × bare: throughput over the bare proxy's in the same round; CPU and RSS of the process answering (the upstream for "direct").\n`,
    );
    console.log(formatTable(rows));
  }
  for (const death of deaths) console.log(`\nDIED: ${deathLine(death, labels)}`);
  // A participant that died is a failed run, whatever the other rows say.
  if (deaths.length > 0) process.exitCode = 1;
  const { machine } = summary;
  console.log(
    `\n${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}; load average ${machine.loadStart.toFixed(1)} at the start, ${machine.loadEnd.toFixed(1)} at the end; ${summary.settings['wallSeconds']} s`,
  );
  console.log(`\nAims (gateway with masking against the bare proxy, this run):\n${formatAims(summary)}`);
  if (options.json !== undefined) {
    writeFileSync(options.json, `${JSON.stringify(summary, null, 2)}\n`);
    console.log(`\nsummary written to ${options.json}`);
  }
}

await main();
