/**
 * AutoGen's own protocols through the gateway (issue 8): Studio REST with `user_id` taken from
 * the verified identity, Studio run WebSockets masked frame by frame (values split across
 * frames included), the OpenAI-compatible model API with prompt masking and streamed answers
 * masked event by event, and fail-closed behaviour when a stream cannot be masked.
 */
import { strict as assert } from 'node:assert';
import type { SessionDetailView, SessionPageView } from '../../gateway/api/wire.js';
import { demoCustomers } from '../../gateway/dev/demoRuntime/demoData.js';
import { startHarness, type Harness } from '../support/gatewayHarness.js';
import { startTestUpstream, type TestUpstream } from '../support/httpUpstream.js';
import { createStudioRun, openRunSocket } from '../support/studioClient.js';

const CPF = /\b\d{3}\.\d{3}\.\d{3}-\d{2}\b/;

function wsUrl(harness: Harness, runId: number, token?: string): string {
  return `${harness.gateway.url.replace(/^http/, 'ws')}/proxy/autogen/api/ws/runs/${runId}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

/** Parses an SSE body into the JSON of its data lines (skipping [DONE]). */
function sseData(body: string): Array<Record<string, unknown>> {
  return body
    .split('\n\n')
    .flatMap((event) =>
      event
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6)),
    )
    .filter((data) => data !== '[DONE]')
    .map((data) => JSON.parse(data) as Record<string, unknown>);
}

function deltas(events: ReadonlyArray<Record<string, unknown>>): string {
  return events
    .map((event) => (event['choices'] as Array<{ delta?: { content?: string } }> | undefined)?.[0]?.delta?.content ?? '')
    .join('');
}

/** Sessions are completed just after a stream ends: poll until the record shows it. */
async function recordedSession(
  harness: Harness,
  user: string,
  query: string,
  predicate: (session: SessionDetailView) => boolean,
): Promise<SessionDetailView> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const page = (await (await harness.call(`/api/v1/sessions?${query}`, { user })).json()) as SessionPageView;
    for (const summary of page.sessions) {
      const detail = (await (await harness.call(`/api/v1/sessions/${summary.id}`, { user })).json()) as SessionDetailView;
      if (predicate(detail)) return detail;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no session matching the predicate for ${query}`);
}

const REPORT_TEAM = {
  provider: 'autogen_agentchat.teams.RoundRobinGroupChat',
  component_type: 'team',
  label: 'customer-report',
  config: { participants: [] },
};

