/** Runs the `autogen-gate` CLI in-process with captured streams. */
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../gateway/cli/main.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(
  args: readonly string[],
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    stdin?: string;
    /** Called with all of stderr so far, whenever more arrives (to act while the command runs). */
    onStderr?: (stderr: string) => void;
  } = {},
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    options.onStderr?.(err);
  });
  const code = await main(args, {
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    stdout,
    stderr,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  });
  return { code, stdout: out, stderr: err };
}
