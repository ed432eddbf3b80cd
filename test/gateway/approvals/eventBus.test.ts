import { strict as assert } from 'node:assert';
import { InProcessEventBus, mayReceive, type Audience, type EventBus } from '../../../gateway/approvals/eventBus.js';
import type { RunEventData } from '../../../gateway/api/wire.js';

const audience: Audience = { principals: ['dev:bruno'], groups: ['privacy-office'] };

function runEvent(bus: EventBus, runId: string, status: RunEventData['status'] = 'pending_approval'): ReturnType<EventBus['publish']> {
  return bus.publish({
    type: 'run.updated',
    data: { runId, status, approvalId: 'a', generator: 'g', error: undefined, at: new Date(0).toISOString() },
    audience,
  });
}

describe('approvals: event bus', () => {
  it('delivers to the requester and the audience groups only', () => {
    assert.equal(mayReceive({ issuerId: 'dev', subject: 'bruno', groups: [] }, audience), true);
    assert.equal(mayReceive({ issuerId: 'dev', subject: 'carla', groups: ['privacy-office'] }, audience), true);
    assert.equal(mayReceive({ issuerId: 'dev', subject: 'ana', groups: ['developers'] }, audience), false);
    assert.equal(
      mayReceive({ issuerId: 'other', subject: 'bruno', groups: [] }, audience),
      false,
      'the same subject at another issuer is someone else',
    );
  });

  it('resumes after an id of this process, and asks for a reset otherwise', () => {
    const bus = new InProcessEventBus(3);
    const first = runEvent(bus, 'r1');
    runEvent(bus, 'r2');
    const resumed = bus.since(first.id);
    assert.equal(resumed.kind, 'events');
    assert.deepEqual(resumed.kind === 'events' ? resumed.events.map((event) => event.data.runId) : [], ['r2']);
    assert.deepEqual(bus.since(`${bus.epoch}-0`).kind, 'events');
    assert.equal(bus.since('otherepoch-1').kind, 'reset', 'an id from before a restart');
    assert.equal(bus.since(`${bus.epoch}-99`).kind, 'reset', 'an id from the future');
    assert.equal(bus.since('garbage').kind, 'reset');
    // Past the buffer's capacity, the oldest are gone: resuming from before them must reset.
    runEvent(bus, 'r3');
    runEvent(bus, 'r4');
    runEvent(bus, 'r5');
    assert.equal(bus.since(first.id).kind, 'reset');
    const latest = bus.since(`${bus.epoch}-${bus.lastSeq}`);
    assert.deepEqual(latest.kind === 'events' ? latest.events : undefined, []);
  });

  it('waits for a matching event, with a timeout and an abort', async () => {
    const bus = new InProcessEventBus();
    const waiting = bus.waitFor((event) => event.type === 'run.updated' && event.data.runId === 'r2', 5000);
    runEvent(bus, 'r1');
    runEvent(bus, 'r2', 'succeeded');
    assert.equal((await waiting)?.data.runId, 'r2');
    assert.equal(await bus.waitFor(() => true, 10), undefined);
    const controller = new AbortController();
    const aborted = bus.waitFor(() => true, 5000, controller.signal);
    controller.abort();
    assert.equal(await aborted, undefined);
    assert.equal(await bus.waitFor(() => true, 5000, controller.signal), undefined, 'already aborted');
    assert.equal(bus.listenerCount, 0, 'no listener leaks');
  });
});
