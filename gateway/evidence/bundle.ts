/**
 * Builds the content of an evidence bundle from one consistent snapshot of the store: the
 * sessions of a period (or one session) with their decisions, masking events, approvals, the
 * policy versions they ran under, the audit entries that recorded them, and the chain head.
 */
import type { AuditEntry, ChainHead } from '../audit/chain.js';
import type { LiveVerification } from '../audit/liveVerify.js';
import type { StoredCheckpoint } from '../audit/checkpoints.js';
import type {
  EvidenceApproval,
  EvidenceApprovalStep,
  EvidenceBundle,
  EvidenceMaskingEvent,
  EvidencePolicyVersion,
  EvidenceReader,
  EvidenceSession,
  EvidenceSummary,
} from './types.js';

export class EvidenceRequestError extends Error {
  override readonly name = 'EvidenceRequestError';
  constructor(
    readonly code: 'not_found' | 'too_large' | 'bad_request',
    message: string,
  ) {
    super(message);
  }
}

export type BundleRequest =
  { readonly scope: 'period'; readonly from: string; readonly to: string } | { readonly scope: 'session'; readonly sessionId: string };

export interface BundleContext {
  readonly reader: EvidenceReader;
  readonly head: () => Promise<ChainHead | undefined>;
  readonly latestCheckpoint: () => Promise<StoredCheckpoint | undefined>;
  readonly issuer: string;
  readonly maxSessions: number;
  readonly retention: { readonly payloads: string; readonly metadata: string };
  readonly now: Date;
  /** The verification of the live chain made for this export. */
  readonly verification: LiveVerification;
  /** Whether the problem found may be described (it can name other people's sessions): auditors only. */
  readonly describeProblems: boolean;
}

/** Entry types of the approvals domain start with this prefix. */
export const APPROVAL_TYPE_PREFIX = 'approval.';

/** Items per key; `weight` says how many each stands for (a masking event row: its occurrences). */
function count<T>(items: readonly T[], key: (item: T) => string | null, weight: (item: T) => number = () => 1): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k !== null) out[k] = (out[k] ?? 0) + weight(item);
  }
  return out;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * How each `approval.*` entry (gateway/approvals/service.ts) moves an approval; entries not
 * listed (votes, refusals, webhook deliveries) are steps that leave the status as it was.
 */
const APPROVAL_TRANSITIONS: Readonly<Record<string, string>> = {
  'approval.requested': 'pending',
  'approval.approved': 'approved',
  'approval.denied': 'denied',
  'approval.expired': 'expired',
  'approval.lapsed': 'expired',
  'approval.cancelled': 'cancelled',
  'approval.revoked': 'revoked',
  'approval.aborted': 'aborted',
  'approval.execution_started': 'executing',
  'approval.executed': 'executed',
};

