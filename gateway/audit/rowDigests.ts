/**
 * Digests of the rows the chain vouches for. Every write to a session, an approval, a vote, a
 * generator's governance record (registration, ownership, attestation) or a directory user (the
 * `active` flag SCIM sets decides whether a generator is orphaned) is followed, in the same
 * transaction, by an audit entry that carries the row's digest as it then stands (`data.records`,
 * keyed `session:ID`, `approval:ID`, `vote:APPROVAL:SEQ`, `governance:GENERATOR`, `user:ID`), so
 * verification recomputes the digest from the row and names one that was edited or deleted
 * afterwards.
 *
 * A body is digested apart (`bodyDigest`, stored beside it in the payload): the session's digest
 * covers the body's digest, not the body, so a retention purge that deletes the body (keeping its
 * digest) leaves the session's digest intact, and an edited body no longer matches its digest.
 * Bookkeeping (when a row was last touched, which process holds it) is left out.
 */
import { createHash } from 'node:crypto';
import type { ApprovalRecord, VoteRecord } from '../approvals/repository.js';
import type { DirectoryUser } from '../directory/types.js';
import type { GovernanceRecord } from '../governance/repository.js';
import type { RecordedPayload, SessionRecord } from '../store/types.js';
import { canonicalJson } from './canonical.js';
import { sha256Hex } from './sha256.js';

/** The `data` key of an audit entry that holds the digests of the rows its unit of work wrote. */
export const RECORDS_KEY = 'records';

/** The entry a unit of work ends with when it wrote rows after its last entry (or wrote no entry). */
export const RECORDS_ENTRY_TYPE = 'records.written';

/** Digest of a recorded body (the masked body, or null when none was kept). */
export function bodyDigest(body: unknown): string {
  return sha256Hex(canonicalJson(body ?? null));
}

function payloadSeal(payload: RecordedPayload | undefined): unknown {
  if (payload === undefined) return null;
  // Keys in canonical order, so canonicalJson need not sort them.
  return {
    bodyDigest: payload.bodyDigest ?? null,
    bytes: payload.bytes,
    contentType: payload.contentType ?? null,
    truncated: payload.truncated ?? false,
  };
}

export function sessionDigest(session: SessionRecord): string {
  return sha256Hex(
    // Keys in canonical order, so canonicalJson need not sort them.
    canonicalJson({
      approvalId: session.approvalId ?? null,
      completedAt: session.completedAt ?? null,
      createdAt: session.createdAt,
      decision: session.decision,
      error: session.error ?? null,
      forwardedAt: session.forwardedAt ?? null,
      generator: session.generator ?? null,
      httpStatus: session.httpStatus ?? null,
      id: session.id,
      identity: session.identity,
      kind: session.kind,
      masking: session.masking,
      method: session.method,
      path: session.path,
      policyVersion: session.policyVersion,
      request: payloadSeal(session.request),
      requestId: session.requestId,
      response: payloadSeal(session.response),
      ruleId: session.ruleId,
      status: session.status,
      totalMs: session.totalMs ?? null,
      upstream: session.upstream,
      upstreamMs: session.upstreamMs ?? null,
      upstreamStatus: session.upstreamStatus ?? null,
    }),
  );
}

export function approvalDigest(approval: ApprovalRecord): string {
  const { updatedAt: _updatedAt, sealed, ...rest } = approval;
  const input = sealed === undefined ? null : { keyId: sealed.keyId, digest: createHash('sha256').update(sealed.blob).digest('hex') };
  return sha256Hex(canonicalJson({ ...rest, sealed: input }));
}

export function voteDigest(vote: VoteRecord): string {
  return sha256Hex(canonicalJson(vote));
}

/** A generator's governance record without its notification bookkeeping. */
export function governanceDigest(record: GovernanceRecord): string {
  return sha256Hex(
    canonicalJson({
      generator: record.generator,
      registeredAt: record.registeredAt,
      ownership: record.ownership ?? null,
      attestation: record.attestation ?? null,
    }),
  );
}

/** A directory user as SCIM left it, without when it was last touched. */
export function directoryUserDigest(user: DirectoryUser): string {
  const { updatedAt: _updatedAt, ...rest } = user;
  return sha256Hex(
    canonicalJson({
      ...rest,
      externalId: rest.externalId ?? null,
      displayName: rest.displayName ?? null,
      deletedAt: rest.deletedAt ?? null,
    }),
  );
}

export const recordKey = {
  session: (id: string): string => `session:${id}`,
  approval: (id: string): string => `approval:${id}`,
  vote: (approvalId: string, seq: number): string => `vote:${approvalId}:${seq}`,
  governance: (generator: string): string => `governance:${generator}`,
  user: (id: string): string => `user:${id}`,
};

/**
 * A session's value in `data.records`: its digest and when it was created (retention deletes
 * sessions by creation time, so verification can tell a purged session from a deleted one).
 */
export function sessionRecordValue(session: SessionRecord): string {
  return `${sessionDigest(session)} ${session.createdAt}`;
}

/** Where the digests of a unit of work's writes gather until its next audit entry carries them. */
export class RecordSeals {
  private pending = new Map<string, string>();

  add(key: string, value: string): void {
    // A row written twice before the next entry: the entry vouches for how it stands now.
    this.pending.delete(key);
    this.pending.set(key, value);
  }

  get size(): number {
    return this.pending.size;
  }

  /** The pending digests, as an entry's `data.records`; empties the collection. */
  take(): Record<string, string> | undefined {
    if (this.pending.size === 0) return undefined;
    const records = Object.fromEntries(this.pending);
    this.pending = new Map();
    return records;
  }
}
