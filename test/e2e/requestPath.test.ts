/**
 * The request path is one: every entry point (a generator run, an approved run resuming, the
 * /proxy pass-through, a Studio run WebSocket and its start frame) runs the gate's steps in the
 * declared order, none skipped, against the real dev IdP, demo runtime and SQLite store.
 */
import { strict as assert } from 'node:assert';
import type { RunView } from '../../gateway/api/wire.js';
import { FRAME_PATH, REQUEST_PATH, type StepEvent } from '../../gateway/pipeline/gate.js';
import { startHarness, type Harness } from '../support/gatewayHarness.js';
import { createStudioRun, openRunSocket } from '../support/studioClient.js';

async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('e2e: one request path for every entry point', function () {
  this.timeout(60_000);
  let harness: Harness;
  let events: StepEvent[];
  let stop: () => void;

  before(async () => {
    harness = await startHarness();
  });
  after(async () => harness.stop());
  beforeEach(() => {
    events = [];
    stop = harness.gateway.parts.gate.onStep((event) => events.push(event));
  });
  afterEach(() => stop());

  const steps = (entry: string, requestId?: string): string[] =>
    events
      .filter((event) => event.entry === entry && (requestId === undefined || event.requestId === requestId))
      .map((event) => event.step);

  it('a generator run goes through every step, in order', async () => {
    const response = await harness.call('/api/v1/generators/config-template/runs', {
      user: 'ana',
      method: 'POST',
      body: JSON.stringify({ input: { service: 'payments-api' } }),
    });
    assert.equal(response.status, 200);
    assert.deepEqual(steps('run'), [...REQUEST_PATH]);
    assert.ok(events.every((event) => event.outcome === 'ok'));
  });

  it('a held run stops at hold, and resumes at forward when approved', async () => {
    const held = (await (
      await harness.call('/api/v1/generators/customer-report/runs', {
        user: 'bruno',
        method: 'POST',
        body: JSON.stringify({ input: { month: 'novembro de 2026' } }),
      })
    ).json()) as RunView;
    assert.equal(held.status, 'pending_approval');
    assert.deepEqual(steps('run'), REQUEST_PATH.slice(0, REQUEST_PATH.indexOf('hold') + 1));
    events.length = 0;
    const decided = await harness.call(`/api/v1/approvals/${held.approvalId ?? ''}/decision`, {
      user: 'carla',
      method: 'POST',
      body: JSON.stringify({ decision: 'approve', reason: 'monthly report' }),
    });
    assert.equal(decided.status, 200);
    await eventually(() => (steps('run').includes('respond') ? true : undefined), 'the approved run to complete');
    assert.deepEqual(steps('run'), ['forward', 'mask', 'complete', 'respond']);
  });

  it('a refusal stops at the step that refused, and nothing after it runs', async () => {
    const response = await harness.call('/api/v1/generators/customer-report/runs', {
      user: 'ana',
      method: 'POST',
      body: JSON.stringify({ input: { month: 'maio' } }),
    });
    assert.equal(response.status, 403);
    assert.deepEqual(steps('run'), REQUEST_PATH.slice(0, REQUEST_PATH.indexOf('authorize') + 1));
    assert.equal(events.at(-1)?.outcome, 'refused');
    events.length = 0;
    const unauthenticated = await harness.call('/api/v1/generators/config-template/runs', {
      method: 'POST',
      body: JSON.stringify({ input: { service: 'x' } }),
    });
    assert.equal(unauthenticated.status, 401);
    assert.deepEqual(steps('run'), ['identify']);
  });

  it('the /proxy pass-through goes through every step', async () => {
    const response = await harness.call('/proxy/model/v1/chat/completions', {
      user: 'ana',
      method: 'POST',
      body: JSON.stringify({ model: 'demo-echo', messages: [{ role: 'user', content: 'Olá' }] }),
    });
    assert.equal(response.status, 200);
    await response.text();
    assert.deepEqual(steps('proxy'), [...REQUEST_PATH]);
  });

  it('a Studio run WebSocket goes through every step, and its start frame through the deciding ones', async () => {
    const token = await harness.token('ana');
    const base = `${harness.gateway.url}/proxy/autogen`;
    const run = await createStudioRun(base, token);
    events.length = 0;
    const stream = await openRunSocket(`${base.replace(/^http/, 'ws')}/api/ws/runs/${run.runId}`, { authorization: `Bearer ${token}` });
    stream.socket.send(
      JSON.stringify({
        type: 'start',
        task: 'Gere a configuração',
        team_config: {
          provider: 'autogen_agentchat.teams.RoundRobinGroupChat',
          component_type: 'team',
          label: 'config-template',
          config: { participants: [] },
        },
      }),
    );
    await stream.waitFor((frame) => frame['type'] === 'result');
    stream.socket.close();
    await stream.closed;
    await eventually(() => (steps('stream').includes('respond') ? true : undefined), 'the stream session to complete');
    assert.deepEqual(steps('stream'), [...REQUEST_PATH]);
    assert.deepEqual(steps('frame'), [...FRAME_PATH]);
  });
});
