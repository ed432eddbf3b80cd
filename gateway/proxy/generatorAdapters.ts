/**
 * How a generator run reaches its upstream. AutoGen Studio: create a session and a run over
 * REST, then stream the run over its WebSocket (`start` frame with task and team_config) and
 * collect the agents' messages until the result. Plain HTTP generators: POST the input as JSON.
 * Wire shapes: see docs/autogen.md.
 */
import WebSocket from 'ws';
import type { GeneratorConfig, UpstreamConfig } from '../config/types.js';
import { UpstreamResponseError } from './upstreamErrors.js';

export interface AgentMessage {
  readonly source: string;
  readonly content: string;
}

/** What an upstream produced for a run, before masking. */
export interface GeneratorOutput {
  readonly text: string;
  readonly messages: readonly AgentMessage[];
  readonly upstreamStatus: number;
}

export interface RunContext {
  /** The verified caller, as the upstream's `user_id`. */
  readonly userId: string;
  readonly requestId: string;
  /** Aborted on timeout (and on gateway shutdown). */
  readonly signal: AbortSignal;
}

export interface GeneratorAdapter {
  run(generator: GeneratorConfig, input: Readonly<Record<string, unknown>>, ctx: RunContext): Promise<GeneratorOutput>;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

/** Fields a task template needs from the input. */
export function taskFields(template: string | undefined): string[] {
  return template === undefined ? [] : [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

/** The task text sent to AutoGen: the template with input fields filled in. */
export function renderTask(generator: GeneratorConfig, input: Readonly<Record<string, unknown>>): string {
  if (generator.task === undefined) {
    return typeof input['task'] === 'string' ? input['task'] : JSON.stringify(input);
  }
  return generator.task.replace(PLACEHOLDER, (_match, name: string) => {
    const value = input[name];
    return typeof value === 'string' ? value : JSON.stringify(value ?? '');
  });
}

async function postJson(url: string, body: unknown, signal: AbortSignal): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) throw new UpstreamResponseError(`POST ${new URL(url).pathname} answered HTTP ${response.status}`, response.status);
  return { status: response.status, json };
}

function dataField(json: unknown, path: readonly string[]): unknown {
  let value: unknown = json;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const parts = content.filter((part): part is string => typeof part === 'string');
    return parts.length > 0 ? parts.join('\n') : undefined;
  }
  return undefined;
}

export class AutoGenStudioAdapter implements GeneratorAdapter {
  constructor(private readonly upstream: UpstreamConfig) {}

  async run(generator: GeneratorConfig, input: Readonly<Record<string, unknown>>, ctx: RunContext): Promise<GeneratorOutput> {
    const base = this.upstream.url;
    const session = await postJson(
      `${base}/api/sessions`,
      { user_id: ctx.userId, name: `autogen-gate ${generator.name} ${ctx.requestId}` },
      ctx.signal,
    );
    const sessionId = dataField(session.json, ['data', 'id']);
    if (typeof sessionId !== 'number' && typeof sessionId !== 'string')
      throw new UpstreamResponseError('session creation returned no session id', session.status);
    const run = await postJson(`${base}/api/runs`, { session_id: sessionId, user_id: ctx.userId }, ctx.signal);
    const runId = dataField(run.json, ['data', 'run_id']);
    if (typeof runId !== 'number' && typeof runId !== 'string')
      throw new UpstreamResponseError('run creation returned no run id', run.status);
    const messages = await this.stream(
      `${base.replace(/^http/, 'ws')}/api/ws/runs/${encodeURIComponent(String(runId))}`,
      renderTask(generator, input),
      generator.team ?? {},
      ctx.signal,
    );
    const produced = messages.filter((message) => message.source !== 'user');
    const last = produced[produced.length - 1];
    if (!last) throw new UpstreamResponseError('the run finished without any agent message', 200);
    return { text: last.content, messages, upstreamStatus: 200 };
  }

  /** Sends `start` and collects `message` frames until `result`/`completion`. */
  private stream(url: string, task: string, teamConfig: Readonly<Record<string, unknown>>, signal: AbortSignal): Promise<AgentMessage[]> {
    return new Promise<AgentMessage[]>((resolve, reject) => {
      const messages: AgentMessage[] = [];
      const socket = new WebSocket(url, { handshakeTimeout: this.upstream.connectTimeoutMs });
      let settled = false;
      const finish = (error?: Error): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.terminate();
        if (error) reject(error);
        else resolve(messages);
      };
      const onAbort = (): void => finish(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
      socket.on('open', () => socket.send(JSON.stringify({ type: 'start', task, team_config: teamConfig })));
      socket.on('error', (error) => finish(error));
      socket.on('unexpected-response', (_request, response) =>
        finish(new UpstreamResponseError(`run WebSocket refused with HTTP ${response.statusCode ?? '?'}`, response.statusCode)),
      );
      socket.on('close', (code, reason) =>
        finish(new UpstreamResponseError(`run WebSocket closed before the result (${code} ${reason.toString()})`, undefined)),
      );
      socket.on('message', (raw) => {
        let frame: { type?: unknown; data?: unknown; status?: unknown; error?: unknown };
        try {
          frame = JSON.parse(String(raw)) as typeof frame;
        } catch {
          finish(new UpstreamResponseError('run WebSocket sent a frame that is not JSON', undefined));
          return;
        }
        if (frame.type === 'message') {
          const source = dataField(frame.data, ['source']);
          const content = contentText(dataField(frame.data, ['content']));
          if (typeof source === 'string' && content !== undefined) messages.push({ source, content });
        } else if (frame.type === 'result' || (frame.type === 'completion' && frame.status === 'complete')) {
          finish();
        } else if (frame.type === 'completion' || frame.type === 'error') {
          finish(
            new UpstreamResponseError(
              `the run ended with ${String(frame.status ?? frame.type)}${typeof frame.error === 'string' ? `: ${frame.error}` : ''}`,
              undefined,
            ),
          );
        }
      });
    });
  }
}

export class HttpGeneratorAdapter implements GeneratorAdapter {
  constructor(private readonly upstream: UpstreamConfig) {}

  async run(generator: GeneratorConfig, input: Readonly<Record<string, unknown>>, ctx: RunContext): Promise<GeneratorOutput> {
    const response = await fetch(`${this.upstream.url}${generator.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/*', 'x-request-id': ctx.requestId },
      body: JSON.stringify({ generator: generator.name, input, user_id: ctx.userId }),
      signal: ctx.signal,
    });
    const body = await response.text();
    if (!response.ok) throw new UpstreamResponseError(`POST ${generator.path} answered HTTP ${response.status}`, response.status);
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        throw new UpstreamResponseError('the generator answered invalid JSON', response.status);
      }
      const textField = dataField(json, ['text']);
      return {
        text: typeof textField === 'string' ? textField : JSON.stringify(json, null, 2),
        messages: [],
        upstreamStatus: response.status,
      };
    }
    return { text: body, messages: [], upstreamStatus: response.status };
  }
}

export function createAdapter(upstream: UpstreamConfig): GeneratorAdapter {
  switch (upstream.type) {
    case 'autogen-studio':
      return new AutoGenStudioAdapter(upstream);
    case 'http':
      return new HttpGeneratorAdapter(upstream);
    case 'openai':
      throw new Error(`upstream ${upstream.name} is a model API and cannot run generators`);
  }
}
