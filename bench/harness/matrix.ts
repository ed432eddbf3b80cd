/**
 * The request/response part of the harness: every participant, at every body size and every
 * connection count, GET a dense JSON body through it. Within a cell the participants take turns
 * (the order rotating each round) so a noisy neighbour on the shared machine hurts them alike;
 * between measurements the measured process is let go idle so one cell's backlog does not bill
 * the next.
 */
import { join } from 'node:path';
import { ParticipantExited, type LoadClient, type ProcessStats, type ProfileKind } from '../support/processes.js';
import type { StartedParticipant } from './participants.js';

export interface MatrixOptions {
  readonly sizes: readonly number[];
  readonly connections: readonly number[];
  readonly rounds: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  /** Unrecorded load per participant and size before the first cell (JIT, pools). */
  readonly primeMs: number;
  /** Where a CPU profile of each measurement window is written (BENCH_PROFILE_DIR), if anywhere. */
  readonly profileDir: string | undefined;
  readonly profileKind: ProfileKind;
}

export interface Measurement {
  readonly participant: string;
  readonly size: number;
  readonly connections: number;
  readonly round: number;
  readonly requests: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  /** CPU the measured process spent per answered request, ms (all its threads). */
  readonly cpuMsPerRequest: number;
  /** Highest RSS of the measured process seen during the window, MB. */
  readonly rssMb: number;
  /** Highest V8 heap in use (live and not yet collected) seen during the window, MB. */
  readonly heapMb: number;
  /** Answers refused for load in the window (503 with Retry-After), not counted in `requests`. */
  readonly busy: number;
}

/** A participant that ended during a run (out of heap, say): where, and what the harness saw. */
export interface Death {
  readonly participant: string;
  readonly size: number;
  readonly connections: number;
  readonly round: number;
  readonly message: string;
}

const MB = 1024 * 1024;
const RSS_SAMPLE_MS = 250;

/** Waits until `server` spends under a fifth of a core (it finished what the last cell left), at most `limitMs`. */
export async function quiesce(server: StartedParticipant['server'], limitMs = 10_000): Promise<void> {
  const until = performance.now() + limitMs;
  let before = await server.stats();
  while (performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await server.stats();
    const busy = (now.cpuMicros - before.cpuMicros) / 100_000;
    before = now;
    if (busy < 0.2) return;
  }
}

