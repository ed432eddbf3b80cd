/**
 * Principle 5, code execution is found wherever a team can be loaded: every AutoGen component
 * that can run code (executors, CodeExecutorAgent, tools that carry source code, Magentic-One's
 * coder, 0.2's code_execution_config, a workbench that launches a command, a provider nobody
 * vouched for) at any depth, on the run WebSocket's start, on the Studio REST routes that create,
 * update, validate or run teams, and in the gateway's own generator runs. The policy holds such
 * runs for the privacy office: plain REST cannot wait, so it is refused with 403
 * approval_required and nothing reaches Studio; a WebSocket start is held.
 */
import { strict as assert } from 'node:assert';
import { SAFE_TEAM } from '../support/captureUpstream.js';
import { createStudioRun, openRunSocket } from '../support/studioClient.js';
import { FUNCTION_TOOL_TEAM, assertError, call, read, useGate, type Gate } from './support/gate.js';

const MODEL_CLIENT = SAFE_TEAM.config.participants[0].config.model_client;

function assistant(config: Record<string, unknown>): Record<string, unknown> {
  return {
    provider: 'autogen_agentchat.agents.AssistantAgent',
    component_type: 'agent',
    label: 'helper',
    config: { name: 'helper', model_client: MODEL_CLIENT, ...config },
  };
}

function team(...participants: unknown[]): Record<string, unknown> {
  return { ...SAFE_TEAM, label: 'team', config: { ...SAFE_TEAM.config, participants } };
}

const FUNCTION_TOOL = FUNCTION_TOOL_TEAM.config.participants[0].config.tools[0];
const LOCAL_EXECUTOR = {
  provider: 'autogen_ext.code_executors.local.LocalCommandLineCodeExecutor',
  component_type: 'code_executor',
  config: { work_dir: '.' },
};
function executor(path: string): Record<string, unknown> {
  return { provider: `autogen_ext.code_executors.${path}`, component_type: 'code_executor', config: {} };
}
const CODER = {
  provider: 'autogen_agentchat.agents.CodeExecutorAgent',
  component_type: 'agent',
  config: { name: 'coder', code_executor: LOCAL_EXECUTOR },
};

/** A code-executing participant buried `levels` society-of-mind teams deep. */
function buried(levels: number): Record<string, unknown> {
  let inner: Record<string, unknown> = CODER;
  for (let level = 0; level < levels; level++) {
    inner = {
      provider: 'autogen_agentchat.agents.SocietyOfMindAgent',
      component_type: 'agent',
      config: { name: `inner_${level}`, model_client: MODEL_CLIENT, team: team(inner) },
    };
  }
  return team(inner);
}

function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}

