/**
 * Admission of whole-JSON response masking on `/proxy`: a few responses are masked at a time, the
 * others wait their turn in a bounded queue; a response past the queue is refused with 503
 * `masking_busy` (recorded, never passed unmasked), and a caller that goes away takes its masking
 * with it. Real HTTP on loopback, a real SQLite store.
 */
import { strict as assert } from 'node:assert';
import { denseJsonBody } from '../../../../bench/support/fixtures.js';
import type { SessionRecord } from '../../../../gateway/store/types.js';
import { completedSession as sessionOf, until } from '../../../support/eventually.js';
import { startHarness, type Harness } from '../../../support/gatewayHarness.js';
import { startTestUpstream, type TestUpstream } from '../../../support/httpUpstream.js';

/** A body whose masking takes long enough (hundreds of ms, more on a busy machine) to be caught in the act. */
const BIG = denseJsonBody(512 * 1024);
const SMALL = denseJsonBody(1024);
/** Long enough to mask (seconds) that a second call always finds it running. */
const HUGE = denseJsonBody(3 * 1024 * 1024);
/** Raw CPFs (formatted) as the fixture writes them: none may leave the gateway. */
const RAW_CPF = /\b\d{3}\.\d{3}\.\d{3}-\d{2}\b/;

function policy(upstreamUrl: string, server: string): string {
  return `version: 1
server: { port: 0, ${server} }
limits: { perIdentity: false, perClient: false }
identity:
  issuers: [{ id: dev, issuer: '{{issuer}}', audience: autogen-gate }]
upstreams:
  crm: { type: http, url: '${upstreamUrl}', masking: lgpd }
rules:
  - { id: devs, upstreams: [crm], when: { groups: [developers] }, decision: allow }
`;
}

async function startUpstream(): Promise<TestUpstream> {
  return startTestUpstream((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(request.url.endsWith('/big') ? BIG : request.url.endsWith('/huge') ? HUGE : SMALL);
  });
}

