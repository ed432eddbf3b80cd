/**
 * A budget of the heap masking events hold while their answer is masked and recorded
 * (`server.eventBytesInFlight`). The budget of body bytes bounds the bodies; what a masked answer
 * holds besides its body is its events, and an answer dense with personal data holds far more of
 * them than of body: a 64 KB body yields about 1,850 events, each an object with strings, then a
 * row of the store and a piece of the canonical list the audit seal digests, and they stay until
 * the store's next flush has written them. A heap snapshot of the masked gateway out of its
 * 384 MB heap at 64 KB × 256 connections held about 150 such answers waiting for the store, some
 * 2.6 MB each, with 16 MB of bodies (docs/performance.md, "What a request holds besides its
 * bodies").
 *
 * So an answer reserves room for the events it may yield before it is masked (while it waits it
 * holds only its raw bytes, counted in the body budget), and once masked holds what its events
 * cost, until its record is written and the answer sent. One that finds no room waits, first come
 * first served, for `server.eventBytesWait`, then is refused with 503 `recording_busy` and a
 * Retry-After; the gate records the refusal as every refusal, and nothing is answered unmasked or
 * unrecorded. Every event is still recorded: the budget only decides when an answer is masked.
 */
import { GateError } from '../errors.js';
import { BodyBudget, type BodyBudgetConfig } from '../http/bodyBudget.js';
import type { GatewayMetrics } from '../observability/metrics.js';

/**
 * Heap one masking event holds until its write is committed: the engine's occurrence (an object,
 * its location and span), its row for the store and its piece of the canonical list the audit seal
 * digests. Measured held in one process (40 masked answers kept, after full collections): about
 * 935 bytes an event at 64 KB, 1,000 at 1 MB, the masked tree and text included.
 */
export const EVENT_HEAP_BYTES = 1024;

/** Body bytes per event in the densest answers measured (the benchmark's: 1,850 events per 64 KB, 29,398 per 1 MB). */
export const DENSE_BYTES_PER_EVENT = 32;

/** What an answer of `bodyBytes` reserves before it is masked: as many events as the densest answers yield. */
export function expectedEventBytes(bodyBytes: number): number {
  return Math.ceil(bodyBytes / DENSE_BYTES_PER_EVENT) * EVENT_HEAP_BYTES;
}

/** What `events` masking events hold. */
export function eventBytes(events: number): number {
  return events * EVENT_HEAP_BYTES;
}

/** The gateway's one budget of event bytes, reporting to its metrics. */
export function gatewayEventBudget(limits: BodyBudgetConfig, metrics: GatewayMetrics): BodyBudget {
  return new BodyBudget(
    limits,
    ({ heldBytes, waiting }) => {
      metrics.eventBytesInFlight.set(heldBytes);
      metrics.eventBudgetWaiting.set(waiting);
    },
    () => metrics.eventBudgetRefusals.inc(),
    recordingBusy,
  );
}

function recordingBusy(budget: BodyBudget): GateError {
  const { waitMs } = budget.limits;
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new GateError(
    'recording_busy',
    503,
    `The gateway holds as many masking events waiting to be recorded as it may (server.eventBytesInFlight), and this answer waited ${waitMs} ms for room, so it was withheld; nothing was answered unmasked or unrecorded. Try again in ${seconds} s.`,
    { headers: { 'Retry-After': String(seconds) }, detail: { ...budget.stats } },
  );
}
