/**
 * `autogen-gate subject find --cpf …` (also --email, --name, --phone, or --detector/--value):
 * where did this person's data pass through the gateway? Computes the value's HMAC under every
 * masking key and lists the sessions and times where it was masked; `--out` writes the signed
 * report for the data subject's request. The look-up is recorded in the audit log (the HMACs,
 * never the value).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DETECTOR_IDS, type DetectorId } from '../../masking/index.js';
import { SubjectLookupError, type SubjectValue } from '../../subjects/lookup.js';
import type { SubjectReport } from '../../subjects/types.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exitCodes.js';
import { writeOutputFile } from '../output/outputFile.js';
import { CONFIG_OPTION, cliActor, figure, withEvidenceContext } from './audit.js';

interface FindOptions {
  config?: string;
  cpf?: string;
  email?: string;
  name?: string;
  phone?: string;
  detector?: string;
  value?: string;
  reference?: string;
  out?: string;
  json?: boolean;
}

function describeReport(report: SubjectReport): string {
  const lines: string[] = [];
  const kinds = report.query.map((q) => q.detector).join(', ');
  if (report.matches.length === 0) {
    lines.push(
      `No session recorded this ${kinds} (searched ${report.coverage.keys.length} masking key(s); records kept since ${report.coverage.oldestSession ?? 'nothing: the store is empty'}).`,
    );
  } else {
    lines.push(
      `Found in ${figure(report.summary.sessions)} session(s), ${figure(report.summary.occurrences)} occurrence(s), from ${report.summary.firstSeen ?? '?'} to ${report.summary.lastSeen ?? '?'}:`,
    );
    for (const match of report.matches) {
      const kinds = Object.entries(
        match.occurrences.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.detector]: (acc[o.detector] ?? 0) + o.count }), {}),
      )
        .map(([detector, n]) => `${detector} ×${n}`)
        .join(', ');
      lines.push(
        `  ${(match.createdAt ?? match.occurrences[0]?.at ?? '').replace('T', ' ').slice(0, 19)} UTC  ${match.generator ?? `proxy ${match.upstream ?? '?'}`}  ${match.status ?? ''}  session ${match.sessionId}  (${kinds})`,
      );
    }
  }
  for (const note of report.notes) lines.push(`Note: ${note}`);
  return `${lines.join('\n')}\n`;
}

export function registerSubjectCommand(program: Command, ctx: CliContext): void {
  const subject = program.command('subject').description("Data-subject requests (LGPD Art. 18): where did a person's data pass through?");
  subject
    .command('find')
    .description(
      'List the sessions and times where a CPF, e-mail, name… was masked, without the store ever holding it; recorded in the audit log.',
    )
    .option(...CONFIG_OPTION)
    .option('--cpf <cpf>', 'a CPF, with or without punctuation')
    .option('--email <email>', 'an e-mail address')
    .option('--name <name>', 'a full name (names are not unique: confirm matches with another identifier)')
    .option('--phone <phone>', 'a phone number')
    .option('--detector <kind>', `another kind of data (${DETECTOR_IDS.join(', ')}), with --value`)
    .option('--value <value>', 'the value for --detector')
    .option('--reference <ref>', "the data subject's request reference (ticket, protocol), recorded with the look-up")
    .option('--out <file>', 'write the signed report for the request (JSON)')
    .option('--json', 'print the report as JSON')
    .action(async (options: FindOptions) => {
      const values: SubjectValue[] = [];
      if (options.cpf !== undefined) values.push({ detector: 'cpf', value: options.cpf });
      if (options.email !== undefined) values.push({ detector: 'email', value: options.email });
      if (options.name !== undefined) values.push({ detector: 'name', value: options.name });
      if (options.phone !== undefined) values.push({ detector: 'phone', value: options.phone });
      if ((options.detector === undefined) !== (options.value === undefined)) {
        ctx.io.stderr.write('subject find: --detector and --value go together\n');
        ctx.setExitCode(ExitCode.usage);
        return;
      }
      if (options.detector !== undefined && options.value !== undefined) {
        if (!(DETECTOR_IDS as readonly string[]).includes(options.detector)) {
          ctx.io.stderr.write(`subject find: --detector must be one of ${DETECTOR_IDS.join(', ')}\n`);
          ctx.setExitCode(ExitCode.usage);
          return;
        }
        values.push({ detector: options.detector as DetectorId, value: options.value });
      }
      if (values.length === 0) {
        ctx.io.stderr.write('subject find: give --cpf, --email, --name, --phone, or --detector with --value\n');
        ctx.setExitCode(ExitCode.usage);
        return;
      }
      await withEvidenceContext(ctx, 'subject find', options.config, async (context) => {
        try {
          const result = await context
            .subjects()
            .find({ values, reference: options.reference, actor: cliActor(ctx), exported: options.out !== undefined });
          if (options.out !== undefined) writeOutputFile(resolve(ctx.io.cwd, options.out), result.issued.text, 0o600);
          if (options.json) ctx.io.stdout.write(`${JSON.stringify(result.report, null, 2)}\n`);
          else {
            ctx.io.stdout.write(describeReport(result.report));
            ctx.io.stdout.write(
              `Recorded in the audit log as entry ${result.entry.seq} (subject.lookup: the HMACs searched, not the value).\n`,
            );
            if (options.out !== undefined)
              ctx.io.stdout.write(
                `Wrote the signed report to ${options.out} (verify with: autogen-gate evidence verify ${options.out}).\n`,
              );
          }
          return ExitCode.ok;
        } catch (error) {
          if (error instanceof SubjectLookupError) {
            ctx.io.stderr.write(`subject find: ${error.message}\n`);
            return ExitCode.usage;
          }
          throw error;
        }
      });
    });
}
