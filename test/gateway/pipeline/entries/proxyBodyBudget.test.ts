/**
 * The budget of body bytes in flight on `/proxy` (server.bodyBytesInFlight): a request whose body
 * finds no room waits, then is refused with a recorded 503 `body_budget_busy` and nothing reaches
 * the upstream; every call gives its bytes back however it ends. Real HTTP on loopback, a real
 * SQLite store.
 */
import { strict as assert } from 'node:assert';
import { denseJsonBody } from '../../../../bench/support/fixtures.js';
import { completedSession as sessionOf, until } from '../../../support/eventually.js';
import { startHarness, type Harness } from '../../../support/gatewayHarness.js';
import { startTestUpstream, type TestUpstream } from '../../../support/httpUpstream.js';

const BUDGET = 65536;
/** A request body that fills most of the budget: two do not fit together. */
const LARGE = JSON.stringify({ pad: 'x'.repeat(48 * 1024) });
const MEDIUM = JSON.stringify({ pad: 'y'.repeat(20 * 1024) });
const DENSE = denseJsonBody(8 * 1024);
const RAW_CPF = /\b\d{3}\.\d{3}\.\d{3}-\d{2}\b/;

function policy(upstreamUrl: string, server: string): string {
  return `version: 1
server: { port: 0, bodyBytesInFlight: ${BUDGET}, ${server} }
limits: { perIdentity: false, perClient: false }
identity:
  issuers: [{ id: dev, issuer: '{{issuer}}', audience: autogen-gate }]
upstreams:
  plain: { type: http, url: '${upstreamUrl}' }
  crm: { type: http, url: '${upstreamUrl}', masking: lgpd }
generators:
  echo-gen: { upstream: plain, output: plaintext }
rules:
  - { id: devs, generators: [echo-gen], upstreams: [plain, crm], when: { groups: [developers] }, decision: allow }
`;
}

/** What the gateway reports of the budget. */
async function budgetOf(harness: Harness): Promise<{ held: number; waiting: number; refusals: number }> {
  const text = await (await fetch(`${harness.gateway.url}/metrics`)).text();
  const value = (name: string): number => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return {
    held: value('autogen_gate_body_bytes_in_flight'),
    waiting: value('autogen_gate_body_budget_waiting'),
    refusals: value('autogen_gate_body_budget_refusals_total'),
  };
}