describe('AutoGen protocols through the gateway', function () {
  this.timeout(60_000);
  let harness: Harness;
  let flood: TestUpstream;

  before(async () => {
    // An OpenAI-compatible upstream whose stream cannot be masked: one SSE line larger than the
    // masker will hold (it refuses rather than pass what it has not inspected).
    flood = await startTestUpstream((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`data: {"choices":[{"index":0,"delta":{"content":"Ana Souza, CPF 529.98"}}]}\n\n`);
      response.end(`data: ${'x'.repeat(2 * 1024 * 1024)}`);
    });
    harness = await startHarness({
      editPolicy: (policy) =>
        policy
          .upstream('flood', { type: 'openai', url: flood.url })
          .upstream('blobs', { type: 'http', url: flood.url, uninspectable: 'passthrough' })
          .upstream('grpc', { type: 'http', url: flood.url })
          .ruleFirst({ id: 'devs-flood', upstreams: ['flood', 'blobs', 'grpc'], when: { groups: ['developers'] }, decision: 'allow' }),
    });
  });
  after(async () => {
    await harness.stop();
    await flood.close();
  });

  describe('AutoGen Studio REST', () => {
    it('replaces a forged user_id in bodies and queries with the verified caller', async () => {
      const token = await harness.token('ana');
      const created = (await (
        await fetch(`${harness.gateway.url}/proxy/autogen/api/sessions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ user_id: 'dev:carla', name: 'pretending' }),
        })
      ).json()) as { data: { id: number; user_id: string } };
      assert.equal(created.data.user_id, 'dev:ana');
      const listed = (await (await harness.call('/proxy/autogen/api/sessions?user_id=dev:carla', { user: 'ana' })).json()) as {
        data: Array<{ id: number; user_id: string }>;
      };
      assert.ok(listed.data.length > 0);
      assert.ok(
        listed.data.every((session) => session.user_id === 'dev:ana'),
        "only ana's sessions come back",
      );
      const audit = await harness.gateway.parts.store.readAudit(0, 10_000);
      // What the client claimed is on record with the session it started, never trusted.
      assert.ok(
        audit.some(
          (entry) => entry.type === 'session.started' && JSON.stringify(entry.data['userIdsReplaced'] ?? []).includes('dev:carla'),
        ),
      );
    });
  });

  describe('AutoGen Studio run WebSocket', () => {
    it('streams a run with every frame masked, even a CPF split across chunk frames', async () => {
      const token = await harness.token('ana');
      const run = await createStudioRun(`${harness.gateway.url}/proxy/autogen`, token);
      const stream = await openRunSocket(wsUrl(harness, run.runId, token));
      stream.socket.send(JSON.stringify({ type: 'start', task: 'Write the customer report. month: maio', team_config: REPORT_TEAM }));
      await stream.waitFor((frame) => frame['type'] === 'result');
      stream.socket.close();
      await stream.closed;

      // The runtime really did split values: its chunks are 5 characters long.
      const chunks = stream.frames.filter((frame) => frame['type'] === 'message_chunk');
      assert.ok(chunks.length > 100, `expected many chunk frames, got ${chunks.length}`);
      const joined = chunks
        .filter((frame) => (frame['data'] as { source: string }).source === 'report_writer')
        .map((frame) => (frame['data'] as { content: string }).content)
        .join('');
      assert.match(joined, /Relatório de clientes/);
      const everything = JSON.stringify(stream.frames);
      for (const customer of demoCustomers(6)) {
        for (const value of [customer.cpf, customer.nome, customer.email, customer.endereco]) {
          assert.ok(!joined.includes(value) && !everything.includes(value), `${value} reached the client`);
        }
      }
      assert.doesNotMatch(joined, CPF);

      const detail = await recordedSession(
        harness,
        'ana',
        'kind=proxy',
        (session) => session.method === 'WEBSOCKET' && session.status !== 'running' && session.path.includes(`/runs/${run.runId}`),
      );
      assert.ok(!detail.path.includes(token), 'the token is never recorded');
      assert.equal(detail.status, 'succeeded');
      assert.ok(
        detail.maskingEvents.some((event) => event.detector === 'cpf' && event.location.startsWith('response:chunks:report_writer:')),
        JSON.stringify(detail.maskingEvents.slice(0, 5)),
      );
      assert.ok(!JSON.stringify(detail).includes(demoCustomers(1)[0]?.cpf ?? '???'));
    });

    it('refuses an upgrade without a valid token, and a run that belongs to someone else', async () => {
      const anaRun = await createStudioRun(`${harness.gateway.url}/proxy/autogen`, await harness.token('ana'));
      await assert.rejects(openRunSocket(wsUrl(harness, anaRun.runId)), (error: { status?: number }) => error.status === 401);
      await assert.rejects(
        openRunSocket(wsUrl(harness, anaRun.runId, 'forged.token.value')),
        (error: { status?: number }) => error.status === 401,
      );
      // Someone else's run is answered as missing, as on every Studio route.
      await assert.rejects(
        openRunSocket(wsUrl(harness, anaRun.runId, await harness.token('bruno'))),
        (error: { status?: number }) => error.status === 404,
      );
      // Bruno's attempt is on record: who tried which run, and why it was refused.
      const sessions = (await harness.gateway.parts.store.listSessions({ limit: 20 })).sessions;
      const refused = sessions.find(
        (session) => session.method === 'WEBSOCKET' && session.path.includes(`/runs/${anaRun.runId}`) && session.status === 'denied',
      );
      assert.ok(refused, JSON.stringify(sessions.map((session) => [session.method, session.path, session.status])));
      assert.equal(refused.httpStatus, 404);
      assert.equal(refused.error?.code, 'not_found');
      const headerAuth = await openRunSocket(wsUrl(harness, anaRun.runId), { authorization: `Bearer ${await harness.token('ana')}` });
      headerAuth.socket.close();
      await headerAuth.closed;
    });

    const CODER_TEAM = {
      provider: 'autogen_agentchat.teams.RoundRobinGroupChat',
      label: 'customer-report',
      config: {
        participants: [
          {
            provider: 'autogen_agentchat.agents.CodeExecutorAgent',
            config: { code_executor: { provider: 'autogen_ext.code_executors.local.LocalCommandLineCodeExecutor' } },
          },
        ],
      },
    };

    async function decideLatest(decision: 'approve' | 'deny'): Promise<string> {
      for (let attempt = 0; attempt < 100; attempt++) {
        const page = (await (await harness.call('/api/v1/approvals?status=pending', { user: 'carla' })).json()) as {
          approvals: Array<{ approvalId: string; generator: string }>;
        };
        const held = page.approvals.find((approval) => approval.generator === 'upstream:autogen');
        if (held) {
          const response = await harness.call(`/api/v1/approvals/${held.approvalId}/decision`, {
            user: 'carla',
            method: 'POST',
            body: JSON.stringify({ decision, reason: decision === 'approve' ? 'script reviewed' : 'no code execution here' }),
          });
          assert.equal(response.status, 200, await response.text());
          return held.approvalId;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('no held start appeared');
    }

    it('holds a start whose team executes code until an approver releases it', async () => {
      const token = await harness.token('bruno');
      const run = await createStudioRun(`${harness.gateway.url}/proxy/autogen`, token);
      const stream = await openRunSocket(wsUrl(harness, run.runId, token));
      const before = harness.runtime.stats.runsStarted;
      stream.socket.send(JSON.stringify({ type: 'start', task: 'run the script for CPF 529.982.247-25', team_config: CODER_TEAM }));
      const pending = await stream.waitFor((frame) => frame['status'] === 'pending_approval' && typeof frame['approval_id'] === 'string');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(harness.runtime.stats.runsStarted, before, 'nothing reached the runtime while held');

      const detail = (await (await harness.call(`/api/v1/approvals/${String(pending['approval_id'])}`, { user: 'carla' })).json()) as {
        input: { task: string };
        you: { canDecide: boolean };
      };
      assert.equal(detail.you.canDecide, true);
      assert.ok(!JSON.stringify(detail.input).includes('529.982.247-25'), 'the approver sees the task masked');
      assert.match(JSON.stringify(detail.input), /CodeExecutorAgent/);

      await decideLatest('approve');
      await stream.waitFor((frame) => frame['status'] === 'approved');
      await stream.waitFor((frame) => frame['type'] === 'result');
      assert.equal(harness.runtime.stats.runsStarted, before + 1);
      const forwarded = harness.runtime.wsFrames[harness.runtime.wsFrames.length - 1] as { task: string };
      // Exactly the held frame went to the runtime, masked like everything that leaves the gateway.
      assert.equal(forwarded.task, 'run the script for CPF [CPF]', 'exactly the held frame went to the runtime, masked');
      stream.socket.close();
      await stream.closed;
    });

    it('ends a held start with an error frame when the approver denies it', async () => {
      const token = await harness.token('bruno');
      const run = await createStudioRun(`${harness.gateway.url}/proxy/autogen`, token);
      const stream = await openRunSocket(wsUrl(harness, run.runId, token));
      const before = harness.runtime.stats.runsStarted;
      stream.socket.send(JSON.stringify({ type: 'start', task: 'rm -rf', team_config: CODER_TEAM }));
      await stream.waitFor((frame) => frame['status'] === 'pending_approval' && typeof frame['approval_id'] === 'string');
      await decideLatest('deny');
      const error = await stream.waitFor((frame) => frame['type'] === 'error');
      assert.match(String(error['error']), /not approved: no code execution here/);
      const closed = await stream.closed;
      assert.equal(closed.code, 1008);
      assert.equal(harness.runtime.stats.runsStarted, before);
      const session = await recordedSession(
        harness,
        'bruno',
        'kind=proxy',
        (candidate) =>
          candidate.path.includes(`/runs/${run.runId}`) && candidate.status !== 'running' && candidate.status !== 'pending_approval',
      );
      assert.equal(session.status, 'approval_denied');
    });
  });

  describe('OpenAI-compatible model API', () => {
    it('streams demo-report with every delta masked, values split across events included', async () => {
      const response = await harness.call('/proxy/model/v1/chat/completions', {
        user: 'ana',
        method: 'POST',
        body: JSON.stringify({ model: 'demo-report', stream: true, messages: [{ role: 'user', content: 'Relatório de novembro' }] }),
      });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
      const body = await response.text();
      const events = sseData(body);
      assert.ok(events.length > 100, `expected a token stream, got ${events.length} events`);
      const text = deltas(events);
      assert.match(text, /Relatório de clientes/);
      for (const customer of demoCustomers(4)) {
        for (const value of [customer.cpf, customer.nome, customer.email, customer.telefone])
          assert.ok(!text.includes(value), `${value} reached the agent`);
      }
      assert.doesNotMatch(text, CPF);
      assert.match(body, /data: \[DONE\]/);
    });

    it('masks the prompt before it leaves for the model provider, and the answer on the way back', async () => {
      const before = harness.runtime.modelLog.prompts.length;
      const response = await harness.call('/proxy/model/v1/chat/completions', {
        user: 'ana',
        method: 'POST',
        body: JSON.stringify({
          model: 'demo-echo',
          messages: [{ role: 'user', content: 'Cliente Maria Aparecida dos Santos, CPF 529.982.247-25, pediu segunda via.' }],
        }),
      });
      assert.equal(response.status, 200);
      const answer = (await response.json()) as { choices: Array<{ message: { content: string } }> };
      const sent = harness.runtime.modelLog.prompts.slice(before).join('\n');
      assert.ok(!sent.includes('529.982.247-25') && !sent.includes('Maria Aparecida'), `the provider saw: ${sent}`);
      assert.match(sent, /pediu segunda via/);
      assert.ok(!answer.choices[0]?.message.content.includes('529.982.247-25'));
    });

    it('applies policy per model: demo models allowed, any other denied, the catalogue readable', async () => {
      const denied = await harness.call('/proxy/model/v1/chat/completions', {
        user: 'ana',
        method: 'POST',
        body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'oi' }] }),
      });
      assert.equal(denied.status, 403);
      assert.equal(((await denied.json()) as { error: { ruleId: string } }).error.ruleId, 'no-other-models');
      const models = await harness.call('/proxy/model/v1/models', { user: 'ana' });
      assert.equal(models.status, 200);
      assert.equal((await harness.call('/proxy/model/v1/models', { user: 'carla' })).status, 403);
    });

    it('cuts a stream it cannot mask with an error event, and records the failure', async () => {
      const response = await harness.call('/proxy/flood/v1/chat/completions', {
        user: 'ana',
        method: 'POST',
        body: JSON.stringify({ model: 'x', stream: true, messages: [] }),
      });
      const body = await response.text();
      assert.match(body, /event: error\ndata: \{"error":\{"code":"masking_failed"/);
      assert.ok(!body.includes('xxxxxxxxxx'), 'nothing unmasked passed');
      assert.ok(!body.includes('529.98'), 'the partial CPF held back was never released');
      const detail = await recordedSession(harness, 'ana', 'kind=proxy&status=failed', (session) => session.upstream === 'flood');
      assert.equal(detail.error?.code, 'masking_failed');
    });
  });

  describe('traffic the gateway cannot inspect', () => {
    it('refuses gRPC by default and records the refusal', async () => {
      // A Studio upstream does not serve AutoGen's worker runtime at all.
      const studio = await harness.call('/proxy/autogen/agents.AgentRpc/OpenChannel', {
        user: 'ana',
        method: 'POST',
        headers: { 'content-type': 'application/grpc' },
        body: 'binary',
      });
      assert.equal(studio.status, 404);
      // An upstream that serves any path still cannot read gRPC: 415, unless it opts in.
      const response = await harness.call('/proxy/grpc/agents.AgentRpc/OpenChannel', {
        user: 'ana',
        method: 'POST',
        headers: { 'content-type': 'application/grpc' },
        body: 'binary',
      });
      assert.equal(response.status, 415);
      const page = (await (await harness.call('/api/v1/sessions?kind=proxy&status=denied', { user: 'ana' })).json()) as SessionPageView;
      assert.ok(page.sessions.some((session) => session.path.startsWith('/proxy/grpc/agents.AgentRpc')));
    });

    it('passes binary through an upstream that opted in, recording metadata only', async () => {
      flood.handler = (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from([0, 1, 2, 3, 255]));
      };
      const response = await harness.call('/proxy/blobs/file.bin', { user: 'ana' });
      assert.equal(response.status, 200);
      assert.deepEqual([...new Uint8Array(await response.arrayBuffer())], [0, 1, 2, 3, 255]);
      const detail = await recordedSession(
        harness,
        'ana',
        'kind=proxy',
        (candidate) => candidate.upstream === 'blobs' && candidate.status !== 'running',
      );
      assert.equal(detail.response?.body, null);
      assert.equal(detail.response?.bytes, 5);
    });
  });
});
