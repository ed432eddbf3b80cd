/**
 * `autogen-gate mask`: masks Brazilian personal data in stdin, for people and pipelines.
 *
 * - `--format text` (default) streams: output follows input chunk by chunk, with bounded memory.
 * - `--format json` reads one JSON document and masks it structurally.
 * - `--format jsonl` answers each `{"id":…,"text":…}` line with `{"id":…,"masked":…,"events":[…]}`
 *   before it reads the next, so a caller can hold a two-way pipe open.
 *
 * Exit codes: 0 done, 1 failure (unreadable policy, bad key, malformed JSON input), 2 usage
 * (unknown format or profile).
 */
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Option, type Command } from 'commander';
import { ConfigError, loadConfig } from '../../config/load.js';
import { BUILTIN_PROFILE, builtinProfile, type MaskingConfig } from '../../masking/config.js';
import { createKeyring, createMasker, type Masker, type MaskingEvent } from '../../masking/index.js';
import type { CliContext, CliIo } from '../context.js';
import { ExitCode } from '../exitCodes.js';
import { DEFAULT_CONFIG_FILE } from '../configLookup.js';

interface MaskOptions {
  format: 'text' | 'json' | 'jsonl';
  profile?: string;
  config?: string;
  events?: string;
  keysDir: string;
}

class UsageError extends Error {}

export function registerMaskCommand(program: Command, ctx: CliContext): void {
  program
    .command('mask')
    .description('Mask Brazilian personal data (CPF, CNPJ, names, addresses, phones…) read from stdin; write the masked text to stdout.')
    .addOption(new Option('-f, --format <format>', 'input format').choices(['text', 'json', 'jsonl']).default('text'))
    .option(
      '-p, --profile <name>',
      `masking profile from the policy file (default: the built-in "${BUILTIN_PROFILE}": every detector, redact)`,
    )
    .option(
      '-c, --config <file>',
      `policy file with masking profiles and keys (default: $AUTOGEN_GATE_CONFIG or ./${DEFAULT_CONFIG_FILE} when present)`,
    )
    .option('-e, --events <file>', 'also write the masking events (location, detector, HMAC, key id, replacement) to FILE as JSON lines')
    .option('-k, --keys-dir <dir>', 'where the HMAC key lives when no policy file is used (generated on first use)', './data/keys')
    .addHelpText(
      'after',
      `
Examples:
  echo 'Cliente Maria da Silva, CPF 529.982.247-25' | autogen-gate mask
  autogen-gate mask --format json < customer.json > customer.masked.json
  autogen-gate mask --format jsonl --events events.jsonl < batch.jsonl`,
    )
    .action(async (options: MaskOptions) => {
      try {
        const masker = buildMasker(ctx.io, options);
        const events = options.events === undefined ? undefined : createWriteStream(resolve(ctx.io.cwd, options.events), { flags: 'w' });
        try {
          const ok = await run(ctx.io, masker, options.format, events);
          if (!ok) ctx.setExitCode(ExitCode.failure);
        } finally {
          if (events) await closeStream(events);
        }
      } catch (error) {
        const usage = error instanceof UsageError;
        ctx.io.stderr.write(`autogen-gate mask: ${error instanceof Error ? error.message : String(error)}\n`);
        ctx.setExitCode(usage ? ExitCode.usage : ExitCode.failure);
      }
    });
}

function buildMasker(io: CliIo, options: MaskOptions): Masker {
  const configFile = findConfig(io, options.config);
  let masking: MaskingConfig;
  let keysDir: string;
  let baseDir: string;
  if (configFile !== undefined) {
    try {
      const config = loadConfig(configFile);
      masking = config.masking;
      keysDir = join(config.dataDir, 'keys');
      baseDir = config.baseDir;
    } catch (error) {
      if (error instanceof ConfigError) throw new Error(error.message);
      throw error;
    }
  } else {
    masking = { keys: [{ id: 'k1', secret: undefined }], profiles: new Map([[BUILTIN_PROFILE, builtinProfile()]]) };
    keysDir = resolve(io.cwd, options.keysDir);
    baseDir = io.cwd;
  }
  const name = options.profile ?? BUILTIN_PROFILE;
  const profile = masking.profiles.get(name);
  if (!profile) {
    const known = [...masking.profiles.keys()].join(', ');
    throw new UsageError(
      `unknown masking profile "${name}"; ${configFile === undefined ? `no policy file was found, so only "${BUILTIN_PROFILE}" exists (pass --config FILE)` : `${configFile} defines: ${known}`}`,
    );
  }
  return createMasker(profile, createKeyring(masking, keysDir, baseDir));
}

