/**
 * `autogen-gate run GENERATOR` and `autogen-gate wait RUN_ID`: the headless client for
 * pipelines (docs/ci.md). Progress on stderr, the masked result on stdout or in --out, and a
 * stable exit code for every outcome.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseDuration } from '../../config/duration.js';
import type { CliContext } from '../context.js';
import { createProgress } from '../client/progress.js';
import { RunClient } from '../client/runClient.js';
import { connect, connectionFlags, DEFAULT_GATEWAY, type ConnectionOptions } from '../client/connection.js';
import { reportFailure, UsageError } from '../client/failures.js';

interface FollowOptions extends ConnectionOptions {
  wait?: string;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

interface RunOptions extends FollowOptions {
  input?: string;
  set?: string[];
  detach?: boolean;
}

const DEFAULT_WAIT = '30m';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function followFlags(command: Command): Command {
  return connectionFlags(command)
    .option('--wait <duration>', `how long to wait for approval and completion, e.g. 90s, 30m (default ${DEFAULT_WAIT}; 0: do not wait)`)
    .option('--out <file>', 'write the masked result to a file instead of stdout')
    .option('--json', 'print a machine-readable summary on stdout (run id, decision, approver, masking counts)')
    .option('--quiet', 'no progress on stderr');
}

/** Reads `--input FILE|-` and applies `--set key=value` on top. */
async function readInput(options: RunOptions, stdin: NodeJS.ReadableStream): Promise<Record<string, unknown>> {
  let input: Record<string, unknown> = {};
  if (options.input !== undefined) {
    let text: string;
    if (options.input === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      text = Buffer.concat(chunks).toString('utf8');
    } else {
      try {
        text = readFileSync(options.input, 'utf8');
      } catch (error) {
        throw new UsageError(`cannot read --input ${options.input}: ${(error as Error).message}`);
      }
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new UsageError(`--input ${options.input === '-' ? '(stdin)' : options.input} is not valid JSON`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new UsageError('--input must hold a JSON object, e.g. {"month": "maio"}');
    input = parsed as Record<string, unknown>;
  }
  for (const pair of options.set ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--set takes key=value, got ${JSON.stringify(pair)}`);
    const raw = pair.slice(at + 1);
    let value: unknown = raw;
    try {
      // Numbers, booleans, objects: as JSON; anything else stays text.
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    input[pair.slice(0, at)] = value;
  }
  return input;
}

async function prepare(ctx: CliContext, options: FollowOptions & { detach?: boolean }): Promise<RunClient> {
  const env = ctx.io.env;
  const waitText = options.detach ? '0' : (options.wait ?? DEFAULT_WAIT);
  const waitMs = waitText === '0' ? 0 : parseDuration(waitText);
  if (waitMs === undefined) throw new UsageError(`--wait takes a duration such as 90s, 30m or 2h, got ${JSON.stringify(waitText)}`);
  if (options.detach && (options.wait !== undefined || options.out !== undefined || options.json)) {
    throw new UsageError(
      '--detach prints the run id and returns; fetch the result later with `autogen-gate wait RUN_ID` (drop --wait, --out and --json)',
    );
  }
  const ci = env['CI'] === 'true' || env['GITHUB_ACTIONS'] === 'true' || env['GITLAB_CI'] === 'true';
  const progress = createProgress(ctx.io.stderr, { quiet: options.quiet === true, ci });
  const connection = await connect(ctx, options);
  progress.step(`authenticated with ${connection.token.description}`);
  return new RunClient({
    client: connection.client,
    gatewayUrl: connection.gatewayUrl,
    progress,
    waitMs,
    outFile: options.out,
    json: options.json === true,
    detach: options.detach === true,
    stdout: ctx.io.stdout,
    stderr: ctx.io.stderr,
  });
}

function report(ctx: CliContext, options: ConnectionOptions, error: unknown): void {
  reportFailure(ctx, error, options.gateway ?? ctx.io.env['AUTOGEN_GATE_URL'] ?? DEFAULT_GATEWAY);
}

export function registerRunCommands(program: Command, ctx: CliContext): void {
  followFlags(
    program
      .command('run')
      .argument('<generator>', 'generator to run (`autogen-gate generators` lists them, with their input fields)')
      .description('Run a generator through the gateway and print its masked result (exit codes: docs/ci.md).')
      .option('--input <file>', 'run input: a JSON object in a file, or - for stdin')
      .option('--set <key=value>', 'set one input field (repeatable; JSON values allowed)', collect)
      .option('--detach', 'submit, print the run id on stdout and return at once (exit 0); `autogen-gate wait RUN_ID` fetches the result'),
  ).action(async (generator: string, options: RunOptions) => {
    try {
      const input = await readInput(options, ctx.io.stdin);
      const client = await prepare(ctx, options);
      ctx.setExitCode(await client.run(generator, input));
    } catch (error) {
      report(ctx, options, error);
    }
  });

  followFlags(
    program
      .command('wait')
      .argument('<runId>', 'run id printed by `autogen-gate run` (or its first characters, as `autogen-gate sessions` shows them)')
      .description(
        'Fetch the result of a run: waits for its approval and completion (a held run, after --detach or exit code 5), or prints it at once when done.',
      ),
  ).action(async (runId: string, options: FollowOptions) => {
    try {
      const client = await prepare(ctx, options);
      ctx.setExitCode(await client.attach(runId));
    } catch (error) {
      report(ctx, options, error);
    }
  });
}