/** Teams that can run code, each in a different way. */
const CODE_TEAMS: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  ['a FunctionTool (source_code) in an agent', FUNCTION_TOOL_TEAM],
  [
    'a FunctionTool inside a StaticWorkbench',
    team(
      assistant({
        workbench: { provider: 'autogen_core.tools.StaticWorkbench', component_type: 'workbench', config: { tools: [FUNCTION_TOOL] } },
      }),
    ),
  ],
  [
    'a FunctionTool under its module path',
    team(assistant({ tools: [{ ...FUNCTION_TOOL, provider: 'autogen_core.tools._function_tool.FunctionTool' }] })),
  ],
  ['a CodeExecutorAgent (its executor left to the default)', team({ ...CODER, config: { name: 'coder' } })],
  ['a local command-line executor given to an agent', team(assistant({ code_executor: LOCAL_EXECUTOR }))],
  [
    'a Docker command-line executor given to an agent',
    team(assistant({ code_executor: executor('docker.DockerCommandLineCodeExecutor') })),
  ],
  ['a Jupyter executor given to an agent', team(assistant({ code_executor: executor('jupyter.JupyterCodeExecutor') }))],
  [
    'an Azure container-apps executor given to an agent',
    team(assistant({ code_executor: executor('azure.ACADynamicSessionsCodeExecutor') })),
  ],
  [
    'a Python code-execution tool',
    team(
      assistant({ tools: [{ provider: 'autogen_ext.tools.code_execution.PythonCodeExecutionTool', component_type: 'tool', config: {} }] }),
    ),
  ],
  [
    'a code executor in a field no agent uses',
    team(assistant({ memory: [{ provider: 'autogen_core.memory.ListMemory', config: { extra: LOCAL_EXECUTOR } }] })),
  ],
  [
    "Magentic-One's coder",
    team({
      provider: 'autogen_ext.agents.magentic_one.MagenticOneCoderAgent',
      component_type: 'agent',
      config: { name: 'coder', model_client: MODEL_CLIENT },
    }),
  ],
  ['a Magentic-One team', { ...SAFE_TEAM, provider: 'autogen_ext.teams.magentic_one.MagenticOne', config: { client: MODEL_CLIENT } }],
  ['a 0.2 code_execution_config', team(assistant({ code_execution_config: { work_dir: 'coding', use_docker: false } }))],
  [
    'an MCP workbench that launches a command',
    team(
      assistant({
        workbench: {
          provider: 'autogen_ext.tools.mcp.McpWorkbench',
          component_type: 'workbench',
          config: { server_params: { type: 'StdioServerParams', command: 'bash', args: ['-c', 'id'] } },
        },
      }),
    ),
  ],
  [
    'an agent provider nobody vouched for',
    team({ provider: 'acme_agents.ShellAgent', component_type: 'agent', config: { name: 'shell' } }),
  ],
  [
    'a known provider in the wrong case (another module to Python)',
    team({ provider: 'autogen_agentchat.agents.codeexecutoragent', component_type: 'agent', config: { name: 'coder' } }),
  ],
  [
    'a model client provider nobody vouched for',
    team(assistant({ model_client: { provider: 'acme.models.RemoteShellClient', component_type: 'model', config: {} } })),
  ],
  ['a team provider nobody vouched for', { ...SAFE_TEAM, provider: 'acme.teams.Orchestrator' }],
  [`a coder nine society-of-mind teams deep (${depthOf(buried(9))} levels of JSON)`, buried(9)],
];

/** Too deep to walk: the gateway cannot say what it holds. */
const TOO_DEEP = buried(40);

interface RestRoute {
  readonly label: string;
  readonly path: string;
  readonly body: (g: Gate, component: Record<string, unknown>) => Record<string, unknown>;
}

const REST_ROUTES: readonly RestRoute[] = [
  { label: 'create a team (POST /api/teams/)', path: '/api/teams/', body: (_g, component) => ({ user_id: 'dev:ana', component }) },
  {
    label: 'update a team (POST /api/teams/ with its id)',
    path: '/api/teams/',
    body: (g, component) => ({ id: g.capture.studio.addTeam('dev:ana').id, user_id: 'dev:ana', component }),
  },
  { label: 'validate a team (POST /api/validate/)', path: '/api/validate/', body: (_g, component) => ({ component }) },
  { label: 'test a team (POST /api/validate/test)', path: '/api/validate/test', body: (_g, component) => ({ component, timeout: 10 }) },
  {
    label: 'add a team to a gallery (POST /api/gallery/)',
    path: '/api/gallery/',
    body: (_g, component) => ({
      user_id: 'dev:ana',
      config: { id: 'g', name: 'g', components: { teams: [component], agents: [], models: [], tools: [], terminations: [] } },
    }),
  },
];

function reachedPath(g: Gate, mark: number, path: string): number {
  return g.capture.since(mark).filter((request) => request.path === path || request.path === path.replace(/\/$/, '')).length;
}

async function startOnSocket(g: Gate, component: Record<string, unknown>) {
  const token = await g.token('ana');
  const run = await createStudioRun(`${g.url}/proxy/autogen`, token);
  const stream = await openRunSocket(
    `${g.url.replace(/^http/, 'ws')}/proxy/autogen/api/ws/runs/${run.runId}?token=${encodeURIComponent(token)}`,
  );
  await stream.waitFor((frame) => frame['type'] === 'system');
  const mark = g.capture.frameMark();
  stream.socket.send(JSON.stringify({ type: 'start', task: 'oi', team_config: component }));
  return { stream, mark };
}

