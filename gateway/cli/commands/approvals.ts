/**
 * `autogen-gate approvals` for approvers at a terminal: what waits for me, one request in full,
 * deciding it and revoking an approval. Ids may be shortened to their first characters (as the
 * listing shows them), and a run id names its approval too; a prefix that fits several requests
 * is refused with the list, never resolved by picking one.
 */
import type { Command } from 'commander';
import type { GatewayClient } from '../../api/client/gatewayClient.js';
import {
  FINAL_APPROVAL_STATUSES,
  type ApprovalDetailView,
  type ApprovalStatus,
  type ApprovalSummaryView,
  type ApprovalVerdict,
} from '../../api/wire.js';
import { connectionFlags, withGateway, type ConnectionOptions } from '../client/connection.js';
import { UsageError } from '../client/failures.js';
import { isFullId, pickByPrefix } from '../client/idPrefix.js';
import type { CliContext } from '../context.js';
import { listingSubcommand, refusedStrayWords } from '../subcommands.js';
import { ExitCode } from '../exitCodes.js';
import { renderFacts, renderTable } from '../output/table.js';
import { relative, shortId } from '../output/when.js';

interface ListOptions extends ConnectionOptions {
  all?: boolean;
  mine?: boolean;
  json?: boolean;
}

interface DecideOptions extends ConnectionOptions {
  approve?: boolean;
  deny?: boolean;
  reason: string;
  json?: boolean;
}

interface RevokeOptions extends ConnectionOptions {
  reason: string;
  json?: boolean;
}

/** Approvals fetched per page, and pages searched for an id prefix. */
const PAGE = 200;
const PAGES = 5;

const LIST_COMMAND = 'autogen-gate approvals --all';
const OPEN_STATUSES: readonly ApprovalStatus[] = ['pending', 'approved'];
const ALL_STATUSES: readonly ApprovalStatus[] = [...OPEN_STATUSES, 'executing', ...FINAL_APPROVAL_STATUSES];

function requester(approval: ApprovalSummaryView): string {
  return approval.requester.name ? `${approval.requester.name} (${approval.requester.subject})` : approval.requester.subject;
}

/** "customer-report for Bruno Lima", for sentences. */
function request(approval: ApprovalSummaryView): string {
  return `${approval.generator} for ${approval.requester.name ?? approval.requester.subject}`;
}

function line(approval: ApprovalSummaryView): string {
  return `${shortId(approval.approvalId)}  ${request(approval)}, ${approval.status}, requested ${relative(approval.createdAt)} (run ${shortId(approval.runId)})`;
}

