/**
 * The row-digest cross-check: the chain holds, for every session, approval, vote, generator
 * governance record and directory user, the digest
 * of the row as each write left it (rowDigests.ts). Recomputing them from the rows names a row
 * edited or deleted since, and a body edited or deleted outside retention; what a retention
 * purge deleted (as its record in the chain states) is accepted.
 */
import type { AuditEntry } from './chain.js';
import type { PurgeLedger, PurgeTarget } from './purgeLedger.js';
import { approvalDigest, bodyDigest, directoryUserDigest, governanceDigest, RECORDS_KEY, sessionDigest, voteDigest } from './rowDigests.js';
import type { RecordRowsReader } from './types.js';
import type { SessionRecord } from '../store/types.js';

export type RowProblemKind =
  | 'session_mismatch'
  | 'session_deleted'
  | 'body_mismatch'
  | 'approval_mismatch'
  | 'approval_deleted'
  | 'governance_mismatch'
  | 'governance_deleted';

export interface RowProblem {
  readonly kind: RowProblemKind;
  readonly sessionId: string;
  readonly seq: number | undefined;
  readonly message: string;
}

interface Chained {
  /** The last entry that recorded the row. */
  readonly seq: number;
  readonly value: string;
  readonly sessionId: string | undefined;
}

export interface RowCheckContext {
  readonly ledger: PurgeLedger;
  /** What the chain says a session targets (from its opening entry), for retention scopes. */
  readonly targetOf: (sessionId: string) => Omit<PurgeTarget, 'createdAt'> | undefined;
  /** Sessions already reported as edited, field by field: not reported again. */
  readonly reported: ReadonlySet<string>;
  readonly pageSize: number;
}

export interface RowCheckResult {
  readonly problems: RowProblem[];
  readonly rowsChecked: number;
  /** Sessions gone from the store that a retention purge accounts for. */
  readonly purged: ReadonlySet<string>;
}

async function each<T, K>(
  page: (after: K, limit: number) => Promise<T[]>,
  first: K,
  keyOf: (row: T) => K,
  size: number,
  visit: (row: T) => void,
) {
  let after = first;
  for (;;) {
    const rows = await page(after, size);
    for (const row of rows) visit(row);
    const last = rows[rows.length - 1];
    if (!last || rows.length < size) return;
    after = keyOf(last);
  }
}

/** A kind of row whose digest the chain carries: how to page through it, key it and digest it, and what an edit is reported as. */
interface DigestedRows<T, K> {
  readonly page: (after: K, limit: number) => Promise<T[]>;
  readonly first: K;
  readonly after: (row: T) => K;
  readonly key: (row: T) => string;
  readonly digest: (row: T) => string;
  readonly edited: (row: T, chained: Chained) => RowProblem;
}

export class RowDigestIndex {
  private readonly chained = new Map<string, Chained>();

  observe(entry: AuditEntry): void {
    const records = entry.data[RECORDS_KEY];
    if (typeof records !== 'object' || records === null || Array.isArray(records)) return;
    for (const [key, value] of Object.entries(records as Record<string, unknown>)) {
      if (typeof value === 'string') this.chained.set(key, { seq: entry.seq, value, sessionId: entry.sessionId });
    }
  }

