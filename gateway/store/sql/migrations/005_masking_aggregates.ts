/**
 * Masking events aggregated per distinct value: a row counts the occurrences of its value in one
 * recorded write and keeps the first ones (location and original span). Rows written before keep
 * NULL occurrences: one occurrence, at `location`.
 */
import type { ColumnTypes, Migration } from './index.js';

export const migration005MaskingAggregates: Migration = {
  id: '005_masking_aggregates',
  sql: (t: ColumnTypes): string => `
ALTER TABLE masking_events ADD COLUMN count ${t.bigint} NOT NULL DEFAULT 1;
ALTER TABLE masking_events ADD COLUMN occurrences_json TEXT;
`,
};