async function listAll(client: GatewayClient, query: Parameters<GatewayClient['approvals']>[0]): Promise<ApprovalSummaryView[]> {
  const out: ApprovalSummaryView[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < PAGES; page++) {
    const answer = await client.approvals({ ...query, limit: PAGE, ...(cursor ? { cursor } : {}) });
    out.push(...answer.approvals);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return out;
}

/**
 * The approval an id (or the first characters of an approval or run id) names, among the
 * requests in `statuses`; a request in another state is named as such rather than as missing.
 */
async function resolveApproval(
  client: GatewayClient,
  text: string,
  statuses: readonly ApprovalStatus[],
  what: string,
  action: string,
): Promise<string> {
  const everything = await listAll(client, { status: 'all' });
  const ids = (approval: ApprovalSummaryView): string[] => [approval.approvalId, approval.runId];
  const prefix = text.trim().toLowerCase();
  const named = (approval: ApprovalSummaryView): boolean => ids(approval).some((id) => id.toLowerCase().startsWith(prefix));
  const open = everything.filter((approval) => statuses.includes(approval.status));
  if (!open.some(named)) {
    const closed = everything.filter(named);
    const [first] = closed;
    if (first && prefix.length >= 4) {
      throw new ClosedApproval(
        closed.length === 1
          ? `approval ${shortId(first.approvalId)} (${request(first)}) is ${first.status}; there is nothing to ${action}. See it with: autogen-gate approvals show ${shortId(first.approvalId)}`
          : `${text} matches ${closed.length} approvals, none of them ${statuses.join(' or ')}:${closed
              .slice(0, 10)
              .map((approval) => `\n  ${line(approval)}`)
              .join('')}`,
      );
    }
    // A full id the listing does not reach (old, or someone else's): the gateway answers for it.
    if (isFullId(text)) return text;
  }
  const listCommand = statuses.length === 1 && statuses[0] === 'pending' ? 'autogen-gate approvals' : LIST_COMMAND;
  return pickByPrefix({ prefix: text, items: open, ids, describe: line, what, listCommand }).approvalId;
}

/** The request is closed: exit 4, as for a decided or expired approval. */
class ClosedApproval extends Error {
  override readonly name = 'ClosedApproval';
}

function describeList(approvals: readonly ApprovalSummaryView[], options: ListOptions): string {
  const rows = approvals.map((approval) => [
    shortId(approval.approvalId),
    approval.generator,
    requester(approval),
    relative(approval.createdAt),
    approval.status === 'pending' ? relative(approval.expiresAt) : '—',
    approval.status,
    approval.progress.summary,
  ]);
  const lines = [renderTable(['ID', 'GENERATOR', 'REQUESTED BY', 'REQUESTED', 'EXPIRES', 'STATUS', 'PROGRESS'], rows).trimEnd()];
  if (!options.mine && approvals.some((approval) => approval.canDecide)) {
    lines.push(
      '',
      'Decide one: autogen-gate approvals decide ID --approve|--deny --reason "…"   (details: autogen-gate approvals show ID)',
    );
  }
  return `${lines.join('\n')}\n`;
}

function emptyList(options: ListOptions, approverGroups: readonly string[]): string {
  if (options.mine) return `You have no ${options.all ? '' : 'pending '}approval requests.\n`;
  if (approverGroups.length === 0) {
    return 'No approval requests for you: you are in no approver group. Your own requests: autogen-gate approvals --mine\n';
  }
  return `No ${options.all ? '' : 'pending '}approval requests for ${approverGroups.join(', ')}.${options.all ? '' : ' Decided ones: autogen-gate approvals --all'}\n`;
}

function describeDetail(approval: ApprovalDetailView): string {
  const votes = approval.votes.map(
    (vote) =>
      `${vote.decision} by ${vote.approver.name ?? vote.approver.subject}, ${relative(vote.at)}: "${vote.reason}"${vote.withdrawnAt ? ` (withdrawn ${relative(vote.withdrawnAt)}: "${vote.withdrawReason ?? ''}")` : ''}`,
  );
  const you = approval.you;
  const next = you.canDecide
    ? `autogen-gate approvals decide ${shortId(approval.approvalId)} --approve|--deny --reason "…"`
    : you.isRequester && OPEN_STATUSES.includes(approval.status)
      ? `autogen-gate wait ${approval.runId}   (or withdraw it: autogen-gate approvals revoke ${shortId(approval.approvalId)} --reason "…")`
      : undefined;
  return renderFacts([
    ['Approval', `${approval.approvalId} (run ${approval.runId})`],
    [
      'Status',
      `${approval.status}: ${approval.progress.summary}${approval.status === 'pending' ? `; expires ${relative(approval.expiresAt)}` : ''}${approval.outcome?.reason ? ` (${approval.outcome.reason})` : ''}`,
    ],
    ['Generator', `${approval.generator}: ${approval.generatorDescription}${approval.personalData ? ' (personal data)' : ''}`],
    ['Requested by', `${requester(approval)}, ${relative(approval.createdAt)}`],
    ['Rule', `${approval.rule.id}${approval.rule.description ? `: ${approval.rule.description}` : ''}`],
    ['Needs', approval.requirement.description],
    ['Input', approval.input === null ? '(not recorded)' : JSON.stringify(approval.input)],
    ['Binding', approval.bindingHash],
    ['Decisions', votes.length === 0 ? 'none yet' : votes.join('\n              ')],
    ['You', you.canDecide ? 'may decide' : `cannot decide: ${you.cannotDecideBecause ?? 'no reason given'}`],
    ['Next', next],
  ]);
}

function describeDecision(approval: ApprovalDetailView, verdict: ApprovalVerdict): string {
  const what = `${shortId(approval.approvalId)} (${request(approval)})`;
  if (verdict === 'deny') return `Denied ${what}. The run will not execute.\n`;
  if (approval.status === 'pending') return `Your approval of ${what} is recorded: ${approval.progress.summary}.\n`;
  return `Approved ${what}: ${approval.progress.summary}. The gateway runs it now; the requester fetches the masked result with: autogen-gate wait ${approval.runId}\n`;
}

function describeRevoke(approval: ApprovalDetailView): string {
  const what = `${shortId(approval.approvalId)} (${request(approval)})`;
  if (approval.status === 'cancelled') return `Withdrew your request ${what}.\n`;
  if (approval.status === 'revoked') return `Revoked the approval of ${what}: it will not run.\n`;
  return `Withdrew your approval of ${what}: ${approval.status}, ${approval.progress.summary}.\n`;
}

function jsonOrText(ctx: CliContext, json: boolean | undefined, value: unknown, text: string): void {
  ctx.io.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : text);
}