  async check(rows: RecordRowsReader, context: RowCheckContext): Promise<RowCheckResult> {
    const problems: RowProblem[] = [];
    const seen = new Set<string>();
    let rowsChecked = 0;

    await each(
      rows.sessions,
      '',
      (s) => s.id,
      context.pageSize,
      (session) => {
        rowsChecked++;
        const key = `session:${session.id}`;
        seen.add(key);
        problems.push(...this.bodyProblems(session, context.ledger));
        const chained = this.chained.get(key);
        if (!chained || context.reported.has(session.id)) return;
        if (sessionDigest(session) !== chained.value.split(' ')[0])
          problems.push({
            kind: 'session_mismatch',
            sessionId: session.id,
            seq: chained.seq,
            message: `session ${session.id} was edited after entry ${chained.seq} recorded it: the record no longer matches the digest in the chain`,
          });
      },
    );
    const digested = async <T, K>(kind: DigestedRows<T, K>): Promise<void> => {
      await each(kind.page, kind.first, kind.after, context.pageSize, (row) => {
        rowsChecked++;
        const key = kind.key(row);
        seen.add(key);
        const chained = this.chained.get(key);
        if (chained && kind.digest(row) !== chained.value) problems.push(kind.edited(row, chained));
      });
    };
    await digested({
      page: rows.approvals,
      first: '',
      after: (a) => a.id,
      key: (a) => `approval:${a.id}`,
      digest: approvalDigest,
      edited: (a, chained) => ({
        kind: 'approval_mismatch',
        sessionId: a.sessionId,
        seq: chained.seq,
        message: `approval ${a.id} (session ${a.sessionId}) was edited after entry ${chained.seq} recorded it: the row no longer matches the digest in the chain`,
      }),
    });
    await digested({
      page: rows.votes,
      first: { approvalId: '', seq: -1 },
      after: (v) => ({ approvalId: v.approvalId, seq: v.seq }),
      key: (v) => `vote:${v.approvalId}:${v.seq}`,
      digest: voteDigest,
      edited: (v, chained) => ({
        kind: 'approval_mismatch',
        sessionId: chained.sessionId ?? '',
        seq: chained.seq,
        message: `vote ${v.seq} on approval ${v.approvalId} (by ${v.approver}) was edited after entry ${chained.seq} recorded it: the row no longer matches the digest in the chain`,
      }),
    });
    // Who owns a generator, when it was attested and whether its owner is still active decide
    // whether it may touch personal data: an edit behind the gateway's back would re-open it.
    await digested({
      page: rows.governance,
      first: '',
      after: (g) => g.generator,
      key: (g) => `governance:${g.generator}`,
      digest: governanceDigest,
      edited: (g, chained) => ({
        kind: 'governance_mismatch',
        sessionId: '',
        seq: chained.seq,
        message: `the governance record of generator ${g.generator} (owner, attestation) was edited after entry ${chained.seq} recorded it: the row no longer matches the digest in the chain`,
      }),
    });
    await digested({
      page: rows.directoryUsers,
      first: '',
      after: (u) => u.id,
      key: (u) => `user:${u.id}`,
      digest: directoryUserDigest,
      edited: (u, chained) => ({
        kind: 'governance_mismatch',
        sessionId: '',
        seq: chained.seq,
        message: `directory user ${u.userName} (${u.id}) was edited after entry ${chained.seq} recorded it (active: ${String(u.active)}): the row no longer matches the digest in the chain`,
      }),
    });

    const purged = new Set<string>();
    const missing = [...this.chained].filter(([key]) => !seen.has(key));
    for (const [key, chained] of missing) {
      if (!key.startsWith('session:')) continue;
      const id = key.slice('session:'.length);
      const createdAt = chained.value.split(' ')[1] ?? '';
      if (context.ledger.deletedSession({ createdAt, ...context.targetOf(id) }, chained.seq)) {
        purged.add(id);
        continue;
      }
      problems.push({
        kind: 'session_deleted',
        sessionId: id,
        seq: chained.seq,
        message: `session ${id} (created ${createdAt}) was deleted: entry ${chained.seq} recorded it, and no retention purge accounts for its removal`,
      });
    }
    for (const [key, chained] of missing) {
      if (!key.startsWith('governance:') && !key.startsWith('user:')) continue;
      const [kind, ...rest] = key.split(':');
      problems.push({
        kind: 'governance_deleted',
        sessionId: '',
        seq: chained.seq,
        message: `${kind === 'user' ? 'directory user' : 'the governance record of generator'} ${rest.join(':')} was deleted: entry ${chained.seq} recorded it`,
      });
    }
    for (const [key, chained] of missing) {
      if (key.startsWith('session:') || key.startsWith('governance:') || key.startsWith('user:')) continue;
      if (chained.sessionId !== undefined && purged.has(chained.sessionId)) continue;
      const [kind, approvalId, seq] = key.split(':');
      problems.push({
        kind: 'approval_deleted',
        sessionId: chained.sessionId ?? '',
        seq: chained.seq,
        message:
          kind === 'vote'
            ? `vote ${seq ?? '?'} on approval ${approvalId ?? '?'} was deleted: entry ${chained.seq} recorded it, and its session was not purged`
            : `approval ${approvalId ?? '?'} (session ${chained.sessionId ?? '?'}) was deleted: entry ${chained.seq} recorded it, and its session was not purged`,
      });
    }
    return { problems, rowsChecked, purged };
  }

  /** A body must match the digest stored beside it, or be gone by a purge the chain records. */
  private bodyProblems(session: SessionRecord, ledger: PurgeLedger): RowProblem[] {
    const problems: RowProblem[] = [];
    const target = { createdAt: session.createdAt, generator: session.generator ?? null, upstream: session.upstream, kind: session.kind };
    for (const part of ['request', 'response'] as const) {
      const payload = session[part];
      if (payload?.bodyDigest === undefined) continue;
      if (payload.purgedAt !== undefined) {
        if (payload.body === null && ledger.purgedBody(target, payload.purgedAt)) continue;
        problems.push({
          kind: 'body_mismatch',
          sessionId: session.id,
          seq: undefined,
          message: `the ${part} body of session ${session.id} was deleted outside retention: it is marked purged at ${payload.purgedAt}, which no purge record accounts for`,
        });
      } else if (bodyDigest(payload.body) !== payload.bodyDigest) {
        problems.push({
          kind: 'body_mismatch',
          sessionId: session.id,
          seq: undefined,
          message: `the ${part} body of session ${session.id} was edited: it no longer matches the digest recorded with it`,
        });
      }
    }
    return problems;
  }
}
