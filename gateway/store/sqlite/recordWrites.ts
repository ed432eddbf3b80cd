/**
 * SQLite's one statement for the request path's records (store/sql/recordCapture.ts): one INSERT
 * into a temporary view whose trigger fans the flush's JSON document out into the sessions,
 * masking events and audit chain. One statement is one implicit transaction, all or nothing; its
 * write lock is taken before the trigger reads the chain head it checks.
 */
import { GENESIS_HASH, type ChainHead } from '../../audit/chain.js';
import type { CapturedWrites, RecordWriter } from '../sql/recordCapture.js';
import type { SqliteConnection } from './connection.js';

/** Temporary (per-connection) objects: a view nobody reads and the trigger that writes for it. */
export const RECORD_WRITES_DDL = `
CREATE TEMP VIEW IF NOT EXISTS record_writes AS SELECT NULL AS doc;
CREATE TEMP TRIGGER IF NOT EXISTS record_writes_apply INSTEAD OF INSERT ON record_writes BEGIN
  SELECT RAISE(ABORT, 'record_writes: audit chain moved')
    WHERE coalesce((SELECT max(seq) FROM audit_log), 0) IS NOT (NEW.doc ->> '$.head.seq')
       OR ((NEW.doc ->> '$.head.seq') > 0 AND (SELECT hash FROM audit_log WHERE seq = NEW.doc ->> '$.head.seq') IS NOT (NEW.doc ->> '$.head.hash'));
  INSERT INTO sessions (id, kind, request_id, created_at, updated_at, subject, issuer_id, identity_json, generator, upstream, method, path,
      decision, rule_id, policy_version, status, http_status, request_json, forwarded_at, error_code, error_message, masking_json, approval_id, replica_id)
    SELECT s.value ->> '$.id', s.value ->> '$.kind', s.value ->> '$.requestId', s.value ->> '$.createdAt', s.value ->> '$.updatedAt',
      s.value ->> '$.subject', s.value ->> '$.issuerId', s.value -> '$.identity', s.value ->> '$.generator', s.value ->> '$.upstream',
      s.value ->> '$.method', s.value ->> '$.path', s.value ->> '$.decision', s.value ->> '$.ruleId', s.value ->> '$.policyVersion',
      s.value ->> '$.status', s.value ->> '$.httpStatus', s.value -> '$.request', s.value ->> '$.forwardedAt', s.value ->> '$.error.code',
      s.value ->> '$.error.message', s.value -> '$.masking', s.value ->> '$.approvalId', s.value ->> '$.replicaId'
    FROM json_each(NEW.doc, '$.sessions') AS s;
  SELECT RAISE(ABORT, 'record_writes: session missing')
    FROM json_each(NEW.doc, '$.updates') AS u WHERE NOT EXISTS (SELECT 1 FROM sessions WHERE id = u.value ->> '$.id');
  UPDATE sessions SET
      updated_at = u.value ->> '$.updatedAt',
      status = CASE WHEN u.value -> '$.status' IS NULL THEN status ELSE u.value ->> '$.status' END,
      http_status = CASE WHEN u.value -> '$.httpStatus' IS NULL THEN http_status ELSE u.value ->> '$.httpStatus' END,
      upstream_status = CASE WHEN u.value -> '$.upstreamStatus' IS NULL THEN upstream_status ELSE u.value ->> '$.upstreamStatus' END,
      request_json = CASE WHEN u.value -> '$.request' IS NULL THEN request_json ELSE u.value -> '$.request' END,
      response_json = CASE WHEN u.value -> '$.response' IS NULL THEN response_json ELSE u.value -> '$.response' END,
      forwarded_at = CASE WHEN u.value -> '$.forwardedAt' IS NULL THEN forwarded_at ELSE u.value ->> '$.forwardedAt' END,
      completed_at = CASE WHEN u.value -> '$.completedAt' IS NULL THEN completed_at ELSE u.value ->> '$.completedAt' END,
      upstream_ms = CASE WHEN u.value -> '$.upstreamMs' IS NULL THEN upstream_ms ELSE u.value ->> '$.upstreamMs' END,
      total_ms = CASE
        WHEN u.value -> '$.totalMs' IS NOT NULL THEN u.value ->> '$.totalMs'
        WHEN u.value -> '$.completedAt' IS NOT NULL THEN (julianday(u.value ->> '$.completedAt') - julianday(created_at)) * 86400000.0
        ELSE total_ms END,
      error_code = CASE WHEN u.value -> '$.error' IS NULL THEN error_code ELSE u.value ->> '$.error.code' END,
      error_message = CASE WHEN u.value -> '$.error' IS NULL THEN error_message ELSE u.value ->> '$.error.message' END,
      masking_json = CASE WHEN u.value -> '$.masking' IS NULL THEN masking_json ELSE u.value -> '$.masking' END,
      approval_id = CASE WHEN u.value -> '$.approvalId' IS NULL THEN approval_id ELSE u.value ->> '$.approvalId' END,
      replica_id = CASE WHEN u.value -> '$.replicaId' IS NULL THEN replica_id ELSE u.value ->> '$.replicaId' END
    FROM json_each(NEW.doc, '$.updates') AS u
    WHERE sessions.id = u.value ->> '$.id';
  INSERT INTO masking_events (session_id, seq, at, location, detector, hmac, key_id, replacement)
    SELECT e.value ->> 0, e.value ->> 1, e.value ->> 2, e.value ->> 3, e.value ->> 4, e.value ->> 5, e.value ->> 6, e.value ->> 7
    FROM json_each(NEW.doc, '$.events') AS e;
  INSERT INTO audit_log (seq, at, type, actor, session_id, data_json, prev_hash, hash)
    SELECT a.value ->> 0, a.value ->> 1, a.value ->> 2, a.value ->> 3, a.value ->> 4, a.value -> 5, a.value ->> 6, a.value ->> 7
    FROM json_each(NEW.doc, '$.audit') AS a;
END;
`;

const RECORD_WRITES_SQL = 'INSERT INTO record_writes (doc) VALUES (?)';

function sqliteCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/** The record writer of the SQLite store's writer connection (RECORD_WRITES_DDL installed on it). */
export function sqliteRecordWriter(connection: SqliteConnection): RecordWriter {
  return {
    async head(): Promise<ChainHead> {
      const row = await connection.get('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
      return row ? { seq: Number(row['seq']), hash: String(row['hash']) } : { seq: 0, hash: GENESIS_HASH };
    },
    async write(writes: CapturedWrites): Promise<void> {
      await connection.run(RECORD_WRITES_SQL, [writes.document()]);
    },
    refusal(error: unknown): 'chain_moved' | 'session_missing' | 'unit' | undefined {
      const message = error instanceof Error ? error.message : '';
      if (message.includes('record_writes: audit chain moved')) return 'chain_moved';
      if (message.includes('record_writes: session missing')) return 'session_missing';
      // A duplicate key: some unit's own fault.
      return sqliteCode(error) === 'SQLITE_CONSTRAINT' ? 'unit' : undefined;
    },
  };
}
