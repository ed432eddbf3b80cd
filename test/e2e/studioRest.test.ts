/**
 * AutoGen Studio's REST API through /proxy, against the demo runtime under the demo policy: the
 * caller's own records only, components inspected for code execution wherever a team is
 * created or validated, and only Studio's routes under a Studio upstream.
 */
import { strict as assert } from 'node:assert';
import { startHarness, type Harness } from '../support/gatewayHarness.js';
import { createStudioRun } from '../support/studioClient.js';

const SAFE_TEAM = {
  provider: 'autogen_agentchat.teams.RoundRobinGroupChat',
  component_type: 'team',
  config: { participants: [{ provider: 'autogen_agentchat.agents.AssistantAgent', config: { name: 'writer' } }] },
};
const CODE_TEAM = {
  ...SAFE_TEAM,
  config: {
    participants: [
      {
        provider: 'autogen_agentchat.agents.AssistantAgent',
        config: {
          name: 'writer',
          tools: [
            {
              provider: 'autogen_core.tools.FunctionTool',
              config: { name: 'f', source_code: 'def f():\n  import os\n  return os.listdir("/")' },
            },
          ],
        },
      },
    ],
  },
};

describe('e2e: AutoGen Studio REST through the gateway', function () {
  this.timeout(30_000);
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(async () => harness.stop());

  const post = (path: string, user: string, body: unknown): Promise<Response> =>
    harness.call(`/proxy/autogen${path}`, { user, method: 'POST', body: JSON.stringify(body) });

  it("creates a safe team as the caller, whatever user_id the client claims, and lists only the caller's teams", async () => {
    const created = await post('/api/teams', 'ana', { user_id: 'dev:bruno', component: SAFE_TEAM });
    assert.equal(created.status, 200);
    const team = ((await created.json()) as { data: { id: number; user_id: string } }).data;
    assert.equal(team.user_id, 'dev:ana');
    const mine = (await (await harness.call('/proxy/autogen/api/teams?user_id=dev:bruno', { user: 'ana' })).json()) as {
      data: Array<{ id: number }>;
    };
    assert.ok(mine.data.some((row) => row.id === team.id));
    const theirs = (await (await harness.call('/proxy/autogen/api/teams', { user: 'bruno' })).json()) as { data: Array<{ id: number }> };
    assert.ok(!theirs.data.some((row) => row.id === team.id), "bruno does not see ana's team");
    assert.equal((await harness.call(`/proxy/autogen/api/teams/${team.id}`, { user: 'bruno' })).status, 404);
    // An upsert naming someone else's team id would take it over: refused.
    assert.equal((await post('/api/teams', 'bruno', { id: team.id, user_id: 'dev:bruno', component: SAFE_TEAM })).status, 404);
  });

  it('holds a team that executes code: creating or validating it over plain REST is refused, and nothing reaches Studio', async () => {
    const before = harness.runtime.stats.total;
    for (const [path, body] of [
      ['/api/teams', { user_id: 'x', component: CODE_TEAM }],
      ['/api/validate', { component: CODE_TEAM }],
      ['/api/validate/test', { component: CODE_TEAM }],
    ] as const) {
      const response = await post(path, 'ana', body);
      assert.equal(response.status, 403, path);
      const error = ((await response.json()) as { error: { code: string; message: string } }).error;
      assert.equal(error.code, 'approval_required');
      assert.match(error.message, /FunctionTool executes code/);
    }
    assert.equal(harness.runtime.stats.total, before, 'Studio received nothing');
    assert.equal((await post('/api/validate', 'ana', { component: SAFE_TEAM })).status, 200);
  });

  it("answers someone else's run, its messages and its session as missing", async () => {
    const token = await harness.token('ana');
    const run = await createStudioRun(`${harness.gateway.url}/proxy/autogen`, token);
    assert.equal((await harness.call(`/proxy/autogen/api/runs/${run.runId}`, { user: 'ana' })).status, 200);
    for (const path of [
      `/api/runs/${run.runId}`,
      `/api/runs/${run.runId}/messages`,
      `/api/sessions/${run.sessionId}`,
      `/api/sessions/${run.sessionId}/runs`,
    ]) {
      assert.equal((await harness.call(`/proxy/autogen${path}`, { user: 'bruno' })).status, 404, path);
    }
    assert.equal(
      (await post('/api/runs', 'bruno', { session_id: run.sessionId, user_id: 'dev:bruno' })).status,
      404,
      "a run on ana's session",
    );
  });

  it('serves only Studio routes under a Studio upstream, and only model routes under a model upstream (same origin)', async () => {
    const chat = { model: 'demo-echo', messages: [{ role: 'user', content: 'oi' }] };
    const studioAsModel = await post('/v1/chat/completions', 'ana', chat);
    assert.equal(studioAsModel.status, 404);
    assert.match(
      ((await studioAsModel.json()) as { error: { message: string } }).error.message,
      /autogen \(autogen-studio\) does not serve POST \/v1\/chat\/completions/,
    );
    assert.equal((await harness.call('/proxy/model/api/sessions', { user: 'ana' })).status, 404);
    assert.equal((await harness.call('/proxy/autogen/api/auth/me', { user: 'ana' })).status, 404);
  });
});
