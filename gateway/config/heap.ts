import { getHeapStatistics } from 'node:v8';

/**
 * `server.heapMb` by default: three quarters of the 512 MiB the deployment manifests allow. Its
 * own module, so the launcher (gateway/cli/heapLimit.ts) reads it without loading the schema.
 */
export const DEFAULT_HEAP_MB = 384;

/**
 * The heap a body byte costs while held, as a share of the heap limit: a JSON body is held raw,
 * as text, parsed, re-serialised and digested, several copies at once (docs/performance.md,
 * "Bytes in flight"). `server.bodyBytesInFlight` defaults to the heap limit over this.
 */
export const BODY_BUDGET_SHARE = 8;

/** `server.bodyBytesInFlight` by default: the heap limit this process really has (however it was set), over BODY_BUDGET_SHARE. */
export function defaultBodyBytesInFlight(): number {
  return Math.floor(getHeapStatistics().heap_size_limit / BODY_BUDGET_SHARE);
}
