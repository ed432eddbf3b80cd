/**
 * A capture upstream for hostile-input tests: one loopback HTTP + WebSocket server that answers
 * as every kind of upstream the gateway knows (AutoGen Studio REST and run WebSockets, the
 * OpenAI-compatible model API, a plain HTTP generator) and records exactly what reached it:
 * method, request target as sent, headers as sent (names, order, duplicates, Content-Length and
 * Transfer-Encoding together if a proxy sends both), body bytes, and every WebSocket frame.
 *
 * Its Studio is deliberately lax, as a hostile tester's would be: single-row reads ignore
 * `user_id` and lists return every user's rows, so only the gateway stands between one caller
 * and another's runs. Tests script any answer on top (`onRequest`, `onRunSocket`), including
 * hostile ones: personal data in SSE comments, ids and event names, values split across events.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import WebSocket, { WebSocketServer, type RawData } from 'ws';

/** One HTTP request as it reached the upstream. */
export interface CapturedRequest {
  readonly seq: number;
  readonly method: string;
  /** The request target exactly as sent (path and query, or an absolute URL). */
  readonly target: string;
  /** The path part of the target, undecoded. */
  readonly path: string;
  readonly httpVersion: string;
  /** Header names and values as sent, in order: [name, value, name, value, …]. */
  readonly rawHeaders: readonly string[];
  readonly headers: IncomingHttpHeaders;
  /** Body bytes after transfer decoding (chunks joined). */
  readonly body: Buffer;
  /** The body arrived chunked (Transfer-Encoding: chunked). */
  readonly chunked: boolean;
}

/** One WebSocket frame on a run socket, in either direction. */
export interface CapturedFrame {
  readonly runId: string;
  readonly direction: 'from-gateway' | 'to-gateway';
  readonly data: Buffer;
  readonly binary: boolean;
}

/** What a script answers. `chunks` are written one by one, each after the previous was flushed. */
export interface Reply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON to send (serialised with JSON.stringify), unless `raw` or `chunks` is given. */
  readonly json?: unknown;
  readonly raw?: string | Buffer;
  readonly chunks?: ReadonlyArray<string | Buffer>;
  /** Never answer (a request left in flight). */
  readonly hang?: boolean;
}

export type RequestScript = (request: CapturedRequest) => Reply | undefined;

/** Scripted behaviour of a run socket; return false to fall back to the default Studio run. */
export type RunSocketScript = (socket: RunSocket) => boolean;

export interface RunSocket {
  readonly runId: string;
  readonly run: StudioRun | undefined;
  send(frame: unknown): void;
  sendRaw(data: string | Buffer, binary?: boolean): void;
  onFrame(listener: (frame: Record<string, unknown> | undefined, raw: Buffer) => void): void;
  close(code?: number): void;
}

export interface StudioRow {
  readonly id: number;
  readonly user_id: string;
  readonly created_at: string;
  [field: string]: unknown;
}

export interface StudioRun extends StudioRow {
  readonly session_id: number;
  status: string;
  task: unknown;
  team_result: unknown;
  readonly messages: unknown[];
}

/** The Studio's records, seeded by tests (e.g. rows that belong to another user). */
export class StudioRecords {
  readonly sessions = new Map<number, StudioRow>();
  readonly runs = new Map<number, StudioRun>();
  readonly teams = new Map<number, StudioRow>();
  private nextId = 1000;

  id(): number {
    return this.nextId++;
  }

  addSession(userId: string, fields: Record<string, unknown> = {}): StudioRow {
    const row: StudioRow = { name: 'session', team_id: null, ...fields, id: this.id(), user_id: userId, created_at: now() };
    this.sessions.set(row.id, row);
    return row;
  }

  addRun(userId: string, fields: { messages?: unknown[]; task?: unknown; sessionId?: number } = {}): StudioRun {
    const sessionId = fields.sessionId ?? this.addSession(userId).id;
    const run: StudioRun = {
      id: this.id(),
      session_id: sessionId,
      user_id: userId,
      status: 'created',
      task: fields.task ?? null,
      team_result: null,
      messages: fields.messages ?? [],
      created_at: now(),
    };
    this.runs.set(run.id, run);
    return run;
  }

  addTeam(userId: string, component: unknown = SAFE_TEAM): StudioRow {
    const row: StudioRow = { component, version: '0.0.1', id: this.id(), user_id: userId, created_at: now() };
    this.teams.set(row.id, row);
    return row;
  }
}

