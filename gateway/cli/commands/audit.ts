/**
 * `autogen-gate audit verify`: recomputes the live audit chain (same configuration lookup as
 * `serve`, so next to `npm start` it needs no flags), checks it against every signed checkpoint
 * and the retention anchor, cross-checks sessions and masking events with it, and names the
 * first broken link. `audit checkpoint` signs the current head (e.g. before a backup).
 *
 * Also the helpers the other evidence commands share (opening the store and keys, the actor).
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ExternalAnchor, LiveVerification } from '../../audit/liveVerify.js';
import { short } from '../../audit/verify.js';
import { ConfigError } from '../../config/load.js';
import type { GatewayConfig } from '../../config/types.js';
import { openEvidenceContext, type EvidenceContext } from '../../evidence/context.js';
import { verifyBundleText } from '../../evidence/verifyBundle.js';
import { describeStore } from '../../store/index.js';
import type { CliContext } from '../context.js';
import { ConfigNotFoundError, loadCliConfig } from '../configLookup.js';
import { ExitCode } from '../exitCodes.js';

export const CONFIG_OPTION = ['-c, --config <file>', 'policy file (default: $AUTOGEN_GATE_CONFIG or ./autogen-gate.yaml)'] as const;

/** Who runs a command, as recorded in the audit log: the operating-system user. */
export function cliActor(ctx: CliContext): string {
  let user = ctx.io.env['USER'] ?? ctx.io.env['USERNAME'];
  if (user === undefined) {
    try {
      user = userInfo().username;
    } catch {
      user = 'unknown';
    }
  }
  return `cli:${user}`;
}

/** Thousands separated by a thin space, as the privacy office reads figures. */
export function figure(n: number): string {
  return n.toLocaleString('en-GB').replace(/,/g, ' ');
}

/** Loads the configuration, opens store and keys, runs `work`, closes; errors become a message and exit code 1. */
export async function withEvidenceContext(
  ctx: CliContext,
  command: string,
  configFlag: string | undefined,
  work: (evidence: EvidenceContext, config: GatewayConfig) => Promise<number>,
): Promise<void> {
  let config: GatewayConfig;
  try {
    config = loadCliConfig(ctx.io, configFlag);
  } catch (error) {
    ctx.io.stderr.write(
      `${error instanceof ConfigError || error instanceof ConfigNotFoundError ? error.message : `${command}: ${(error as Error).message}`}\n`,
    );
    ctx.setExitCode(ExitCode.failure);
    return;
  }
  let evidence: EvidenceContext | undefined;
  try {
    evidence = await openEvidenceContext(config);
    if (evidence.generatedKey)
      ctx.io.stderr.write(
        `${command}: generated the evidence signing key in ${config.dataDir}/keys (key ${evidence.signer.kid}); back it up with the store.\n`,
      );
    ctx.setExitCode(await work(evidence, config));
  } catch (error) {
    ctx.io.stderr.write(`${command}: ${(error as Error).message}\n`);
    ctx.setExitCode(ExitCode.failure);
  } finally {
    await evidence?.close().catch(() => undefined);
  }
}

