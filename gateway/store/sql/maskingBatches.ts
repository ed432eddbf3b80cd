/**
 * Masking events as stored (migration 008): one `masking_batches` row per recorded write, its
 * events a JSON array in the canonical form the write's audit seal digests, numbered from
 * `first_seq`; and `masking_subjects`, the data-subject look-up's index (first 12 hex digits of
 * each keyed hash → batch). Readers expand a batch into the events it holds; every reader sees
 * events one by one, as when each was a row.
 */
import { canonicalMaskingEvents } from '../../audit/maskingDigest.js';
import { StoreError, type MaskingEventRecord, type MaskingOccurrence } from '../types.js';
import type { SqlDialect } from './dialect.js';
import type { SqlExecutor, SqlParam, SqlRow } from './executor.js';
import { rowInsert, type GuardedWrite } from './batchingWriter.js';
import type { GuardedSink, RowSink } from './sessionRepository.js';

/** The columns `eventsOfBatch` reads, for a batch table aliased `b`. */
export const BATCH_COLUMNS = 'b.session_id, b.first_seq, b.event_count, b.events_json';

/** Digits of the keyed hash the subject index holds (48 bits; the look-up then compares whole hashes). */
export const HMAC_PREFIX_DIGITS = 12;

function text(value: unknown): string {
  return value === null || value === undefined ? '' : typeof value === 'string' ? value : String(value);
}

/**
 * Occurrences as stored: null or absent on events from before aggregation; an unreadable value
 * (converted from a row whose occurrences did not parse) reads as none, so verification names it.
 */
function occurrencesOf(value: unknown): MaskingOccurrence[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value as MaskingOccurrence[];
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      return Array.isArray(parsed) ? (parsed as MaskingOccurrence[]) : [];
    } catch {
      return [];
    }
  }
  return [];
}

/** An event of the batch that is not an object (an edited row): empty fields, which verification reports. */
function blank(sessionId: string, seq: number): MaskingEventRecord {
  return { sessionId, seq, at: '', location: '', detector: '', hmac: '', keyId: '', replacement: '', count: 1, occurrences: [] };
}

/**
 * The events a stored batch holds, parsed without trusting the row: an edited row must be
 * reported by verification, not crash a reader. A batch whose JSON does not parse reads as its
 * `event_count` blank events (verification then says they were edited).
 */
export function eventsOfBatch(row: SqlRow): MaskingEventRecord[] {
  const sessionId = text(row['session_id']);
  const firstSeq = Number(row['first_seq']);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text(row['events_json']));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed)) {
    const count = Number(row['event_count']);
    return Array.from({ length: Number.isFinite(count) && count > 0 ? count : 0 }, (_, i) => blank(sessionId, firstSeq + i));
  }
  const events: MaskingEventRecord[] = [];
  for (let i = 0; i < parsed.length; i++) {
    const e: unknown = parsed[i];
    if (typeof e !== 'object' || e === null || Array.isArray(e)) {
      events.push(blank(sessionId, firstSeq + i));
      continue;
    }
    const o = e as Record<string, unknown>;
    events.push({
      sessionId,
      seq: typeof o['seq'] === 'number' ? o['seq'] : firstSeq + i,
      at: text(o['at']),
      location: text(o['location']),
      detector: text(o['detector']),
      hmac: text(o['hmac']),
      keyId: text(o['keyId']),
      replacement: text(o['replacement']),
      count: typeof o['count'] === 'number' ? o['count'] : 1,
      occurrences: occurrencesOf(o['occurrences']),
    });
  }
  return events;
}

/** The events of batches read in (session, first seq) order, each session's in seq order. */
export function eventsOfBatches(rows: readonly SqlRow[]): MaskingEventRecord[] {
  const events: MaskingEventRecord[] = [];
  let sessionStart = 0;
  let ordered = true;
  for (const row of rows) {
    for (const event of eventsOfBatch(row)) {
      const previous = events[events.length - 1];
      if (previous && previous.sessionId !== event.sessionId) {
        if (!ordered) sortSeqs(events, sessionStart);
        sessionStart = events.length;
        ordered = true;
      } else if (previous && previous.seq > event.seq) {
        ordered = false;
      }
      events.push(event);
    }
  }
  if (!ordered) sortSeqs(events, sessionStart);
  return events;
}

