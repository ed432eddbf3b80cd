/**
 * `autogen-gate generator pin NAME`: the hash of a generator's definition as the policy file now
 * states it, what it covers, and whether `pinned` matches; `--write` puts it into the file (a
 * one-line edit), once a reviewer has read the definition (`--show` prints it). A run whose
 * definition no longer matches its pin is a governance violation (docs/governance.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { unknownNameMessage } from '../../closestNames.js';
import { ConfigError, parseConfig } from '../../config/load.js';
import type { GatewayConfig } from '../../config/types.js';
import { definitionHash, definitionOf, type GeneratorDefinition } from '../../governance/definition.js';
import { PinWriteError, setPinned } from '../../governance/pinFile.js';
import type { CliContext } from '../context.js';
import { ConfigNotFoundError, configPath } from '../configLookup.js';
import { ExitCode } from '../exitCodes.js';
import { CONFIG_OPTION } from './audit.js';

interface PinOptions {
  config?: string;
  write?: boolean;
  show?: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Counts what a team carries, for the reviewer: agents, tools, and tools that bring their own source code. */
function describeTeam(team: unknown): string {
  let components = 0;
  let sources = 0;
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      if (typeof record['provider'] === 'string') components++;
      if (typeof record['source_code'] === 'string') sources++;
      Object.values(record).forEach(walk);
    }
  };
  walk(team);
  const bytes = Buffer.byteLength(JSON.stringify(team));
  return `team config (${plural(components, 'component')}${sources > 0 ? `, ${plural(sources, 'tool')} with source code` : ''}, ${bytes} bytes)`;
}

function covers(definition: GeneratorDefinition): string {
  const parts = [`upstream ${definition.upstream.name} (${definition.upstream.type})`];
  if (definition.path !== null) parts.push(`path ${definition.path}`);
  if (definition.task !== null) parts.push(`task template (${definition.task.length} characters)`);
  if (definition.input !== null) {
    const properties = definition.input['properties'];
    const fields = typeof properties === 'object' && properties !== null ? Object.keys(properties).length : 0;
    parts.push(`input schema (${plural(fields, 'field')})`);
  }
  if (definition.team !== null) parts.push(describeTeam(definition.team));
  return parts.join(', ');
}

function loadPolicy(ctx: CliContext, flag: string | undefined): { path: string; text: string; config: GatewayConfig } {
  const path = configPath(ctx.io, flag);
  const text = readFileSync(path, 'utf8');
  return { path, text, config: parseConfig(text, path) };
}

export function registerGeneratorCommand(program: Command, ctx: CliContext): void {
  const generator = program.command('generator').description('One generator of the policy: pin its reviewed definition.');

  generator
    .command('pin')
    .description("Print the hash of a generator's definition (upstream, task, input schema, team config); --write puts it in the policy.")
    .argument('<name>', 'the generator')
    .option(...CONFIG_OPTION)
    .option('--write', 'set generators.NAME.pinned in the policy file to this hash (after review)')
    .option('--show', 'also print the definition the hash covers (canonical JSON), for the review')
    .action((name: string, options: PinOptions) => {
      try {
        const { path, text, config } = loadPolicy(ctx, options.config);
        const found = config.generators.get(name);
        if (!found) {
          ctx.io.stderr.write(`generator pin: ${unknownNameMessage('generator', name, [...config.generators.keys()])}\n`);
          ctx.setExitCode(ExitCode.usage);
          return;
        }
        const definition = definitionOf(found, config.upstreams.get(found.upstream));
        const hash = definitionHash(definition);
        const pinned = found.registration.pinned;
        const lines = [`${name}: ${hash}`, `  covers: ${covers(definition)}`];
        lines.push(
          pinned === undefined
            ? '  pinned in the policy: nothing yet'
            : pinned === hash
              ? '  pinned in the policy: the same hash (the definition is as reviewed)'
              : `  pinned in the policy: ${pinned}, which differs: the definition changed since it was pinned`,
        );
        if (options.show) lines.push('', JSON.stringify(definition, null, 2), '');
        if (options.write && pinned !== hash) {
          const updated = setPinned(text, name, hash);
          // The edit must leave a policy that loads, with exactly this pin.
          const reloaded = parseConfig(updated, path).generators.get(name)?.registration.pinned;
          if (reloaded !== hash)
            throw new PinWriteError(`the edited policy reads back pinned: ${String(reloaded)}; the file was left as it was`);
          writeFileSync(path, updated);
          lines.push(`Wrote pinned: ${hash} to ${path} (generators.${name}). Restart or reload the gateway for it to apply.`);
        } else if (options.write) {
          lines.push(`Nothing to write: ${path} already pins this hash.`);
        } else if (pinned !== hash) {
          lines.push(`After review, pin it with: autogen-gate generator pin ${name} --write`);
        }
        ctx.io.stdout.write(`${lines.join('\n')}\n`);
      } catch (error) {
        const message =
          error instanceof ConfigError || error instanceof ConfigNotFoundError
            ? error.message
            : `generator pin: ${(error as Error).message}`;
        ctx.io.stderr.write(`${message}\n`);
        ctx.setExitCode(ExitCode.failure);
      }
    });
}
