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

/** One row as it gathers: its first occurrence names it. */
interface GatheringRow {
  readonly first: MaskedOccurrence;
  readonly seq: number;
  count: number;
  /** The first occurrence kept; `more` holds it and the next ones once there are two. */
  one: MaskingOccurrence | undefined;
  more: MaskingOccurrence[] | undefined;
}

/** What makes two occurrences one row: the same value (by its keyed hash) masked the same way. */
function sameRow(row: GatheringRow, occurrence: MaskedOccurrence): boolean {
  const first = row.first;
  return first.detector === occurrence.detector && first.keyId === occurrence.keyId && first.replacement === occurrence.replacement;
}

/**
 * Rows found by the value's keyed hash, a string each occurrence already holds (a key joined from
 * the row's four fields was a new string per occurrence, and flattened to be hashed); the few rows
 * of one hash (another key, another detector) are told apart by the rest.
 */
class RowIndex {
  private readonly byHmac = new Map<string, GatheringRow | GatheringRow[]>();
  readonly rows: GatheringRow[] = [];

  /** The row `occurrence` belongs to, begun (numbered from `firstSeq`) if it is the first of its value. */
  rowOf(occurrence: MaskedOccurrence, firstSeq: number): GatheringRow {
    const found = this.byHmac.get(occurrence.hmac);
    if (found !== undefined) {
      if (!Array.isArray(found)) {
        if (sameRow(found, occurrence)) return found;
      } else {
        for (const row of found) if (sameRow(row, occurrence)) return row;
      }
    }
    const row: GatheringRow = { first: occurrence, seq: firstSeq + this.rows.length, count: 0, one: undefined, more: undefined };
    this.rows.push(row);
    if (found === undefined) this.byHmac.set(occurrence.hmac, row);
    else if (Array.isArray(found)) found.push(row);
    else this.byHmac.set(occurrence.hmac, [found, row]);
    return row;
  }
}

/** How many rows `aggregateMaskingEvents` makes of these occurrences (the seqs one write takes). */
export function maskingRowCount(occurrences: readonly MaskedOccurrence[]): number {
  const index = new RowIndex();
  for (const occurrence of occurrences) index.rowOf(occurrence, 0);
  return index.rows.length;
}

/** The rows one write records: occurrences of the same value grouped, numbered from `firstSeq` in order of first appearance. */
export function aggregateMaskingEvents(
  sessionId: string,
  firstSeq: number,
  at: string,
  occurrences: readonly MaskedOccurrence[],
): MaskingEventRecord[] {
  const index = new RowIndex();
  for (const occurrence of occurrences) {
    const row = index.rowOf(occurrence, firstSeq);
    row.count++;
    if (row.more !== undefined && row.more.length >= MAX_KEPT_OCCURRENCES) continue;
    // The original's keys in canonical order, so the write's canonical list takes this very object.
    const original = occurrence.original;
    const kept: MaskingOccurrence = original
      ? { location: occurrence.location, original: { length: original.length, offset: original.offset } }
      : { location: occurrence.location };
    // Most values occur once: their one place needs no array grown by push (room for 17, 152
    // bytes), and rows wait for the store's flush in their thousands.
    if (row.one === undefined) row.one = kept;
    else if (row.more === undefined) row.more = [row.one, kept];
    else row.more.push(kept);
  }
  // One literal, not `{ ...record, count, occurrences }`: past a few thousand rows the spread gave
  // each row a hidden class of its own (measured: 696 against 335 bytes a row).
  return index.rows.map(({ first: r, seq, count, one, more }) => ({
    sessionId,
    seq,
    at,
    location: r.location,
    detector: r.detector,
    hmac: r.hmac,
    keyId: r.keyId,
    replacement: r.replacement,
    count,
    occurrences: more ?? [one as MaskingOccurrence],
  }));
}

/** Where a recorded value occurred (rows written before aggregation hold one occurrence, at `location`). */
export function occurrencesOf(event: MaskingEventRecord): readonly MaskingOccurrence[] {
  return event.occurrences ?? [{ location: event.location }];
}
