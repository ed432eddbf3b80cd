/**
 * `autogen-gate retention purge [--dry-run]`: deletes what the retention policy says has
 * expired (payload bodies, then whole sessions with their masking events and approvals, then the
 * oldest audit entries behind a signed anchor) and records the purge in the audit log. With
 * `--dry-run` it only says what would go (`--as-of DATE`: what will have expired by then).
 */
import type { Command } from 'commander';
import { parseInstant } from '../../evidence/period.js';
import type { PurgeReport } from '../../retention/purge.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exitCodes.js';
import { CONFIG_OPTION, cliActor, figure, withEvidenceContext } from './audit.js';

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

function span(from: string | undefined, to: string | undefined): string {
  return from === undefined
    ? ''
    : ` (created ${from.slice(0, 10)}${to !== undefined && to.slice(0, 10) !== from.slice(0, 10) ? ` – ${to.slice(0, 10)}` : ''})`;
}

function describePurge(report: PurgeReport): string {
  const verb = report.dryRun ? 'would delete' : 'deleted';
  const lines = [`Retention purge as of ${report.asOf}${report.dryRun ? ' (dry run: nothing was deleted)' : ''}`];
  for (const scope of report.scopes) {
    lines.push(`  ${scope.scope}: payloads ${scope.payloadsPeriod}, metadata ${scope.metadataPeriod}`);
    lines.push(
      `    payload bodies: ${verb} ${figure(scope.payloads.count)} session(s), ${bytes(scope.payloads.bytes)}${span(scope.payloads.from, scope.payloads.to)}`,
    );
    const linked = Object.entries(scope.linked)
      .map(([table, n]) => `${figure(n)} ${table}`)
      .join(', ');
    lines.push(
      `    sessions: ${verb} ${figure(scope.sessions.count)}${span(scope.sessions.from, scope.sessions.to)} with ${figure(scope.maskingEvents)} masking event(s)${linked ? ` and ${linked}` : ''}`,
    );
  }
  const range = report.audit.range;
  lines.push(
    `  audit log (kept ${report.audit.period}): ${range ? `${verb} entries ${range.fromSeq}–${range.toSeq} (${figure(range.count)}, ${range.fromAt.slice(0, 10)} – ${range.toAt.slice(0, 10)}); the chain continues from the signed anchor at entry ${range.anchor.seq}` : 'nothing expired'}`,
  );
  if (report.audit.blocked) lines.push(`  WARNING: audit entries kept: ${report.audit.blocked}`);
  if (report.entry) lines.push(`  recorded in the audit log as entry ${report.entry.seq}`);
  return `${lines.join('\n')}\n`;
}

export function registerRetentionCommand(program: Command, ctx: CliContext): void {
  const retention = program.command('retention').description('Retention of payloads, metadata and audit entries (LGPD Art. 16).');
  retention
    .command('purge')
    .description('Delete what has expired and record it in the audit log (--dry-run: only say what would go).')
    .option(...CONFIG_OPTION)
    .option('--dry-run', 'delete nothing; report what a purge would delete')
    .option('--as-of <time>', 'with --dry-run: what will have expired by this date (ISO)')
    .option('--json', 'machine-readable output')
    .action(async (options: { config?: string; dryRun?: boolean; asOf?: string; json?: boolean }) => {
      if (options.asOf !== undefined && !options.dryRun) {
        ctx.io.stderr.write('retention purge: --as-of only goes with --dry-run (a real purge uses the current time)\n');
        ctx.setExitCode(ExitCode.usage);
        return;
      }
      await withEvidenceContext(ctx, 'retention purge', options.config, async (context) => {
        const asOf = options.asOf === undefined ? undefined : parseInstant(options.asOf, context.store.clock(), '--as-of');
        const report = await context.retention.purge({ dryRun: options.dryRun === true, asOf, trigger: 'cli', actor: cliActor(ctx) });
        ctx.io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : describePurge(report));
        return ExitCode.ok;
      });
    });
}
