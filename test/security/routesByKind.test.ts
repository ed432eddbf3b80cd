/**
 * Principle 2, the upstream's kind decides the routes: a model upstream serves the model API's
 * paths and a Studio upstream Studio's, whatever else is asked is 404, even though both point at
 * one origin (as the shipped demo configuration does), and however the path is disguised.
 */
import { strict as assert } from 'node:assert';
import { assertError, send, useGate, type Gate } from './support/gate.js';

const CHAT = JSON.stringify({ model: 'demo-echo', messages: [{ role: 'user', content: 'oi' }] });
const FOREIGN_CHAT = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'CPF 529.982.247-25' }] });

interface Attempt {
  readonly method: 'GET' | 'POST';
  readonly target: string;
  readonly body?: string;
}

const get = (target: string): Attempt => ({ method: 'GET', target });
const post = (target: string, body = '{}'): Attempt => ({ method: 'POST', target, body });

/** Model-API paths the model upstream serves. */
const MODEL_ROUTES: readonly Attempt[] = [
  get('/proxy/model/v1/models'),
  get('/proxy/model/v1/models/demo-echo'),
  post('/proxy/model/v1/chat/completions', CHAT),
  post('/proxy/model/v1/completions', JSON.stringify({ model: 'demo-echo', prompt: 'oi' })),
  post('/proxy/model/v1/embeddings', JSON.stringify({ model: 'demo-echo', input: 'oi' })),
  post('/proxy/model/v1/responses', JSON.stringify({ model: 'demo-echo', input: 'oi' })),
  post('/proxy/model/v1/moderations', JSON.stringify({ model: 'demo-echo', input: 'oi' })),
  post('/proxy/model/v1/assistants', JSON.stringify({ model: 'demo-echo', instructions: 'oi' })),
  post('/proxy/model/v1/threads', JSON.stringify({ messages: [{ role: 'user', content: 'oi' }] })),
  post('/proxy/model/v1/threads/thread_1/messages', JSON.stringify({ role: 'user', content: 'oi' })),
  post('/proxy/model/v1/threads/thread_1/runs', JSON.stringify({ assistant_id: 'asst_1' })),
  get('/proxy/model/v1/threads/thread_1/messages'),
];

/** Studio paths the Studio upstream serves (docs/autogen.md). */
const STUDIO_ROUTES: readonly Attempt[] = [
  get('/proxy/autogen/api/version'),
  get('/proxy/autogen/api/sessions?user_id=x'),
  post('/proxy/autogen/api/sessions', JSON.stringify({ user_id: 'x', name: 'n' })),
  get('/proxy/autogen/api/teams/?user_id=x'),
  post('/proxy/autogen/api/validate/', JSON.stringify({ component: { provider: 'autogen_agentchat.agents.AssistantAgent', config: {} } })),
];

/** Another kind's paths, and the same paths disguised. */
const FOREIGN_TO_MODEL: readonly Attempt[] = [
  get('/proxy/model/api/sessions'),
  post('/proxy/model/api/sessions', JSON.stringify({ user_id: 'dev:carla', name: 'x' })),
  get('/proxy/model/api/version'),
  post('/proxy/model/api/validate/', '{"component":{}}'),
  get('/proxy/model/api/runs/1'),
  get('/proxy/model/'),
  get('/proxy/model/healthz'),
  get('/proxy/model/v2/models'),
  get('/proxy/model/v1/files'),
  get('/proxy/model/v1/../api/sessions'),
  get('/proxy/model/v1/%2e%2e/api/sessions'),
  get('/proxy/model/v1/%2E%2E/api/sessions'),
  get('/proxy/model/v1/.%2e/api/sessions'),
  get('/proxy/model/v1/models/../../api/sessions'),
  get('/proxy/model/v1/%252e%252e/api/sessions'),
  get('/proxy/model//api/sessions'),
  get('/proxy/model/v1//..//api/sessions'),
  get('/proxy/model/v1%2F..%2Fapi%2Fsessions'),
  get('/proxy/model/v1/models%2F..%2F..%2Fapi%2Fsessions'),
  get('/proxy/model/v1/models/%2e%2e%2f%2e%2e%2fapi%2fsessions'),
  get('/proxy/model/v1\\..\\api\\sessions'),
  get('/proxy/model/v1/models/..\\..\\api/sessions'),
  get('/proxy/model/v1/%EF%BC%8E%EF%BC%8E/api/sessions'),
  get('/proxy/model/v1/models%00/../../api/sessions'),
  get('/proxy/model/v1/models.'),
  post('/proxy/model/v1/chat/completions.', CHAT),
  get('/proxy/model/V1/models'),
  post('/proxy/model/V1/chat/completions', CHAT),
  post('/proxy/model/v1/Chat/Completions', CHAT),
  post('/proxy/model/v1/chat/completions;/../../api/sessions', CHAT),
  get('/proxy/model/v1/models;x=y'),
  get('/proxy/model/api/sessions?next=/v1/models'),
  get('/proxy/model/v1/models%3F/../../api/sessions'),
  get('/proxy/model/v1/models%23/../../api/sessions'),
  get('/proxy/MODEL/v1/models'),
  get('/proxy/model./v1/models'),
  get('/proxy/model%2Fv1/models'),
  get('/proxy/%6dodel/api/sessions'),
];