/** A team that runs no code: a round robin of one assistant. */
export const SAFE_TEAM = {
  provider: 'autogen_agentchat.teams.RoundRobinGroupChat',
  component_type: 'team',
  version: 1,
  component_version: 1,
  label: 'safe-team',
  config: {
    participants: [
      {
        provider: 'autogen_agentchat.agents.AssistantAgent',
        component_type: 'agent',
        label: 'writer',
        config: {
          name: 'writer',
          system_message: 'You write.',
          model_client: {
            provider: 'autogen_ext.models.openai.OpenAIChatCompletionClient',
            component_type: 'model',
            config: { model: 'demo-echo' },
          },
        },
      },
    ],
    termination_condition: {
      provider: 'autogen_agentchat.conditions.MaxMessageTermination',
      component_type: 'termination',
      config: { max_messages: 2 },
    },
  },
} as const;

export interface CaptureUpstream {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly requests: CapturedRequest[];
  readonly frames: CapturedFrame[];
  readonly studio: StudioRecords;
  /** Answers requests the script recognises; earlier scripts win. Cleared by `reset`. */
  onRequest(script: RequestScript): void;
  onRunSocket(script: RunSocketScript): void;
  /** Forgets scripts (not records); returns a mark for `since`. */
  reset(): number;
  /** Requests received after `mark` (from `reset` or `mark`). */
  since(mark: number): CapturedRequest[];
  mark(): number;
  /** Frames the gateway sent on run sockets after `frameMark`. */
  framesSince(frameMark: number): CapturedFrame[];
  frameMark(): number;
  close(): Promise<void>;
}

function now(): string {
  return new Date().toISOString();
}

/** The values of a header, by case-insensitive name, as sent. */
export function headerValues(request: CapturedRequest, name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    if ((request.rawHeaders[i] ?? '').toLowerCase() === name.toLowerCase()) values.push(request.rawHeaders[i + 1] ?? '');
  }
  return values;
}

export function bodyText(request: CapturedRequest): string {
  return request.body.toString('utf8');
}