/** Sorts events[from..] by seq, in place (only rows edited by hand are ever out of order). */
function sortSeqs(events: MaskingEventRecord[], from: number): void {
  const tail = events.splice(from).sort((a, b) => a.seq - b.seq);
  events.push(...tail);
}

/** Splits events into runs a batch can hold: one session, consecutive seqs. */
function runsOf(events: readonly MaskingEventRecord[]): Array<readonly MaskingEventRecord[]> {
  const runs: Array<readonly MaskingEventRecord[]> = [];
  let from = 0;
  for (let i = 1; i <= events.length; i++) {
    const previous = events[i - 1] as MaskingEventRecord;
    const event = events[i];
    if (event === undefined || event.sessionId !== previous.sessionId || event.seq !== previous.seq + 1) {
      // The whole list when it is one run: the seal built its canonical text for this very list.
      runs.push(from === 0 && i === events.length ? events : events.slice(from, i));
      from = i;
    }
  }
  return runs;
}

/**
 * Inserts a batch unless its seqs overlap a batch already stored for the session (then the unit
 * numbered its events from a stale count, and fails as a clash would). Batches never overlap, so
 * the one with the greatest first seq below this batch's end is the only one to look at.
 */
const INSERT_BATCH = `INSERT INTO masking_batches (session_id, first_seq, event_count, events_json)
  SELECT ?, CAST(? AS INTEGER), CAST(? AS INTEGER), ?
  WHERE NOT EXISTS (
    SELECT 1 FROM (SELECT first_seq, event_count FROM masking_batches WHERE session_id = ? AND first_seq < ? ORDER BY first_seq DESC LIMIT 1) p
    WHERE p.first_seq + p.event_count > ?)
  RETURNING id`;

/**
 * Batches gathered from a flush's units, each row (session, first seq, count, events, prefixes as
 * a JSON array): inserted unless its seqs overlap a stored batch (every row must be, or the flush
 * fails and each unit runs again alone, refused there), then their look-up entries by (session,
 * first seq), which the unique index finds. One batch per session in a flush (`distinct`): the
 * inserts do not see each other.
 */
const gatheredBatches = new WeakMap<NonNullable<SqlDialect['jsonRows']>, GuardedWrite>();

function gatheredBatch(rows: NonNullable<SqlDialect['jsonRows']>): GuardedWrite {
  let write = gatheredBatches.get(rows);
  if (write === undefined) {
    const v = (k: number): string => rows.value('r', k);
    write = {
      statements: [
        {
          sql: `INSERT INTO masking_batches (session_id, first_seq, event_count, events_json)
            SELECT ${v(0)}, ${v(1)}, ${v(2)}, ${v(3)} FROM ${rows.from('r')}
            WHERE COALESCE((SELECT p.first_seq + p.event_count FROM masking_batches p
              WHERE p.session_id = ${v(0)} AND p.first_seq < ${v(1)} + ${v(2)} ORDER BY p.first_seq DESC LIMIT 1), 0) <= ${v(1)}`,
          everyRow: true,
          values: [0, 1, 2, 3],
        },
        {
          // The session, the first seq and the prefixes only: not the events again.
          sql: `INSERT INTO masking_subjects_recent (batch_id, hmac_prefix)
            SELECT b.id, p.value FROM ${rows.from('r')}, masking_batches b, ${rows.elements(v(2), 'p')}
            WHERE b.session_id = ${v(0)} AND b.first_seq = ${v(1)}`,
          everyRow: false,
          values: [0, 1, 4],
        },
      ],
      distinct: 0,
    };
    gatheredBatches.set(rows, write);
  }
  return write;
}

/**
 * The longest events text a batch is gathered with (as JSON, read back by SQLite's JSON functions);
 * a longer one (a stream's batch of thousands of events, a large answer's) is bound to a statement
 * of its own. Gathered, its text is escaped into the rows' JSON and SQLite parses and copies it
 * several times over on whichever pool thread runs the flush: buffers of megabytes that glibc,
 * once it has freed one such mapping, serves from that thread's arena and keeps. The 1 GB stream's
 * three busiest arenas held about 9 MB more each (docs/performance.md, "The stream's native memory").
 * glibc maps anything larger than 128 KiB by default until then; a masked 1 KB answer's text is a
 * few KB.
 */
const GATHERED_BATCH_CHARS = 128 * 1024;

