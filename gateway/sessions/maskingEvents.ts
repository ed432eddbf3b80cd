/**
 * Masking events as recorded: one row per distinct masked value (session, detector, keyed hash,
 * key id, replacement) per recorded write, with the exact count of its occurrences and the first
 * ones kept (location and, when the engine gives it, the original span). A 1 MB prompt holding
 * 50,000 copies of a few CPFs writes a few rows, not 50,000.
 */
import type { MaskingEventRecord, MaskingOccurrence } from '../store/types.js';

/** Occurrences kept per row; the count stays exact beyond it. */
export const MAX_KEPT_OCCURRENCES = 64;

/** A masked value as the masking engine reports one occurrence of it. */
export interface MaskedOccurrence {
  readonly location: string;
  readonly detector: string;
  readonly hmac: string;
  readonly keyId: string;
  readonly replacement: string;
  /** Where the original value was in the input: UTF-16 offset and length. */
  readonly original?: { readonly offset: number; readonly length: number } | undefined;
}

/** What makes two occurrences one row: the same value (by its keyed hash) masked the same way. */
function rowKey(occurrence: MaskedOccurrence): string {
  return `${occurrence.detector}\u0000${occurrence.hmac}\u0000${occurrence.keyId}\u0000${occurrence.replacement}`;
}

/** How many rows `aggregateMaskingEvents` makes of these occurrences (the seqs one write takes). */
export function maskingRowCount(occurrences: readonly MaskedOccurrence[]): number {
  return new Set(occurrences.map(rowKey)).size;
}

/** The rows one write records: occurrences of the same value grouped, numbered from `firstSeq` in order of first appearance. */
export function aggregateMaskingEvents(
  sessionId: string,
  firstSeq: number,
  at: string,
  occurrences: readonly MaskedOccurrence[],
): MaskingEventRecord[] {
  const rows = new Map<string, { record: Omit<MaskingEventRecord, 'count' | 'occurrences'>; count: number; kept: MaskingOccurrence[] }>();
  for (const occurrence of occurrences) {
    const key = rowKey(occurrence);
    let row = rows.get(key);
    if (!row) {
      row = {
        record: {
          sessionId,
          seq: firstSeq + rows.size,
          at,
          location: occurrence.location,
          detector: occurrence.detector,
          hmac: occurrence.hmac,
          keyId: occurrence.keyId,
          replacement: occurrence.replacement,
        },
        count: 0,
        kept: [],
      };
      rows.set(key, row);
    }
    row.count++;
    if (row.kept.length < MAX_KEPT_OCCURRENCES)
      row.kept.push(
        occurrence.original ? { location: occurrence.location, original: occurrence.original } : { location: occurrence.location },
      );
  }
  // One literal, not `{ ...record, count, occurrences }`: past a few thousand rows the spread gave
  // each row a hidden class of its own (measured: 696 against 335 bytes a row).
  return [...rows.values()].map(({ record: r, count, kept }) => ({
    sessionId: r.sessionId,
    seq: r.seq,
    at: r.at,
    location: r.location,
    detector: r.detector,
    hmac: r.hmac,
    keyId: r.keyId,
    replacement: r.replacement,
    count,
    // Most values occur once: an array grown by push keeps room for 17 (152 bytes), one of one 32,
    // and rows wait for the store's flush in their thousands.
    occurrences: kept.length === 1 ? [kept[0] as MaskingOccurrence] : kept,
  }));
}

/** Where a recorded value occurred (rows written before aggregation hold one occurrence, at `location`). */
export function occurrencesOf(event: MaskingEventRecord): readonly MaskingOccurrence[] {
  return event.occurrences ?? [{ location: event.location }];
}
