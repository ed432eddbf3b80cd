/**
 * Whether an AutoGen component (a team, an agent, a tool, a workbench…) can execute code once a
 * runtime loads it. AutoGen loads a component by importing whatever class its `provider` names
 * and building it from `config`, and some components run what they carry (`FunctionTool` execs
 * its `source_code` when loaded, executors run what agents write, an MCP stdio server is a
 * command line). So the walk is structural and suspicious: every object at any depth is looked
 * at, a provider that is not on the known-safe list counts as able to run code, and a document
 * too deep to walk is refused rather than judged.
 *
 * Provider names: AutoGen's `component_provider_override` values (autogen-agentchat,
 * autogen-core, autogen-ext, autogenstudio).
 */
import { GateError } from '../../errors.js';

/** Components that run code, or run what a model writes. */
const EXECUTES_CODE = new Set([
  'autogen_agentchat.agents.CodeExecutorAgent',
  'autogen_core.tools.FunctionTool',
  'autogen_ext.agents.magentic_one.MagenticOneCoderAgent',
  'autogen_ext.code_executors.docker.DockerCommandLineCodeExecutor',
  'autogen_ext.code_executors.docker_jupyter.DockerJupyterCodeExecutor',
  'autogen_ext.code_executors.jupyter.JupyterCodeExecutor',
  'autogen_ext.code_executors.local.LocalCommandLineCodeExecutor',
  'autogen_ext.tools.code_execution.PythonCodeExecutionTool',
]);

/** Components that cannot run code by themselves (their children are walked all the same). */
const KNOWN_SAFE = new Set([
  'autogen_agentchat.agents.AssistantAgent',
  'autogen_agentchat.agents.MessageFilterAgent',
  'autogen_agentchat.agents.SocietyOfMindAgent',
  'autogen_agentchat.agents.UserProxyAgent',
  'autogen_agentchat.base.AndTerminationCondition',
  'autogen_agentchat.base.OrTerminationCondition',
  'autogen_agentchat.conditions.ExternalTermination',
  'autogen_agentchat.conditions.FunctionCallTermination',
  'autogen_agentchat.conditions.HandoffTermination',
  'autogen_agentchat.conditions.MaxMessageTermination',
  'autogen_agentchat.conditions.SourceMatchTermination',
  'autogen_agentchat.conditions.StopMessageTermination',
  'autogen_agentchat.conditions.TextMentionTermination',
  'autogen_agentchat.conditions.TextMessageTermination',
  'autogen_agentchat.conditions.TimeoutTermination',
  'autogen_agentchat.conditions.TokenUsageTermination',
  'autogen_agentchat.messages.StructuredMessageFactory',
  'autogen_agentchat.teams.GraphFlow',
  'autogen_agentchat.teams.MagenticOneGroupChat',
  'autogen_agentchat.teams.RoundRobinGroupChat',
  'autogen_agentchat.teams.SelectorGroupChat',
  'autogen_agentchat.teams.Swarm',
  'autogen_agentchat.tools.AgentTool',
  'autogen_agentchat.tools.TeamTool',
  'autogen_core.InMemoryStore',
  'autogen_core.memory.ListMemory',
  'autogen_core.model_context.BufferedChatCompletionContext',
  'autogen_core.model_context.HeadAndTailChatCompletionContext',
  'autogen_core.model_context.TokenLimitedChatCompletionContext',
  'autogen_core.model_context.UnboundedChatCompletionContext',
  'autogen_core.tools.StaticStreamWorkbench',
  'autogen_core.tools.StaticWorkbench',
  'autogen_ext.agents.file_surfer.FileSurfer',
  'autogen_ext.agents.openai.OpenAIAgent',
  'autogen_ext.agents.web_surfer.MultimodalWebSurfer',
  'autogen_ext.auth.azure.AzureTokenProvider',
  'autogen_ext.cache_store.diskcache.DiskCacheStore',
  'autogen_ext.cache_store.redis.RedisStore',
  'autogen_ext.memory.chromadb.ChromaDBVectorMemory',
  'autogen_ext.memory.mem0.Mem0Memory',
  'autogen_ext.memory.redis_memory.RedisMemory',
  'autogen_ext.models.anthropic.AnthropicBedrockChatCompletionClient',
  'autogen_ext.models.anthropic.AnthropicChatCompletionClient',
  'autogen_ext.models.cache.ChatCompletionCache',
  'autogen_ext.models.ollama.OllamaChatCompletionClient',
  'autogen_ext.models.openai.AzureOpenAIChatCompletionClient',
  'autogen_ext.models.openai.OpenAIChatCompletionClient',
  'autogen_ext.models.replay.ReplayChatCompletionClient',
  'autogen_ext.tools.azure.AzureAISearchTool',
  'autogen_ext.tools.azure.BaseAzureAISearchTool',
  'autogen_ext.tools.http.HttpTool',
  'autogen_ext.tools.mcp.McpWorkbench',
  'autogen_ext.tools.mcp.SseMcpToolAdapter',
  'autogen_ext.tools.mcp.StdioMcpToolAdapter',
  'autogen_ext.tools.mcp.StreamableHttpMcpToolAdapter',
]);

/** Deeper than this, the gateway refuses to judge (strict JSON bodies are already bounded to 64). */
export const MAX_COMPONENT_DEPTH = 64;

export interface ComponentInspection {
  readonly executesCode: boolean;
  /** What gave it away, for the record and the approver. */
  readonly evidence: readonly string[];
}

export class ComponentTooDeepError extends GateError {
  constructor() {
    super(
      'bad_request',
      400,
      `The component is nested deeper than ${MAX_COMPONENT_DEPTH} levels, too deep for the gateway to check; refused.`,
    );
  }
}

/** Walks `value` (a team config, a component, a start frame…). Throws ComponentTooDeepError. */
export function inspectComponents(value: unknown, extraSafe: ReadonlySet<string> = new Set()): ComponentInspection {
  const evidence = new Set<string>();
  const visit = (node: unknown, depth: number): void => {
    if (node === null || typeof node !== 'object') return;
    if (depth > MAX_COMPONENT_DEPTH) throw new ComponentTooDeepError();
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const record = node as Record<string, unknown>;
    const provider = record['provider'];
    if (typeof provider === 'string') {
      if (EXECUTES_CODE.has(provider) || /code_executors?\b|CodeExecut|CommandLine|Jupyter/i.test(provider))
        evidence.add(`${provider} executes code`);
      else if (!KNOWN_SAFE.has(provider) && !extraSafe.has(provider))
        evidence.add(`${provider} is not a known-safe component (AutoGen imports and runs whatever a provider names)`);
    }
    if (record['component_type'] === 'code_executor') evidence.add('a code executor component');
    if (typeof record['source_code'] === 'string') evidence.add('a tool that carries source code (executed when loaded)');
    const legacy = record['code_execution_config'];
    if (legacy !== undefined && legacy !== false && legacy !== null) evidence.add('code_execution_config (AutoGen 0.2)');
    if (record['type'] === 'code_interpreter') evidence.add("the model provider's code interpreter tool");
    if (isStdioServer(record)) evidence.add(`an MCP server started as a command (${String(record['command']).slice(0, 60)})`);
    for (const child of Object.values(record)) visit(child, depth + 1);
  };
  visit(value, 0);
  return { executesCode: evidence.size > 0, evidence: [...evidence] };
}

/** MCP `StdioServerParams`: a command line the runtime starts. */
function isStdioServer(record: Record<string, unknown>): boolean {
  return typeof record['command'] === 'string' && (record['type'] === 'StdioServerParams' || Array.isArray(record['args']));
}