/** Runs an approval command; a closed request ends with exit 4 like the gateway's own refusal. */
async function approvalAction(
  ctx: CliContext,
  options: ConnectionOptions,
  action: (client: GatewayClient) => Promise<void>,
): Promise<void> {
  await withGateway(ctx, options, async ({ client }) => {
    try {
      await action(client);
    } catch (error) {
      if (!(error instanceof ClosedApproval)) throw error;
      ctx.io.stderr.write(`autogen-gate: ${error.message}\n`);
      ctx.setExitCode(ExitCode.approvalDeniedOrExpired);
    }
  });
}

export function registerApprovalsCommand(program: Command, ctx: CliContext): void {
  const approvals = program
    .command('approvals')
    .description('Approval requests: list those waiting for you, show one, decide it, revoke an approval.');

  connectionFlags(
    listingSubcommand(approvals, 'list')
      .description('List the pending requests you may decide (the default), or your own (--mine); --all includes decided ones.')
      .option('--mine', 'the requests you made, instead of those waiting for you as an approver')
      .option('--all', 'every status, not only pending')
      .option('--json', 'machine-readable output'),
  ).action(async (options: ListOptions, listing: Command) => {
    if (refusedStrayWords(ctx, listing)) return;
    await approvalAction(ctx, options, async (client) => {
      const found = await listAll(client, { status: options.all ? 'all' : 'pending', role: options.mine ? 'requester' : 'approver' });
      if (options.json) return jsonOrText(ctx, true, { approvals: found }, '');
      if (found.length > 0) return jsonOrText(ctx, false, undefined, describeList(found, options));
      const me = options.mine ? undefined : await client.me();
      ctx.io.stdout.write(emptyList(options, me?.capabilities.approverGroups ?? []));
    });
  });

  connectionFlags(
    approvals
      .command('show')
      .argument('<id>', 'approval id, or its first characters (a run id names its approval too)')
      .description('Show one request in full: input (masked), rule, who may decide, the decisions so far.')
      .option('--json', 'machine-readable output'),
  ).action(async (id: string, options: { json?: boolean } & ConnectionOptions) => {
    await approvalAction(ctx, options, async (client) => {
      const approvalId = await resolveApproval(client, id, ALL_STATUSES, 'approval', 'show');
      const approval = await client.approval(approvalId);
      jsonOrText(ctx, options.json, approval, describeDetail(approval));
    });
  });

  connectionFlags(
    approvals
      .command('decide')
      .argument('<id>', 'approval id, or its first characters (a run id names its approval too)')
      .description('Approve or deny a pending request, with a reason (recorded, shown to the requester and in the evidence).')
      .option('--approve', 'approve it')
      .option('--deny', 'deny it')
      .requiredOption('--reason <text>', 'why, in one line (personal data in it is masked)')
      .option('--json', 'machine-readable output: the approval after the decision'),
  ).action(async (id: string, options: DecideOptions) => {
    await approvalAction(ctx, options, async (client) => {
      if (options.approve === options.deny) throw new UsageError('say --approve or --deny (one of them)');
      const verdict: ApprovalVerdict = options.approve ? 'approve' : 'deny';
      const approvalId = await resolveApproval(client, id, ['pending'], 'pending approval', 'decide');
      const approval = await client.decide(approvalId, verdict, options.reason);
      jsonOrText(ctx, options.json, approval, describeDecision(approval, verdict));
    });
  });

  connectionFlags(
    approvals
      .command('revoke')
      .argument('<id>', 'approval id, or its first characters (a run id names its approval too)')
      .description('Withdraw your approval (or your own request) before the run executes.')
      .requiredOption('--reason <text>', 'why, in one line')
      .option('--json', 'machine-readable output: the approval after the change'),
  ).action(async (id: string, options: RevokeOptions) => {
    await approvalAction(ctx, options, async (client) => {
      const approvalId = await resolveApproval(client, id, OPEN_STATUSES, 'pending or approved request', 'revoke');
      const approval = await client.revoke(approvalId, options.reason);
      jsonOrText(ctx, options.json, approval, describeRevoke(approval));
    });
  });
}
