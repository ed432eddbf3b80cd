import { strict as assert } from 'node:assert';
import type { AuditVerificationView } from '../../../../gateway/api/wire.js';
import { startHarness, type Harness } from '../../../support/gatewayHarness.js';
import { startTestUpstream, type TestUpstream } from '../../../support/httpUpstream.js';

const CPF = '529.982.247-25';
const EVENTS = 9000;

describe('/proxy: a long event stream', function () {
  this.timeout(120_000);
  let upstream: TestUpstream;
  let harness: Harness;

  before(async () => {
    upstream = await startTestUpstream((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const event = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: `CPF ${CPF} confirmado. ` } }] })}\n\n`;
      for (let i = 0; i < EVENTS; i++) response.write(event);
      response.end('data: [DONE]\n\n');
    });
    harness = await startHarness({
      policy: `version: 1
server: { port: 0 }
limits: { perIdentity: false, perClient: false }
identity:
  issuers: [{ id: dev, issuer: '{{issuer}}', audience: autogen-gate }]
upstreams:
  stream: { type: http, url: '${upstream.url}', masking: lgpd }
rules:
  - { id: devs, upstreams: [stream], when: { groups: [developers] }, decision: allow }
access: { auditors: [privacy-office] }
`,
    });
  });

  after(async () => {
    await harness?.stop();
    await upstream?.close();
  });

  it('records its masking events while it flows, in sealed batches numbered on from the request, and the chain verifies', async () => {
    const response = await harness.call('/proxy/stream/v1/chat', { user: 'ana', headers: { accept: 'text/event-stream' } });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.ok(!text.includes(CPF), 'no CPF leaves the gateway');
    assert.equal(text.match(/confirmado/g)?.length, EVENTS);

    const { store } = harness.gateway.parts;
    // A stream's completion is recorded once it has ended, just after its last byte left.
    let session = (await store.listSessions({ limit: 10 })).sessions.find((s) => s.upstream === 'stream');
    for (let wait = 0; session?.status === 'running' && wait < 200; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      session = await store.getSession(session.id);
    }
    assert.ok(session);
    assert.equal(session.status, 'succeeded');
    assert.equal(session.masking.count, EVENTS);
    assert.equal(session.masking.byDetector['cpf'], EVENTS);
    const events = await store.listMaskingEvents(session.id);
    // One row per distinct value per recorded batch: the one CPF, counted in every batch.
    assert.equal(
      events.reduce((sum, event) => sum + event.count, 0),
      EVENTS,
    );
    assert.ok(events.every((event, index) => event.seq === index && event.location.startsWith('response') && event.detector === 'cpf'));

    const entries = (await store.readAudit(0, 10_000)).filter((entry) => entry.sessionId === session.id);
    const types = entries.map((entry) => entry.type);
    assert.equal(types[0], 'session.started');
    assert.equal(types[types.length - 1], 'session.completed');
    assert.ok(types.filter((type) => type === 'session.masked').length >= 2, types.join(', '));

    const verification = (await (await harness.call('/api/v1/audit/verify', { user: 'carla' })).json()) as AuditVerificationView;
    assert.equal(verification.ok, true, JSON.stringify(verification.problems));
  });
});
