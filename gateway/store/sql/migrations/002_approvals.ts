/**
 * Approvals: held runs (one row per approval request, its encrypted input until decided), the
 * votes on them, and the outbox of webhook deliveries written in the same transaction as the
 * change they announce. No foreign key to `sessions`: retention purges the two on its own terms.
 */
import type { ColumnTypes, Migration } from './index.js';

export const migration002Approvals: Migration = {
  id: '002_approvals',
  sql: (t: ColumnTypes): string => `
CREATE TABLE approvals (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  decided_at TEXT,
  valid_until TEXT,
  executed_at TEXT,
  requester TEXT NOT NULL,
  requester_json TEXT NOT NULL,
  generator TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  approvers_json TEXT NOT NULL,
  quorum TEXT NOT NULL,
  pending_ttl_ms ${t.bigint} NOT NULL,
  valid_for_ms ${t.bigint} NOT NULL,
  binding_hash TEXT NOT NULL,
  input_key_id TEXT NOT NULL,
  input_sealed ${t.blob},
  input_deleted_at TEXT,
  outcome_code TEXT,
  outcome_reason TEXT,
  outcome_actor TEXT,
  outcome_at TEXT
);
CREATE INDEX approvals_created ON approvals (created_at, id);
CREATE INDEX approvals_requester ON approvals (requester, created_at);
CREATE INDEX approvals_pending_deadline ON approvals (status, expires_at);
CREATE INDEX approvals_approved_deadline ON approvals (status, valid_until);

CREATE TABLE approval_votes (
  approval_id TEXT NOT NULL REFERENCES approvals (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  approver TEXT NOT NULL,
  approver_json TEXT NOT NULL,
  groups_json TEXT NOT NULL,
  decision TEXT NOT NULL,
  reason TEXT NOT NULL,
  binding_hash TEXT NOT NULL,
  at TEXT NOT NULL,
  withdrawn_at TEXT,
  withdraw_reason TEXT,
  PRIMARY KEY (approval_id, seq)
);
-- One standing vote per approver and request: a second one is a conflict, not a second count.
CREATE UNIQUE INDEX approval_votes_standing ON approval_votes (approval_id, approver) WHERE withdrawn_at IS NULL;

CREATE TABLE approval_webhook_outbox (
  id TEXT PRIMARY KEY,
  approval_id TEXT NOT NULL,
  event TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  status TEXT NOT NULL,
  last_error TEXT
);
CREATE INDEX approval_webhook_due ON approval_webhook_outbox (status, next_attempt_at);
`,
};
