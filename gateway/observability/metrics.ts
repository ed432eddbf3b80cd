/**
 * Prometheus metrics (`/metrics`). One registry per gateway instance, so tests and several
 * in-process gateways do not share counters.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { StepHistogram } from './stepHistogram.js';

export interface GatewayMetrics {
  readonly registry: Registry;
  /** Requests by route kind, policy decision and HTTP status. */
  readonly requests: Counter<'route' | 'decision' | 'status'>;
  readonly requestDuration: Histogram<'route'>;
  readonly upstreamDuration: Histogram<'upstream' | 'outcome'>;
  readonly authRejections: Counter<'reason'>;
  readonly maskedValues: Counter<'detector'>;
  readonly storeFailures: Counter<'operation'>;
  /** Time in each step of the request path, by entry point and outcome. */
  readonly stepDuration: StepHistogram;
  /** Whole JSON responses being masked (`running`) and waiting for their turn (`waiting`). */
  readonly maskingJobs: Gauge<'state'>;
  /** Body bytes held across calls (server.bodyBytesInFlight), and calls waiting for room. */
  readonly bodyBytesInFlight: Gauge;
  readonly bodyBudgetWaiting: Gauge;
  /** Calls refused because their bodies did not fit in time (503 body_budget_busy). */
  readonly bodyBudgetRefusals: Counter;
  /** Heap of masking events held until recorded (server.eventBytesInFlight), answers waiting for room, and refusals (503 recording_busy). */
  readonly eventBytesInFlight: Gauge;
  readonly eventBudgetWaiting: Gauge;
  readonly eventBudgetRefusals: Counter;
}

export function createMetrics(options: { readonly defaultMetrics?: boolean } = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'autogen_gate_' });
  const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
  return {
    registry,
    requests: new Counter({
      name: 'autogen_gate_requests_total',
      help: 'Requests handled, by route kind, policy decision and HTTP status.',
      labelNames: ['route', 'decision', 'status'],
      registers: [registry],
    }),
    requestDuration: new Histogram({
      name: 'autogen_gate_request_duration_seconds',
      help: 'Time from request arrival to response end.',
      labelNames: ['route'],
      buckets: latencyBuckets,
      registers: [registry],
    }),
    upstreamDuration: new Histogram({
      name: 'autogen_gate_upstream_duration_seconds',
      help: 'Time the upstream took to answer.',
      labelNames: ['upstream', 'outcome'],
      buckets: latencyBuckets,
      registers: [registry],
    }),
    authRejections: new Counter({
      name: 'autogen_gate_auth_rejections_total',
      help: 'Requests refused at authentication, by reason.',
      labelNames: ['reason'],
      registers: [registry],
    }),
    maskedValues: new Counter({
      name: 'autogen_gate_masked_values_total',
      help: 'Personal-data values masked, by detector.',
      labelNames: ['detector'],
      registers: [registry],
    }),
    stepDuration: new StepHistogram({
      name: 'autogen_gate_step_duration_seconds',
      help: 'Time in each step of the request path (identify, limit, route, parse, inspect, authorize, hold, record, forward, mask, complete).',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 2.5, 10, 60],
      registers: [registry],
    }),
    maskingJobs: new Gauge({
      name: 'autogen_gate_masking_jobs',
      help: 'Whole JSON responses being masked (state="running") and waiting for their turn (state="waiting"); see server.maskingBytes and server.maskingQueue.',
      labelNames: ['state'],
      registers: [registry],
    }),
    bodyBytesInFlight: new Gauge({
      name: 'autogen_gate_body_bytes_in_flight',
      help: 'Bytes of request and response bodies the gateway holds now, across calls; see server.bodyBytesInFlight.',
      registers: [registry],
    }),
    bodyBudgetWaiting: new Gauge({
      name: 'autogen_gate_body_budget_waiting',
      help: 'Calls waiting for room in server.bodyBytesInFlight.',
      registers: [registry],
    }),
    bodyBudgetRefusals: new Counter({
      name: 'autogen_gate_body_budget_refusals_total',
      help: 'Calls refused with 503 body_budget_busy (their bodies found no room in server.bodyBytesInFlight within server.bodyBytesWait).',
      registers: [registry],
    }),
    eventBytesInFlight: new Gauge({
      name: 'autogen_gate_event_bytes_in_flight',
      help: 'Heap (estimated) the masking events of answers being masked or waiting for their record hold now; see server.eventBytesInFlight.',
      registers: [registry],
    }),
    eventBudgetWaiting: new Gauge({
      name: 'autogen_gate_event_budget_waiting',
      help: 'Answers waiting for room in server.eventBytesInFlight before they are masked.',
      registers: [registry],
    }),
    eventBudgetRefusals: new Counter({
      name: 'autogen_gate_event_budget_refusals_total',
      help: 'Answers refused with 503 recording_busy (no room in server.eventBytesInFlight within server.eventBytesWait).',
      registers: [registry],
    }),
    storeFailures: new Counter({
      name: 'autogen_gate_store_failures_total',
      help: 'Store writes that failed (each refused its request).',
      labelNames: ['operation'],
      registers: [registry],
    }),
  };
}
