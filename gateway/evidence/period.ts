/**
 * Times given to `evidence export --from/--to` and `GET /api/v1/evidence?from=&to=`: an ISO date
 * (`2026-11-01`, midnight UTC), an ISO date-time, or a duration meaning "that long ago" (`30d`).
 */
import { parseDuration } from '../config/duration.js';

export class PeriodError extends Error {
  override readonly name = 'PeriodError';
  readonly code = 'bad_request';
}

export function parseInstant(text: string, now: Date, name: string): Date {
  const trimmed = text.trim();
  const ago = parseDuration(trimmed);
  if (ago !== undefined) return new Date(now.getTime() - ago);
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
    const time = Date.parse(`${trimmed}T00:00:00Z`);
    if (!Number.isNaN(time)) return new Date(time);
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(trimmed)) {
    const time = Date.parse(trimmed);
    if (!Number.isNaN(time)) return new Date(time);
  }
  throw new PeriodError(
    `${name} must be an ISO date (2026-11-01), date-time (2026-11-01T12:00:00Z) or a duration ago (30d); got ${JSON.stringify(text.slice(0, 60))}`,
  );
}

/** A period [from, to): `to` defaults to now; `from` must come before it. */
export function parsePeriod(fromText: string, toText: string | undefined, now: Date): { readonly from: string; readonly to: string } {
  const from = parseInstant(fromText, now, 'from');
  const to = toText === undefined ? now : parseInstant(toText, now, 'to');
  if (from.getTime() >= to.getTime())
    throw new PeriodError(`the period is empty: from (${from.toISOString()}) must be before to (${to.toISOString()})`);
  return { from: from.toISOString(), to: to.toISOString() };
}
