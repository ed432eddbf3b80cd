/**
 * `npm run bench:soak -- [--minutes 10]`: one gateway (its own process, the demo policy plus the
 * benchmark upstream, SQLite) under mixed load for a while — generator runs, runs held for
 * approval and approved, history reads, masked JSON through /proxy and masked SSE streams —
 * sampling its RSS, V8 heap, event-loop lag and store size. The exit code is the verdict: 0 when
 * nothing failed and nothing trends upward, 1 otherwise (what and by how much is printed).
 *
 * "Trends upward" compares the median of the last third of the samples with the median of the
 * middle third (the first third is warm-up): RSS and heap may not rise by more than 10% (and 16 MB),
 * event-loop lag p99 not by more than half (and 10 ms), the WAL file not by more than 16 MB, and
 * the store's bytes per recorded session not by more than half.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startTestIdp } from '../../test/support/devIdp.js';
import { demoPolicyFor } from '../../test/support/gatewayHarness.js';
import { makeTempDir, removeDir } from '../../test/support/tempDir.js';
import { forkServer, median, type ChildServer } from '../support/processes.js';
import { gatewayEnv, gatewayNodeFlags, startUpstream, UPSTREAM } from '../harness/participants.js';

interface Sample {
  readonly atSeconds: number;
  readonly rssMb: number;
  readonly heapMb: number;
  readonly lagP99Ms: number;
  readonly storeMb: number;
  readonly walMb: number;
  readonly sessions: number;
}

interface Tally {
  ok: number;
  errors: string[];
}

const MB = 1024 * 1024;
const serversPath = new URL('../support/servers.js', import.meta.url).pathname;

function policy(issuer: string, runtime: string, fixture: string, dataDir: string): string {
  return demoPolicyFor(issuer, runtime)
    .replace(/^dataDir: .*$/m, `dataDir: ${dataDir}`)
    .replace(/^upstreams:\n/m, `upstreams:\n  ${UPSTREAM}:\n    type: http\n    url: ${fixture}\n    masking: lgpd\n`)
    .replace(/^rules:\n/m, `rules:\n  - { id: soak-bench, upstreams: [${UPSTREAM}], when: { groups: [developers] }, decision: allow }\n`)
    .concat('\nlimits: { perIdentity: false, perClient: false }\n');
}

/** The p99 event-loop lag the gateway exported since the last scrape (prom-client resets it on each). */
function lagP99Ms(metrics: string): number {
  const match = /^autogen_gate_nodejs_eventloop_lag_p99_seconds(?:\{[^}]*\})? ([0-9.e+-]+)$/m.exec(metrics);
  return match ? Number(match[1]) * 1000 : Number.NaN;
}

