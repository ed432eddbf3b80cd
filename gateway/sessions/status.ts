/**
 * A session's lifecycle, as the store records it and a run shows it on the wire. Defined here,
 * apart from both, so the store does not depend on the HTTP API nor the API on the store.
 */

/** Every status, in lifecycle order (query filters accept exactly these). */
export const RUN_STATUSES = [
  'pending_approval',
  'approved',
  'running',
  'succeeded',
  'failed',
  'denied',
  'approval_denied',
  'expired',
  'cancelled',
  /** The gateway (or replica) that held it in flight stopped: closed at the next start, or by a live replica; never retried. */
  'interrupted',
] as const;

export type RunStatus = (typeof RUN_STATUSES)[number];

/** Statuses a run moves on from: waiting for approvers, approved and queued, running. */
const OPEN: readonly RunStatus[] = ['pending_approval', 'approved', 'running'];

/** Statuses after which a run never changes again. */
export const FINAL_RUN_STATUSES: readonly RunStatus[] = RUN_STATUSES.filter((status) => !OPEN.includes(status));
