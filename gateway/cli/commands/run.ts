/**
 * `autogen-gate run GENERATOR` and `autogen-gate wait RUN_ID`: the headless client for
 * pipelines (docs/ci.md). Progress on stderr, the masked result on stdout or in --out, and a
 * stable exit code for every outcome.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseDuration } from '../../config/duration.js';
import { GatewayClient } from '../../api/client/gatewayClient.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exitCodes.js';
import { createProgress } from '../client/progress.js';
import { RunClient } from '../client/runClient.js';
import { resolveToken, TokenSourceError, type TokenSourceKind } from '../client/tokenSources.js';

interface ConnectionOptions {
  gateway?: string;
  token?: string;
  tokenSource?: string;
  clientId?: string;
  clientSecretFile?: string;
  issuer?: string;
  audience?: string;
  scope?: string;
  wait?: string;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

interface RunOptions extends ConnectionOptions {
  input?: string;
  set?: string[];
}

const DEFAULT_GATEWAY = 'http://127.0.0.1:8787';
const DEFAULT_WAIT = '30m';
const TOKEN_SOURCES: readonly TokenSourceKind[] = ['explicit', 'github-actions', 'client-credentials'];

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

class UsageError extends Error {}

function connectionFlags(command: Command): Command {
  return command
    .option('--gateway <url>', `gateway URL (default: $AUTOGEN_GATE_URL or ${DEFAULT_GATEWAY})`)
    .option('--token <token>', 'access token (prefer $AUTOGEN_GATE_TOKEN: flags show in process lists)')
    .option('--token-source <kind>', 'explicit, github-actions or client-credentials (default: detected)')
    .option('--client-id <id>', 'OAuth client for client credentials (or $AUTOGEN_GATE_CLIENT_ID); secret from $AUTOGEN_GATE_CLIENT_SECRET')
    .option('--client-secret-file <file>', 'read the client secret from a file (or $AUTOGEN_GATE_CLIENT_SECRET_FILE)')
    .option('--issuer <url>', 'OpenID issuer for client credentials (or $AUTOGEN_GATE_ISSUER)')
    .option('--audience <aud>', 'token audience the gateway expects (default: $AUTOGEN_GATE_AUDIENCE or autogen-gate)')
    .option('--scope <scope>', 'extra OAuth scope for client credentials')
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

async function prepare(ctx: CliContext, options: ConnectionOptions): Promise<RunClient> {
  const env = ctx.io.env;
  const waitText = options.wait ?? DEFAULT_WAIT;
  const waitMs = waitText === '0' ? 0 : parseDuration(waitText);
  if (waitMs === undefined) throw new UsageError(`--wait takes a duration such as 90s, 30m or 2h, got ${JSON.stringify(waitText)}`);
  if (options.tokenSource !== undefined && !TOKEN_SOURCES.includes(options.tokenSource as TokenSourceKind)) {
    throw new UsageError(`--token-source must be one of ${TOKEN_SOURCES.join(', ')}`);
  }
  const gatewayUrl = (options.gateway ?? env['AUTOGEN_GATE_URL'] ?? DEFAULT_GATEWAY).replace(/\/+$/, '');
  try {
    new URL(gatewayUrl);
  } catch {
    throw new UsageError(`--gateway ${gatewayUrl} is not a URL`);
  }
  const ci = env['CI'] === 'true' || env['GITHUB_ACTIONS'] === 'true' || env['GITLAB_CI'] === 'true';
  const progress = createProgress(ctx.io.stderr, { quiet: options.quiet === true, ci });
  const resolved = await resolveToken({
    token: options.token,
    source: options.tokenSource as TokenSourceKind | undefined,
    clientId: options.clientId,
    clientSecretFile: options.clientSecretFile,
    issuer: options.issuer,
    audience: options.audience ?? env['AUTOGEN_GATE_AUDIENCE'] ?? 'autogen-gate',
    scope: options.scope,
    env,
  });
  progress.step(`authenticated with ${resolved.description}`);
  const client = new GatewayClient({
    baseUrl: gatewayUrl,
    token: () => Promise.resolve(resolved.token),
    timeoutMs: 30_000,
    userAgent: 'autogen-gate-cli',
  });
  return new RunClient({
    client,
    gatewayUrl,
    progress,
    waitMs,
    outFile: options.out,
    json: options.json === true,
    stdout: ctx.io.stdout,
    stderr: ctx.io.stderr,
  });
}

function report(ctx: CliContext, error: unknown): void {
  if (error instanceof UsageError) {
    ctx.io.stderr.write(`autogen-gate: ${error.message}\n`);
    ctx.setExitCode(ExitCode.usage);
  } else if (error instanceof TokenSourceError) {
    ctx.io.stderr.write(`autogen-gate: cannot authenticate: ${error.message}\n`);
    ctx.setExitCode(ExitCode.gatewayUnreachable);
  } else {
    ctx.io.stderr.write(`autogen-gate: ${error instanceof Error ? error.message : String(error)}\n`);
    ctx.setExitCode(ExitCode.failure);
  }
}

export function registerRunCommands(program: Command, ctx: CliContext): void {
  connectionFlags(
    program
      .command('run')
      .argument('<generator>', 'generator to run (autogen-gate run --help lists flags; GET /api/v1/generators lists generators)')
      .description('Run a generator through the gateway and print its masked result (exit codes: docs/ci.md).')
      .option('--input <file>', 'run input: a JSON object in a file, or - for stdin')
      .option('--set <key=value>', 'set one input field (repeatable; JSON values allowed)', collect),
  ).action(async (generator: string, options: RunOptions) => {
    try {
      const input = await readInput(options, ctx.io.stdin);
      const client = await prepare(ctx, options);
      ctx.setExitCode(await client.run(generator, input));
    } catch (error) {
      report(ctx, error);
    }
  });

  connectionFlags(
    program
      .command('wait')
      .argument('<runId>', 'run id printed by `autogen-gate run`')
      .description('Re-attach to a run (e.g. after exit code 5) and wait for its result.'),
  ).action(async (runId: string, options: ConnectionOptions) => {
    try {
      const client = await prepare(ctx, options);
      ctx.setExitCode(await client.attach(runId));
    } catch (error) {
      report(ctx, error);
    }
  });
}
