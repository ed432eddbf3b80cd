import { strict as assert } from 'node:assert';
import { GateError } from '../../../gateway/errors.js';
import { MaskingQueue } from '../../../gateway/proxy/maskingQueue.js';

/** A job that runs until `finish` is called. */
function held(): { promise: Promise<void>; finish: () => void; started: boolean; job: () => Promise<void> } {
  let finish: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (finish = resolve));
  const state = {
    promise,
    finish: () => finish(),
    started: false,
    job: async (): Promise<void> => {
      state.started = true;
      await promise;
    },
  };
  return state;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('MaskingQueue', () => {
  it('runs one budget-sized job at a time and the others in the order they came', async () => {
    const queue = new MaskingQueue({ budgetBytes: 1000, queue: 10, queueWaitMs: 10_000 });
    const [a, b, c] = [held(), held(), held()];
    const order: string[] = [];
    const runs = [
      queue.run(1000, a.job).then(() => order.push('a')),
      queue.run(1000, b.job).then(() => order.push('b')),
      queue.run(1000, c.job).then(() => order.push('c')),
    ];
    await tick();
    assert.deepEqual([a.started, b.started, c.started], [true, false, false]);
    assert.deepEqual(queue.stats, { running: 1, waiting: 2 });
    // The last one ending first changes nothing: b runs next.
    c.finish();
    a.finish();
    await tick();
    assert.deepEqual([b.started, c.started], [true, false]);
    b.finish();
    await Promise.all(runs);
    assert.deepEqual(order, ['a', 'b', 'c']);
    assert.deepEqual(queue.stats, { running: 0, waiting: 0 });
  });

  it('masks small bodies beside a large one while the budget lasts, a larger one alone, and lets none pass one that waits', async () => {
    const queue = new MaskingQueue({ budgetBytes: 1000, queue: 10, queueWaitMs: 10_000 });
    const [large, small, small2, huge, after] = [held(), held(), held(), held(), held()];
    const runs = [queue.run(700, large.job), queue.run(200, small.job), queue.run(100, small2.job)];
    await tick();
    assert.deepEqual([large.started, small.started, small2.started], [true, true, true]);
    // Larger than the whole budget: it waits for every job to end, then runs alone; one behind it waits too.
    runs.push(queue.run(5000, huge.job), queue.run(10, after.job));
    await tick();
    assert.deepEqual([huge.started, after.started], [false, false]);
    large.finish();
    small.finish();
    await tick();
    assert.equal(huge.started, false);
    small2.finish();
    await tick();
    assert.deepEqual([huge.started, after.started], [true, false]);
    huge.finish();
    await tick();
    assert.equal(after.started, true);
    after.finish();
    await Promise.all(runs);
    assert.deepEqual(queue.stats, { running: 0, waiting: 0 });
  });

  it('refuses one more than the queue holds with 503 masking_busy and a Retry-After, at once', async () => {
    const queue = new MaskingQueue({ budgetBytes: 1000, queue: 1, queueWaitMs: 10_000 });
    const [a, b] = [held(), held()];
    const first = queue.run(1000, a.job);
    const second = queue.run(1000, b.job);
    await assert.rejects(
      queue.run(1000, async () => assert.fail('a refused job ran')),
      (error: unknown) => {
        assert.ok(error instanceof GateError);
        assert.equal(error.code, 'masking_busy');
        assert.equal(error.status, 503);
        assert.match(error.headers['Retry-After'] ?? '', /^[1-9][0-9]*$/);
        return true;
      },
    );
    a.finish();
    b.finish();
    await Promise.all([first, second]);
  });

  it('refuses a job that waited longer than queueWaitMs, and admits the next one in its place', async () => {
    const queue = new MaskingQueue({ budgetBytes: 1000, queue: 5, queueWaitMs: 50 });
    const a = held();
    const first = queue.run(1000, a.job);
    const began = performance.now();
    await assert.rejects(
      queue.run(1000, async () => undefined),
      (error: unknown) => error instanceof GateError && error.code === 'masking_busy',
    );
    assert.ok(performance.now() - began >= 45);
    assert.deepEqual(queue.stats, { running: 1, waiting: 0 });
    a.finish();
    await first;
    assert.equal(await queue.run(1000, async () => 'next'), 'next');
  });

  it('lets a job whose caller went away leave the queue without running, with the signal reason', async () => {
    const queue = new MaskingQueue({ budgetBytes: 1000, queue: 5, queueWaitMs: 10_000 });
    const [a, c] = [held(), held()];
    const first = queue.run(1000, a.job);
    const gone = new AbortController();
    const reason = new Error('client gone');
    const second = queue.run(1000, async () => assert.fail('an abandoned job ran'), gone.signal);
    const third = queue.run(1000, c.job);
    await tick();
    gone.abort(reason);
    await assert.rejects(second, (error: unknown) => error === reason);
    assert.deepEqual(queue.stats, { running: 1, waiting: 1 });
    a.finish();
    await first;
    await tick();
    assert.equal(c.started, true);
    c.finish();
    await third;
    await assert.rejects(
      queue.run(1000, async () => undefined, gone.signal),
      (error: unknown) => error === reason,
    );
    assert.deepEqual(queue.stats, { running: 0, waiting: 0 });
  });

  it('holds a slot acquired by hand until it is released, once however often release is called', async () => {
    const queue = new MaskingQueue({ budgetBytes: 1000, queue: 5, queueWaitMs: 10_000 });
    const release = await queue.acquire(1000);
    const b = held();
    const second = queue.run(1000, b.job);
    await tick();
    assert.equal(b.started, false);
    release();
    release();
    await tick();
    assert.equal(b.started, true);
    assert.deepEqual(queue.stats, { running: 1, waiting: 0 });
    b.finish();
    await second;
    assert.deepEqual(queue.stats, { running: 0, waiting: 0 });
  });
});
