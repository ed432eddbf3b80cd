/**
 * A digest of the masking events written in one unit of work, recorded in that unit's audit
 * entry. Masking events live in their own table (one row per distinct masked value and write,
 * with its count and kept occurrences); the digest makes them as tamper-evident as the chain:
 * editing, adding or deleting an event, or changing its count or occurrences, changes it.
 */
import { canonicalJson } from './canonical.js';
import { sha256Hex } from './sha256.js';
import type { MaskingEventRecord } from '../store/types.js';

/** A masking event as sealed: everything but the session it belongs to (the entry names it). */
export type DigestableMaskingEvent = Omit<MaskingEventRecord, 'sessionId'>;

/** What an audit entry says about the masking events its unit wrote. */
export interface MaskingEventsSeal {
  /** Seq (within the session) of the first event written. */
  readonly firstSeq: number;
  readonly count: number;
  /** SHA-256 of the canonical JSON list of those events. */
  readonly digest: string;
}

/** The event's fields when each is what the shape says (undefined: the generic form decides). */
function shaped(e: DigestableMaskingEvent): DigestableMaskingEvent | undefined {
  const { at, count, detector, hmac, keyId, location, occurrences, replacement, seq } = e as Partial<DigestableMaskingEvent>;
  if (
    typeof at !== 'string' ||
    typeof detector !== 'string' ||
    typeof hmac !== 'string' ||
    typeof keyId !== 'string' ||
    typeof location !== 'string' ||
    typeof replacement !== 'string' ||
    typeof seq !== 'number' ||
    !Number.isFinite(seq) ||
    (occurrences !== undefined && (typeof count !== 'number' || !Number.isFinite(count)))
  ) {
    return undefined;
  }
  return e;
}

/**
 * One event's canonical JSON, written directly into `out` (its keys are fixed, so already in
 * canonical order): a masked response can carry thousands of events, and the generic form sorts
 * each event's keys anew. False, with nothing written, when a field is not what the shape says
 * (the generic form decides).
 */
function canonicalEvent(e: DigestableMaskingEvent, out: string[]): boolean {
  const fields = shaped(e);
  if (fields === undefined) return false;
  const { at, count, detector, hmac, keyId, location, occurrences, replacement, seq } = fields;
  out.push('{"at":', JSON.stringify(at));
  if (occurrences !== undefined) out.push(',"count":', String(count));
  out.push(',"detector":', JSON.stringify(detector), ',"hmac":', JSON.stringify(hmac), ',"keyId":', JSON.stringify(keyId));
  out.push(',"location":', JSON.stringify(location));
  if (occurrences !== undefined) {
    out.push(',"occurrences":');
    canonicalOccurrences(occurrences, out);
  }
  out.push(',"replacement":', JSON.stringify(replacement), ',"seq":', String(seq), '}');
  return true;
}

/**
 * Kept occurrences as the engine reports them ({location} or {location, original: {offset,
 * length}}), written directly into `out`; anything else in the generic form.
 */
function canonicalOccurrences(occurrences: unknown, out: string[]): void {
  if (!Array.isArray(occurrences)) {
    out.push(canonicalJson(occurrences));
    return;
  }
  out.push('[');
  for (let i = 0; i < occurrences.length; i++) {
    const o: unknown = occurrences[i];
    if (i > 0) out.push(',');
    if (!canonicalOccurrence(o, out)) out.push(canonicalJson(o));
  }
  out.push(']');
}

function canonicalOccurrence(o: unknown, out: string[]): boolean {
  if (typeof o !== 'object' || o === null) return false;
  const { location, original } = o as { location?: unknown; original?: unknown };
  if (typeof location !== 'string') return false;
  const keys = Object.keys(o).length;
  if (original === undefined) {
    if (keys !== 1) return false;
    out.push('{"location":', JSON.stringify(location), '}');
    return true;
  }
  if (keys !== 2 || typeof original !== 'object' || original === null || Object.keys(original).length !== 2) return false;
  const { offset, length } = original as { offset?: unknown; length?: unknown };
  if (typeof offset !== 'number' || typeof length !== 'number' || !Number.isFinite(offset) || !Number.isFinite(length)) return false;
  out.push('{"location":', JSON.stringify(location), ',"original":{"length":', String(length), ',"offset":', String(offset), '}}');
  return true;
}

/** The canonical JSON list of a write's events, built once per list (the seal and the store both take it). */
const canonicalLists = new WeakMap<readonly DigestableMaskingEvent[], string>();

/**
 * The canonical JSON list of these events, as the seal digests it; the store keeps this very text
 * (gateway/store/sql/sessionRepository.ts), so a write serialises its events once. Lists are
 * remembered by identity: do not change a list after sealing or storing it.
 */
export function canonicalMaskingEvents(events: readonly DigestableMaskingEvent[]): string {
  const known = canonicalLists.get(events);
  if (known !== undefined) return known;
  const list = canonicalList(events);
  canonicalLists.set(events, list);
  return list;
}

export function maskingEventsDigest(events: readonly DigestableMaskingEvent[]): string {
  return sha256Hex(canonicalMaskingEvents(events));
}

/**
 * The event with its keys in canonical order, for `JSON.stringify` to write as `canonicalEvent`
 * would (the same checks; undefined where it would decline). Kept occurrences already in
 * canonical form (as `aggregateMaskingEvents` makes them) go as they are, not copied.
 */
