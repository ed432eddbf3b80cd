/**
 * Cross-checks of the records the chain vouches for. Session rows, approvals and masking events
 * live in their own tables, outside the chain; but every session's start and completion are
 * audit entries that state its decision, rule, policy version, target and outcome, every write of
 * a session, approval or vote is followed by an entry with the row's digest (rowChecks.ts), and
 * masking events are sealed. Comparing the two finds a session record edited after the fact
 * ("deny" turned into "allow"), an edited or deleted row or body, a session inserted without its
 * audit entry, and masking events edited, added or deleted; what a retention purge deleted, as
 * its record says, is accepted.
 */
import type { AuditEntry } from './chain.js';
import { maskingEventsDigest, sealOf, type MaskingEventsSeal } from './maskingDigest.js';
import { PurgeLedger } from './purgeLedger.js';
import { RowDigestIndex, type RowProblemKind } from './rowChecks.js';
import type { AuditReader, SessionFacts, StoredMaskingEvent } from './types.js';

export type RecordProblemKind = 'session_mismatch' | 'session_unrecorded' | 'masking_mismatch' | RowProblemKind;

export interface RecordProblem {
  readonly kind: RecordProblemKind;
  readonly sessionId: string;
  /** The audit entry the record disagrees with, when there is one. */
  readonly seq: number | undefined;
  readonly message: string;
}

export interface RecordReport {
  readonly ok: boolean;
  readonly sessionsChecked: number;
  readonly sealsChecked: number;
  /** Sessions, approvals and votes whose digests were recomputed (0 where only summaries exist). */
  readonly rowsChecked: number;
  readonly problems: readonly RecordProblem[];
  readonly moreProblems: number;
}

/** Entry types that open a session (recorder.begin). */
export const SESSION_START_TYPES: readonly string[] = ['session.started', 'policy.denied'];
export const SESSION_COMPLETED_TYPE = 'session.completed';
/** Statuses only set with a completion entry (`recorder.complete`, recovery's `interrupted`), so one must exist. */
const COMPLETED_BY_RECORDER = new Set(['succeeded', 'failed', 'interrupted']);

interface StartFacts {
  readonly seq: number;
  readonly actor: string;
  readonly data: Readonly<Record<string, unknown>>;
}

interface SessionEntries {
  start?: StartFacts;
  completion?: { readonly seq: number; readonly status: unknown };
  seals: Array<{ readonly seq: number; readonly seal: MaskingEventsSeal }>;
}

function shown(value: unknown): string {
  return value === undefined || value === null ? 'none' : JSON.stringify(value);
}

/** Fields an opening entry states, and how each appears on the session record. */
export function differencesWithSession(
  start: { readonly actor: string; readonly data: Readonly<Record<string, unknown>> },
  facts: SessionFacts,
): string[] {
  const pairs: Array<[string, unknown, unknown]> = [
    ['decision', start.data['decision'], facts.decision],
    ['rule', start.data['ruleId'], facts.ruleId],
    ['policy version', start.data['policyVersion'], facts.policyVersion],
    ['generator', start.data['generator'] ?? undefined, facts.generator],
    ['upstream', start.data['upstream'], facts.upstream],
    ['kind', start.data['kind'], facts.kind],
    ['method', start.data['method'], facts.method],
    ['path', start.data['path'], facts.path],
    ['caller', start.actor, `${facts.issuerId}:${facts.subject}`],
  ];
  return pairs
    .filter(([, chained, stored]) => chained !== undefined && (chained ?? undefined) !== stored)
    .map(([name, chained, stored]) => `${name} is ${shown(stored)} in the session record but ${shown(chained)} in the chain`);
}

/** Collects, during the chain pass, what the chain says about each session. */
export class RecordIndex {
  private readonly sessions = new Map<string, SessionEntries>();
  private readonly rowDigests = new RowDigestIndex();
  private readonly ledger = new PurgeLedger();
  /** Time of the first retained entry: sessions older than it lost their entries to retention. */
  chainStartAt: string | undefined;

  observe(entry: AuditEntry): void {
    this.chainStartAt ??= entry.at;
    this.rowDigests.observe(entry);
    this.ledger.observe(entry);
    if (entry.sessionId === undefined) return;
    let facts = this.sessions.get(entry.sessionId);
    if (!facts) {
      facts = { seals: [] };
      this.sessions.set(entry.sessionId, facts);
    }
    if (SESSION_START_TYPES.includes(entry.type) && !facts.start) facts.start = { seq: entry.seq, actor: entry.actor, data: entry.data };
    if (entry.type === SESSION_COMPLETED_TYPE) facts.completion = { seq: entry.seq, status: entry.data['status'] };
    const seal = sealOf(entry.data);
    if (seal) facts.seals.push({ seq: entry.seq, seal });
  }

  async check(reader: AuditReader, options: { readonly pageSize?: number; readonly maxProblems?: number } = {}): Promise<RecordReport> {
    const pageSize = options.pageSize ?? 5000;
    const maxProblems = options.maxProblems ?? 50;
    const problems: RecordProblem[] = [];
    let sessionsChecked = 0;
    let after = '';
    for (;;) {
      const page = await reader.sessionFacts(after, pageSize);
      for (const session of page) {
        sessionsChecked++;
        problems.push(...this.checkSession(session));
      }
      const last = page[page.length - 1];
      if (!last || page.length < pageSize) break;
      after = last.id;
    }
    const rows = reader.rows
      ? await this.rowDigests.check(reader.rows, {
          ledger: this.ledger,
          targetOf: (id) => {
            const data = this.sessions.get(id)?.start?.data;
            if (!data) return undefined;
            const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
            return { generator: text(data['generator']) ?? null, upstream: text(data['upstream']), kind: text(data['kind']) };
          },
          reported: new Set(problems.filter((problem) => problem.kind === 'session_mismatch').map((problem) => problem.sessionId)),
          pageSize,
        })
      : undefined;
    problems.push(...(rows?.problems ?? []));
    const { problems: maskingProblems, sealsChecked } = await this.checkMasking(reader, pageSize, rows?.purged ?? new Set());
    problems.push(...maskingProblems);
    return {
      ok: problems.length === 0,
      sessionsChecked,
      sealsChecked,
      rowsChecked: rows?.rowsChecked ?? 0,
      problems: problems.slice(0, maxProblems),
      moreProblems: Math.max(0, problems.length - maxProblems),
    };
  }

