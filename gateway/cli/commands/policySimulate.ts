/**
 * `autogen-gate policy simulate DRAFT.yaml --since 30d`: before anyone enables a draft policy,
 * replays the period's recorded sessions through it and through the policy in force, and says
 * what would change, rule by rule. Reads the store of the policy in force (as `audit verify`
 * does, so next to `npm start` it needs no flags) and writes only the audit entry that records
 * the simulation. Exit 0: nothing would change; 9: something would.
 */
import { writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../../config/load.js';
import type { GatewayConfig } from '../../config/types.js';
import { parsePeriod, PeriodError } from '../../evidence/period.js';
import { unknownNameMessage } from '../../closestNames.js';
import { renderSimulationHtml } from '../../simulation/htmlReport.js';
import { runSimulation } from '../../simulation/service.js';
import { openStore } from '../../store/index.js';
import type { CliContext } from '../context.js';
import { ConfigNotFoundError, loadCliConfig } from '../configLookup.js';
import { ExitCode } from '../exitCodes.js';
import { renderSimulationText } from '../output/simulationText.js';
import { cliActor, CONFIG_OPTION } from './audit.js';

interface SimulateOptions {
  config?: string;
  since?: string;
  from?: string;
  to?: string;
  generator?: string;
  json?: boolean;
  html?: string;
}

/** The period when none is given. */
const DEFAULT_SINCE = '30d';

export function registerPolicySimulate(policy: Command, ctx: CliContext): void {
  policy
    .command('simulate')
    .description(
      'Replay the recorded sessions of a period through a draft policy and say what would change, rule by rule (exit 9 if anything would).',
    )
    .argument('<draft>', 'the draft policy file (a whole policy, validated as `policy validate` does)')
    .option(...CONFIG_OPTION)
    .option('--since <duration>', `the period: this long ago until now (default ${DEFAULT_SINCE})`)
    .option('--from <time>', 'start of the period (inclusive): ISO date or date-time, or a duration ago (30d)')
    .option('--to <time>', 'end of the period (exclusive); default: now')
    .option('--generator <name>', "only this generator's sessions")
    .option('--json', 'machine-readable output: the whole report')
    .option('--html <file>', 'also write the report as one self-contained HTML page')
    .action(async (draftFile: string, options: SimulateOptions) => {
      ctx.setExitCode(await simulateCommand(ctx, draftFile, options));
    });
}

async function simulateCommand(ctx: CliContext, draftFile: string, options: SimulateOptions): Promise<number> {
  if (options.since !== undefined && (options.from !== undefined || options.to !== undefined)) {
    ctx.io.stderr.write('policy simulate: give --since, or --from (and optionally --to), not both\n');
    return ExitCode.usage;
  }
  let current: GatewayConfig;
  let draft: GatewayConfig;
  try {
    current = loadCliConfig(ctx.io, options.config);
    draft = loadConfig(resolve(ctx.io.cwd, draftFile));
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ConfigNotFoundError) {
      ctx.io.stderr.write(`${error.message}\n`);
      return ExitCode.failure;
    }
    throw error;
  }
  const generator = options.generator;
  if (generator !== undefined && !current.generators.has(generator) && !draft.generators.has(generator)) {
    const known = [...current.generators.keys(), ...draft.generators.keys()];
    ctx.io.stderr.write(`policy simulate: ${unknownNameMessage('generator', generator, known)}\n`);
    return ExitCode.usage;
  }
  const store = await openStore(current.store);
  try {
    let period;
    try {
      period = parsePeriod(options.since ?? options.from ?? DEFAULT_SINCE, options.to, store.clock());
    } catch (error) {
      if (!(error instanceof PeriodError)) throw error;
      ctx.io.stderr.write(`policy simulate: ${error.message}\n`);
      return ExitCode.usage;
    }
    const { report, entry } = await runSimulation(store, current, draft, { period, generator }, cliActor(ctx));
    if (options.html !== undefined) {
      const page = renderSimulationHtml(report, basename(current.source.path), draftFile);
      try {
        writeFileSync(resolve(ctx.io.cwd, options.html), page);
      } catch (error) {
        ctx.io.stderr.write(`policy simulate: could not write the HTML report to ${options.html}: ${(error as Error).message}\n`);
        return ExitCode.failure;
      }
    }
    if (options.json) ctx.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      ctx.io.stdout.write(renderSimulationText(report, basename(current.source.path), draftFile));
      ctx.io.stdout.write(`(simulation recorded in the audit log as entry ${entry.seq})\n`);
    }
    return report.changed > 0 ? ExitCode.policyWouldChange : ExitCode.ok;
  } finally {
    await store.close();
  }
}