function principals(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * Approvals as the chain recorded them: every `approval.*` entry is one step (requested, votes,
 * approved, denied, expired, revoked, executed…), grouped by approval id. The chain is the
 * source, not the approvals table: it is what the hash links and signatures protect.
 */
export function approvalsFromEntries(entries: readonly AuditEntry[]): EvidenceApproval[] {
  type Mutable<T> = { -readonly [K in keyof T]: T[K] };
  const byId = new Map<
    string,
    { approval: Mutable<Omit<EvidenceApproval, 'steps' | 'decidedBy'>> & { decidedBy: string[] }; steps: EvidenceApprovalStep[] }
  >();
  for (const entry of entries) {
    if (!entry.type.startsWith(APPROVAL_TYPE_PREFIX)) continue;
    const data = entry.data;
    const id = text(data['approvalId']);
    if (id === null) continue;
    let item = byId.get(id);
    if (!item) {
      item = {
        approval: {
          approvalId: id,
          sessionId: null,
          generator: null,
          requester: null,
          ruleId: null,
          requestedAt: null,
          status: 'pending',
          decidedAt: null,
          decidedBy: [],
          reason: null,
        },
        steps: [],
      };
      byId.set(id, item);
    }
    const a = item.approval;
    a.sessionId ??= entry.sessionId ?? null;
    a.generator ??= text(data['generator']);
    a.ruleId ??= text(data['ruleId']);
    if (entry.type === 'approval.requested') {
      a.requestedAt = entry.at;
      a.requester = entry.actor;
    }
    if (entry.type === 'approval.approved') {
      a.decidedAt = entry.at;
      for (const approver of principals(data['approvedBy'])) if (!a.decidedBy.includes(approver)) a.decidedBy.push(approver);
    }
    if (entry.type === 'approval.denied') {
      a.decidedAt = entry.at;
      if (!a.decidedBy.includes(entry.actor)) a.decidedBy.push(entry.actor);
    }
    const reason = text(data['reason']);
    if (reason !== null && entry.type !== 'approval.vote_withdrawn') a.reason = reason;
    const next = APPROVAL_TRANSITIONS[entry.type];
    if (next !== undefined) a.status = next;
    item.steps.push({
      seq: entry.seq,
      at: entry.at,
      type: entry.type,
      actor: entry.actor,
      decision: text(data['decision']) ?? text(data['outcome']),
      reason,
    });
  }
  return [...byId.values()].map(({ approval, steps }) => ({ ...approval, steps }));
}

/** Summary figures, recomputed the same way by `evidence verify`. */
export function summarize(
  bundle: Pick<EvidenceBundle, 'sessions' | 'maskingEvents' | 'approvals' | 'audit' | 'policyVersions'>,
): EvidenceSummary {
  const sessions = bundle.sessions;
  return {
    sessions: sessions.length,
    runs: sessions.filter((s) => s.kind === 'run').length,
    proxyCalls: sessions.filter((s) => s.kind === 'proxy').length,
    people: new Set(sessions.map((s) => `${s.principal.issuerId}:${s.principal.subject}`)).size,
    decisions: count(sessions, (s) => s.decision.effect),
    statuses: count(sessions, (s) => s.status),
    generators: count(sessions, (s) => s.generator ?? `proxy:${s.upstream}`),
    maskedValues: bundle.maskingEvents.reduce((sum, e) => sum + e.count, 0),
    maskedByDetector: count(
      bundle.maskingEvents,
      (e) => e.detector,
      (e) => e.count,
    ),
    approvals: count(bundle.approvals, (a) => a.status),
    auditEntries: bundle.audit.entries.length,
    policyVersions: bundle.policyVersions.length,
  };
}

function policyVersions(
  starts: readonly AuditEntry[],
  sessions: readonly EvidenceSession[],
  from: string,
  to: string,
): EvidencePolicyVersion[] {
  const used = count(sessions, (s) => s.decision.policyVersion);
  const relevant = new Set(Object.keys(used));
  // The version in force when the period began, and every version started during it.
  let inForce: string | undefined;
  for (const start of starts) {
    const version = text(start.data['policyVersion']);
    if (version === null) continue;
    if (start.at < from) inForce = version;
    else if (start.at < to) relevant.add(version);
  }
  if (inForce !== undefined) relevant.add(inForce);
  return [...relevant].sort().map((version) => {
    const mine = starts.filter((start) => start.data['policyVersion'] === version);
    const latest = mine[mine.length - 1];
    const rules = latest?.data['rules'];
    return {
      version,
      startedAt: mine.map((start) => start.at),
      path: latest ? text(latest.data['policyPath']) : null,
      rules: Array.isArray(rules)
        ? rules.flatMap((rule) =>
            typeof rule === 'object' && rule !== null && typeof (rule as { id?: unknown }).id === 'string'
              ? [{ id: String((rule as { id: string }).id), decision: String((rule as { decision?: unknown }).decision ?? '') }]
              : [],
          )
        : null,
      sessions: used[version] ?? 0,
    };
  });
}

/** Builds the content; `ctx.reader` must read one consistent snapshot of the store. */
export async function buildBundle(ctx: BundleContext, request: BundleRequest): Promise<EvidenceBundle> {
  const reader = ctx.reader;
  const head = await ctx.head();
  const through = head?.seq ?? 0;
  let sessions: EvidenceSession[];
  let maskingEvents: EvidenceMaskingEvent[];
  let entries: AuditEntry[];
  let contiguous: boolean;
  let period: { from: string; to: string };
  if (request.scope === 'session') {
    const session = await reader.session(request.sessionId);
    if (!session)
      throw new EvidenceRequestError('not_found', `no session ${request.sessionId} in the store (it may have been purged by retention)`);
    sessions = [session];
    maskingEvents = await reader.maskingEventsOf(session.id);
    entries = await reader.auditEntriesOfSession(session.id, session.approvalId === null ? [] : [session.approvalId], through);
    // Approval steps that name the session only through their approval id.
    const approvalIds = [...new Set(approvalsFromEntries(entries).map((a) => a.approvalId))].filter((id) => id !== session.approvalId);
    if (approvalIds.length > 0)
      entries = await reader.auditEntriesOfSession(
        session.id,
        [...(session.approvalId === null ? [] : [session.approvalId]), ...approvalIds],
        through,
      );
    contiguous = false;
    period = { from: session.createdAt, to: ctx.now.toISOString() };
  } else {
    period = { from: request.from, to: request.to };
    sessions = await reader.sessionsCreated(request.from, request.to, ctx.maxSessions + 1);
    if (sessions.length > ctx.maxSessions) {
      throw new EvidenceRequestError(
        'too_large',
        `more than ${ctx.maxSessions} sessions were created in this period; export a shorter period (or raise evidence.maxSessions)`,
      );
    }
    maskingEvents = await reader.maskingEventsOfSessionsCreated(request.from, request.to);
    const recorded = await reader.auditRange(request.from, request.to, through);
    const ofSessions = await reader.entriesOfSessionsCreated(request.from, request.to, through);
    const fromSeq = Math.min(recorded?.fromSeq ?? Infinity, ofSessions?.fromSeq ?? Infinity);
    const toSeq = Math.max(recorded?.toSeq ?? -Infinity, ofSessions?.toSeq ?? -Infinity);
    entries = Number.isFinite(fromSeq) && Number.isFinite(toSeq) ? await reader.auditEntries(fromSeq, toSeq) : [];
    contiguous = true;
  }
  const first = entries[0];
  const startsAfter =
    first === undefined
      ? null
      : contiguous
        ? ((await reader.entryBefore(first.seq)) ?? { seq: first.seq - 1, hash: first.prevHash })
        : null;
  const approvals = approvalsFromEntries(entries);
  const versions = policyVersions(await reader.gatewayStarts(through), sessions, period.from, period.to);
  const checkpoint = await ctx.latestCheckpoint();
  const oldestSession = await reader.oldestSession();
  const oldestEntry = await reader.oldestEntry();
  const verification = ctx.verification;
  const found = verification.chain.problems[0]?.message ?? verification.records?.problems[0]?.message ?? null;
  const firstProblem = found === null || ctx.describeProblems ? found : 'withheld: ask an auditor to run autogen-gate audit verify';
  const parts = { sessions, maskingEvents, approvals, audit: { entries, contiguous, startsAfter }, policyVersions: versions };
  return {
    scope: request.scope,
    generatedAt: ctx.now.toISOString(),
    issuer: ctx.issuer,
    period,
    sessionId: request.scope === 'session' ? request.sessionId : null,
    retention: {
      payloads: ctx.retention.payloads,
      metadata: ctx.retention.metadata,
      oldestSession: oldestSession ?? null,
      oldestAuditEntry: oldestEntry ?? null,
    },
    summary: summarize(parts),
    ...parts,
    chain: {
      head: head ?? null,
      checkpoint:
        checkpoint && checkpoint.seq <= through
          ? { seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at, reason: checkpoint.reason, jws: checkpoint.jws }
          : null,
      verification: {
        ok: verification.ok,
        entries: verification.chain.entries,
        anchor:
          verification.chain.anchor.kind === 'purge'
            ? `retention purge (entry ${verification.chain.anchor.purgeEntry}) anchored at entry ${verification.chain.anchor.seq}`
            : verification.chain.anchor.kind,
        problems:
          verification.chain.problems.length +
          verification.chain.moreProblems +
          (verification.records?.problems.length ?? 0) +
          (verification.records?.moreProblems ?? 0),
        firstProblem,
      },
    },
  };
}
