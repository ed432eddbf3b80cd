/** `autogen-gate config schema`: prints the policy file's JSON Schema (for editors). */
import type { Command } from 'commander';
import { renderConfigurationReference } from '../../config/reference.js';
import { configSchema } from '../../config/schema.js';
import type { CliContext } from '../context.js';

export function registerConfigCommand(program: Command, ctx: CliContext): void {
  const config = program.command('config').description('Policy file helpers.');
  config
    .command('schema')
    .description('Print the JSON Schema of autogen-gate.yaml (the repository keeps it as autogen-gate.schema.json).')
    .action(() => {
      ctx.io.stdout.write(`${JSON.stringify(configSchema, null, 2)}\n`);
    });
  config
    .command('docs')
    .description('Print the configuration reference in Markdown (the repository keeps it as docs/configuration.md).')
    .action(() => {
      ctx.io.stdout.write(renderConfigurationReference());
    });
}
