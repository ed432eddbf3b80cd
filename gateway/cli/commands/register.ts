/**
 * `autogen-gate register export`: the register of processing operations (LGPD Art. 37) of a
 * period, signed like evidence bundles (`--out`), with its CSV (`--csv`) and readable page
 * (`--html`); each export is recorded in the audit chain. `register verify FILE` checks a
 * register (or its page) offline against the gateway's public keys, as `evidence verify` does.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parsePeriod } from '../../evidence/period.js';
import { GovernanceService } from '../../governance/service.js';
import { RegisterService } from '../../register/service.js';
import { verifyRegisterText, type RegisterVerification } from '../../register/verify.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exitCodes.js';
import { requiredOut, writeOutputFile } from '../output/outputFile.js';
import { CONFIG_OPTION, cliActor, figure, withEvidenceContext } from './audit.js';
import { trustedKeys } from './evidence.js';

interface ExportOptions {
  config?: string;
  from?: string;
  to?: string;
  out?: string;
  csv?: string;
  html?: string;
}

/** Registers name people and purposes: readable by their owner only. */
const OWNER_ONLY = 0o600;

function describeVerification(file: string, result: RegisterVerification, source: string): string {
  const lines = [`${file}: ${result.ok ? 'VERIFIED' : 'NOT VERIFIED'}`];
  const manifest = result.manifest;
  if (manifest)
    lines.push(
      `  register ${manifest.id}, issued ${manifest.issuedAt} by ${manifest.issuer}, signed by key ${result.document.kid ?? '?'} (trusted keys: ${source})`,
    );
  const register = result.register;
  if (register && result.document.ok) {
    const s = register.summary;
    lines.push(
      `  period ${register.period.from} – ${register.period.to}: ${figure(s.operations)} operation(s), ${figure(s.personalDataOperations)} with personal data, ${figure(s.sensitiveOperations)} sensitive, ${figure(s.internationalOperations)} with transfers abroad, ${figure(s.suspendedOperations)} suspended; ${figure(s.runs)} run(s)`,
    );
  }
  for (const problem of [...result.document.problems, ...result.problems]) lines.push(`  - ${problem.code}: ${problem.message}`);
  return `${lines.join('\n')}\n`;
}

export function registerRegisterCommand(program: Command, ctx: CliContext): void {
  const register = program.command('register').description('The register of processing operations (LGPD Art. 37): export, verify.');

  register
    .command('export')
    .description('Write the signed register of processing operations of a period, and optionally its CSV and readable page.')
    .option(...CONFIG_OPTION)
    .option('--from <time>', 'start of the observed period (inclusive): ISO date or date-time, or a duration ago (default 30d)')
    .option('--to <time>', 'end of the period (exclusive); default: now')
    .option('--out <file>', 'where to write the signed register (JSON)')
    .option('--csv <file>', 'also write it as CSV (one row per operation)')
    .option('--html <file>', 'also write the readable page (self-contained HTML, embeds the signed register)')
    .action(async (options: ExportOptions) => {
      const out = requiredOut(ctx, 'register export', options.out);
      if (out === undefined) return;
      await withEvidenceContext(ctx, 'register export', options.config, async (context, config) => {
        const period = parsePeriod(options.from ?? '30d', options.to, context.store.clock());
        const service = new RegisterService({
          config,
          store: context.store,
          governance: new GovernanceService({ config, store: context.store }),
          signer: context.signer,
          trusted: context.trusted,
        });
        const { issued, entry } = await service.export(period, cliActor(ctx));
        writeOutputFile(out, issued.text, OWNER_ONLY);
        const s = issued.document.content.summary;
        const lines = [
          `Wrote ${out}`,
          `  period ${period.from} – ${period.to}: ${figure(s.operations)} operation(s), ${figure(s.personalDataOperations)} with personal data, ${figure(s.internationalOperations)} with transfers abroad, ${figure(s.suspendedOperations)} suspended; ${figure(s.runs)} run(s), ${figure(s.maskedValues)} value(s) masked`,
          `  register ${issued.manifest.id}, SHA-256 ${issued.manifest.digest.value}, signed by key ${issued.kid}`,
          `  export recorded in the audit log as entry ${entry.seq}`,
        ];
        if (options.csv !== undefined) {
          const csv = resolve(ctx.io.cwd, options.csv);
          writeOutputFile(csv, service.csv(issued), OWNER_ONLY);
          lines.push(`Wrote ${csv} (CSV, one row per operation; the signed JSON is the evidence)`);
        }
        if (options.html !== undefined) {
          const html = resolve(ctx.io.cwd, options.html);
          writeOutputFile(html, await service.page(issued), OWNER_ONLY);
          lines.push(`Wrote ${html} (the readable page; it embeds the signed register)`);
        }
        lines.push(
          `Verify anywhere with: autogen-gate register verify ${options.out ?? out} --jwks ${config.server.publicUrl}/.well-known/jwks.json`,
        );
        ctx.io.stdout.write(`${lines.join('\n')}\n`);
        return ExitCode.ok;
      });
    });

  register
    .command('verify')
    .description(
      'Verify a register (or its HTML page) offline: signature, digest and its own figures; exit 1 with the exact reason if anything is wrong.',
    )
    .argument('<file>', 'the register as exported (or its page)')
    .option('--jwks <url-or-file>', "the issuing gateway's public keys (default: this configuration's keys)")
    .option(...CONFIG_OPTION)
    .option('--json', 'machine-readable output')
    .action(async (file: string, options: { jwks?: string; config?: string; json?: boolean }) => {
      try {
        const { keys, source } = await trustedKeys(ctx, options.jwks, options.config);
        const result = await verifyRegisterText(readFileSync(resolve(ctx.io.cwd, file), 'utf8'), keys);
        ctx.io.stdout.write(
          options.json
            ? `${JSON.stringify({ ok: result.ok, manifest: result.manifest, kid: result.document.kid, problems: [...result.document.problems, ...result.problems] }, null, 2)}\n`
            : describeVerification(file, result, source),
        );
        ctx.setExitCode(result.ok ? ExitCode.ok : ExitCode.failure);
      } catch (error) {
        ctx.io.stderr.write(`register verify: ${(error as Error).message}\n`);
        ctx.setExitCode(ExitCode.failure);
      }
    });
}
