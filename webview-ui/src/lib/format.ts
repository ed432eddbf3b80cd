/** Formatting of times, durations and values for the webviews (English, the user's time zone). */

/** `2026-11-25 14:03` in the user's time zone (ISO order: sortable and unambiguous). */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** `850 ms`, `1.2 s`, `3 min 5 s`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

/** A countdown: `23 h 59 min`, `4 min 05 s`, `12 s`; `expired` at or below zero. */
export function formatCountdown(ms: number): string {
  if (ms <= 0) return 'expired';
  const total = Math.floor(ms / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
  return `${seconds} s`;
}

/** `just now`, `5 min ago`, `3 h ago`, `2 d ago`. */
export function formatAge(ms: number): string {
  if (ms < 45_000) return 'just now';
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min ago`;
  if (ms < 86_400_000) return `${Math.round(ms / 3_600_000)} h ago`;
  return `${Math.round(ms / 86_400_000)} d ago`;
}

/** Pretty JSON for display (masked data only ever reaches the webview). */
export function formatJson(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}

/** `run status` → words. */
export function statusLabel(status: string): string {
  return (
    (
      {
        pending_approval: 'Waiting for approval',
        approved: 'Approved',
        running: 'Running',
        succeeded: 'Succeeded',
        failed: 'Failed',
        denied: 'Denied by policy',
        approval_denied: 'Approval denied',
        expired: 'Expired',
        cancelled: 'Cancelled',
        interrupted: 'Interrupted',
        submitting: 'Starting',
        pending: 'Pending',
        executed: 'Executed',
        revoked: 'Revoked',
      } as Record<string, string>
    )[status] ?? status
  );
}

export function decisionLabel(decision: string): string {
  return ({ allow: 'Allowed', deny: 'Denied', approval: 'Approval required' } as Record<string, string>)[decision] ?? decision;
}

/** Count per detector as `cpf 3 · name 4`. */
export function formatByDetector(byDetector: Readonly<Record<string, number>>): string {
  const entries = Object.entries(byDetector).filter(([, count]) => count > 0);
  return entries.length === 0 ? 'nothing' : entries.map(([detector, count]) => `${detector} ${count}`).join(' · ');
}
