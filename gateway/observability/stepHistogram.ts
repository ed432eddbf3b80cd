/**
 * The request path's step durations as a Prometheus histogram. Every request observes a dozen
 * steps; prom-client's Histogram validates and hashes a label object on each observation, which
 * on the hot path cost more than most steps themselves. Here a step's series is found through
 * three small maps of constant strings and observing is two additions; the exposition format is
 * prom-client's (the registry formats what `get` returns), so `/metrics` reads the same.
 */
import type { Registry } from 'prom-client';

/** One label combination's buckets (not cumulative), sum and count. */
class Series {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Readonly<Record<'entry' | 'step' | 'outcome', string>>,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length);
  }

  observe(seconds: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && seconds > (bounds[i] as number)) i++;
    if (i < bounds.length) this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.sum += seconds;
    this.count++;
  }
}

interface MetricValue {
  readonly value: number;
  readonly labels: Readonly<Record<string, string | number>>;
  /** The series' labels; the registry writes them after `labels` (prom-client's order). */
  readonly sharedLabels: Readonly<Record<string, string>>;
  readonly metricName: string;
}

export interface StepHistogramOptions {
  readonly name: string;
  readonly help: string;
  readonly buckets: readonly number[];
  readonly registers: readonly Registry[];
}

export class StepHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly name: string;
  readonly help: string;
  private readonly buckets: readonly number[];
  private readonly series = new Map<string, Map<string, Map<string, Series>>>();

  constructor(options: StepHistogramOptions) {
    this.name = options.name;
    this.help = options.help;
    this.buckets = [...options.buckets].sort((a, b) => a - b);
    for (const registry of options.registers) registry.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  observe(entry: string, step: string, outcome: string, seconds: number): void {
    let steps = this.series.get(entry);
    if (!steps) this.series.set(entry, (steps = new Map()));
    let outcomes = steps.get(step);
    if (!outcomes) steps.set(step, (outcomes = new Map()));
    let series = outcomes.get(outcome);
    if (!series) outcomes.set(outcome, (series = new Series({ entry, step, outcome }, this.buckets)));
    series.observe(seconds);
  }

  /** What the registry formats: cumulative buckets with `le`, then `_sum` and `_count`, per series. */
  get(): Promise<{ name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: MetricValue[] }> {
    const values: MetricValue[] = [];
    for (const steps of this.series.values()) {
      for (const outcomes of steps.values()) {
        for (const series of outcomes.values()) {
          let cumulative = 0;
          for (const [index, bound] of this.buckets.entries()) {
            cumulative += series.counts[index] ?? 0;
            values.push({ value: cumulative, labels: { le: bound }, sharedLabels: series.labels, metricName: `${this.name}_bucket` });
          }
          values.push({ value: series.count, labels: { le: '+Inf' }, sharedLabels: series.labels, metricName: `${this.name}_bucket` });
          values.push({ value: series.sum, labels: {}, sharedLabels: series.labels, metricName: `${this.name}_sum` });
          values.push({ value: series.count, labels: {}, sharedLabels: series.labels, metricName: `${this.name}_count` });
        }
      }
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }

  reset(): void {
    this.series.clear();
  }
}
