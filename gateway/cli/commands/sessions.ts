/**
 * `autogen-gate sessions`: my recent sessions (runs and raw calls), filtered by generator,
 * status or time; `sessions show ID`: one session as a timeline, from who asked to how it ended.
 */
import type { Command } from 'commander';
import type { GatewayClient } from '../../api/client/gatewayClient.js';
import { isGatewayError } from '../../api/client/gatewayError.js';
import { RUN_STATUSES, type ApprovalDetailView, type RunStatus, type SessionDetailView, type SessionSummaryView } from '../../api/wire.js';
import { closestName, unknownNameMessage } from '../../closestNames.js';
import { parseInstant, PeriodError } from '../../evidence/period.js';
import { connectionFlags, withGateway, type ConnectionOptions } from '../client/connection.js';
import { UsageError } from '../client/failures.js';
import { resolveSessionId } from '../client/idPrefix.js';
import type { CliContext } from '../context.js';
import { listingSubcommand, refusedStrayWords } from '../subcommands.js';
import { renderTable } from '../output/table.js';
import { relative, shortId, timestamp } from '../output/when.js';

interface ListOptions extends ConnectionOptions {
  generator?: string;
  status?: string;
  since?: string;
  limit?: string;
  all?: boolean;
  json?: boolean;
}

const STATUSES = RUN_STATUSES;

function statusOf(text: string | undefined): RunStatus | undefined {
  if (text === undefined) return undefined;
  if ((STATUSES as readonly string[]).includes(text)) return text as RunStatus;
  const guess = closestName(text, STATUSES);
  throw new UsageError(
    `--status ${text} is not a session status${guess ? `; did you mean ${guess}?` : '.'} Statuses: ${STATUSES.join(', ')}`,
  );
}

function limitOf(text: string | undefined): number {
  if (text === undefined) return 20;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw new UsageError(`--limit takes a whole number from 1 to 500, got ${JSON.stringify(text)}`);
  return limit;
}

function sinceOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return parseInstant(text, new Date(), '--since').toISOString();
  } catch (error) {
    if (error instanceof PeriodError) throw new UsageError(error.message);
    throw error;
  }
}

/** A generator filter must name a generator: a typo would only list nothing. */
async function checkGenerator(client: GatewayClient, name: string | undefined): Promise<void> {
  if (name === undefined) return;
  const known = (await client.generators({ includeDenied: true })).map((generator) => generator.name);
  if (!known.includes(name)) throw new UsageError(`--generator: ${unknownNameMessage('generator', name, known)}`);
}

function target(session: SessionSummaryView): string {
  return session.generator ?? `${session.upstream} (${session.method} ${session.path.split('?')[0] ?? ''})`;
}

function describeList(sessions: readonly SessionSummaryView[], everyone: boolean): string {
  const rows = sessions.map((session) => [
    shortId(session.id),
    relative(session.createdAt),
    ...(everyone ? [session.principal.subject] : []),
    target(session),
    `${session.decision} (${session.ruleId})`,
    session.status,
    String(session.maskedCount),
  ]);
  const headers = ['ID', 'WHEN', ...(everyone ? ['WHO'] : []), 'TARGET', 'DECISION (RULE)', 'STATUS', 'MASKED'];
  return `${renderTable(headers, rows)}\nThe timeline of one: autogen-gate sessions show ID\n`;
}

function principalText(session: SessionDetailView): string {
  const p = session.principal;
  return `${p.name ?? p.subject} (${p.subject}, ${p.kind}, issuer ${p.issuerId}; groups: ${p.groups.join(', ') || 'none'})`;
}

function approvalText(approval: ApprovalDetailView | undefined, approvalId: string): Array<[string | undefined, string, string]> {
  if (!approval) return [[undefined, 'approval', `${approvalId} (not visible to you)`]];
  const steps: Array<[string | undefined, string, string]> = [
    [approval.createdAt, 'held', `for approval by ${approval.requirement.description} (approval ${shortId(approval.approvalId)})`],
  ];
  for (const vote of approval.votes) {
    steps.push([
      vote.at,
      'approval',
      `${vote.decision === 'approve' ? 'approved' : 'denied'} by ${vote.approver.name ?? vote.approver.subject}: "${vote.reason}"`,
    ]);
    if (vote.withdrawnAt)
      steps.push([
        vote.withdrawnAt,
        'approval',
        `withdrawn by ${vote.approver.name ?? vote.approver.subject}: "${vote.withdrawReason ?? ''}"`,
      ]);
  }
  if (approval.outcome && !['approved', 'denied', 'succeeded', 'failed'].includes(approval.outcome.code)) {
    steps.push([
      approval.outcome.at,
      'approval',
      `${approval.outcome.code}${approval.outcome.reason ? `: ${approval.outcome.reason}` : ''}`,
    ]);
  }
  return steps;
}

function maskingText(session: SessionDetailView): string {
  const kinds = Object.entries(session.masking.byDetector)
    .sort((a, b) => b[1] - a[1])
    .map(([detector, count]) => `${detector} ${count}`);
  const profile = session.masking.profile ? ` with profile ${session.masking.profile}` : '';
  return session.masking.count === 0
    ? `nothing masked${profile}`
    : `${session.masking.count} value(s) masked (${kinds.join(', ')})${profile}`;
}