export async function startCaptureUpstream(options: { host?: string } = {}): Promise<CaptureUpstream> {
  const host = options.host ?? '127.0.0.1';
  const requests: CapturedRequest[] = [];
  const frames: CapturedFrame[] = [];
  const studio = new StudioRecords();
  let scripts: RequestScript[] = [];
  let socketScripts: RunSocketScript[] = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer({ insecureHTTPParser: true }, (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = req.url ?? '';
      const request: CapturedRequest = {
        seq: requests.length,
        method: req.method ?? '',
        target,
        path: pathOf(target),
        httpVersion: req.httpVersion,
        rawHeaders: [...req.rawHeaders],
        headers: req.headers,
        body: Buffer.concat(chunks),
        chunked: /chunked/i.test(String(req.headers['transfer-encoding'] ?? '')),
      };
      requests.push(request);
      let reply: Reply | undefined;
      for (const script of scripts) {
        reply = script(request);
        if (reply) break;
      }
      void send(res, reply ?? defaultReply(studio, request));
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const match = /^\/api\/ws\/runs\/([^/?]+)/.exec(req.url ?? '');
    requests.push({
      seq: requests.length,
      method: 'UPGRADE',
      target: req.url ?? '',
      path: pathOf(req.url ?? ''),
      httpVersion: req.httpVersion,
      rawHeaders: [...req.rawHeaders],
      headers: req.headers,
      body: Buffer.alloc(0),
      chunked: false,
    });
    wss.handleUpgrade(req, socket, head, (ws) => {
      const runId = match?.[1] ?? '';
      const run = studio.runs.get(Number(runId));
      const listeners: Array<(frame: Record<string, unknown> | undefined, raw: Buffer) => void> = [];
      ws.on('message', (data: RawData, binary: boolean) => {
        const raw = toBuffer(data);
        frames.push({ runId, direction: 'from-gateway', data: raw, binary });
        let frame: Record<string, unknown> | undefined;
        try {
          const parsed: unknown = JSON.parse(raw.toString('utf8'));
          frame = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
        } catch {
          frame = undefined;
        }
        for (const listener of listeners) listener(frame, raw);
      });
      const runSocket: RunSocket = {
        runId,
        run,
        send: (frame) => runSocket.sendRaw(JSON.stringify(frame)),
        sendRaw: (data, binary = false) => {
          const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
          frames.push({ runId, direction: 'to-gateway', data: buffer, binary });
          if (ws.readyState === WebSocket.OPEN) ws.send(buffer, { binary });
        },
        onFrame: (listener) => listeners.push(listener),
        close: (code = 1000) => ws.close(code),
      };
      if (!socketScripts.some((script) => script(runSocket))) defaultRun(runSocket);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    host,
    port,
    requests,
    frames,
    studio,
    onRequest: (script) => scripts.push(script),
    onRunSocket: (script) => socketScripts.push(script),
    reset: () => {
      scripts = [];
      socketScripts = [];
      return requests.length;
    },
    since: (mark) => requests.slice(mark),
    mark: () => requests.length,
    framesSince: (mark) => frames.slice(mark).filter((frame) => frame.direction === 'from-gateway'),
    frameMark: () => frames.length,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

function pathOf(target: string): string {
  const withoutOrigin = target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  const query = withoutOrigin.indexOf('?');
  return query < 0 ? withoutOrigin : withoutOrigin.slice(0, query);
}

async function send(res: ServerResponse, reply: Reply): Promise<void> {
  if (reply.hang) return;
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  const hasType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  if (reply.chunks) {
    if (!hasType) headers['content-type'] = 'text/event-stream';
    res.writeHead(reply.status ?? 200, headers);
    res.flushHeaders();
    for (const chunk of reply.chunks) {
      if (res.destroyed) return;
      await new Promise<void>((resolve) => res.write(chunk, () => resolve()));
      await new Promise((resolve) => setImmediate(resolve));
    }
    res.end();
    return;
  }
  const body = reply.raw ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
  if (!hasType && reply.raw === undefined) headers['content-type'] = 'application/json';
  res.writeHead(reply.status ?? 200, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function parseJson(request: CapturedRequest): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(bodyText(request));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function ok(data: unknown, message?: string): Reply {
  return { json: { status: true, data, ...(message === undefined ? {} : { message }) } };
}

const NOT_FOUND: Reply = { status: 404, json: { detail: 'Not Found' } };

/** What the upstream answers when no script does: a Studio, a model API and a generator at once. */
function defaultReply(studio: StudioRecords, request: CapturedRequest): Reply {
  const { method, path } = request;
  if (path === '/healthz' || path === '/') return { json: { status: 'ok' } };
  if (path.startsWith('/api/')) return studioReply(studio, request);
  if (path.startsWith('/v1/')) return modelReply(request);
  if (method === 'POST' && path.startsWith('/generate')) return { json: { text: 'generated' } };
  return NOT_FOUND;
}

function studioReply(studio: StudioRecords, request: CapturedRequest): Reply {
  const { method } = request;
  const path = request.path.replace(/\/+$/, '');
  const body = parseJson(request);
  const segments = path.split('/').slice(2);
  const [collection, idText, sub] = segments;
  const id = Number(idText);
  if (path === '/api/version') return ok({ version: 'capture-0.4' }, 'Version retrieved successfully');
  switch (collection) {
    case 'sessions': {
      if (idText === undefined) {
        if (method === 'GET') return ok([...studio.sessions.values()]);
        if (method === 'POST') {
          const row = studio.addSession(String(body['user_id'] ?? ''), {
            name: body['name'] ?? 'Session',
            team_id: body['team_id'] ?? null,
          });
          return ok(row, 'Session created successfully');
        }
        return NOT_FOUND;
      }
      const session = studio.sessions.get(id);
      if (!session) return { status: 404, json: { detail: 'Session not found' } };
      if (sub === 'runs') return ok({ runs: [...studio.runs.values()].filter((run) => run.session_id === id) });
      if (method === 'GET') return ok(session);
      if (method === 'PUT') {
        Object.assign(session, body, { id: session.id });
        return ok(session, 'Session updated successfully');
      }
      if (method === 'DELETE') {
        studio.sessions.delete(id);
        return { json: { status: true, message: 'Session deleted successfully' } };
      }
      return NOT_FOUND;
    }
    case 'runs': {
      if (idText === undefined) {
        if (method !== 'POST') return NOT_FOUND;
        const session = studio.sessions.get(Number(body['session_id']));
        if (!session) return { status: 404, json: { detail: 'Session not found' } };
        const run = studio.addRun(String(body['user_id'] ?? session.user_id), { sessionId: session.id });
        return { json: { status: 'created', data: { run_id: run.id } } };
      }
      const run = studio.runs.get(id);
      if (!run) return { status: 404, json: { detail: 'Run not found' } };
      if (sub === 'messages') return ok(run.messages);
      const { messages: _messages, ...row } = run;
      return ok(row);
    }
    case 'teams': {
      if (idText === undefined) {
        if (method === 'GET') return ok([...studio.teams.values()]);
        if (method === 'POST') {
          const existing = typeof body['id'] === 'number' ? studio.teams.get(body['id']) : undefined;
          if (existing) {
            Object.assign(existing, body);
            return ok(existing);
          }
          return ok(studio.addTeam(String(body['user_id'] ?? ''), body['component']));
        }
        return NOT_FOUND;
      }
      const team = studio.teams.get(id);
      if (!team) return { status: 404, json: { detail: 'Team not found' } };
      if (sub === 'agents') return ok([]);
      if (method === 'GET') return ok(team);
      if (method === 'DELETE') {
        studio.teams.delete(id);
        return { json: { status: true, message: 'Team deleted successfully' } };
      }
      if (method === 'POST') return { json: { status: true, message: 'Agent linked to team successfully' } };
      return NOT_FOUND;
    }
    case 'validate':
      return { json: { is_valid: true, errors: [], warnings: [] } };
    case 'gallery':
      return method === 'POST' ? ok({ id: studio.id(), ...body }) : ok([]);
    case 'settings':
      return ok({ id: 1, user_id: String(body['user_id'] ?? ''), config: {} });
    default:
      return NOT_FOUND;
  }
}

/** Echoes what it was sent, so a prompt that left unmasked comes back for the answer check too. */
function modelReply(request: CapturedRequest): Reply {
  const body = parseJson(request);
  const path = request.path;
  const model = typeof body['model'] === 'string' ? body['model'] : 'demo-echo';
  if (path === '/v1/models') return { json: { object: 'list', data: [{ id: 'demo-echo', object: 'model', owned_by: 'capture' }] } };
  if (path.startsWith('/v1/models/')) return { json: { id: path.slice('/v1/models/'.length), object: 'model', owned_by: 'capture' } };
  if (path === '/v1/chat/completions') {
    const messages = Array.isArray(body['messages']) ? (body['messages'] as unknown[]) : [];
    const last = messages[messages.length - 1] as { content?: unknown } | undefined;
    const content = typeof last?.content === 'string' ? last.content : 'ok';
    if (body['stream'] === true) return { chunks: chatStream(model, [content]) };
    return { json: chatCompletion(model, content) };
  }
  if (path === '/v1/completions') {
    return { json: { id: 'cmpl-1', object: 'text_completion', model, choices: [{ index: 0, text: 'ok', finish_reason: 'stop' }] } };
  }
  if (path === '/v1/embeddings')
    return { json: { object: 'list', model, data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }] } };
  if (path === '/v1/responses') {
    return {
      json: {
        id: 'resp_1',
        object: 'response',
        model,
        status: 'completed',
        output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'ok' }] }],
      },
    };
  }
  if (path === '/v1/moderations') return { json: { id: 'modr-1', model, results: [{ flagged: false }] } };
  if (path === '/v1/audio/speech') return { headers: { 'content-type': 'audio/mpeg' }, raw: Buffer.from([0xff, 0xf3, 0x44, 0xc4]) };
  return { json: { id: 'obj_1', object: 'thread.message', created_at: 0 } };
}

export function chatCompletion(model: string, content: string): Record<string, unknown> {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1_767_225_600,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

/** A chat completion whose assistant message calls tool `name` with `args` (serialised as the API does). */
export function toolCallCompletion(model: string, name: string, args: unknown): Record<string, unknown> {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name, arguments: JSON.stringify(args) } }],
        },
        finish_reason: 'tool_calls',
      },
    ],
  };
}