function fileMb(path: string): number {
  try {
    return statSync(path).size / MB;
  } catch {
    return 0;
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' } }, strict: true });
  const minutes = Number(values.minutes);
  if (!Number.isFinite(minutes) || minutes <= 0) throw new Error(`--minutes: "${values.minutes}" is not a positive number`);
  const durationMs = minutes * 60_000;
  const sampleMs = Math.min(10_000, Math.max(1_000, durationMs / 60));
  const dir = makeTempDir('autogen-gate-soak-');
  const processes: ChildServer[] = [];
  const idp = await startTestIdp(join(dir, 'idp'));
  const samples: Sample[] = [];
  const tallies = new Map<string, Tally>();
  try {
    const runtime = await forkServer(serversPath, ['runtime']);
    processes.push(runtime);
    const fixture = await startUpstream();
    processes.push(fixture);
    const dataDir = join(dir, 'data');
    const policyPath = join(dir, 'autogen-gate.yaml');
    writeFileSync(policyPath, policy(idp.issuer, runtime.url, fixture.url, dataDir));
    const gateway = await forkServer(serversPath, ['gateway', policyPath], await gatewayEnv(), gatewayNodeFlags());
    processes.push(gateway);
    const tokens = { ana: await idp.token('ana'), bruno: await idp.token('bruno'), carla: await idp.token('carla') };
    const call = (user: keyof typeof tokens, path: string, init: RequestInit = {}): Promise<Response> =>
      fetch(`${gateway.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${tokens[user]}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
      });
    const until = performance.now() + durationMs;
    const tally = (name: string): Tally => {
      let found = tallies.get(name);
      if (!found) tallies.set(name, (found = { ok: 0, errors: [] }));
      return found;
    };
    const expect = async (name: string, response: Promise<Response>, statuses: readonly number[]): Promise<Response | undefined> => {
      const t = tally(name);
      try {
        const answered = await response;
        if (statuses.includes(answered.status)) {
          t.ok++;
          return answered;
        }
        t.errors.push(`HTTP ${answered.status}: ${(await answered.text()).slice(0, 200)}`);
      } catch (error) {
        t.errors.push(error instanceof Error ? error.message : String(error));
      }
      return undefined;
    };
    const loop = async (pauseMs: number, work: () => Promise<void>): Promise<void> => {
      while (performance.now() < until) {
        await work();
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    };
    const body = (input: Record<string, unknown>): string => JSON.stringify({ input });

    const loads = [
      // Generator runs (a slow one answers 202 and is waited for).
      loop(100, async () => {
        const response = await expect(
          'run',
          call('ana', '/api/v1/generators/config-template/runs', { method: 'POST', body: body({ service: 'payments-api' }) }),
          [200, 202],
        );
        const view = (await response?.json()) as { runId: string; status: string } | undefined;
        if (view && response?.status === 202) await (await expect('run', call('ana', `/api/v1/runs/${view.runId}?wait=30`), [200]))?.text();
      }),
      // Runs held for approval, approved by carla, then read back by bruno.
      loop(500, async () => {
        const held = await expect(
          'approval: hold',
          call('bruno', '/api/v1/generators/customer-report/runs', { method: 'POST', body: body({ month: 'maio' }) }),
          [202],
        );
        if (!held) return;
        const run = (await held.json()) as { runId: string; approvalId: string };
        const decided = await expect(
          'approval: decide',
          call('carla', `/api/v1/approvals/${run.approvalId}/decision`, {
            method: 'POST',
            body: JSON.stringify({ decision: 'approve', reason: 'soak' }),
          }),
          [200],
        );
        await decided?.text();
        const done = await expect('approval: result', call('bruno', `/api/v1/runs/${run.runId}?wait=30`), [200]);
        const view = (await done?.json()) as { status?: string } | undefined;
        if (view && view.status !== 'succeeded') tally('approval: result').errors.push(`run ended ${String(view.status)}`);
      }),
      // History: a page of sessions, then one of them.
      loop(200, async () => {
        const page = await expect('history', call('ana', '/api/v1/sessions?limit=50'), [200]);
        const sessions = ((await page?.json()) as { sessions?: Array<{ id: string }> } | undefined)?.sessions ?? [];
        const first = sessions[0];
        if (first) await (await expect('history: one', call('ana', `/api/v1/sessions/${first.id}`), [200]))?.text();
      }),
      // Masked JSON through the pass-through.
      loop(20, async () => {
        await (await expect('proxy json', call('ana', `/proxy/${UPSTREAM}/json/4096`), [200]))?.text();
      }),
      // Masked event streams, 256 KB each.
      loop(2_000, async () => {
        const response = await expect('proxy sse', call('ana', `/proxy/${UPSTREAM}/sse/${MB / 4}`), [200]);
        await response?.text();
      }),
    ];

    const began = performance.now();
    const database = join(dataDir, 'autogen-gate.db');
    const sampler = (async () => {
      while (performance.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, sampleMs));
        const [stats, metrics, page] = await Promise.all([
          gateway.stats(),
          fetch(`${gateway.url}/metrics`).then((r) => r.text()),
          call('carla', '/api/v1/sessions?limit=1'),
        ]);
        await page.text();
        const sessions = [...tallies.values()].reduce((sum, t) => sum + t.ok, 0);
        const sample: Sample = {
          atSeconds: (performance.now() - began) / 1000,
          rssMb: stats.rssBytes / MB,
          heapMb: stats.heapUsedBytes / MB,
          lagP99Ms: lagP99Ms(metrics),
          storeMb: fileMb(database) + fileMb(`${database}-wal`),
          walMb: fileMb(`${database}-wal`),
          sessions,
        };
        samples.push(sample);
        console.log(
          `  ${sample.atSeconds.toFixed(0).padStart(5)} s  RSS ${sample.rssMb.toFixed(0).padStart(4)} MB  heap ${sample.heapMb.toFixed(0).padStart(4)} MB  lag p99 ${sample.lagP99Ms.toFixed(1).padStart(6)} ms  store ${sample.storeMb.toFixed(1).padStart(7)} MB (WAL ${sample.walMb.toFixed(1)})  ${sessions} calls`,
        );
      }
    })();
    console.log(`bench:soak: ${minutes} min of mixed load on one gateway, a sample every ${(sampleMs / 1000).toFixed(0)} s`);
    await Promise.all([...loads, sampler]);
  } finally {
    for (const child of processes.reverse()) await child.stop();
    await idp.close();
    removeDir(dir);
  }
  return verdict(samples, tallies);
}

function verdict(samples: readonly Sample[], tallies: ReadonlyMap<string, Tally>): number {
  const problems: string[] = [];
  console.log('\ncalls:');
  for (const [name, t] of tallies) {
    console.log(
      `  ${name.padEnd(18)} ${String(t.ok).padStart(7)} ok  ${t.errors.length} failed${t.errors[0] ? ` (first: ${t.errors[0]})` : ''}`,
    );
    if (t.errors.length > 0) problems.push(`${t.errors.length} ${name} calls failed`);
  }
  const third = Math.floor(samples.length / 3);
  if (third < 2) {
    problems.push(`only ${samples.length} samples: run longer to judge a trend`);
  } else {
    const middle = samples.slice(third, 2 * third);
    const last = samples.slice(2 * third);
    const rise = (pick: (s: Sample) => number): { from: number; to: number } => ({
      from: median(middle.map(pick)),
      to: median(last.map(pick)),
    });
    const check = (name: string, pick: (s: Sample) => number, allowed: (from: number) => number, unit: string): void => {
      const { from, to } = rise(pick);
      const ok = to - from <= allowed(from);
      console.log(
        `  ${name.padEnd(26)} ${from.toFixed(1).padStart(8)} → ${to.toFixed(1).padStart(8)} ${unit}  ${ok ? 'steady' : 'RISING'}`,
      );
      if (!ok) problems.push(`${name} rose from ${from.toFixed(1)} to ${to.toFixed(1)} ${unit}`);
    };
    console.log('\ntrend (median of the middle third → median of the last third):');
    check(
      'RSS',
      (s) => s.rssMb,
      (from) => Math.max(16, from * 0.1),
      'MB',
    );
    check(
      'V8 heap',
      (s) => s.heapMb,
      (from) => Math.max(16, from * 0.1),
      'MB',
    );
    check(
      'event-loop lag p99',
      (s) => s.lagP99Ms,
      (from) => Math.max(10, from * 0.5),
      'ms',
    );
    check(
      'WAL file',
      (s) => s.walMb,
      () => 16,
      'MB',
    );
    // The store grows with what it records; per call, it must not.
    const perCall = (s: Sample): number => (s.sessions > 0 ? (s.storeMb * 1024) / s.sessions : 0);
    check('store per call', perCall, (from) => from * 0.5, 'KB');
  }
  if (problems.length === 0) {
    console.log('\nsoak: OK — no failed call, nothing rising');
    return 0;
  }
  console.log(`\nsoak: FAILED — ${problems.join('; ')}`);
  return 1;
}

process.exitCode = await main();
