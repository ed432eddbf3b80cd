/** Sessions, masking events and the audit chain. */
import type { ColumnTypes, Migration } from './index.js';

export const migration001Core: Migration = {
  id: '001_core',
  sql: (t: ColumnTypes): string => `
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  request_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  subject TEXT NOT NULL,
  issuer_id TEXT NOT NULL,
  identity_json TEXT NOT NULL,
  generator TEXT,
  upstream TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  decision TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  status TEXT NOT NULL,
  http_status INTEGER,
  upstream_status INTEGER,
  request_json TEXT,
  response_json TEXT,
  forwarded_at TEXT,
  completed_at TEXT,
  upstream_ms ${t.real},
  total_ms ${t.real},
  error_code TEXT,
  error_message TEXT,
  masking_json TEXT NOT NULL,
  approval_id TEXT
);
CREATE INDEX sessions_created ON sessions (created_at, id);
CREATE INDEX sessions_subject ON sessions (subject, created_at);
CREATE INDEX sessions_generator ON sessions (generator, created_at);
CREATE INDEX sessions_status ON sessions (status);

CREATE TABLE masking_events (
  session_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  location TEXT NOT NULL,
  detector TEXT NOT NULL,
  hmac TEXT NOT NULL,
  key_id TEXT NOT NULL,
  replacement TEXT NOT NULL,
  PRIMARY KEY (session_id, seq)
);
CREATE INDEX masking_events_hmac ON masking_events (hmac);

CREATE TABLE audit_log (
  seq ${t.bigint} PRIMARY KEY,
  at TEXT NOT NULL,
  type TEXT NOT NULL,
  actor TEXT NOT NULL,
  session_id TEXT,
  data_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_session ON audit_log (session_id);
CREATE INDEX audit_log_at ON audit_log (at);
`,
};
