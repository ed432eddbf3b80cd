/**
 * A gateway as its own process (`autogen-gate serve`), for tests of several replicas on one
 * store: started from a policy file, found by the address it prints, stopped with a signal
 * (SIGTERM: graceful; SIGKILL: a crash).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export interface GatewayProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it wrote to stderr (logs and banner), for failure messages. */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

const BIN = resolve('bin/autogen-gate.js');

export async function startGatewayProcess(options: {
  readonly policyPath: string;
  readonly port?: number;
  readonly dev?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
}): Promise<GatewayProcess> {
  const args = [BIN, 'serve', '--config', options.policyPath, '--port', String(options.port ?? 0), ...(options.dev ? ['--dev'] : [])];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, AUTOGEN_GATE_LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway did not start in time:\n${output}`)), options.timeoutMs ?? 30_000);
    const look = (): void => {
      const match = /(?:listening on|Gateway)\s+(http:\/\/[^\s]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stderr?.on('data', look);
    child.stdout?.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited (${code}) before it listened:\n${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}
