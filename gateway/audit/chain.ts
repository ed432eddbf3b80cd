/**
 * The audit log is a hash chain: each entry stores the previous entry's hash and its own hash
 * over a canonical serialisation of its content and that link. Editing, deleting or reordering
 * any entry breaks every hash after it, which `audit verify` detects and names.
 */
import { canonicalJson } from './canonical.js';
import { sha256Hex } from './sha256.js';

/** Hash that precedes the first entry of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a caller appends; the store adds sequence, time and links. */
export interface AuditInput {
  /** Dotted event type, e.g. `auth.rejected`, `policy.decided`, `session.completed`. */
  readonly type: string;
  /** Who caused it: a subject (`issuerId:sub`), `gateway`, or `cli:<user>`. */
  readonly actor: string;
  readonly sessionId?: string | undefined;
  /** Event details; never tokens, never unmasked personal data. */
  readonly data: Readonly<Record<string, unknown>>;
}

export interface AuditEntry extends AuditInput {
  readonly seq: number;
  /** ISO-8601 time of recording. */
  readonly at: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** The hash of an entry, computed from everything but the hash itself. */
export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const content = {
    seq: entry.seq,
    at: entry.at,
    type: entry.type,
    actor: entry.actor,
    sessionId: entry.sessionId ?? null,
    data: entry.data,
    prevHash: entry.prevHash,
  };
  return sha256Hex(canonicalJson(content));
}

export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** Links a new entry after `head`. */
export function linkAuditEntry(head: ChainHead, input: AuditInput, at: Date): AuditEntry {
  const partial = {
    seq: head.seq + 1,
    at: at.toISOString(),
    type: input.type,
    actor: input.actor,
    sessionId: input.sessionId,
    data: input.data,
    prevHash: head.hash,
  };
  return { ...partial, hash: hashAuditEntry(partial) };
}
