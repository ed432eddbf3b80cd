/**
 * Whether an AutoGen team can execute code: a CodeExecutorAgent, a code-execution tool, a code
 * executor component (local, Docker, Jupyter…), Magentic-One's coder, or a 0.2-style
 * `code_execution_config`. Such a run can touch anything the runtime can reach, so policy treats
 * it as risky (`codeExecution: true` rules). The walk is structural: names can be nested at any
 * depth of a team component (participants, tools, workbenches).
 */

const CODE_EXECUTION_PROVIDERS: readonly RegExp[] = [
  /code_executors?\./i, // autogen_ext.code_executors.local.LocalCommandLineCodeExecutor, docker, jupyter, azure
  /CodeExecutorAgent/, // autogen_agentchat.agents.CodeExecutorAgent
  /CodeExecution(Tool)?/, // autogen_ext.tools.code_execution.PythonCodeExecutionTool
  /CommandLineCodeExecutor/,
  /MagenticOneCoderAgent|teams\.MagenticOne\b/,
];

export interface TeamInspection {
  readonly executesCode: boolean;
  /** What gave it away (providers, keys), for the record and the approver. */
  readonly evidence: readonly string[];
}

export function inspectTeam(teamConfig: unknown): TeamInspection {
  const evidence = new Set<string>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 64 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const record = value as Record<string, unknown>;
    const provider = record['provider'];
    if (typeof provider === 'string' && CODE_EXECUTION_PROVIDERS.some((pattern) => pattern.test(provider))) evidence.add(provider);
    if (record['component_type'] === 'code_executor')
      evidence.add(`component_type: code_executor${typeof provider === 'string' ? ` (${provider})` : ''}`);
    const legacy = record['code_execution_config'];
    if (legacy !== undefined && legacy !== false && legacy !== null) evidence.add('code_execution_config');
    for (const child of Object.values(record)) visit(child, depth + 1);
  };
  visit(teamConfig, 0);
  return { executesCode: evidence.size > 0, evidence: [...evidence] };
}
