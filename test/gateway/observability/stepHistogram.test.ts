/**
 * The step-duration histogram must read on /metrics exactly as prom-client's own histogram would
 * with the same observations: dashboards and alerts were written against that output.
 */
import { strict as assert } from 'node:assert';
import { Histogram, Registry } from 'prom-client';
import { StepHistogram } from '../../../gateway/observability/stepHistogram.js';

describe('step-duration histogram', () => {
  it('exposes the same text as a prom-client histogram fed the same observations', async () => {
    const buckets = [0.0001, 0.001, 0.01, 0.1, 1];
    const ours = new Registry();
    const theirs = new Registry();
    const fast = new StepHistogram({ name: 'autogen_gate_step_duration_seconds', help: 'Time in each step.', buckets, registers: [ours] });
    const reference = new Histogram({
      name: 'autogen_gate_step_duration_seconds',
      help: 'Time in each step.',
      labelNames: ['entry', 'step', 'outcome'],
      buckets,
      registers: [theirs],
    });
    const observations: Array<[string, string, string, number]> = [
      ['proxy', 'identify', 'ok', 0.00005],
      ['proxy', 'identify', 'ok', 0.0001],
      ['proxy', 'record', 'ok', 0.002],
      ['proxy', 'record', 'failed', 3],
      ['run', 'forward', 'refused', 0.5],
      ['proxy', 'identify', 'ok', 0.05],
    ];
    for (const [entry, step, outcome, seconds] of observations) {
      fast.observe(entry, step, outcome, seconds);
      reference.observe({ entry, step, outcome }, seconds);
    }
    assert.equal(await ours.metrics(), await theirs.metrics());
    assert.match(
      await ours.metrics(),
      /autogen_gate_step_duration_seconds_bucket\{le="0.0001",entry="proxy",step="identify",outcome="ok"\} 2/,
    );
  });
});
