/**
 * The data-subject look-up's index entries of recent writes, keyed by the batch first. Entries of
 * `masking_subjects` (hash prefix → batch) land at random places in its B-tree: a 1 KB body dense
 * with personal data (30 values) dirtied about 30 pages of it per write, and on SQLite every dirty
 * page is copied whole into the write-ahead log at each COMMIT (measured at one connection: about
 * 0.8 ms of SQLite's CPU per masked request, as much as everything else it writes). Keyed by the
 * batch, a write's entries append at the end, on one or two pages; the SQLite store moves them
 * into `masking_subjects` a few times a second, each page once for many writes, and the look-up
 * reads both tables (subjectRepository.ts). PostgreSQL writes `masking_subjects` directly.
 */
import type { ColumnTypes, Migration } from './index.js';

export const migration009MaskingSubjectsRecent: Migration = {
  id: '009_masking_subjects_recent',
  sql: (t: ColumnTypes): string => `
CREATE TABLE masking_subjects_recent (
  batch_id ${t.bigint} NOT NULL,
  hmac_prefix TEXT NOT NULL,
  PRIMARY KEY (batch_id, hmac_prefix)
)${t.withoutRowid};
`,
};