/** A chat-completions stream whose deltas are `pieces`, one event each, then [DONE]. */
export function chatStream(model: string, pieces: readonly string[]): string[] {
  const event = (delta: Record<string, unknown>, finish: string | null): string =>
    `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1_767_225_600, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  return [
    event({ role: 'assistant', content: '' }, null),
    ...pieces.map((piece) => event({ content: piece }, null)),
    event({}, 'stop'),
    'data: [DONE]\n\n',
  ];
}

/** Studio's default run: echoes the task as a message, then the result. */
function defaultRun(socket: RunSocket): void {
  socket.send({ type: 'system', status: 'connected', timestamp: now() });
  socket.onFrame((frame) => {
    if (!frame) {
      socket.send({ type: 'error', error: 'Invalid message format', timestamp: now() });
      return;
    }
    if (frame['type'] === 'start') {
      const task = typeof frame['task'] === 'string' ? frame['task'] : JSON.stringify(frame['task'] ?? '');
      if (socket.run) {
        socket.run.status = 'active';
        socket.run.task = { content: task, source: 'user' };
      }
      const message = { source: 'writer', content: `done: ${task}`, type: 'TextMessage', models_usage: null, metadata: {} };
      socket.send({ type: 'message', data: message });
      socket.send({
        type: 'result',
        data: { task_result: { messages: [message], stop_reason: 'done' }, usage: '', duration: 0.01 },
        status: 'complete',
      });
    } else if (frame['type'] === 'stop') {
      socket.send({ type: 'completion', status: 'cancelled', data: null, timestamp: now() });
      socket.close(1000);
    }
  });
}
