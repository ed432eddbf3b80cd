/**
 * `autogen-gate generators`: what I may run (now, or after whose approval, with which input) and,
 * for the rest, why not: the rule that denies it and what would let me through.
 */
import type { Command } from 'commander';
import type { GeneratorSummary, MeView } from '../../api/wire.js';
import { takesText } from '../../runs/inputErrors.js';
import { connectionFlags, withGateway, type ConnectionOptions } from '../client/connection.js';
import type { CliContext } from '../context.js';
import { renderTable } from '../output/table.js';

interface GeneratorsOptions extends ConnectionOptions {
  json?: boolean;
}

function who(me: MeView): string {
  return `${me.name ?? me.subject} (${me.subject}; groups: ${me.groups.join(', ') || 'none'})`;
}

function runs(generator: GeneratorSummary): string {
  return generator.decision === 'approval' ? `after approval by ${generator.approvers.join(', ')}` : 'now';
}

/** `--set` flags for the required fields, with the schema's examples: a command to paste. */
function exampleCommand(generator: GeneratorSummary): string {
  const schema = (generator.input ?? {}) as { required?: unknown; properties?: Record<string, { examples?: unknown[] }> };
  const required = Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === 'string') : [];
  const sets = required.map((name) => {
    const example = schema.properties?.[name]?.examples?.[0];
    const value = typeof example === 'string' ? example : example === undefined ? 'VALUE' : JSON.stringify(example);
    return ` --set ${name}=${/^[\w.@:/-]+$/.test(value) ? value : JSON.stringify(value)}`;
  });
  return `autogen-gate run ${generator.name}${sets.join('')}`;
}

/** The human listing: a table of what I may run, then why not for each of the others. */
export function describeGenerators(me: MeView, generators: readonly GeneratorSummary[]): string {
  const allowed = generators.filter((generator) => generator.decision !== 'deny');
  const denied = generators.filter((generator) => generator.decision === 'deny');
  const out: string[] = [`As ${who(me)}:`, ''];
  if (allowed.length === 0) {
    out.push('You may run no generator.');
  } else {
    out.push('You may run:');
    out.push(
      renderTable(
        ['NAME', 'RUNS', 'RULE', 'INPUT'],
        allowed.map((generator) => [
          generator.name,
          runs(generator),
          generator.ruleId,
          generator.input === undefined ? '(any)' : takesText(generator.input),
        ]),
      ).trimEnd(),
    );
  }
  if (denied.length > 0) {
    out.push('', 'Not for you:');
    for (const generator of denied) {
      out.push(`  ${generator.name}: denied by rule ${generator.ruleId}.`);
      if (generator.hint) out.push(`    ${generator.hint}`);
    }
  }
  const first = allowed[0];
  if (first) out.push('', `Run one: ${exampleCommand(first)}`);
  return `${out.join('\n')}\n`;
}

export function registerGeneratorsCommand(program: Command, ctx: CliContext): void {
  connectionFlags(
    program
      .command('generators')
      .description('List the generators you may run (now or after approval, with their input) and why not for the others.')
      .option('--json', 'machine-readable output: every generator with its decision, rule, hint and remedies'),
  ).action(async (options: GeneratorsOptions) => {
    await withGateway(ctx, options, async ({ client }) => {
      const [me, generators] = await Promise.all([client.me(), client.generators({ includeDenied: true })]);
      ctx.io.stdout.write(options.json ? `${JSON.stringify({ generators }, null, 2)}\n` : describeGenerators(me, generators));
    });
  });
}
