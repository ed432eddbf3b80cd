/**
 * Masking events stored one row per recorded write (a batch), not one row per distinct value.
 *
 * `masking_batches` holds a write's events as one JSON array, each event in the canonical form
 * its audit seal digests (gateway/audit/maskingDigest.ts), numbered `first_seq` to
 * `first_seq + event_count - 1` in order. `masking_subjects` is the data-subject look-up's index:
 * the first 12 hex digits of each keyed hash with the batch holding it, a key and nothing else
 * (WITHOUT ROWID on SQLite). A 1 KB body dense with personal data (30 values) wrote 30 rows, each
 * with its own primary-key entry, its prefix entry and ten bound parameters; it now writes one
 * row and 30 short index entries, with two parameters carrying the events and the prefixes.
 *
 * Existing rows are converted: each run of consecutive seqs a session wrote at one instant (a
 * write's events share their time and are numbered in a row) becomes one batch. Rows from before
 * aggregation (005) keep `occurrences` null, and an unreadable occurrences column is kept as a
 * JSON string, so verification still reads and names them as it did.
 */
import type { ColumnTypes, Migration } from './index.js';

export const migration008MaskingBatches: Migration = {
  id: '008_masking_batches',
  // Converting rows needs each engine's JSON functions: the SQL lives in the engine's folder.
  sql: (t: ColumnTypes): string => t.migration008,
};
