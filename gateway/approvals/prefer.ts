/**
 * `Prefer: wait=N` (RFC 7240 §4.3) and `?wait=N`: how long a simple client is willing to wait for
 * a held run to finish, clamped to the gateway's `approvals.maxWait`.
 */

/** The `wait` preference in seconds, or undefined when the header states none (or is malformed). */
export function preferredWaitSeconds(header: string | readonly string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const text = Array.isArray(header) ? header.join(',') : (header as string);
  for (const preference of text.split(',')) {
    // Each preference is `token [= value] *( ";" parameter )`; parameters do not matter for wait.
    const [head = ''] = preference.split(';');
    const match = /^\s*wait\s*=\s*"?([0-9]{1,9})"?\s*$/i.exec(head);
    if (match?.[1] !== undefined) return Number(match[1]);
  }
  return undefined;
}

/** Parses `?wait=` (seconds, an integer); undefined when absent, 'invalid' when not a number. */
export function waitQuerySeconds(value: unknown): number | undefined | 'invalid' {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[0-9]{1,9}$/.test(value)) return 'invalid';
  return Number(value);
}

/** Seconds actually applied: at most the configured maximum. */
export function clampWait(seconds: number, maxWaitMs: number): number {
  return Math.max(0, Math.min(seconds, Math.floor(maxWaitMs / 1000)));
}
