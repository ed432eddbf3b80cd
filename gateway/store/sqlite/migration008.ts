/** Migration 008 (gateway/store/sql/migrations/008_masking_batches.ts) in SQLite's dialect: it converts rows with JSON1. */
export const SQLITE_MIGRATION_008 = `
CREATE TABLE masking_batches (
  id INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL,
  first_seq INTEGER NOT NULL,
  event_count INTEGER NOT NULL,
  events_json TEXT NOT NULL
);
CREATE UNIQUE INDEX masking_batches_session ON masking_batches (session_id, first_seq);
CREATE TABLE masking_subjects (
  hmac_prefix TEXT NOT NULL,
  batch_id INTEGER NOT NULL,
  PRIMARY KEY (hmac_prefix, batch_id)
) WITHOUT ROWID;

INSERT INTO masking_batches (session_id, first_seq, event_count, events_json)
SELECT session_id, MIN(seq), COUNT(*), json_group_array(json(event) ORDER BY seq)
FROM (
  SELECT session_id, seq, at, seq - ROW_NUMBER() OVER (PARTITION BY session_id, at ORDER BY seq) AS run,
    json_object('at', at, 'count', count, 'detector', detector, 'hmac', hmac, 'keyId', key_id, 'location', location,
      'occurrences', CASE WHEN occurrences_json IS NULL THEN NULL WHEN json_valid(occurrences_json) THEN json(occurrences_json) ELSE occurrences_json END,
      'replacement', replacement, 'seq', seq) AS event
  FROM masking_events
)
GROUP BY session_id, at, run;

INSERT INTO masking_subjects (hmac_prefix, batch_id)
SELECT DISTINCT substr(json_extract(e.value, '$.hmac'), 1, 12), b.id FROM masking_batches b, json_each(b.events_json) e;

DROP TABLE masking_events;
`;