async function measureOne(
  client: LoadClient,
  key: string,
  participant: StartedParticipant,
  size: number,
  connections: number,
  round: number,
  options: MatrixOptions,
): Promise<Measurement> {
  const { server } = participant;
  let opened: Promise<ProcessStats> | undefined;
  let closed: Promise<ProcessStats> | undefined;
  let peakRss = 0;
  let peakHeap = 0;
  let sampler: NodeJS.Timeout | undefined;
  let profiling: Promise<void> | undefined;
  const result = await client.measure(
    {
      url: participant.url(`/json/${size}`),
      alsoUrls: participant.alsoUrls?.(`/json/${size}`) ?? [],
      method: 'GET',
      headers: participant.headers,
      body: undefined,
      concurrency: connections,
      warmupMs: options.warmupMs,
      durationMs: options.durationMs,
    },
    (event) => {
      if (event === 'open') {
        opened = server.stats();
        // Awaited after the window; a participant that dies meanwhile must not reject it unheard.
        opened.catch(() => undefined);
        if (options.profileDir !== undefined) profiling = server.startProfile(options.profileKind);
        let asking = false;
        sampler = setInterval(() => {
          // One question at a time: a participant too busy to answer would gather them.
          if (asking) return;
          asking = true;
          server
            .stats()
            .then(
              (stats) => {
                peakRss = Math.max(peakRss, stats.rssBytes);
                peakHeap = Math.max(peakHeap, stats.heapUsedBytes);
              },
              () => undefined,
            )
            .finally(() => (asking = false));
        }, RSS_SAMPLE_MS);
      } else {
        clearInterval(sampler);
        closed = server.stats();
        closed.catch(() => undefined);
        if (profiling) {
          const file = join(options.profileDir ?? '.', `${key}-${size}B-${connections}c-r${round + 1}.${options.profileKind}profile`);
          profiling = profiling.then(() => server.stopProfile(file));
          profiling.catch(() => undefined);
        }
      }
    },
  );
  await profiling;
  clearInterval(sampler);
  if (!opened || !closed) throw new Error(`${key}: the load client reported no measurement window`);
  const [first, last] = await Promise.all([opened, closed]);
  if (result.errors > 0 || result.nonSuccess > 0) {
    throw new Error(
      `${key} at ${size} B × ${connections} connections: ${result.errors} connection errors, ${result.nonSuccess} answers with status ≥ 400 (first: ${result.firstBadStatus ?? 'none'})`,
    );
  }
  await quiesce(server);
  return {
    participant: key,
    size,
    connections,
    round,
    requests: result.requests,
    rps: result.rps,
    // A window that completed no request has no percentiles (NaN, which IPC turns into null).
    p50Ms: result.p50Ms ?? Number.NaN,
    p99Ms: result.p99Ms ?? Number.NaN,
    p999Ms: result.p999Ms ?? Number.NaN,
    cpuMsPerRequest: result.requests > 0 ? (last.cpuMicros - first.cpuMicros) / 1000 / result.requests : Number.NaN,
    rssMb: Math.max(peakRss, last.rssBytes) / MB,
    heapMb: Math.max(peakHeap, last.heapUsedBytes) / MB,
    busy: result.busy,
  };
}

/**
 * Brings every participant's JIT and connection pools to a steady state before anything is
 * recorded: a first measurement would otherwise bill compilation to whoever goes first.
 */
async function prime(client: LoadClient, participants: ReadonlyMap<string, StartedParticipant>, options: MatrixOptions): Promise<void> {
  for (const participant of participants.values()) {
    for (const size of options.sizes) {
      await client.measure({
        url: participant.url(`/json/${size}`),
        method: 'GET',
        headers: participant.headers,
        body: undefined,
        concurrency: 4,
        warmupMs: 0,
        durationMs: options.primeMs,
      });
    }
    await quiesce(participant.server);
  }
}

/**
 * Runs every cell; `progress` hears of each measurement as it ends, `died` of a participant whose
 * process ended during a cell (the stderr it left says why): it is left out of the cells after,
 * and the run goes on with the others.
 */
export async function runMatrix(
  client: LoadClient,
  participants: ReadonlyMap<string, StartedParticipant>,
  options: MatrixOptions,
  progress: (measurement: Measurement) => void,
  died: (death: Death) => void = () => undefined,
): Promise<{ measurements: Measurement[]; deaths: Death[] }> {
  await prime(client, participants, options);
  const measurements: Measurement[] = [];
  const deaths: Death[] = [];
  const alive = new Map(participants);
  const keys = [...participants.keys()];
  for (const size of options.sizes) {
    for (const connections of options.connections) {
      for (let round = 0; round < options.rounds; round++) {
        const order = keys.map((_, index) => keys[(index + round) % keys.length] ?? '');
        for (const key of order) {
          const participant = alive.get(key);
          if (!participant) continue;
          let measurement: Measurement;
          try {
            measurement = await measureOne(client, key, participant, size, connections, round, options);
          } catch (error) {
            if (
              !(error instanceof ParticipantExited) &&
              participant.server.child.exitCode === null &&
              participant.server.child.signalCode === null
            )
              throw error;
            const death: Death = {
              participant: key,
              size,
              connections,
              round,
              message: error instanceof Error ? error.message : String(error),
            };
            alive.delete(key);
            deaths.push(death);
            died(death);
            continue;
          }
          measurements.push(measurement);
          progress(measurement);
        }
      }
    }
  }
  return { measurements, deaths };
}
