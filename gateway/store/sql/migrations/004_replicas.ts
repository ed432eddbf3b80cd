/**
 * Replicas: each gateway process registers itself and beats a heartbeat (readiness commits one),
 * and every session records which process holds it in flight, so sessions a dead process left
 * running are closed by whoever notices it is dead (the next start, or a live replica).
 */
import type { ColumnTypes, Migration } from './index.js';

export const migration004Replicas: Migration = {
  id: '004_replicas',
  sql: (t: ColumnTypes): string => `
CREATE TABLE replicas (
  id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL,
  host TEXT NOT NULL,
  pid ${t.bigint} NOT NULL
);
ALTER TABLE sessions ADD COLUMN replica_id TEXT;
CREATE INDEX sessions_in_flight ON sessions (status, replica_id);
`,
};