describe('security 5: code execution is found wherever a team can be loaded', function () {
  this.timeout(60_000);
  const gate = useGate();

  describe('the run WebSocket holds a start whose team can run code', () => {
    for (const [label, component] of CODE_TEAMS) {
      it(label, async () => {
        const g = await gate();
        const { stream, mark } = await startOnSocket(g, component);
        const answer = await stream.waitFor(
          (frame) => frame['status'] === 'pending_approval' || frame['type'] === 'result' || frame['type'] === 'error',
          5000,
        );
        const forwarded = g.capture.framesSince(mark).length;
        stream.socket.terminate();
        assert.equal(answer['status'], 'pending_approval', `the start was not held: ${JSON.stringify(answer).slice(0, 200)}`);
        assert.equal(forwarded, 0, 'the start reached Studio');
      });
    }

    it(`closes with 1008 a start too deep to walk (${depthOf(TOO_DEEP)} levels)`, async () => {
      const g = await gate();
      const { stream, mark } = await startOnSocket(g, TOO_DEEP);
      const closed = await Promise.race([stream.closed, stream.waitFor((frame) => frame['type'] === 'result', 5000).then(() => undefined)]);
      stream.socket.terminate();
      assert.equal(g.capture.framesSince(mark).length, 0, 'the start reached Studio');
      assert.equal(closed?.code, 1008);
    });

    it('forwards a start whose team runs no code', async () => {
      const g = await gate();
      const { stream, mark } = await startOnSocket(g, SAFE_TEAM);
      await stream.waitFor((frame) => frame['type'] === 'result', 5000);
      stream.socket.terminate();
      assert.equal(g.capture.framesSince(mark).length, 1);
    });
  });

  for (const route of REST_ROUTES) {
    describe(`Studio REST: ${route.label}`, () => {
      for (const [label, component] of CODE_TEAMS) {
        it(`${label} → 403 approval_required, nothing reaches Studio`, async () => {
          const g = await gate();
          const mark = g.capture.mark();
          const response = await read(await call(g, `/proxy/autogen${route.path}`, { user: 'ana', body: route.body(g, component) }));
          assertError(response, 403, 'approval_required');
          assert.equal(reachedPath(g, mark, route.path), 0, 'the team reached Studio');
        });
      }
      it('a team too deep to walk → 400, nothing reaches Studio', async () => {
        const g = await gate();
        const mark = g.capture.mark();
        assertError(
          await read(await call(g, `/proxy/autogen${route.path}`, { user: 'ana', body: route.body(g, TOO_DEEP) })),
          400,
          'bad_request',
        );
        assert.equal(reachedPath(g, mark, route.path), 0);
      });
      it('a team that runs no code is forwarded', async () => {
        const g = await gate();
        const mark = g.capture.mark();
        const response = await call(g, `/proxy/autogen${route.path}`, { user: 'ana', body: route.body(g, SAFE_TEAM) });
        assert.equal(response.status, 200, await response.text());
        assert.equal(reachedPath(g, mark, route.path), 1);
      });
    });
  }

  describe("the gateway's own generator runs", () => {
    it('holds a generator whose team carries a FunctionTool for approval, nothing reaches Studio', async () => {
      const g = await gate();
      const mark = g.capture.mark();
      const response = await call(g, '/api/v1/generators/studio-coder/runs', { user: 'ana', body: { input: { note: 'oi' } } });
      const body = (await response.json()) as { status?: string };
      assert.equal(response.status, 202, JSON.stringify(body));
      assert.equal(body.status, 'pending_approval');
      assert.deepEqual(
        g.capture.since(mark).map((request) => `${request.method} ${request.path}`),
        [],
        'nothing reached Studio',
      );
    });

    it('runs a generator whose team runs no code', async () => {
      const g = await gate();
      const response = await call(g, '/api/v1/generators/studio-report/runs', { user: 'ana', body: { input: { note: 'oi' } } });
      assert.equal(response.status, 200, await response.text());
    });
  });
});