const FOREIGN_TO_STUDIO: readonly Attempt[] = [
  post('/proxy/autogen/v1/chat/completions', FOREIGN_CHAT),
  post('/proxy/autogen/v1/embeddings', JSON.stringify({ model: 'gpt-4o', input: 'CPF 529.982.247-25' })),
  get('/proxy/autogen/v1/models'),
  get('/proxy/autogen/docs'),
  get('/proxy/autogen/openapi.json'),
  post('/proxy/autogen/api/../v1/chat/completions', FOREIGN_CHAT),
  post('/proxy/autogen/api/%2e%2e/v1/chat/completions', FOREIGN_CHAT),
  post('/proxy/autogen/api/sessions/..%2f..%2fv1%2fchat%2fcompletions', FOREIGN_CHAT),
  post('/proxy/autogen/api\\..\\v1\\chat\\completions', FOREIGN_CHAT),
  get('/proxy/autogen/API/sessions'),
  get('/proxy/autogen/api/Sessions'),
  get('/proxy/autogen/api//sessions'),
  get('/proxy/autogen/api/sessions;/../../v1/models'),
  get('/proxy/autogen/v1/models?x=/api/version'),
];

async function attempt(gate: Gate, request: Attempt, user = 'ana') {
  return send(gate, {
    method: request.method,
    target: request.target,
    user,
    ...(request.body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: request.body }),
  });
}

describe('security 2: the upstream kind decides the routes', function () {
  this.timeout(60_000);
  const gate = useGate();

  describe('the routes each kind serves', () => {
    for (const request of [...MODEL_ROUTES, ...STUDIO_ROUTES]) {
      it(`${request.method} ${request.target} is served`, async () => {
        const g = await gate();
        const mark = g.capture.mark();
        const response = await attempt(g, request);
        assert.equal(response.status, 200, response.text.slice(0, 300));
        assert.equal(g.capture.since(mark).length, 1);
      });
    }

    it('a model-API speech request is not refused as an unknown route', async () => {
      const g = await gate();
      const response = await attempt(
        g,
        post('/proxy/model/v1/audio/speech', JSON.stringify({ model: 'demo-echo', input: 'oi', voice: 'alloy' })),
      );
      assert.notEqual(response.status, 404, response.text);
    });
  });

  const refusals: ReadonlyArray<readonly [string, readonly Attempt[]]> = [
    ['a model upstream refuses everything else with 404, however it is spelled', FOREIGN_TO_MODEL],
    ['a Studio upstream refuses everything else with 404, even on the same origin as the model API', FOREIGN_TO_STUDIO],
  ];
  for (const [title, attempts] of refusals) {
    describe(title, () => {
      for (const request of attempts) {
        it(`${request.method} ${request.target}`, async () => {
          const g = await gate();
          const mark = g.capture.mark();
          assertError(await attempt(g, request), 404, 'not_found');
          assert.deepEqual(
            g.capture.since(mark).map((captured) => captured.target),
            [],
            'nothing reached the upstream',
          );
        });
      }
    });
  }

  describe('absolute-form request targets', () => {
    const targets: ReadonlyArray<readonly [string, (g: Gate) => string]> = [
      ['the gateway, a Studio path under the model upstream', (g) => `${g.url}/proxy/model/api/sessions`],
      ['another host, a Studio path under the model upstream', () => 'http://evil.example/proxy/model/api/sessions'],
      ["the upstream's own origin and path", (g) => `${g.capture.url}/api/sessions`],
      ['another host, a model path under the Studio upstream', () => 'http://evil.example/proxy/autogen/v1/models'],
    ];
    for (const [label, target] of targets) {
      it(`GET <absolute URL: ${label}>`, async () => {
        const g = await gate();
        const mark = g.capture.mark();
        assertError(await attempt(g, get(target(g))), 404, 'not_found');
        assert.equal(g.capture.since(mark).length, 0);
      });
    }

    it('an absolute-form target for a model path reaches the configured upstream only, under its own path', async () => {
      const g = await gate();
      const mark = g.capture.mark();
      const response = await attempt(g, get('http://evil.example/proxy/model/v1/models'));
      if (response.status !== 404) assert.equal(response.status, 200, response.text);
      for (const captured of g.capture.since(mark)) {
        assert.equal(captured.target, '/v1/models');
        assert.ok(!JSON.stringify(captured.rawHeaders).includes('evil.example'), 'the client-chosen host reached the upstream');
      }
    });
  });

  it('WebSocket run upgrades exist only under a Studio upstream', async () => {
    const g = await gate();
    const response = await send(g, {
      method: 'GET',
      target: `/proxy/model/api/ws/runs/1?token=${await g.token('ana')}`,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    assertError(response, 404, 'not_found');
  });
});
