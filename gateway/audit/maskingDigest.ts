/**
 * A digest of the masking events written in one unit of work, recorded in that unit's audit
 * entry. Masking events live in their own table (one row per distinct masked value and write,
 * with its count and kept occurrences); the digest makes them as tamper-evident as the chain:
 * editing, adding or deleting an event, or changing its count or occurrences, changes it.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.js';
import type { MaskingEventRecord } from '../store/types.js';

/** A masking event as sealed: everything but the session it belongs to (the entry names it). */
export type DigestableMaskingEvent = Omit<MaskingEventRecord, 'sessionId'>;

/** What an audit entry says about the masking events its unit wrote. */
export interface MaskingEventsSeal {
  /** Seq (within the session) of the first event written. */
  readonly firstSeq: number;
  readonly count: number;
  /** SHA-256 of the canonical JSON list of those events. */
  readonly digest: string;
}

export function maskingEventsDigest(events: readonly DigestableMaskingEvent[]): string {
  const canonical = events.map((e) => ({
    seq: e.seq,
    at: e.at,
    location: e.location,
    detector: e.detector,
    hmac: e.hmac,
    keyId: e.keyId,
    replacement: e.replacement,
    // Rows recorded one per occurrence (before aggregation) were sealed without these.
    ...(e.occurrences === undefined ? {} : { count: e.count, occurrences: e.occurrences }),
  }));
  return createHash('sha256').update(canonicalJson(canonical)).digest('hex');
}

export function sealMaskingEvents(firstSeq: number, events: readonly DigestableMaskingEvent[]): MaskingEventsSeal {
  return { firstSeq, count: events.length, digest: maskingEventsDigest(events) };
}

/** Reads a seal back from an audit entry's data, if it has a well-formed one. */
export function sealOf(data: Readonly<Record<string, unknown>>): MaskingEventsSeal | undefined {
  const seal = data['maskingEvents'];
  if (typeof seal !== 'object' || seal === null) return undefined;
  const s = seal as Record<string, unknown>;
  return typeof s['firstSeq'] === 'number' && typeof s['count'] === 'number' && typeof s['digest'] === 'string'
    ? { firstSeq: s['firstSeq'], count: s['count'], digest: s['digest'] }
    : undefined;
}
