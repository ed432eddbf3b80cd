/** Starting benchmark participants in their own processes and talking to them over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'node:inspector';
import { fileURLToPath } from 'node:url';
import type { LoadMessage, LoadResult, LoadSpec } from './loadClient.js';
import { memoryBreakdown, type MemoryBreakdown } from './memory.js';

/** What a participant process reports of itself (servers.ts answers `{ type: 'stats' }`). */
export interface ProcessStats {
  /** User + system CPU since the process started, µs. */
  readonly cpuMicros: number;
  readonly rssBytes: number;
  /** Highest RSS since the process started. */
  readonly maxRssBytes: number;
  /** V8 heap in use (live objects and garbage not yet collected). */
  readonly heapUsedBytes: number;
  /** Memory outside the V8 heap that JS objects hold (Buffers, ArrayBuffers). */
  readonly externalBytes: number;
}

export interface ChildServer {
  readonly url: string;
  readonly child: ChildProcess;
  stats(): Promise<ProcessStats>;
  /** What its RSS is made of; with `collect`, after a full garbage collection (what is live). */
  memory(collect?: boolean): Promise<MemoryBreakdown>;
  /** Writes a heap snapshot of the process to `file` (for DevTools). */
  heapSnapshot(file: string): Promise<void>;
  /** Starts a V8 profile of the process (see answerStats). */
  startProfile(kind: ProfileKind): Promise<void>;
  /** Stops it and writes it to `file` (for DevTools or speedscope). */
  stopProfile(file: string): Promise<void>;
  stop(): Promise<void>;
}

let logs = 0;

const STOP_GRACE_MS = 10_000;

