/**
 * `autogen-gate evidence export`: a signed evidence bundle of a period (or one session), and
 * its readable HTML report with `--html`. `evidence verify BUNDLE` checks a bundle (or a report,
 * or a subject report) offline against the gateway's public keys and says exactly what is wrong.
 * `evidence keys` prints those public keys (a JWKS) to hand over with the bundles.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EvidenceRequestError } from '../../evidence/bundle.js';
import { parsePeriod } from '../../evidence/period.js';
import { BUNDLE_FORMAT } from '../../evidence/signedDocument.js';
import { parseJwks, readPublicKeys, type Jwks } from '../../evidence/signingKey.js';
import { keysDirOf } from '../../evidence/context.js';
import { verifyBundleText, type BundleVerification } from '../../evidence/verifyBundle.js';
import type { CliContext } from '../context.js';
import { ConfigNotFoundError, loadCliConfig } from '../configLookup.js';
import { ExitCode } from '../exitCodes.js';
import { requiredOut, writeOutputFile } from '../output/outputFile.js';
import { CONFIG_OPTION, cliActor, figure, withEvidenceContext } from './audit.js';

interface ExportOptions {
  config?: string;
  from?: string;
  to?: string;
  session?: string;
  out?: string;
  html?: string;
}

/** Trusted keys: `--jwks URL|FILE`, else the keys of the gateway the configuration points at. */
export async function trustedKeys(
  ctx: CliContext,
  jwks: string | undefined,
  configFlag: string | undefined,
): Promise<{ keys: Jwks; source: string }> {
  if (jwks !== undefined) {
    if (/^https?:\/\//.test(jwks)) {
      const response = await fetch(jwks, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`${jwks} answered HTTP ${response.status}`);
      return { keys: parseJwks(await response.text(), jwks), source: jwks };
    }
    const path = resolve(ctx.io.cwd, jwks);
    return { keys: parseJwks(readFileSync(path, 'utf8'), path), source: path };
  }
  let config;
  try {
    config = loadCliConfig(ctx.io, configFlag);
  } catch (error) {
    if (error instanceof ConfigNotFoundError)
      throw new Error(
        "no trusted keys: pass --jwks URL|FILE (the issuing gateway's /.well-known/jwks.json), or run next to its autogen-gate.yaml",
      );
    throw error;
  }
  const keys = readPublicKeys(keysDirOf(config));
  if (keys.keys.length === 0)
    throw new Error(`no evidence keys under ${keysDirOf(config)} (this gateway never signed anything); pass --jwks`);
  return { keys, source: `${keysDirOf(config)}/evidence-public.jwks` };
}

function describeVerification(file: string, result: BundleVerification, source: string): string {
  const lines = [`${file}: ${result.ok ? 'VERIFIED' : 'NOT VERIFIED'}`];
  const manifest = result.manifest;
  if (manifest)
    lines.push(
      `  ${manifest.format === BUNDLE_FORMAT ? 'evidence bundle' : 'subject report'} ${manifest.id}, issued ${manifest.issuedAt} by ${manifest.issuer}, signed by key ${result.document.kid ?? '?'} (trusted keys: ${source})`,
    );
  const bundle = result.bundle;
  if (bundle && result.document.ok) {
    const entries = bundle.audit.entries;
    const first = entries[0];
    const last = entries[entries.length - 1];
    lines.push(
      `  ${bundle.scope === 'session' ? `session ${bundle.sessionId ?? ''}` : `period ${bundle.period.from} – ${bundle.period.to}`}: ${figure(bundle.summary.sessions)} session(s), ${figure(bundle.summary.maskedValues)} masking event(s), ${figure(bundle.approvals.length)} approval(s), ${figure(entries.length)} audit entr${entries.length === 1 ? 'y' : 'ies'}${first && last ? ` (${first.seq}–${last.seq}${bundle.audit.contiguous ? ', linked' : ''})` : ''}`,
    );
    if (bundle.chain.head) lines.push(`  chain head at export: entry ${bundle.chain.head.seq}, ${bundle.chain.head.hash}`);
  }
  const problems = [
    ...result.document.problems.map((p) => `${p.code}: ${p.message}`),
    ...result.problems.map((p) => `${p.code}: ${p.message}`),
  ];
  for (const problem of problems) lines.push(`  - ${problem}`);
  return `${lines.join('\n')}\n`;
}

