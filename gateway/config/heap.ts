import { getHeapStatistics } from 'node:v8';

/**
 * `server.heapMb` by default: three quarters of the 512 MiB the deployment manifests allow, as the
 * container image sets it. Safe since what a call holds is bounded: its bodies
 * (`bodyBytesInFlight`) and its masking events until recorded (`eventBytesInFlight`); without the
 * second, 384 ran the masked gateway out of heap at 64 KB × 256 connections (docs/performance.md,
 * "What a request holds besides its bodies"). Its own module, so the launcher
 * (gateway/cli/heapLimit.ts) reads it without loading the schema.
 */
export const DEFAULT_HEAP_MB = 384;

/** The most `server.bodyBytesInFlight` takes by default, however large the heap. */
const MAX_DEFAULT_BODY_BYTES = 64 * 1024 * 1024;

/**
 * The heap a body byte costs while held, as a share of the heap limit: a JSON body is held raw,
 * as text, parsed, re-serialised and digested, several copies at once (docs/performance.md,
 * "Bytes in flight"). `server.bodyBytesInFlight` defaults to the heap limit over this.
 */
export const BODY_BUDGET_SHARE = 8;

/**
 * `server.bodyBytesInFlight` by default: the heap limit this process really has (however it was
 * set) over BODY_BUDGET_SHARE, and at most 64 MiB.
 */
export function defaultBodyBytesInFlight(): number {
  return Math.min(MAX_DEFAULT_BODY_BYTES, Math.floor(getHeapStatistics().heap_size_limit / BODY_BUDGET_SHARE));
}

/** The most `server.eventBytesInFlight` takes by default, however large the heap. */
const MAX_DEFAULT_EVENT_BYTES = 128 * 1024 * 1024;

/**
 * The heap limit's share the masking events of answers not yet recorded may hold by default
 * (`server.eventBytesInFlight`): a quarter (docs/performance.md, "What a request holds besides
 * its bodies").
 */
export const EVENT_BUDGET_SHARE = 4;

/** `server.eventBytesInFlight` by default: the heap limit over EVENT_BUDGET_SHARE, at most 128 MiB. */
export function defaultEventBytesInFlight(): number {
  return Math.min(MAX_DEFAULT_EVENT_BYTES, Math.floor(getHeapStatistics().heap_size_limit / EVENT_BUDGET_SHARE));
}