function orderedEvent(e: DigestableMaskingEvent): object | undefined {
  const fields = shaped(e);
  if (fields === undefined) return undefined;
  const { at, count, detector, hmac, keyId, location, occurrences, replacement, seq } = fields;
  if (occurrences === undefined) return { at, detector, hmac, keyId, location, replacement, seq };
  if (!Array.isArray(occurrences)) return undefined;
  // The array itself only when it is a plain one (no `toJSON` of its own to call).
  let kept: readonly unknown[] =
    Object.getPrototypeOf(occurrences) === Array.prototype && !Object.hasOwn(occurrences, 'toJSON') ? occurrences : [];
  for (let i = 0; i < occurrences.length; i++) {
    const o: unknown = occurrences[i];
    if (canonicalOrder(o)) {
      if (kept !== occurrences) (kept as unknown[]).push(o);
      continue;
    }
    const ordered = orderedOccurrence(o);
    if (ordered === undefined) return undefined;
    if (kept === occurrences) kept = occurrences.slice(0, i);
    (kept as unknown[]).push(ordered);
  }
  return { at, count, detector, hmac, keyId, location, occurrences: kept, replacement, seq };
}

/** Own enumerable keys, counted without the array `Object.keys` makes. */
function keyCount(o: object): number {
  let n = 0;
  for (const key in o) if (Object.hasOwn(o, key)) n++;
  return n;
}

/** The two keys `JSON.stringify` writes of `o`, if it has exactly two own enumerable keys. */
function twoKeys(o: object): [string, string] | undefined {
  let first: string | undefined;
  let second: string | undefined;
  let n = 0;
  for (const key in o) {
    if (!Object.hasOwn(o, key)) continue;
    if (n === 0) first = key;
    else if (n === 1) second = key;
    n++;
  }
  return n === 2 && first !== undefined && second !== undefined ? [first, second] : undefined;
}

/**
 * Whether `JSON.stringify` writes this occurrence in canonical form as it is: `{location}` or
 * `{location, original: {length, offset}}`, keys in that order, numbers finite.
 */
function canonicalOrder(o: unknown): boolean {
  // Plain objects only: another prototype could give `JSON.stringify` a `toJSON` to call.
  if (typeof o !== 'object' || o === null || Object.getPrototypeOf(o) !== Object.prototype) return false;
  const { location, original } = o as { location?: unknown; original?: unknown };
  if (typeof location !== 'string') return false;
  if (original === undefined) return keyCount(o) === 1;
  const keys = twoKeys(o);
  if (keys?.[0] !== 'location' || keys[1] !== 'original') return false;
  if (typeof original !== 'object' || original === null || Object.getPrototypeOf(original) !== Object.prototype) return false;
  const inner = twoKeys(original);
  if (inner?.[0] !== 'length' || inner[1] !== 'offset') return false;
  const { offset, length } = original as { offset?: unknown; length?: unknown };
  return typeof offset === 'number' && typeof length === 'number' && Number.isFinite(offset) && Number.isFinite(length);
}

/** An occurrence with its keys in canonical order (undefined where `canonicalOccurrence` declines). */
function orderedOccurrence(o: unknown): object | undefined {
  if (typeof o !== 'object' || o === null) return undefined;
  const { location, original } = o as { location?: unknown; original?: unknown };
  if (typeof location !== 'string') return undefined;
  const keys = keyCount(o);
  if (original === undefined) return keys === 1 ? { location } : undefined;
  if (keys !== 2 || typeof original !== 'object' || original === null || keyCount(original) !== 2) return undefined;
  const { offset, length } = original as { offset?: unknown; length?: unknown };
  if (typeof offset !== 'number' || typeof length !== 'number' || !Number.isFinite(offset) || !Number.isFinite(length)) return undefined;
  return { location, original: { length, offset } };
}

function canonicalList(events: readonly DigestableMaskingEvent[]): string {
  // Events of the shape the engine writes go through one JSON.stringify of objects whose keys are
  // in canonical order: the same text (JSON.stringify writes strings and finite numbers as
  // canonicalJson does, and leaves no space), written into one buffer. Built piece by piece, a
  // masked 1 KB answer's 30 events were about 900 strings and a tenth of all the gateway allocated.
  const ordered: object[] = [];
  for (const e of events) {
    const o = orderedEvent(e);
    if (o === undefined) return canonicalPieces(events);
    ordered.push(o);
  }
  return JSON.stringify(ordered);
}

function canonicalPieces(events: readonly DigestableMaskingEvent[]): string {
  // Pieces joined once into one flat string. Built by `+=`, the list was a rope of about 30
  // pieces an event, each piece and rope node alive until the list was flattened: a heap snapshot
  // of 64 KB answers waiting for the store held 5 million rope nodes (161 MB) this way.
  const out: string[] = ['['];
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as DigestableMaskingEvent;
    if (i > 0) out.push(',');
    if (canonicalEvent(e, out)) continue;
    out.push(
      canonicalJson({
        seq: e.seq,
        at: e.at,
        location: e.location,
        detector: e.detector,
        hmac: e.hmac,
        keyId: e.keyId,
        replacement: e.replacement,
        // Rows recorded one per occurrence (before aggregation) were sealed without these.
        ...(e.occurrences === undefined ? {} : { count: e.count, occurrences: e.occurrences }),
      }),
    );
  }
  out.push(']');
  return out.join('');
}

export function sealMaskingEvents(firstSeq: number, events: readonly DigestableMaskingEvent[]): MaskingEventsSeal {
  return { firstSeq, count: events.length, digest: maskingEventsDigest(events) };
}

/** Reads a seal back from an audit entry's data, if it has a well-formed one. */
export function sealOf(data: Readonly<Record<string, unknown>>): MaskingEventsSeal | undefined {
  const seal = data['maskingEvents'];
  if (typeof seal !== 'object' || seal === null) return undefined;
  const s = seal as Record<string, unknown>;
  return typeof s['firstSeq'] === 'number' && typeof s['count'] === 'number' && typeof s['digest'] === 'string'
    ? { firstSeq: s['firstSeq'], count: s['count'], digest: s['digest'] }
    : undefined;
}
