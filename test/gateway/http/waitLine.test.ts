import { strict as assert } from 'node:assert';
import { WaitLine } from '../../../gateway/http/waitLine.js';

/** A line whose owner admits items while they fit in `room`, counting what left and what was refused. */
function line(options: { waitMs?: number } = {}) {
  const counts = { left: 0, refused: 0 };
  const waits = new WaitLine<number>({
    waitMs: options.waitMs ?? 60_000,
    refusal: () => {
      counts.refused++;
      return new Error('refused');
    },
    afterLeave: () => counts.left++,
  });
  return { waits, counts };
}

/** Settles to what the wait became, without waiting on a clock. */
function outcome(wait: Promise<void>): { state: 'waiting' | 'admitted' | 'rejected'; reason?: unknown } {
  const seen: { state: 'waiting' | 'admitted' | 'rejected'; reason?: unknown } = { state: 'waiting' };
  wait.then(
    () => (seen.state = 'admitted'),
    (reason: unknown) => {
      seen.state = 'rejected';
      seen.reason = reason;
    },
  );
  return seen;
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('wait line', () => {
  it('admits from the head, in order, while the head fits; a later item never passes it', async () => {
    const { waits } = line();
    const first = outcome(waits.wait(60));
    const second = outcome(waits.wait(10));
    const third = outcome(waits.wait(10));
    const entered: number[] = [];
    let room = 50;
    const admit = (): void =>
      waits.admit(
        (bytes) => bytes <= room,
        (bytes) => {
          room -= bytes;
          entered.push(bytes);
        },
      );
    admit();
    await settle();
    assert.deepEqual([first.state, second.state, third.state], ['waiting', 'waiting', 'waiting']);
    room = 75;
    admit();
    await settle();
    assert.deepEqual(entered, [60, 10]);
    assert.deepEqual([first.state, second.state, third.state], ['admitted', 'admitted', 'waiting']);
    assert.equal(waits.length, 1);
  });

  it('takes an item at the place asked for', async () => {
    const { waits } = line();
    const order: string[] = [];
    void waits.wait(1).then(() => order.push('a'));
    void waits.wait(2).then(() => order.push('b'));
    void waits.wait(3, undefined, 1).then(() => order.push('c'));
    assert.equal(
      waits.findIndex((item) => item === 3),
      1,
    );
    assert.ok(waits.some((item) => item === 2));
    waits.admit(
      () => true,
      () => undefined,
    );
    await settle();
    assert.deepEqual(order, ['a', 'c', 'b']);
  });

  it('lets a call whose signal aborts leave with the reason, and tells the owner', async () => {
    const { waits, counts } = line();
    const controller = new AbortController();
    const gone = outcome(waits.wait(1, controller.signal));
    const stays = outcome(waits.wait(1));
    controller.abort(new Error('client left'));
    await settle();
    assert.equal(gone.state, 'rejected');
    assert.equal((gone.reason as Error).message, 'client left');
    assert.equal(stays.state, 'waiting');
    assert.deepEqual(counts, { left: 1, refused: 0 });
    assert.equal(waits.length, 1);
    await assert.rejects(waits.wait(1, controller.signal), /client left/);
    assert.equal(waits.length, 1);
  });

  it('refuses a call whose wait ran out with the owner error, after it left the line', async () => {
    const { waits, counts } = line({ waitMs: 1 });
    await assert.rejects(waits.wait(1), /refused/);
    assert.deepEqual(counts, { left: 1, refused: 1 });
    assert.equal(waits.length, 0);
  });

  it('does not refuse or abort a call once it was admitted', async () => {
    const { waits, counts } = line({ waitMs: 1 });
    const controller = new AbortController();
    const admitted = waits.wait(1, controller.signal);
    waits.admit(
      () => true,
      () => undefined,
    );
    controller.abort(new Error('too late'));
    await admitted;
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(counts, { left: 0, refused: 0 });
  });
});
