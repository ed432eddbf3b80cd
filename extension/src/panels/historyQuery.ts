/** The history panel's filters as the gateway's session query (vscode-free, unit-tested). */
import type { HistoryFilters } from '../../../webview-ui/src/protocol.js';
import type { SessionQuery } from '../../../gateway/api/client/gatewayClient.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A `YYYY-MM-DD` day in the user's time zone as an instant: its first millisecond (`from`) or
 * its last (`to`), so "from 25 to 25 November" means all of that day where the user is.
 */
export function dayBound(day: string, edge: 'start' | 'end'): string | undefined {
  const match = DAY.exec(day.trim());
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const at = edge === 'start' ? new Date(year, month, date, 0, 0, 0, 0) : new Date(year, month, date, 23, 59, 59, 999);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

export function sessionQuery(filters: HistoryFilters, cursor: string | undefined, limit: number): SessionQuery {
  const text = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value.trim());
  const from = text(filters.from);
  const to = text(filters.to);
  return {
    limit,
    ...(text(filters.subject) ? { subject: text(filters.subject) } : {}),
    ...(text(filters.generator) ? { generator: text(filters.generator) } : {}),
    ...(filters.decision ? { decision: filters.decision } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    // A value that is not a day is passed as is: the gateway explains what it expects.
    ...(from ? { from: dayBound(from, 'start') ?? from } : {}),
    ...(to ? { to: dayBound(to, 'end') ?? to } : {}),
    ...(cursor ? { cursor } : {}),
  };
}