/** Where SQLite writes a batch's look-up entries: appended by batch id (migration 009), moved by `mergeRecentSubjects`. */
const RECENT_SUBJECT_INSERT = rowInsert('masking_subjects_recent', ['batch_id', 'hmac_prefix']);

/** Batches whose recent look-up entries one move takes (it holds the writer for a few ms at most). */
const MERGE_BATCHES = 64;

/**
 * Moves the recent look-up entries of the oldest batches, up to batch `last`, into
 * `masking_subjects`: each of its pages written once for many writes, not once per write. Inside
 * a unit of work, so a look-up (which reads both tables) finds each entry in one or the other.
 * Resolves true while entries up to `last` are left (entries of later writes wait for the next
 * move, so a move ends however fast writes arrive).
 */
export async function mergeRecentSubjects(sql: SqlExecutor, last: number): Promise<boolean> {
  const oldest = await sql.get<{ first: SqlParam }>('SELECT MIN(batch_id) AS first FROM masking_subjects_recent');
  if (oldest?.first === null || oldest?.first === undefined || Number(oldest.first) > last) return false;
  const below = Math.min(Number(oldest.first) + MERGE_BATCHES, last + 1);
  await sql.run(
    'INSERT INTO masking_subjects (hmac_prefix, batch_id) SELECT hmac_prefix, batch_id FROM masking_subjects_recent WHERE batch_id < ? ON CONFLICT DO NOTHING',
    [below],
  );
  await sql.run('DELETE FROM masking_subjects_recent WHERE batch_id < ?', [below]);
  return below <= last;
}

/**
 * Inserts the batches of `events`. `rows`, a unit of work's: where the look-up's rows go once a
 * batch's id is known (gathered with the flush's others into one statement, when it can).
 */
export async function insertBatches(
  sql: SqlExecutor,
  dialect: SqlDialect,
  events: readonly MaskingEventRecord[],
  rows?: RowSink,
  guarded?: GuardedSink,
): Promise<void> {
  for (const run of runsOf(events)) {
    const first = run[0] as MaskingEventRecord;
    const end = first.seq + run.length;
    const canonical = canonicalMaskingEvents(run);
    const prefixes = new Set<string>();
    for (const event of run) prefixes.add(event.hmac.slice(0, HMAC_PREFIX_DIGITS));
    if (
      dialect.jsonRows &&
      canonical.length <= GATHERED_BATCH_CHARS &&
      guarded?.(gatheredBatch(dialect.jsonRows), [first.sessionId, first.seq, run.length, canonical, JSON.stringify([...prefixes])])
    )
      continue;
    const batch = [first.sessionId, first.seq, run.length, canonical, first.sessionId, end, first.seq];
    let id: SqlParam | undefined;
    if (dialect.writingWith) {
      // One round trip: on PostgreSQL every write transaction holds the chain's lock, so each one counts.
      const row = await sql.get(
        `WITH b AS (${INSERT_BATCH}),
         s AS (INSERT INTO masking_subjects (hmac_prefix, batch_id) SELECT p.value, b.id FROM b, ${dialect.jsonTextParam('p')} ON CONFLICT DO NOTHING)
         SELECT id FROM b`,
        [...batch, JSON.stringify([...prefixes])],
      );
      id = row?.['id'] as SqlParam | undefined;
    } else {
      // `all`, not `get`: a statement stopped after its first row is reset, one more round trip.
      const [row] = await sql.all(INSERT_BATCH, batch);
      const batchId = row?.['id'] as SqlParam | undefined;
      id = batchId;
      // A batch's prefixes are distinct and its id new: no look-up row can conflict. Keyed by the
      // batch, they append at the end of the recent table (migration 009), not at 30 random pages.
      if (batchId !== undefined && rows)
        await rows(
          RECENT_SUBJECT_INSERT,
          [...prefixes].map((prefix) => [batchId, prefix]),
        );
      else if (batchId !== undefined)
        await sql.run(
          `INSERT INTO masking_subjects_recent (batch_id, hmac_prefix) SELECT CAST(? AS BIGINT), p.value FROM ${dialect.jsonTextParam('p')} WHERE true ON CONFLICT DO NOTHING`,
          [batchId, JSON.stringify([...prefixes])],
        );
    }
    if (id === undefined)
      throw new StoreError(`masking events ${first.seq}–${end - 1} of session ${first.sessionId} overlap events already recorded`);
  }
}
