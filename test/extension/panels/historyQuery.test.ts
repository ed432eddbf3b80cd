import assert from 'node:assert/strict';
import { dayBound, sessionQuery } from '../../../extension/src/panels/historyQuery.js';

describe('history filters → session query', () => {
  it('turns days into the first and last instant of the day where the user is', () => {
    const start = new Date(dayBound('2026-11-25', 'start') ?? '');
    const end = new Date(dayBound('2026-11-25', 'end') ?? '');
    assert.deepEqual([start.getFullYear(), start.getMonth(), start.getDate(), start.getHours(), start.getMinutes()], [2026, 10, 25, 0, 0]);
    assert.deepEqual([end.getDate(), end.getHours(), end.getMinutes(), end.getSeconds(), end.getMilliseconds()], [25, 23, 59, 59, 999]);
    assert.equal(dayBound('25/11/2026', 'start'), undefined);
  });

  it('drops empty filters and keeps the cursor and limit', () => {
    assert.deepEqual(sessionQuery({ subject: ' ', generator: 'customer-report', decision: 'approval' }, 'c1', 25), {
      limit: 25,
      generator: 'customer-report',
      decision: 'approval',
      cursor: 'c1',
    });
  });

  it('passes what is not a day through, for the gateway to explain', () => {
    assert.equal(sessionQuery({ from: 'yesterday' }, undefined, 10).from, 'yesterday');
  });
});