function describe(verification: LiveVerification, storePath: string): string {
  const { chain, records } = verification;
  const lines: string[] = [];
  const anchor = chain.anchor;
  const problems = [...chain.problems.map((p) => p.message), ...(records?.problems ?? []).map((p) => p.message)];
  const more = chain.moreProblems + (records?.moreProblems ?? 0);
  lines.push(`Audit chain of ${storePath}: ${verification.ok ? 'OK' : 'BROKEN'}`);
  if (chain.entries === 0) lines.push('  the chain is empty');
  else {
    lines.push(
      `  ${figure(chain.entries)} ${chain.entries === 1 ? 'entry' : 'entries'} (${chain.firstSeq}–${chain.head?.seq}), starting from ${anchor.kind === 'purge' ? `the signed retention anchor at entry ${anchor.seq} (purge recorded in entry ${anchor.purgeEntry}, signed ${anchor.signedAt ?? '?'})` : anchor.kind === 'genesis' ? 'genesis' : 'nothing trusted'}`,
    );
    if (chain.head) lines.push(`  head: entry ${chain.head.seq}, ${chain.head.hash}`);
  }
  lines.push(
    `  ${figure(chain.checkpoints.checked)} signed checkpoint(s)${chain.checkpoints.latest ? `, latest at entry ${chain.checkpoints.latest.seq} (${chain.checkpoints.latest.at})` : ''}; ${chain.purges} retention purge(s) on record`,
  );
  if (records)
    lines.push(
      `  ${figure(records.sessionsChecked)} session record(s), ${figure(records.rowsChecked)} row digest(s) (sessions, approvals, votes, governance records, directory users) and ${figure(records.sealsChecked)} sealed set(s) of masking events cross-checked with the chain`,
    );
  if (problems.length > 0) {
    const firstChain = chain.problems[0];
    lines.push('', `  First broken link: ${firstChain ? firstChain.message : problems[0]}`);
    const rest = problems.filter((message) => message !== (firstChain?.message ?? problems[0]));
    if (rest.length > 0) {
      lines.push(`  Also (${rest.length + more}):`);
      for (const message of rest.slice(0, 20)) lines.push(`    - ${message}`);
      if (rest.length + more > 20) lines.push(`    … and ${rest.length + more - 20} more (--json lists up to 50 of each kind)`);
    }
  }
  lines.push(`  verified in ${(verification.ms / 1000).toFixed(2)} s`);
  return `${lines.join('\n')}\n`;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function registerAuditCommand(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('The hash-chained audit log: verify it, checkpoint it.');

  audit
    .command('verify')
    .description(
      'Recompute the audit chain of the store and name the first broken link (edited, deleted or reordered entry); exit 1 if anything is wrong.',
    )
    .option(...CONFIG_OPTION)
    .option('--anchor <bundle>', 'an evidence bundle whose signed chain head must still be in the chain (repeatable)', collect)
    .option('--chain-only', 'skip the cross-checks of session records and masking events')
    .option('--json', 'machine-readable output')
    .action(async (options: { config?: string; anchor?: string[]; chainOnly?: boolean; json?: boolean }) => {
      await withEvidenceContext(ctx, 'audit verify', options.config, async (evidence, config) => {
        const anchors: ExternalAnchor[] = [];
        for (const file of options.anchor ?? []) {
          const path = resolve(ctx.io.cwd, file);
          const checked = await verifyBundleText(readFileSync(path, 'utf8'), evidence.trusted);
          const head = checked.bundle?.chain.head;
          if (!checked.document.ok || !head) {
            ctx.io.stderr.write(
              `audit verify: ${file} is not a verified evidence bundle (${checked.document.problems[0]?.message ?? 'no chain head'}); it cannot serve as an anchor\n`,
            );
            return ExitCode.failure;
          }
          anchors.push({ seq: head.seq, hash: head.hash, at: checked.manifest?.issuedAt ?? '?', source: `bundle ${file}` });
        }
        const verification = await evidence.evidence.verify({ anchors, chainOnly: options.chainOnly === true });
        if (options.json) ctx.io.stdout.write(`${JSON.stringify(verification, null, 2)}\n`);
        else ctx.io.stdout.write(describe(verification, describeStore(config.store)));
        return verification.ok ? ExitCode.ok : ExitCode.failure;
      });
    });

  audit
    .command('checkpoint')
    .description(
      'Sign the current chain head with the evidence key (e.g. before a backup); `audit verify` then detects any later rewrite or truncation.',
    )
    .option(...CONFIG_OPTION)
    .action(async (options: { config?: string }) => {
      await withEvidenceContext(ctx, 'audit checkpoint', options.config, async (evidence) => {
        const checkpoint = await evidence.evidence.checkpoint('manual');
        if (!checkpoint) ctx.io.stdout.write('The chain is empty: nothing to checkpoint.\n');
        else
          ctx.io.stdout.write(
            `Checkpoint of entry ${checkpoint.seq} (${short(checkpoint.hash)}) signed at ${checkpoint.at} with key ${checkpoint.kid}.\n`,
          );
        return ExitCode.ok;
      });
    });
}
