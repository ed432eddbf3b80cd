/**
 * The largest fields the store records. The request path caps what it records well below these
 * (a path, a header, an error message); the store refuses anything larger, so no caller can
 * grow the append-only records without limit, whatever it forgets to cap. A refusal is a
 * StoreError: the request that would have been recorded is refused, never forwarded unrecorded.
 */
import { StoreError } from './types.js';

export const FIELD_LIMITS = {
  /** Request path and query, as recorded. */
  path: 8192,
  method: 32,
  requestId: 256,
  generator: 256,
  upstream: 256,
  errorCode: 128,
  errorMessage: 4096,
  /** The identity snapshot (claims included), as JSON. */
  identity: 65_536,
  /** One audit entry's data, as JSON. */
  auditData: 262_144,
} as const;

export type LimitedField = keyof typeof FIELD_LIMITS;

/** Refuses a value longer than its field's limit (UTF-16 code units, as JavaScript counts). */
export function checkField(field: LimitedField, value: string | undefined | null): void {
  if (value === undefined || value === null || value.length <= FIELD_LIMITS[field]) return;
  throw new StoreError(
    `the ${field} to record is ${value.length} characters long; the store keeps at most ${FIELD_LIMITS[field]} (the caller must cap it)`,
  );
}