export function registerEvidenceCommand(program: Command, ctx: CliContext): void {
  const evidence = program.command('evidence').description('Signed evidence for the privacy office: export, verify, keys.');

  evidence
    .command('export')
    .description('Write a signed evidence bundle of a period (or one session), and optionally its HTML report.')
    .option(...CONFIG_OPTION)
    .option('--from <time>', 'start of the period (inclusive): ISO date or date-time, or a duration ago (30d)')
    .option('--to <time>', 'end of the period (exclusive); default: now')
    .option('--session <id>', 'one session instead of a period')
    .option('--out <file>', 'where to write the bundle (JSON)')
    .option('--html <file>', 'also write the readable report (self-contained HTML)')
    .action(async (options: ExportOptions) => {
      const out = requiredOut(ctx, 'evidence export', options.out);
      if (out === undefined) return;
      if ((options.session === undefined) === (options.from === undefined)) {
        ctx.io.stderr.write('evidence export: give --from (and optionally --to), or --session ID\n');
        ctx.setExitCode(ExitCode.usage);
        return;
      }
      await withEvidenceContext(ctx, 'evidence export', options.config, async (context, config) => {
        const request =
          options.session !== undefined
            ? { scope: 'session' as const, sessionId: options.session }
            : { scope: 'period' as const, ...parsePeriod(options.from ?? '', options.to, context.store.clock()) };
        let exported;
        try {
          exported = await context.evidence.exportBundle(request, cliActor(ctx));
        } catch (error) {
          if (error instanceof EvidenceRequestError) {
            ctx.io.stderr.write(`evidence export: ${error.message}\n`);
            return ExitCode.failure;
          }
          throw error;
        }
        const { issued, entry } = exported;
        // Evidence names people and pipelines: readable by its owner only.
        writeOutputFile(out, issued.text, 0o600);
        const bundle = issued.document.content;
        const lines = [
          `Wrote ${out}`,
          `  ${bundle.scope === 'session' ? `session ${bundle.sessionId ?? ''}` : `period ${bundle.period.from} – ${bundle.period.to}`}: ${figure(bundle.summary.sessions)} session(s), ${figure(bundle.summary.maskedValues)} masking event(s), ${figure(bundle.approvals.length)} approval(s), ${figure(bundle.audit.entries.length)} audit entries`,
          `  chain head: ${bundle.chain.head ? `entry ${bundle.chain.head.seq}, ${bundle.chain.head.hash}` : 'empty'}; live chain ${bundle.chain.verification.ok ? 'verified' : `NOT verified (${bundle.chain.verification.firstProblem ?? ''})`}`,
          `  bundle ${issued.manifest.id}, SHA-256 ${issued.manifest.digest.value}, signed by key ${issued.kid}`,
          `  export recorded in the audit log as entry ${entry.seq}`,
        ];
        if (options.html !== undefined) {
          const html = resolve(ctx.io.cwd, options.html);
          writeOutputFile(html, await context.evidence.renderReport(issued), 0o600);
          lines.push(`Wrote ${html} (the readable report; it embeds the signed bundle)`);
        }
        lines.push(
          `Verify anywhere with: autogen-gate evidence verify ${options.out} --jwks ${config.server.publicUrl}/.well-known/jwks.json`,
        );
        ctx.io.stdout.write(`${lines.join('\n')}\n`);
        if (!bundle.chain.verification.ok)
          ctx.io.stderr.write(
            'evidence export: WARNING: the live audit chain does not verify; the bundle says so. Run autogen-gate audit verify.\n',
          );
        return ExitCode.ok;
      });
    });

  evidence
    .command('verify')
    .description(
      'Verify a bundle (or HTML report, or subject report) offline: signature, digest, chain and consistency; exit 1 with the exact reason if anything is wrong.',
    )
    .argument('<file>', 'the bundle as exported (or its HTML report)')
    .option('--jwks <url-or-file>', "the issuing gateway's public keys (default: this configuration's keys)")
    .option(...CONFIG_OPTION)
    .option('--json', 'machine-readable output')
    .action(async (file: string, options: { jwks?: string; config?: string; json?: boolean }) => {
      try {
        const { keys, source } = await trustedKeys(ctx, options.jwks, options.config);
        const text = readFileSync(resolve(ctx.io.cwd, file), 'utf8');
        const result = await verifyBundleText(text, keys);
        if (options.json) {
          ctx.io.stdout.write(
            `${JSON.stringify({ ok: result.ok, manifest: result.manifest, kid: result.document.kid, problems: [...result.document.problems, ...result.problems], chain: result.chain, records: result.records }, null, 2)}\n`,
          );
        } else {
          ctx.io.stdout.write(describeVerification(file, result, source));
        }
        ctx.setExitCode(result.ok ? ExitCode.ok : ExitCode.failure);
      } catch (error) {
        ctx.io.stderr.write(`evidence verify: ${(error as Error).message}\n`);
        ctx.setExitCode(ExitCode.failure);
      }
    });

  evidence
    .command('keys')
    .description("Print the gateway's evidence public keys (JWKS), to hand over with bundles for offline verification.")
    .option(...CONFIG_OPTION)
    .option('--out <file>', 'write them to a file instead')
    .action(async (options: { config?: string; out?: string }) => {
      await withEvidenceContext(ctx, 'evidence keys', options.config, async (context) => {
        const text = `${JSON.stringify(context.trusted, null, 2)}\n`;
        if (options.out !== undefined) {
          writeOutputFile(resolve(ctx.io.cwd, options.out), text);
          ctx.io.stdout.write(`Wrote ${context.trusted.keys.length} public key(s) to ${options.out}\n`);
        } else {
          ctx.io.stdout.write(text);
        }
        return ExitCode.ok;
      });
    });
}
