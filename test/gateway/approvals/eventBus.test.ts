import { strict as assert } from 'node:assert';
import {
  createEventBus,
  InProcessEventBus,
  mayReceive,
  type Audience,
  type BusEvent,
  type BusEventInput,
  type EventBus,
} from '../../../gateway/approvals/eventBus.js';
import { ENGINES, type EngineFixture } from '../store/engines.js';
import type { RunEventData } from '../../../gateway/api/wire.js';

const audience: Audience = { principals: ['dev:bruno'], groups: ['privacy-office'] };

function runUpdate(runId: string, status: RunEventData['status'] = 'pending_approval'): BusEventInput {
  return {
    type: 'run.updated',
    data: { runId, status, approvalId: 'a', generator: 'g', error: undefined, at: new Date(0).toISOString() },
    audience,
  };
}

function runEvent(bus: InProcessEventBus, runId: string, status: RunEventData['status'] = 'pending_approval'): BusEvent {
  return bus.publish(runUpdate(runId, status));
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

for (const engine of ENGINES) {
  describe(`approvals: event bus of gateways sharing a store (${engine.name})`, () => {
    let db: EngineFixture;
    const buses: EventBus[] = [];
    beforeEach(async () => {
      db = await engine.open();
    });
    afterEach(async () => {
      for (const bus of buses.splice(0)) bus.close();
      await db.close();
    });
    const busOf = (store: EngineFixture['store']): EventBus => {
      const bus = createEventBus(store.broadcast, (error) => assert.fail(String(error)));
      buses.push(bus);
      return bus;
    };

    it(
      engine.name === 'postgres'
        ? 'delivers what one gateway publishes to the waiters of every gateway, its own included'
        : 'delivers what the gateway publishes to its own waiters (one gateway per SQLite file)',
      async () => {
        const here = busOf(db.store);
        const there = engine.name === 'postgres' ? busOf(await db.openAnother()) : here;
        // Gateways subscribe as they start; wait until the other one listens, as a running replica would.
        let warm: BusEvent | undefined;
        for (let attempt = 0; attempt < 50 && !warm; attempt++) {
          const heard = there.waitFor((event) => event.type === 'run.updated' && event.data.runId === 'warm-up', 100);
          here.publish(runUpdate('warm-up'));
          warm = await heard;
        }
        const heardThere = there.waitFor((event) => event.type === 'run.updated' && event.data.runId === 'r1', 5000);
        const heardHere = here.waitFor((event) => event.type === 'run.updated' && event.data.runId === 'r1', 5000);
        here.publish(runUpdate('r1', 'succeeded'));
        const [far, near] = await Promise.all([heardThere, heardHere]);
        assert.equal(far?.type === 'run.updated' && far.data.status, 'succeeded');
        assert.equal(near?.type === 'run.updated' && near.data.status, 'succeeded');
        assert.equal(there.since(far?.id ?? '').kind, 'events', 'a client resumes on the gateway that gave it the id');
      },
    );

    if (engine.name === 'postgres') {
      it('tells its clients to refetch when the connection that hears other gateways broke and came back', async () => {
        const bus = busOf(db.store);
        const heard = bus.waitFor(() => true, 5000);
        bus.publish(runUpdate('r1'));
        const first = await heard;
        assert.ok(first);
        await db.raw("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'");
        // Once it listens again, events flow under a new epoch: an id from before asks for a reset.
        for (let attempt = 0; attempt < 100 && bus.epoch === first.id.split('-')[0]; attempt++) await new Promise((r) => setTimeout(r, 50));
        assert.equal(bus.since(first.id).kind, 'reset');
        const again = bus.waitFor(() => true, 5000);
        bus.publish(runUpdate('r2'));
        assert.equal((await again)?.type, 'run.updated');
      });
    }
  });
}