/** `--config`, else $AUTOGEN_GATE_CONFIG, else ./autogen-gate.yaml when it exists; none is fine. */
function findConfig(io: CliIo, flag: string | undefined): string | undefined {
  const chosen = flag ?? io.env['AUTOGEN_GATE_CONFIG'];
  if (chosen !== undefined) {
    const path = resolve(io.cwd, chosen);
    if (!existsSync(path)) throw new Error(`no policy file at ${path} (from ${flag !== undefined ? '--config' : 'AUTOGEN_GATE_CONFIG'})`);
    return path;
  }
  const fallback = resolve(io.cwd, DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? fallback : undefined;
}

async function run(io: CliIo, masker: Masker, format: MaskOptions['format'], events: WriteStream | undefined): Promise<boolean> {
  const record = async (list: readonly MaskingEvent[], id?: unknown): Promise<void> => {
    if (!events || list.length === 0) return;
    const lines = list.map((event) => JSON.stringify(id === undefined ? event : { id, ...event })).join('\n') + '\n';
    if (!events.write(lines)) await new Promise<void>((done) => events.once('drain', () => done()));
  };
  switch (format) {
    case 'text': {
      const stream = masker.textStream();
      for await (const chunk of io.stdin) {
        const masked = stream.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
        await write(io.stdout, masked.value);
        await record(masked.events);
      }
      const tail = stream.end();
      await write(io.stdout, tail.value);
      await record(tail.events);
      return true;
    }
    case 'json': {
      let text = '';
      for await (const chunk of io.stdin) text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        // The message of JSON.parse may quote the input; say where instead.
        throw new Error(
          `stdin is not valid JSON (${error instanceof SyntaxError ? error.message.replace(/"[^"]*"/g, '…').slice(0, 80) : 'parse error'}); use --format text for other input`,
        );
      }
      const masked = masker.maskJson(value);
      await write(io.stdout, JSON.stringify(masked.value, null, /\n\s/.test(text) ? 2 : undefined) + '\n');
      await record(masked.events);
      return true;
    }
    case 'jsonl': {
      let ok = true;
      let lineNo = 0;
      const lines = createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
      for await (const line of lines) {
        lineNo++;
        if (line.trim() === '') continue;
        let input: unknown;
        try {
          input = JSON.parse(line);
        } catch {
          input = undefined;
        }
        const id = isRecord(input) ? input['id'] : undefined;
        if (!isRecord(input) || typeof input['text'] !== 'string') {
          ok = false;
          // Never echo the line: it may hold the very data this command exists to hide.
          const error = `line ${lineNo} is not a JSON object with a string "text"`;
          io.stderr.write(`autogen-gate mask: ${error}\n`);
          await write(io.stdout, JSON.stringify({ id: id ?? null, error }) + '\n');
          continue;
        }
        const masked = masker.maskText(input['text']);
        await write(io.stdout, JSON.stringify({ id: id ?? null, masked: masked.value, events: masked.events }) + '\n');
        await record(masked.events, id ?? null);
      }
      return ok;
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (text === '') return Promise.resolve();
  return new Promise((done, fail) => {
    stream.write(text, (error?: Error | null) => (error ? fail(error) : done()));
  });
}

function closeStream(stream: WriteStream): Promise<void> {
  return new Promise((done, fail) => {
    stream.end((error?: Error | null) => (error ? fail(error) : done()));
  });
}
