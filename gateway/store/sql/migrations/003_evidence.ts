/**
 * Evidence: signed checkpoints of the audit chain (a seq, its hash, and a JWS over both by the
 * evidence key) and an index to find purge and approval entries without scanning the chain.
 */
import type { ColumnTypes, Migration } from './index.js';

export const migration003Evidence: Migration = {
  id: '003_evidence',
  sql: (t: ColumnTypes): string => `
CREATE TABLE audit_checkpoints (
  seq ${t.bigint} PRIMARY KEY,
  hash TEXT NOT NULL,
  at TEXT NOT NULL,
  reason TEXT NOT NULL,
  kid TEXT NOT NULL,
  jws TEXT NOT NULL
);
CREATE INDEX audit_log_type ON audit_log (type, seq);
`,
};