/** Forks `module` with args; it must `process.send({ url })` once listening. */
export function forkServer(
  modulePath: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
  nodeFlags: readonly string[] = [],
): Promise<ChildServer> {
  return new Promise((resolve, reject) => {
    // BENCH_CPU_PROF_DIR: each process writes a whole-life V8 CPU profile there when it exits.
    const profileDir = process.env['BENCH_CPU_PROF_DIR'];
    const execArgv = [...nodeFlags, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
    // Participants log as they would in production (the gateway: a JSON line per request) to
    // stdout, which goes nowhere unless BENCH_LOG_DIR names a folder for one file per process.
    const logDir = process.env['BENCH_LOG_DIR'];
    const stdout = logDir ? openSync(join(logDir, `${args[0] ?? 'server'}-${Date.now()}-${logs++}.log`), 'a') : 'ignore';
    const child = fork(modulePath, [...args], { stdio: ['ignore', stdout, 'inherit', 'ipc'], execArgv, env: { ...process.env, ...env } });
    if (typeof stdout === 'number') closeSync(stdout);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${modulePath} ${args[0] ?? ''} exited with ${code} before listening`)));
    let nextId = 1;
    child.once('message', (message: { url?: string; error?: string }) => {
      if (message.error !== undefined || message.url === undefined) {
        reject(new Error(message.error ?? 'no url'));
        return;
      }
      child.removeAllListeners('exit');
      const description = `${args[0] ?? modulePath} (pid ${String(child.pid)})`;
      resolve({
        url: message.url,
        child,
        stats: () => ask<ProcessStats>(child, { type: 'stats', id: nextId++ }, description),
        memory: (collect = false) => ask<MemoryBreakdown>(child, { type: 'memory', id: nextId++, collect }, description),
        heapSnapshot: (file) => ask<boolean>(child, { type: 'heap-snapshot', id: nextId++, file }, description).then(() => undefined),
        startProfile: (kind) => ask<boolean>(child, { type: 'profile-start', id: nextId++, kind }, description).then(() => undefined),
        stopProfile: (file) => ask<boolean>(child, { type: 'profile-stop', id: nextId++, file }, description).then(() => undefined),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) {
              done();
              return;
            }
            // A gateway closes gracefully, finishing what it holds; a flooded one may hold minutes
            // of work the run no longer measures.
            const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** `cpu`: a V8 CPU profile (.cpuprofile); `heap`: a sampling allocation profile (.heapprofile). */
export type ProfileKind = 'cpu' | 'heap';

export interface Question {
  readonly type: 'stats' | 'memory' | 'heap-snapshot' | 'profile-start' | 'profile-stop';
  readonly id: number;
  readonly kind?: ProfileKind;
  readonly file?: string;
  /** `memory`: collect garbage first. */
  readonly collect?: boolean;
}

/** A participant process ended while the harness still needed it (it died under load, say). */
export class ParticipantExited extends Error {
  override readonly name = 'ParticipantExited';
  readonly code = 'participant_exited';

  constructor(
    readonly description: string,
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
  ) {
    super(`${description} exited (${signal === null ? `code ${String(exitCode)}` : `signal ${signal}`}); its stderr above says why`);
  }
}

/** The ParticipantExited of a child that has ended, or undefined while it runs. */
function exitedOf(child: ChildProcess, description: string): ParticipantExited | undefined {
  return child.exitCode !== null || child.signalCode !== null
    ? new ParticipantExited(description, child.exitCode, child.signalCode)
    : undefined;
}

/**
 * Sends `question` to a participant and resolves with its answer (matched by id); rejects with
 * ParticipantExited if the child has ended or ends before answering (an answer that cannot come
 * would otherwise hang the run).
 */
export function ask<T>(child: ChildProcess, question: Question, description = `process ${String(child.pid)}`): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const ended = exitedOf(child, description);
    if (ended) {
      reject(ended);
      return;
    }
    const settle = (): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (reply: { id?: number; answer?: T; error?: string }): void => {
      if (reply.id !== question.id) return;
      settle();
      if (reply.error !== undefined) reject(new Error(reply.error));
      else resolve(reply.answer as T);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      settle();
      reject(new ParticipantExited(description, code, signal));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(question, (error) => {
      if (!error) return;
      // A channel closed by a child that died: its exit (heard above) says so, whichever comes first.
      if (!child.connected) return;
      settle();
      reject(exitedOf(child, description) ?? error);
    });
  });
}

function currentStats(): ProcessStats {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    cpuMicros: cpu.user + cpu.system,
    rssBytes: memory.rss,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsedBytes: memory.heapUsed,
    externalBytes: memory.external,
  };
}

type InspectorAsk = (method: string, params?: object) => Promise<unknown>;
type InspectorOn = (event: string, listener: (message: { params: { chunk: string } }) => void) => void;

/** Runs `work` in an inspector session of its own (a profile's session may be open beside it). */
async function inspect(work: (ask: InspectorAsk, on: InspectorOn) => Promise<unknown>): Promise<void> {
  const session = new Session();
  session.connect();
  try {
    await work(
      (method, params) =>
        new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result)))),
      (event, listener) => session.on(event, listener),
    );
  } finally {
    session.disconnect();
  }
}

/**
 * Answers the harness's questions; called by every participant process: its CPU and memory, and
 * CPU profiles of exactly the measurement windows (a whole-life --cpu-prof profile is mostly
 * start-up and waiting for the other participants' turns).
 */
export function answerStats(): void {
  let session: Session | undefined;
  let profiling: ProfileKind = 'cpu';
  const post = <T>(method: string, params?: object): Promise<T> =>
    new Promise((resolve, reject) => {
      if (!session) throw new Error('no inspector session');
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T)));
    });
  const answer = async (question: Question): Promise<unknown> => {
    switch (question.type) {
      case 'stats':
        return currentStats();
      case 'memory': {
        if (question.collect) await inspect((ask) => ask('HeapProfiler.collectGarbage'));
        return memoryBreakdown();
      }
      case 'heap-snapshot': {
        const file = question.file;
        if (!file) throw new Error('heap-snapshot needs a file');
        await inspect(async (ask, on) => {
          const parts: string[] = [];
          on('HeapProfiler.addHeapSnapshotChunk', (message) => parts.push(message.params.chunk));
          await ask('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
          writeFileSync(file, parts.join(''));
        });
        return true;
      }
      case 'profile-start':
        session ??= new Session();
        session.connect();
        profiling = question.kind ?? 'cpu';
        if (profiling === 'heap') {
          await post('HeapProfiler.enable');
          // Every allocation, not only what is still alive when the profile stops: garbage is the cost here.
          await post('HeapProfiler.startSampling', {
            samplingInterval: 4096,
            includeObjectsCollectedByMajorGC: true,
            includeObjectsCollectedByMinorGC: true,
          });
          return true;
        }
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: 200 });
        await post('Profiler.start');
        return true;
      case 'profile-stop': {
        const { profile } = await post<{ profile: object }>(profiling === 'heap' ? 'HeapProfiler.stopSampling' : 'Profiler.stop');
        session?.disconnect();
        session = undefined;
        if (question.file) writeFileSync(question.file, JSON.stringify(profile));
        return true;
      }
    }
  };
  process.on('message', (question: Question) => {
    if (typeof question !== 'object' || question === null || typeof question.id !== 'number') return;
    answer(question).then(
      (result) => process.send?.({ id: question.id, answer: result }),
      (error: unknown) => process.send?.({ id: question.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

const loadClientPath = fileURLToPath(new URL('./loadClient.js', import.meta.url));

/** One load-generator process, reused for every measurement of a run. */
export class LoadClient {
  private readonly child: ChildProcess = fork(loadClientPath, ['--load-client'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });

  /** Runs `spec`; `onWindow` is called as the measurement window opens and closes. */
  measure(spec: LoadSpec, onWindow: (event: 'open' | 'closed') => void = () => undefined): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`the load client exited with ${code}`));
      const onMessage = (message: LoadMessage): void => {
        if (message.type === 'window-open') onWindow('open');
        else if (message.type === 'window-closed') onWindow('closed');
        else {
          this.child.off('message', onMessage);
          this.child.off('exit', onExit);
          resolve(message.result);
        }
      };
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send(spec);
    });
  }

  close(): void {
    this.child.disconnect();
  }
}

/** Runs one load measurement in a fresh client process. */
export async function measure(spec: LoadSpec): Promise<LoadResult> {
  const client = new LoadClient();
  try {
    return await client.measure(spec);
  } finally {
    client.close();
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
