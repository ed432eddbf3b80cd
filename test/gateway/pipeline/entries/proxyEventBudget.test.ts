/**
 * The heap masking events hold until recorded, bounded on `/proxy` (server.eventBytesInFlight):
 * an answer reserves room for its events before it is masked, holds what they cost until it is
 * recorded and sent, and one that finds no room waits, then is refused with a recorded 503
 * `recording_busy`, never answered unmasked. Every masking of the answers let through is still
 * recorded. Real HTTP on loopback, a real SQLite store.
 */
import { strict as assert } from 'node:assert';
import { denseJsonBody } from '../../../../bench/support/fixtures.js';
import { completedSession as sessionOf, until } from '../../../support/eventually.js';
import { useHarness, type Harness } from '../../../support/gatewayHarness.js';
import { startTestUpstream, type TestUpstream } from '../../../support/httpUpstream.js';

/** Long enough to mask (seconds) that a second call always finds it running; its events alone pass the budget. */
const HUGE = denseJsonBody(3 * 1024 * 1024);
const SMALL = denseJsonBody(1024);
const RAW_CPF = /\b\d{3}\.\d{3}\.\d{3}-\d{2}\b/;

function policy(upstreamUrl: string, server: string): string {
  return `version: 1
server: { port: 0, eventBytesInFlight: 65536, ${server} }
limits: { perIdentity: false, perClient: false }
identity:
  issuers: [{ id: dev, issuer: '{{issuer}}', audience: autogen-gate }]
upstreams:
  crm: { type: http, url: '${upstreamUrl}', masking: lgpd }
rules:
  - { id: devs, upstreams: [crm], when: { groups: [developers] }, decision: allow }
`;
}

/** What the gateway reports of the event budget and of masking. */
async function budgetOf(harness: Harness): Promise<{ held: number; waiting: number; refusals: number; masking: number }> {
  const text = await (await fetch(`${harness.gateway.url}/metrics`)).text();
  const value = (name: string): number => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return {
    held: value('autogen_gate_event_bytes_in_flight'),
    waiting: value('autogen_gate_event_budget_waiting'),
    refusals: value('autogen_gate_event_budget_refusals_total'),
    masking: Number(/^autogen_gate_masking_jobs\{state="running"\} (\d+)/m.exec(text)?.[1] ?? 0),
  };
}

describe('/proxy: the heap of masking events in flight', function () {
  this.timeout(180_000);
  let upstream: TestUpstream;

  const gatewayWith = (server: string): (() => Harness) => useHarness(() => ({ policy: policy(upstream.url, server) }));

  before(async () => {
    upstream = await startTestUpstream((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(request.url.endsWith('/huge') ? HUGE : SMALL);
    });
  });

  after(async () => {
    await upstream?.close();
  });

  async function maskedAndRecorded(harness: Harness, answer: Response): Promise<void> {
    assert.equal(answer.status, 200);
    const text = await answer.text();
    assert.ok(text.includes('"clientes"'));
    assert.ok(!RAW_CPF.test(text), 'no CPF leaves the gateway');
    const session = await sessionOf(harness, answer.headers.get('x-request-id') ?? '');
    assert.equal(session.status, 'succeeded');
    assert.ok((session.masking?.count ?? 0) > 0, 'its maskings are recorded');
  }

  describe('a short wait', () => {
    const gateway = gatewayWith('eventBytesWait: 1ms');

    it('refuses an answer that finds no room with a recorded 503 recording_busy and Retry-After, and lets the one holding it finish', async () => {
      const harness = gateway();
      const first = harness.call('/proxy/crm/huge', { user: 'ana' });
      await until('the first answer is being masked, its events reserved', async () => {
        const budget = await budgetOf(harness);
        return budget.masking === 1 && budget.held > 65536;
      });

      const refused = await harness.call('/proxy/crm/small', { user: 'ana' });
      assert.equal(refused.status, 503);
      assert.match(refused.headers.get('retry-after') ?? '', /^[1-9][0-9]*$/);
      const body = (await refused.json()) as { error: { code: string; message: string; requestId: string } };
      assert.equal(body.error.code, 'recording_busy');
      assert.match(body.error.message, /server\.eventBytesInFlight/);
      assert.ok(!RAW_CPF.test(JSON.stringify(body)), 'a refusal carries none of the data');
      const session = await sessionOf(harness, refused.headers.get('x-request-id') ?? body.error.requestId);
      assert.equal(session.status, 'failed');
      assert.equal(session.httpStatus, 503);
      assert.equal(session.error?.code, 'recording_busy');

      await maskedAndRecorded(harness, await first);
      await until('every call gave its room back', async () => (await budgetOf(harness)).held === 0);
      assert.deepEqual(await budgetOf(harness), { held: 0, waiting: 0, refusals: 1, masking: 0 });
    });
  });

  describe('a long wait', () => {
    const gateway = gatewayWith('eventBytesWait: 5m');

    it('makes an answer wait for room, then masks and records it once the one before has been recorded', async () => {
      const harness = gateway();
      const first = harness.call('/proxy/crm/huge', { user: 'ana' });
      await until('the first answer is being masked', async () => (await budgetOf(harness)).masking === 1);
      const second = harness.call('/proxy/crm/small', { user: 'ana' });
      await until('the second answer waits for room', async () => (await budgetOf(harness)).waiting === 1);

      await maskedAndRecorded(harness, await first);
      await maskedAndRecorded(harness, await second);
      await until('every call gave its room back', async () => (await budgetOf(harness)).held === 0);
      assert.deepEqual(await budgetOf(harness), { held: 0, waiting: 0, refusals: 0, masking: 0 });
    });
  });
});
