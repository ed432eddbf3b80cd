/** Times and ids as people read them in a terminal: "5 min ago", "in 23 h", "1b2c3d4e". */

function span(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

/** "5 min ago", or "in 23 h" for a time to come. */
export function relative(iso: string | undefined, now: Date = new Date()): string {
  if (!iso) return '—';
  const ms = Date.parse(iso) - now.getTime();
  if (Number.isNaN(ms)) return iso;
  if (Math.abs(ms) < 1000) return 'now';
  return ms < 0 ? `${span(ms)} ago` : `in ${span(ms)}`;
}

/** `2026-11-03 14:05:09 UTC`. */
export function timestamp(iso: string | undefined): string {
  if (!iso) return '—';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** Ids are UUIDs; their first 8 characters tell them apart in a list, and every command accepts them. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
