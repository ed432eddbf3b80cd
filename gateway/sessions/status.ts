/**
 * A session's lifecycle, as the store records it and a run shows it on the wire. Defined here,
 * apart from both, so the store does not depend on the HTTP API nor the API on the store.
 */
export type RunStatus =
  'pending_approval' | 'approved' | 'running' | 'succeeded' | 'failed' | 'denied' | 'approval_denied' | 'expired' | 'cancelled';

/** Every run status, in lifecycle order. */
export const RUN_STATUSES: readonly RunStatus[] = [
  'pending_approval',
  'approved',
  'running',
  'succeeded',
  'failed',
  'denied',
  'approval_denied',
  'expired',
  'cancelled',
];

/** Statuses after which a run never changes again. */
export const FINAL_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'denied', 'approval_denied', 'expired', 'cancelled'];