/** The masking jobs the gateway reports (`autogen_gate_masking_jobs`). */
async function jobs(harness: Harness): Promise<{ running: number; waiting: number }> {
  const text = await (await fetch(`${harness.gateway.url}/metrics`)).text();
  const value = (state: string): number =>
    Number(new RegExp(`^autogen_gate_masking_jobs\\{state="${state}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { running: value('running'), waiting: value('waiting') };
}

describe('/proxy: admission of response masking', function () {
  this.timeout(180_000);
  let upstream: TestUpstream;

  /** A gateway for the enclosing block, with these `server` settings. */
  function gatewayWith(server: string): () => Harness {
    let harness: Harness | undefined;
    before(async () => {
      harness = await startHarness({ policy: policy(upstream.url, server) });
    });
    after(async () => {
      await harness?.stop();
    });
    return () => {
      assert.ok(harness, 'the gateway started');
      return harness;
    };
  }

  before(async () => {
    upstream = await startUpstream();
  });

  after(async () => {
    await upstream?.close();
  });

  describe('a budget one large body fills, one waiting', () => {
    const gateway = gatewayWith('maskingBytes: 1024, maskingQueue: 1, maskingQueueWait: 5m');

    it('masks the first, queues the second and refuses the third with a recorded 503 masking_busy and Retry-After', async () => {
      const harness = gateway();
      const first = harness.call('/proxy/crm/big', { user: 'ana' });
      await until('the first response is being masked', async () => (await jobs(harness)).running === 1);
      const second = harness.call('/proxy/crm/small', { user: 'ana' });
      await until('the second response waits', async () => (await jobs(harness)).waiting === 1);

      const third = await harness.call('/proxy/crm/small', { user: 'ana' });
      assert.equal(third.status, 503);
      assert.match(third.headers.get('retry-after') ?? '', /^[1-9][0-9]*$/);
      const body = (await third.json()) as { error: { code: string; message: string; requestId: string } };
      assert.equal(body.error.code, 'masking_busy');
      assert.ok(!RAW_CPF.test(JSON.stringify(body)), 'a refusal carries none of the data');
      const refused = await sessionOf(harness, third.headers.get('x-request-id') ?? body.error.requestId);
      assert.equal(refused.status, 'failed');
      assert.equal(refused.httpStatus, 503);
      assert.equal(refused.error?.code, 'masking_busy');

      for (const answer of [await first, await second]) {
        assert.equal(answer.status, 200);
        const text = await answer.text();
        assert.ok(text.includes('"clientes"'));
        assert.ok(!RAW_CPF.test(text), 'no CPF leaves the gateway');
      }
      assert.deepEqual(await jobs(harness), { running: 0, waiting: 0 });
    });

    it('stops masking for a caller that went away, records it cancelled, and serves the next at once', async () => {
      const harness = gateway();
      const { store } = harness.gateway.parts;
      const before = new Set((await store.listSessions({ limit: 50 })).sessions.map((session) => session.id));
      const gone = new AbortController();
      const first = harness.call('/proxy/crm/big', { user: 'ana', signal: gone.signal }).catch((error: unknown) => error);
      await until('the abandoned response is being masked', async () => (await jobs(harness)).running === 1);
      gone.abort();
      assert.ok((await first) instanceof Error);

      await until('its masking stopped', async () => (await jobs(harness)).running === 0);
      const next = await harness.call('/proxy/crm/small', { user: 'ana' });
      assert.equal(next.status, 200);
      await next.text();

      let abandoned: SessionRecord | undefined;
      await until('the abandoned session is complete', async () => {
        abandoned = (await store.listSessions({ limit: 50 })).sessions.find(
          (session) => !before.has(session.id) && session.requestId !== next.headers.get('x-request-id'),
        );
        return abandoned !== undefined && abandoned.status !== 'running';
      });
      assert.equal(abandoned?.status, 'cancelled');
      assert.equal(abandoned?.error?.code, 'client_closed');
    });
  });

  describe('a response larger than server.maxResponseBytes', () => {
    const gateway = gatewayWith('maxResponseBytes: 65536');

    it('is withheld with 502 upstream_uninspectable naming the limit, recorded, and takes no masking slot', async () => {
      const harness = gateway();
      const answer = await harness.call('/proxy/crm/big', { user: 'ana' });
      assert.equal(answer.status, 502);
      const text = await answer.text();
      assert.ok(!RAW_CPF.test(text), 'nothing of the body leaves the gateway');
      const body = JSON.parse(text) as { error: { code: string; message: string; requestId: string } };
      assert.equal(body.error.code, 'upstream_uninspectable');
      assert.match(body.error.message, /larger than the 65536 bytes/);
      const refused = await sessionOf(harness, answer.headers.get('x-request-id') ?? body.error.requestId);
      assert.equal(refused.status, 'failed');
      assert.equal(refused.error?.code, 'upstream_uninspectable');
      assert.deepEqual(await jobs(harness), { running: 0, waiting: 0 });
      // A body within the limit still passes, masked.
      const small = await harness.call('/proxy/crm/small', { user: 'ana' });
      assert.equal(small.status, 200);
      assert.ok(!RAW_CPF.test(await small.text()));
    });
  });

  describe('a short wait', () => {
    const gateway = gatewayWith('maskingBytes: 1024, maskingQueue: 8, maskingQueueWait: 1ms');

    it('refuses a response that waited longer than maskingQueueWait with 503 masking_busy', async () => {
      const harness = gateway();
      const first = harness.call('/proxy/crm/huge', { user: 'ana' });
      await until('the first response is being masked', async () => (await jobs(harness)).running === 1);
      const began = Date.now();
      const late = await harness.call('/proxy/crm/small', { user: 'ana' });
      const running = (await jobs(harness)).running;
      assert.equal(late.status, 503, `refused after ${Date.now() - began} ms (first still running: ${running})`);
      assert.equal(((await late.json()) as { error: { code: string } }).error.code, 'masking_busy');
      assert.ok(late.headers.has('retry-after'));
      assert.equal((await first).status, 200);
    });
  });
});
