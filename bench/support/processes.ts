/** Starting benchmark participants in their own processes and talking to them over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadResult, LoadSpec } from './loadClient.js';

export interface ChildServer {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Forks `module` with args; it must `process.send({ url })` once listening. */
export function forkServer(modulePath: string, args: readonly string[]): Promise<ChildServer> {
  return new Promise((resolve, reject) => {
    // BENCH_PROFILE_DIR: each server writes a V8 CPU profile there when it stops (for speedscope or DevTools).
    const profileDir = process.env['BENCH_PROFILE_DIR'];
    const execArgv = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    const child = fork(modulePath, [...args], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      execArgv,
      env: { ...process.env, AUTOGEN_GATE_LOG_LEVEL: 'silent' },
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${modulePath} exited with ${code} before listening`)));
    child.once('message', (message: { url?: string; error?: string }) => {
      if (message.error !== undefined || message.url === undefined) {
        reject(new Error(message.error ?? 'no url'));
        return;
      }
      child.removeAllListeners('exit');
      resolve({
        url: message.url,
        child,
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

const loadClientPath = fileURLToPath(new URL('./loadClient.js', import.meta.url));

/** Runs one load measurement in a fresh client process. */
export function measure(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(loadClientPath, ['--load-client'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('error', reject);
    child.once('message', (result: LoadResult) => resolve(result));
    child.send(spec);
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