/** One session as a timeline: identity, decision and rule, approval, forwarding, masking, completion. */
export function describeTimeline(session: SessionDetailView, approval: ApprovalDetailView | undefined): string {
  const steps: Array<[string | undefined, string, string]> = [
    [session.createdAt, 'identity', principalText(session)],
    [session.createdAt, 'decision', `${session.decision} by rule ${session.ruleId} (policy ${session.policyVersion.slice(0, 12)})`],
  ];
  if (session.approvalId) steps.push(...approvalText(approval, session.approvalId));
  if (session.forwardedAt) {
    const answer =
      session.upstreamStatus === undefined
        ? ''
        : `: HTTP ${session.upstreamStatus}${session.upstreamMs === undefined ? '' : ` in ${Math.round(session.upstreamMs)} ms`}`;
    steps.push([session.forwardedAt, 'forwarded', `to upstream ${session.upstream}${answer}`]);
  }
  steps.push([undefined, 'masking', maskingText(session)]);
  const ended = session.completedAt ?? (['denied'].includes(session.status) ? session.createdAt : undefined);
  const outcome = `${session.status}${session.httpStatus === undefined ? '' : ` (HTTP ${session.httpStatus}${session.totalMs === undefined ? '' : `, ${Math.round(session.totalMs)} ms in all`})`}${session.error ? `: ${session.error.message}` : ''}`;
  steps.push([ended, ended ? 'completed' : 'now', outcome]);

  const header = `Session ${session.id}: ${session.kind === 'run' ? `run of ${session.generator ?? '?'}` : `${session.method} ${session.path}`}`;
  const rows = steps.map(([at, step, text]) => `${at ? timestamp(at) : ''.padEnd(23)}  ${step.padEnd(9)}  ${text}`);
  const next =
    session.kind === 'run' && session.status === 'succeeded'
      ? `\nThe masked result: autogen-gate wait ${session.id}`
      : session.status === 'pending_approval'
        ? `\nWaiting for approval; fetch the result once decided: autogen-gate wait ${session.id}`
        : '';
  return `${header}\n\n${rows.join('\n')}\n${next}${next ? '\n' : ''}`;
}

async function approvalOf(client: GatewayClient, approvalId: string | undefined): Promise<ApprovalDetailView | undefined> {
  if (!approvalId) return undefined;
  try {
    return await client.approval(approvalId);
  } catch (error) {
    // The session is the caller's, the approval may not be (an approver group's view); say so instead.
    if (isGatewayError(error, 'not_found')) return undefined;
    throw error;
  }
}

export function registerSessionsCommand(program: Command, ctx: CliContext): void {
  const sessions = program.command('sessions').description('Your recent sessions, and one session as a timeline.');

  connectionFlags(
    listingSubcommand(sessions, 'list')
      .description('List your recent sessions, newest first.')
      .option('--generator <name>', 'only runs of this generator')
      .option('--status <status>', `only this status (${STATUSES.join(', ')})`)
      .option('--since <time>', 'only since this time: ISO date or date-time, or a duration ago (2h, 7d)')
      .option('--limit <n>', 'how many (default 20, at most 500)')
      .option('--all', "auditors: everyone's sessions, not only yours")
      .option('--json', 'machine-readable output'),
  ).action(async (options: ListOptions, listing: Command) => {
    if (refusedStrayWords(ctx, listing)) return;
    await withGateway(ctx, options, async ({ client }) => {
      const status = statusOf(options.status);
      const limit = limitOf(options.limit);
      const from = sinceOf(options.since);
      await checkGenerator(client, options.generator);
      const me = await client.me();
      const everyone = options.all === true && me.capabilities.auditor;
      const page = await client.sessions({
        ...(everyone ? {} : { subject: me.subject }),
        ...(options.generator ? { generator: options.generator } : {}),
        ...(status ? { status } : {}),
        ...(from ? { from } : {}),
        limit,
      });
      if (options.json) {
        ctx.io.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
      } else if (page.sessions.length === 0) {
        const filtered = options.generator || status || from;
        ctx.io.stdout.write(
          `No sessions${filtered ? ' match' : ' yet'}. ${filtered ? 'Drop a filter, or r' : 'R'}un a generator: autogen-gate generators\n`,
        );
      } else {
        ctx.io.stdout.write(describeList(page.sessions, everyone));
        if (options.all && !me.capabilities.auditor)
          ctx.io.stderr.write("autogen-gate: --all shows everyone's sessions to auditors only; these are yours.\n");
      }
    });
  });

  connectionFlags(
    sessions
      .command('show')
      .argument('<id>', 'session (or run) id, or its first characters')
      .description('One session as a timeline: who, the decision and its rule, the approval, forwarding, masking, the outcome.')
      .option('--json', 'machine-readable output: the session with its masking events, and the approval'),
  ).action(async (id: string, options: { json?: boolean } & ConnectionOptions) => {
    await withGateway(ctx, options, async ({ client }) => {
      const session = await client.session(await resolveSessionId(client, id));
      const approval = await approvalOf(client, session.approvalId);
      ctx.io.stdout.write(options.json ? `${JSON.stringify({ session, approval }, null, 2)}\n` : describeTimeline(session, approval));
    });
  });
}