  private checkSession(session: SessionFacts): RecordProblem[] {
    const entries = this.sessions.get(session.id);
    const retained = this.chainStartAt !== undefined && session.createdAt >= this.chainStartAt;
    const problems: RecordProblem[] = [];
    if (!entries?.start) {
      if (retained) {
        problems.push({
          kind: 'session_unrecorded',
          sessionId: session.id,
          seq: undefined,
          message: `session ${session.id} (created ${session.createdAt}) has no opening audit entry: the entry was deleted, or the session was written into the store directly`,
        });
      }
      return problems;
    }
    const differences = differencesWithSession(entries.start, session);
    if (differences.length > 0) {
      problems.push({
        kind: 'session_mismatch',
        sessionId: session.id,
        seq: entries.start.seq,
        message: `session ${session.id} was edited after it was recorded: ${differences.join('; ')} (entry ${entries.start.seq})`,
      });
    }
    if (entries.completion) {
      if (entries.completion.status !== session.status) {
        problems.push({
          kind: 'session_mismatch',
          sessionId: session.id,
          seq: entries.completion.seq,
          message: `session ${session.id} was edited after it completed: status is ${shown(session.status)} in the session record but ${shown(entries.completion.status)} in the chain (entry ${entries.completion.seq})`,
        });
      }
    } else if (COMPLETED_BY_RECORDER.has(session.status) && session.completedAt !== undefined && retained) {
      problems.push({
        kind: 'session_unrecorded',
        sessionId: session.id,
        seq: undefined,
        message: `session ${session.id} says it ${session.status} at ${session.completedAt}, but the chain has no completion entry for it: the entry was deleted, or the record was edited`,
      });
    }
    return problems;
  }

  /** Streams every masking event once and compares it with the seals of its session's entries. */
  private async checkMasking(
    reader: AuditReader,
    pageSize: number,
    purged: ReadonlySet<string>,
  ): Promise<{ problems: RecordProblem[]; sealsChecked: number }> {
    const problems: RecordProblem[] = [];
    let sealsChecked = 0;
    let current: string | undefined;
    let events: StoredMaskingEvent[] = [];
    const seen = new Set<string>();
    const flush = (): void => {
      if (current === undefined) return;
      seen.add(current);
      sealsChecked += this.checkSessionEvents(current, events, problems);
    };
    let after = { sessionId: '', seq: -1 };
    for (;;) {
      const page = await reader.maskingEvents(after, pageSize);
      for (const event of page) {
        if (event.sessionId !== current) {
          flush();
          current = event.sessionId;
          events = [];
        }
        events.push(event);
      }
      const last = page[page.length - 1];
      if (!last || page.length < pageSize) break;
      after = { sessionId: last.sessionId, seq: last.seq };
    }
    flush();
    // Sessions whose sealed events are all gone never came up in the stream (a purge deletes them with their session).
    for (const [sessionId, entries] of this.sessions) {
      if (seen.has(sessionId) || purged.has(sessionId)) continue;
      const expected = entries.seals.reduce((sum, { seal }) => sum + seal.count, 0);
      if (expected > 0) sealsChecked += this.checkSessionEvents(sessionId, [], problems);
    }
    return { problems, sealsChecked };
  }

  private checkSessionEvents(sessionId: string, events: readonly StoredMaskingEvent[], problems: RecordProblem[]): number {
    const entries = this.sessions.get(sessionId);
    if (!entries || entries.seals.length === 0) return 0;
    const covered = new Set<number>();
    for (const { seq, seal } of entries.seals) {
      const sealed = events.filter((event) => event.seq >= seal.firstSeq && event.seq < seal.firstSeq + seal.count);
      for (const event of sealed) covered.add(event.seq);
      if (sealed.length < seal.count) {
        problems.push({
          kind: 'masking_mismatch',
          sessionId,
          seq,
          message: `session ${sessionId}: ${seal.count - sealed.length} of the ${seal.count} masking events sealed in entry ${seq} were deleted`,
        });
      } else if (maskingEventsDigest(sealed) !== seal.digest) {
        problems.push({
          kind: 'masking_mismatch',
          sessionId,
          seq,
          message: `session ${sessionId}: the masking events sealed in entry ${seq} (seq ${seal.firstSeq}–${seal.firstSeq + seal.count - 1}) were edited: they no longer match the digest in the chain`,
        });
      }
    }
    const extra = events.filter((event) => !covered.has(event.seq));
    if (extra.length > 0) {
      problems.push({
        kind: 'masking_mismatch',
        sessionId,
        seq: undefined,
        message: `session ${sessionId}: ${extra.length} masking event(s) (seq ${extra.map((event) => event.seq).join(', ')}) are not sealed by any audit entry: they were added afterwards`,
      });
    }
    return entries.seals.length;
  }
}
