/**
 * `autogen-gate policy check`: explains a decision without running anything — which rule
 * decides, and why each earlier rule did not match. `policy validate` checks a file;
 * `policy simulate` (policySimulate.ts) replays recorded sessions through a draft.
 */
import type { Command } from 'commander';
import { formatDuration } from '../../config/duration.js';
import { ConfigError } from '../../config/load.js';
import type { IdentityKind } from '../../config/types.js';
import { PolicyEngine, type PolicySubject, type PolicyTarget } from '../../policy/engine.js';
import { denialHint, remediesFor } from '../../policy/remedies.js';
import { unknownNameMessage } from '../../closestNames.js';
import { DEV_ACCOUNTS } from '../../dev/accounts.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exitCodes.js';
import { loadCliConfig } from '../configLookup.js';
import { registerPolicySimulate } from './policySimulate.js';

interface CheckOptions {
  config?: string;
  user?: string;
  group?: string[];
  claim?: string[];
  issuer?: string;
  kind?: IdentityKind;
  generator?: string;
  upstream?: string;
  model?: string;
  codeExecution?: boolean;
  json?: boolean;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function subjectFrom(options: CheckOptions, defaultIssuer: string): PolicySubject {
  const account = options.user === undefined ? undefined : DEV_ACCOUNTS.find((candidate) => candidate.username === options.user);
  if (options.user !== undefined && !account && (options.group ?? []).length === 0) {
    throw new Error(
      `unknown user ${options.user}: dev accounts are ${DEV_ACCOUNTS.map((a) => a.username).join(', ')}; for anyone else pass --group (and --claim)`,
    );
  }
  const claims: Record<string, unknown> = {};
  for (const pair of options.claim ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`--claim takes NAME=VALUE, got ${JSON.stringify(pair)}`);
    claims[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return {
    subject: account?.username ?? options.user ?? 'anonymous',
    issuerId: options.issuer ?? defaultIssuer,
    kind: options.kind ?? account?.kind ?? 'person',
    groups: [...(account?.groups ?? []), ...(options.group ?? [])],
    claims,
  };
}

export function registerPolicyCommand(program: Command, ctx: CliContext): void {
  const policy = program.command('policy').description('Inspect the policy file, and what a draft would change.');

  policy
    .command('validate')
    .description('Validate the policy file and print what it defines.')
    .option('-c, --config <file>', 'policy file (default: $AUTOGEN_GATE_CONFIG or ./autogen-gate.yaml)')
    .action((options: { config?: string }) => {
      try {
        const config = loadCliConfig(ctx.io, options.config);
        ctx.io.stdout.write(
          `${config.source.path} is valid (version ${config.source.version.slice(0, 12)}): ${config.identity.issuers.length} issuer(s), ${config.upstreams.size} upstream(s), ${config.generators.size} generator(s), ${config.rules.length} rule(s).\n`,
        );
      } catch (error) {
        ctx.io.stderr.write(`${(error as Error).message}\n`);
        ctx.setExitCode(ExitCode.failure);
      }
    });

  policy
    .command('check')
    .description('Explain what the policy decides for a caller and a generator (or upstream), without running anything.')
    .option('-c, --config <file>', 'policy file (default: $AUTOGEN_GATE_CONFIG or ./autogen-gate.yaml)')
    .option('-u, --user <name>', 'a dev account (ana, bruno, carla, ci-bot) or any subject with --group')
    .option('-g, --group <group>', 'a group of the caller (repeatable)', collect)
    .option('--claim <name=value>', 'a token claim (repeatable), e.g. ref=refs/heads/main', collect)
    .option('--issuer <id>', 'issuer id of the caller (default: the first configured)')
    .option('--kind <kind>', 'person or pipeline')
    .option('--generator <name>', 'generator to check')
    .option('--upstream <name>', 'upstream (raw pass-through) to check')
    .option('--model <name>', 'with --upstream: the model a model-API request names')
    .option('--code-execution', 'with --upstream: an AutoGen Studio run whose team executes code')
    .option('--json', 'machine-readable output')
    .action((options: CheckOptions) => {
      try {
        const config = loadCliConfig(ctx.io, options.config);
        if ((options.generator === undefined) === (options.upstream === undefined)) {
          ctx.io.stderr.write('policy check: give exactly one of --generator NAME or --upstream NAME\n');
          ctx.setExitCode(ExitCode.usage);
          return;
        }
        if (options.kind !== undefined && options.kind !== 'person' && options.kind !== 'pipeline') {
          ctx.io.stderr.write('policy check: --kind must be person or pipeline\n');
          ctx.setExitCode(ExitCode.usage);
          return;
        }
        const target: PolicyTarget =
          options.generator !== undefined
            ? { kind: 'generator', name: options.generator }
            : { kind: 'upstream', name: options.upstream ?? '', model: options.model, codeExecution: options.codeExecution === true };
        const known = target.kind === 'generator' ? config.generators.has(target.name) : config.upstreams.has(target.name);
        if (!known) {
          const names = [...(target.kind === 'generator' ? config.generators.keys() : config.upstreams.keys())];
          ctx.io.stderr.write(`policy check: ${unknownNameMessage(target.kind, target.name, names)} (policy ${config.source.path})\n`);
          ctx.setExitCode(ExitCode.usage);
          return;
        }
        const subject = subjectFrom(options, config.identity.issuers[0]?.id ?? 'unknown');
        const engine = new PolicyEngine(config.rules);
        const explanation = engine.explain(subject, target);
        const remedies = explanation.decision.effect === 'deny' ? remediesFor(engine, subject, target) : [];
        if (options.json) {
          ctx.io.stdout.write(`${JSON.stringify({ subject, target, ...explanation, remedies }, null, 2)}\n`);
        } else {
          const { decision } = explanation;
          const lines = [
            `Caller:   ${subject.subject} (${subject.kind}; groups: ${subject.groups.join(', ') || 'none'})`,
            `Target:   ${target.kind} ${target.name}${target.model ? `, model ${target.model}` : ''}${target.codeExecution ? ', team executes code' : ''}`,
            `Decision: ${decision.effect.toUpperCase()} by rule ${decision.ruleId}`,
            `Why:      ${decision.reason}`,
          ];
          if (decision.approval) {
            const quorum = decision.approval.quorum;
            lines.push(
              `Approval: by ${quorum === 'any' ? 'any member of' : quorum === 'each' ? 'one member of each of' : `${quorum} distinct members of`} ${decision.approval.approvers.join(', ')}; request expires after ${formatDuration(decision.approval.pendingTtlMs)}, approval valid ${formatDuration(decision.approval.validForMs)}`,
            );
          }
          if (decision.effect === 'deny') {
            lines.push(remedies.length === 0 ? `Next:     ${denialHint(remedies)}` : 'Would let you through:');
            for (const remedy of remedies) lines.push(`  - ${remedy.text}`);
          }
          lines.push('', 'Rules, in order:');
          for (const evaluation of explanation.evaluations)
            lines.push(`  ${evaluation.matched ? '→' : ' '} ${evaluation.ruleId}: ${evaluation.why}`);
          if (!explanation.evaluations.some((evaluation) => evaluation.matched)) lines.push(`  → default-deny: no rule matched`);
          ctx.io.stdout.write(`${lines.join('\n')}\n`);
        }
      } catch (error) {
        ctx.io.stderr.write(`${error instanceof ConfigError ? error.message : `policy check: ${(error as Error).message}`}\n`);
        ctx.setExitCode(ExitCode.failure);
      }
    });

  registerPolicySimulate(policy, ctx);
}
