import { strict as assert } from 'node:assert';
import { ComponentTooDeepError, inspectComponents } from '../../../gateway/upstreams/studio/components.js';

const assistant = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  provider: 'autogen_agentchat.agents.AssistantAgent',
  component_type: 'agent',
  config: {
    name: 'writer',
    model_client: { provider: 'autogen_ext.models.openai.OpenAIChatCompletionClient', config: { model: 'demo' } },
    ...extra,
  },
});
const team = (participants: unknown[]): Record<string, unknown> => ({
  provider: 'autogen_agentchat.teams.RoundRobinGroupChat',
  component_type: 'team',
  config: {
    participants,
    termination_condition: { provider: 'autogen_agentchat.conditions.MaxMessageTermination', config: { max_messages: 3 } },
  },
});

describe('component inspection (code execution)', () => {
  it('passes a team of known-safe components', () => {
    assert.deepEqual(inspectComponents(team([assistant()])), { executesCode: false, evidence: [] });
  });

  it('finds a FunctionTool: its source code runs when the team loads', () => {
    const tool = {
      provider: 'autogen_core.tools.FunctionTool',
      component_type: 'tool',
      config: { source_code: 'def f(): import os; os.system("id")', name: 'f' },
    };
    const found = inspectComponents(team([assistant({ tools: [tool] })]));
    assert.ok(found.executesCode);
    assert.ok(found.evidence.some((line) => /FunctionTool executes code/.test(line)));
    assert.ok(found.evidence.some((line) => /source code/.test(line)));
  });

  it('finds executors, executor agents, the Magentic-One coder and 0.2 configs at any depth', () => {
    const executor = {
      provider: 'autogen_ext.code_executors.local.LocalCommandLineCodeExecutor',
      component_type: 'code_executor',
      config: {},
    };
    const nested = team([
      {
        provider: 'autogen_agentchat.tools.TeamTool',
        config: { team: team([{ provider: 'autogen_agentchat.agents.CodeExecutorAgent', config: { code_executor: executor } }]) },
      },
    ]);
    assert.ok(inspectComponents(nested).executesCode);
    assert.ok(inspectComponents(team([{ provider: 'autogen_ext.agents.magentic_one.MagenticOneCoderAgent', config: {} }])).executesCode);
    assert.ok(inspectComponents({ agents: [{ name: 'x', code_execution_config: { work_dir: '/tmp' } }] }).executesCode);
    assert.ok(!inspectComponents({ agents: [{ name: 'x', code_execution_config: false }] }).executesCode);
  });

  it('treats a provider nobody vetted as able to run code (AutoGen imports whatever it names)', () => {
    const found = inspectComponents(team([{ provider: 'mycompany.agents.Helpful', config: {} }]));
    assert.ok(found.executesCode);
    assert.match(found.evidence[0] ?? '', /not a known-safe component/);
    assert.ok(
      !inspectComponents(team([{ provider: 'mycompany.agents.Helpful', config: {} }]), new Set(['mycompany.agents.Helpful'])).executesCode,
    );
  });

  it('finds an MCP server started as a command, and a provider-side code interpreter', () => {
    assert.ok(
      inspectComponents({
        provider: 'autogen_ext.tools.mcp.McpWorkbench',
        config: { server_params: { type: 'StdioServerParams', command: 'uvx', args: ['mcp-server-fetch'] } },
      }).executesCode,
    );
    assert.ok(
      inspectComponents({ provider: 'autogen_ext.agents.openai.OpenAIAgent', config: { tools: [{ type: 'code_interpreter' }] } })
        .executesCode,
    );
  });

  it('refuses to judge what is too deep to walk', () => {
    let deep: Record<string, unknown> = { provider: 'autogen_agentchat.agents.AssistantAgent' };
    for (let i = 0; i < 100; i++) deep = { config: deep };
    assert.throws(() => inspectComponents(deep), ComponentTooDeepError);
  });
});