describe('/proxy: the budget of body bytes in flight', function () {
  this.timeout(180_000);
  let upstream: TestUpstream;
  /** Answers held by the upstream until the test lets them go. */
  let held: Array<() => void> = [];
  const letGo = (): void => {
    for (const answer of held.splice(0)) answer();
  };

  before(async () => {
    upstream = await startTestUpstream(async (request, response) => {
      const path = request.url.replace(/\?.*$/, '');
      if (path.endsWith('/hold')) await new Promise<void>((resolve) => held.push(resolve));
      if (path.endsWith('/fail')) {
        response.destroy();
        return;
      }
      if (path.endsWith('/sse')) {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        for (let i = 0; i < 5; i++) response.write(`data: {"cliente": "CPF 529.982.247-25", "i": ${i}}\n\n`);
        response.end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(path.endsWith('/dense') ? DENSE : JSON.stringify({ ok: true, got: request.body.length }));
    });
  });

  after(async () => {
    letGo();
    await upstream?.close();
  });

  /** A gateway for the enclosing block, with these further `server` settings. */
  function gatewayWith(server: string): () => Harness {
    let harness: Harness | undefined;
    before(async () => {
      harness = await startHarness({ policy: policy(upstream.url, server) });
    });
    after(async () => {
      letGo();
      await harness?.stop();
    });
    return () => {
      assert.ok(harness, 'the gateway started');
      return harness;
    };
  }

  const post = (harness: Harness, path: string, body: string, signal?: AbortSignal): Promise<Response> =>
    harness.call(path, { user: 'ana', method: 'POST', body, ...(signal ? { signal } : {}) });

  describe('a short wait', () => {
    const gateway = gatewayWith('bodyBytesWait: 1ms');

    it('refuses a body that finds no room (a proxied call, a generator run) with a recorded 503 body_budget_busy and Retry-After, forwarding nothing of it', async () => {
      const harness = gateway();
      const first = post(harness, '/proxy/plain/hold', LARGE);
      await until('the upstream holds the first', async () => held.length === 1 && (await budgetOf(harness)).held >= LARGE.length);
      const reached = upstream.received.length;

      const refused = await post(harness, '/proxy/plain/echo', LARGE);
      assert.equal(refused.status, 503);
      assert.match(refused.headers.get('retry-after') ?? '', /^[1-9][0-9]*$/);
      const body = (await refused.json()) as { error: { code: string; message: string; requestId: string } };
      assert.equal(body.error.code, 'body_budget_busy');
      assert.match(body.error.message, /server\.bodyBytesInFlight/);
      assert.equal(upstream.received.length, reached, 'nothing of the refused call reached the upstream');
      const session = await sessionOf(harness, refused.headers.get('x-request-id') ?? body.error.requestId);
      assert.equal(session.status, 'failed');
      assert.equal(session.httpStatus, 503);
      assert.equal(session.error?.code, 'body_budget_busy');
      assert.equal((await budgetOf(harness)).refusals, 1);

      // A generator run's input shares the budget.
      const run = await post(harness, '/api/v1/generators/echo-gen/runs', JSON.stringify({ input: { pad: 'z'.repeat(48 * 1024) } }));
      assert.equal(run.status, 503);
      const runBody = (await run.json()) as { error: { code: string; requestId: string } };
      assert.equal(runBody.error.code, 'body_budget_busy');
      const runSession = await sessionOf(harness, run.headers.get('x-request-id') ?? runBody.error.requestId);
      assert.equal(runSession.error?.code, 'body_budget_busy');
      assert.equal(upstream.received.length, reached, 'nothing of the refused run reached the upstream');
      assert.equal((await budgetOf(harness)).refusals, 2);

      letGo();
      const answer = await first;
      assert.equal(answer.status, 200);
      assert.deepEqual(await answer.json(), { ok: true, got: LARGE.length });
      await until('the budget is empty', async () => (await budgetOf(harness)).held === 0);
    });
  });

  describe('a long wait', () => {
    const gateway = gatewayWith('bodyBytesWait: 5m');

    it('makes a body wait until the call holding the room is done, then forwards it', async () => {
      const harness = gateway();
      const first = post(harness, '/proxy/plain/hold', LARGE);
      await until('the upstream holds the first', async () => held.length === 1 && (await budgetOf(harness)).held >= LARGE.length);
      const second = post(harness, '/proxy/plain/echo', LARGE);
      await until('the second waits', async () => (await budgetOf(harness)).waiting === 1);
      letGo();
      for (const answer of [await first, await second]) {
        assert.equal(answer.status, 200);
        assert.deepEqual(await answer.json(), { ok: true, got: LARGE.length });
        assert.equal((await sessionOf(harness, answer.headers.get('x-request-id'))).status, 'succeeded');
      }
      await until('the budget is empty', async () => (await budgetOf(harness)).held === 0);
    });

    it('gives every byte back, after successes, upstream failures, callers that left and masked answers and streams', async () => {
      const harness = gateway();
      // Successes, more than fit at once (some wait their turn).
      const many = await Promise.all(Array.from({ length: 12 }, () => post(harness, '/proxy/plain/echo', MEDIUM)));
      for (const answer of many) {
        assert.equal(answer.status, 200);
        await answer.text();
      }
      // Upstream failures.
      for (let i = 0; i < 3; i++) {
        const failed = await post(harness, '/proxy/plain/fail', MEDIUM);
        assert.equal(failed.status, 502);
        await failed.text();
      }
      // A caller that leaves while its upstream holds the answer, and one that leaves while it waits for room.
      const holding = new AbortController();
      const abandoned = post(harness, '/proxy/plain/hold', LARGE, holding.signal).catch((error: unknown) => error);
      await until('the upstream holds the body', async () => held.length === 1 && (await budgetOf(harness)).held >= LARGE.length);
      const waiting = new AbortController();
      const impatient = post(harness, '/proxy/plain/echo', LARGE, waiting.signal).catch((error: unknown) => error);
      await until('the next one waits', async () => (await budgetOf(harness)).waiting === 1);
      waiting.abort();
      assert.ok((await impatient) instanceof Error);
      await until('the one that left no longer waits', async () => (await budgetOf(harness)).waiting === 0);
      holding.abort();
      assert.ok((await abandoned) instanceof Error);
      letGo();
      // Masked answers, whole and streamed.
      for (let i = 0; i < 3; i++) {
        const dense = await harness.call('/proxy/crm/dense', { user: 'ana' });
        assert.equal(dense.status, 200);
        assert.ok(!RAW_CPF.test(await dense.text()), 'no CPF leaves the gateway');
        const stream = await harness.call('/proxy/crm/sse', { user: 'ana' });
        assert.equal(stream.status, 200);
        const events = await stream.text();
        assert.equal(events.match(/^data:/gm)?.length, 5, events);
        assert.ok(!RAW_CPF.test(events), 'no CPF leaves the gateway');
      }
      await until('the budget is empty', async () => {
        const now = await budgetOf(harness);
        return now.held === 0 && now.waiting === 0;
      });
      assert.equal((await budgetOf(harness)).refusals, 0);
    });
  });
});
