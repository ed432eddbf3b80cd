import { strict as assert } from 'node:assert';
import { BodyBudget } from '../../../gateway/http/bodyBudget.js';
import { GateError } from '../../../gateway/errors.js';

/** Settles `promise` into what it did, without waiting for it. */
function watch(promise: Promise<void> | undefined): { state: 'pending' | 'admitted' | 'refused'; error?: unknown } {
  const seen: { state: 'pending' | 'admitted' | 'refused'; error?: unknown } = { state: promise ? 'pending' : 'admitted' };
  promise?.then(
    () => {
      seen.state = 'admitted';
    },
    (error: unknown) => {
      seen.state = 'refused';
      seen.error = error;
    },
  );
  return seen;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('BodyBudget', () => {
  it('holds bodies up to the budget at once, and gives the bytes back on release', () => {
    const budget = new BodyBudget({ budgetBytes: 100, waitMs: 60_000 });
    const a = budget.open();
    const b = budget.open();
    assert.equal(a.take(60), undefined, 'fits: no wait');
    assert.equal(b.take(40), undefined);
    assert.deepEqual(budget.stats, { heldBytes: 100, waiting: 0 });
    a.release();
    a.release();
    b.release(10);
    assert.deepEqual(budget.stats, { heldBytes: 30, waiting: 0 });
    b.release();
    assert.deepEqual(budget.stats, { heldBytes: 0, waiting: 0 });
  });

  it('lets one body larger than the budget through alone', () => {
    const budget = new BodyBudget({ budgetBytes: 100, waitMs: 60_000 });
    const big = budget.open();
    assert.equal(big.take(500), undefined);
    assert.equal(big.atLeast(700), undefined, 'and grow, while it is alone');
    big.release();
  });

  it('makes a body that does not fit wait, first come first served, and admits it once room is given back', async () => {
    const budget = new BodyBudget({ budgetBytes: 100, waitMs: 60_000 });
    const first = budget.open();
    assert.equal(first.take(90), undefined);
    const second = budget.open();
    const third = budget.open();
    const waiting = watch(second.take(50));
    const small = watch(third.take(5));
    assert.equal(small.state, 'pending', 'a small one does not pass a waiting one');
    assert.deepEqual(budget.stats, { heldBytes: 90, waiting: 2 });
    first.release();
    await turn();
    assert.equal(waiting.state, 'admitted');
    assert.equal(small.state, 'admitted');
    assert.deepEqual(budget.stats, { heldBytes: 55, waiting: 0 });
    second.release();
    third.release();
  });

  it('puts a body already half read before calls that hold nothing', async () => {
    const budget = new BodyBudget({ budgetBytes: 100, waitMs: 60_000 });
    const other = budget.open();
    assert.equal(other.take(60), undefined);
    const reading = budget.open();
    assert.equal(reading.take(30), undefined);
    const fresh = watch(budget.open().take(20));
    const grown = watch(reading.atLeast(50));
    assert.deepEqual(budget.stats, { heldBytes: 90, waiting: 2 });
    other.release();
    await turn();
    assert.equal(grown.state, 'admitted');
    assert.equal(fresh.state, 'admitted');
    assert.equal(reading.bytes, 50);
  });

  it('refuses a body that waited past the wait with 503 body_budget_busy and a Retry-After, and counts it', async () => {
    let refusals = 0;
    const budget = new BodyBudget({ budgetBytes: 100, waitMs: 1 }, undefined, () => refusals++);
    const held = budget.open();
    assert.equal(held.take(100), undefined);
    const late = budget.open();
    await assert.rejects(late.take(1) ?? Promise.resolve(), (error: unknown) => {
      assert.ok(error instanceof GateError);
      assert.equal(error.code, 'body_budget_busy');
      assert.equal(error.status, 503);
      assert.match(error.headers['Retry-After'] ?? '', /^[1-9][0-9]*$/);
      assert.match(error.message, /server\.bodyBytesInFlight/);
      return true;
    });
    assert.equal(refusals, 1);
    assert.equal(late.bytes, 0);
    assert.deepEqual(budget.stats, { heldBytes: 100, waiting: 0 });
  });

  it('lets a waiting call whose caller left go, and the one behind it in', async () => {
    const budget = new BodyBudget({ budgetBytes: 100, waitMs: 60_000 });
    const held = budget.open();
    assert.equal(held.take(60), undefined);
    const gone = new AbortController();
    const leaving = watch(budget.open().take(80, gone.signal));
    const behind = watch(budget.open().take(30));
    gone.abort(new Error('left'));
    await turn();
    assert.equal(leaving.state, 'refused');
    assert.equal(behind.state, 'admitted');
    assert.deepEqual(budget.stats, { heldBytes: 90, waiting: 0 });
  });

  it('reports what it holds whenever it changes', () => {
    const seen: number[] = [];
    const budget = new BodyBudget({ budgetBytes: 100, waitMs: 60_000 }, ({ heldBytes }) => seen.push(heldBytes));
    const hold = budget.open();
    assert.equal(hold.take(10), undefined);
    hold.release();
    assert.deepEqual(seen, [10, 0]);
  });
});
