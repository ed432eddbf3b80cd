/**
 * The gateway as its own process (`autogen-gate serve`), for what only a process can show: a
 * SIGKILL in the middle of requests, a restart on the same store, a data folder on a disk that
 * fills up. A small disk is a tmpfs mounted in a private mount namespace (`unshare`, as root or
 * through an unprivileged user namespace), so nothing on the machine is touched; the test writes
 * into it through `/proc/PID/root`.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startCaptureUpstream, type CaptureUpstream } from '../../support/captureUpstream.js';
import { startTestIdp, type TestIdp } from '../../support/devIdp.js';
import { makeTempDir, removeDir } from '../../support/tempDir.js';
import { pinGenerators } from '../../support/registration.js';
import { securityPins, securityPolicy, type PolicyOptions } from './gate.js';

export interface GatewayProcess {
  readonly url: string;
  readonly pid: number;
  readonly configPath: string;
  /** The data folder as this process sees it (the tmpfs, when there is one). */
  readonly dataDir: string;
  /** Resolves with the exit code (or signal) once the process is gone. */
  readonly exited: Promise<number | NodeJS.Signals>;
  /** A path inside the data folder, reachable from the test process. */
  inDataDir(name: string): string;
  kill(signal: NodeJS.Signals): Promise<number | NodeJS.Signals>;
}

export interface SpawnOptions {
  /** The policy text; its `dataDir` must be `./data`. */
  readonly policy: string;
  readonly dir: string;
  /** Mount a tmpfs of this many bytes on the data folder. */
  readonly diskBytes?: number;
}

const CLI = resolve('bin/autogen-gate.js');

export async function spawnGateway(options: SpawnOptions): Promise<GatewayProcess> {
  const configPath = join(options.dir, 'autogen-gate.yaml');
  const dataDir = join(options.dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(configPath, options.policy);
  const serve = [CLI, 'serve', '--config', configPath];
  const child: ChildProcess =
    options.diskBytes === undefined
      ? spawn(process.execPath, serve, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_ENV: 'test' } })
      : spawn(
          'unshare',
          [
            '--user',
            '--map-root-user',
            '--mount',
            'sh',
            '-c',
            'mount -t tmpfs -o size="$1" tmpfs "$2" && shift 2 && exec "$@"',
            'sh',
            String(options.diskBytes),
            dataDir,
            process.execPath,
            ...serve,
          ],
          { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_ENV: 'test' } },
        );
  const exited = new Promise<number | NodeJS.Signals>((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit(signal ?? code ?? 0)),
  );
  let stderr = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway did not start within 20 s:\n${stderr}`)), 20_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const match = /AutoGen Gate listening on (http:\/\/[^\s]+)/.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited (${String(code)}) before listening:\n${stderr}`));
    });
  });
  const pid = child.pid ?? 0;
  return {
    url,
    pid,
    configPath,
    dataDir,
    exited,
    inDataDir: (name) => (options.diskBytes === undefined ? join(dataDir, name) : `/proc/${pid}/root${join(dataDir, name)}`),
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** What a describe block of gateway processes shares: a temp folder, a dev IdP, a capture upstream. */
export interface ProcessBench {
  readonly dir: string;
  readonly idp: TestIdp;
  readonly capture: CaptureUpstream;
  /** Starts a gateway process under the security policy (each process is killed after the block). */
  spawn(options?: { readonly policy?: PolicyOptions; readonly diskBytes?: number }): Promise<GatewayProcess>;
}

/** Registers `before`/`after` hooks for the enclosing describe and returns its bench once they ran. */
export function useGatewayProcesses(): () => ProcessBench {
  let bench: ProcessBench | undefined;
  const processes: GatewayProcess[] = [];
  before(async () => {
    const dir = makeTempDir();
    const idp = await startTestIdp(join(dir, 'idp'));
    const capture = await startCaptureUpstream();
    bench = {
      dir,
      idp,
      capture,
      spawn: async (options = {}) => {
        const text = securityPolicy(capture, options.policy).replaceAll('{{issuer}}', idp.issuer);
        const policy = pinGenerators(text, join(dir, 'autogen-gate.yaml'), securityPins(text));
        const gateway = await spawnGateway({ policy, dir, ...(options.diskBytes === undefined ? {} : { diskBytes: options.diskBytes }) });
        processes.push(gateway);
        return gateway;
      },
    };
  });
  after(async () => {
    for (const gateway of processes) await gateway.kill('SIGKILL');
    await bench?.capture.close();
    await bench?.idp.close();
    if (bench) removeDir(bench.dir);
  });
  return () => bench ?? assert.fail('the process bench is used before its hooks ran');
}
