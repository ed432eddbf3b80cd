/**
 * Governance: the directory the IdP provisions over SCIM (users, with tombstones for deleted
 * ones; groups and their members), what happened to each registered generator since the gateway
 * first saw it (ownership taken over, attestations, notifications sent), and the outbox of the
 * privacy office's notifications. Plain SQL both engines read the same way: lower-cased key
 * columns instead of collations, partial unique indexes for live rows.
 */
import type { ColumnTypes, Migration } from './index.js';

export const migration006Governance: Migration = {
  id: '006_governance',
  sql: (t: ColumnTypes): string => `
CREATE TABLE directory_users (
  id TEXT PRIMARY KEY,
  user_name TEXT NOT NULL,
  user_name_key TEXT NOT NULL,
  external_id TEXT,
  display_name TEXT,
  active ${t.bigint} NOT NULL,
  attributes_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
-- userName is unique among live users (RFC 7643 §4.1.1: uniqueness server, case-insensitive).
CREATE UNIQUE INDEX directory_users_live_name ON directory_users (user_name_key) WHERE deleted_at IS NULL;
CREATE INDEX directory_users_name ON directory_users (user_name_key);
CREATE INDEX directory_users_external ON directory_users (external_id);
CREATE INDEX directory_users_created ON directory_users (created_at, id);

CREATE TABLE directory_groups (
  id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  display_name_key TEXT NOT NULL,
  external_id TEXT,
  attributes_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX directory_groups_name ON directory_groups (display_name_key);
CREATE INDEX directory_groups_created ON directory_groups (created_at, id);

CREATE TABLE directory_group_members (
  group_id TEXT NOT NULL REFERENCES directory_groups (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  added_seq ${t.bigint} NOT NULL,
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX directory_group_members_user ON directory_group_members (user_id);

CREATE TABLE generator_governance (
  generator TEXT PRIMARY KEY,
  registered_at TEXT NOT NULL,
  ownership_json TEXT,
  attestation_json TEXT,
  notified_at TEXT,
  notified_state TEXT,
  updated_at TEXT NOT NULL
);

CREATE TABLE governance_notifications (
  id TEXT PRIMARY KEY,
  generator TEXT NOT NULL,
  event TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  attempts ${t.bigint} NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  status TEXT NOT NULL,
  last_error TEXT
);
CREATE INDEX governance_notifications_due ON governance_notifications (status, next_attempt_at);
`,
};
