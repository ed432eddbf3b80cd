/**
 * The demo AutoGen runtime: a loopback stand-in for AutoGen Studio that speaks the same API shape
 * (REST sessions and runs, and runs streamed over `/api/ws/runs/{run_id}`), so the embedded
 * default exercises the gateway exactly as a real Studio would. Its `customer-report` team
 * writes realistic Brazilian personal data; `config-template` writes none.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import { WebSocketServer, type WebSocket } from 'ws';
import { configTemplateYaml, customerReportMarkdown, demoCustomers } from './demoData.js';
import { modelApiRouter, splitIntoChunks, type ModelApiLog } from './modelApi.js';

export interface DemoRuntimeOptions {
  readonly host?: string;
  readonly port?: number;
}

/** How many requests of each kind the runtime received; tests use it to prove nothing got through. */
export interface DemoRuntimeStats {
  total: number;
  sessionsCreated: number;
  runsCreated: number;
  runsStarted: number;
  byTeam: Record<string, number>;
}

export interface DemoRuntime {
  readonly url: string;
  readonly stats: DemoRuntimeStats;
  /** Prompts the model API received (to prove they were masked on the way out). */
  readonly modelLog: ModelApiLog;
  /** Frames received on run WebSockets (to prove what the gateway forwarded). */
  readonly wsFrames: unknown[];
  close(): Promise<void>;
}

interface StudioMessage {
  readonly source: string;
  readonly content: string;
  readonly type: 'TextMessage';
  readonly models_usage: { readonly prompt_tokens: number; readonly completion_tokens: number } | null;
  readonly metadata: Record<string, string>;
}

interface RunState {
  readonly id: number;
  readonly sessionId: number;
  readonly userId: string;
  status: 'created' | 'active' | 'complete' | 'error' | 'stopped';
  task: { content: string; source: string } | null;
  teamResult: unknown;
  readonly messages: Array<{ config: StudioMessage; created_at: string }>;
  readonly createdAt: string;
}

/** A team, a gallery entry or settings: Studio keeps them per user, upserted by id. */
interface UserRecord {
  readonly id: number;
  readonly user_id: string;
  readonly [field: string]: unknown;
}

function runRow(run: RunState): Record<string, unknown> {
  return {
    id: run.id,
    session_id: run.sessionId,
    user_id: run.userId,
    status: run.status,
    task: run.task,
    team_result: run.teamResult,
    created_at: run.createdAt,
  };
}

function text(source: string, content: string, usage = false): StudioMessage {
  return {
    source,
    content,
    type: 'TextMessage',
    models_usage: usage ? { prompt_tokens: Math.ceil(content.length / 8), completion_tokens: Math.ceil(content.length / 4) } : null,
    metadata: {},
  };
}

function field(task: string, name: string, fallback: string): string {
  const match = new RegExp(`${name}\\s*[:=]\\s*([^,;\\n]+)`, 'i').exec(task);
  return match?.[1]?.trim() ?? fallback;
}

/** What each demo team "says" for a task: the agents' messages, last one the artefact. */
function teamConversation(label: string, task: string): StudioMessage[] {
  switch (label) {
    case 'customer-report': {
      const month = field(task, 'month', 'novembro de 2026');
      return [
        text('planner', `Vou consultar a base de clientes com pendências em ${month} e montar o relatório.`, true),
        text('report_writer', customerReportMarkdown(month, demoCustomers(6)), true),
      ];
    }
    case 'config-template': {
      const service = field(task, 'service', 'payments-api');
      const environment = field(task, 'environment', 'staging');
      return [
        text('planner', `Generating a configuration template for ${service} in ${environment}.`, true),
        text('config_writer', configTemplateYaml(service, environment), true),
      ];
    }
    default:
      return [text('assistant', `Task received by team ${label}: ${task}`, true)];
  }
}

function teamLabel(teamConfig: unknown): string {
  if (typeof teamConfig !== 'object' || teamConfig === null) return 'unknown';
  const label = (teamConfig as { label?: unknown }).label;
  return typeof label === 'string' ? label : 'unknown';
}

export async function startDemoRuntime(options: DemoRuntimeOptions = {}): Promise<DemoRuntime> {
  const stats: DemoRuntimeStats = { total: 0, sessionsCreated: 0, runsCreated: 0, runsStarted: 0, byTeam: {} };
  const sessions = new Map<
    number,
    { readonly id: number; readonly user_id: string; team_id: number | null; name: string; readonly created_at: string }
  >();
  const runs = new Map<number, RunState>();
  let nextId = 1;

  const app = express();
  app.disable('x-powered-by');
  app.use((_req, _res, next) => {
    stats.total++;
    next();
  });
  app.use(express.json({ limit: '1mb' }));
  const modelLog: ModelApiLog = { prompts: [] };
  const wsFrames: unknown[] = [];
  app.use(modelApiRouter(modelLog));

  app.get('/', (_req, res) => {
    res.json({ status: true, message: 'AutoGen Gate demo runtime (AutoGen Studio API shape)' });
  });
  app.get('/api/version', (_req, res) => {
    res.json({ status: true, message: 'Version retrieved successfully', data: { version: 'demo-0.4' } });
  });

  app.get('/api/sessions', (req: Request, res: Response) => {
    const userId = String(req.query['user_id'] ?? '');
    res.json({ status: true, data: [...sessions.values()].filter((s) => s.user_id === userId) });
  });
  app.post('/api/sessions', (req: Request, res: Response) => {
    const body = req.body as { user_id?: unknown; team_id?: unknown; name?: unknown };
    if (typeof body.user_id !== 'string' || body.user_id === '') {
      res.status(422).json({ detail: [{ loc: ['body', 'user_id'], msg: 'field required', type: 'value_error.missing' }] });
      return;
    }
    const session = {
      id: nextId++,
      user_id: body.user_id,
      team_id: typeof body.team_id === 'number' ? body.team_id : null,
      name: typeof body.name === 'string' ? body.name : 'Session',
      created_at: new Date().toISOString(),
    };
    sessions.set(session.id, session);
    stats.sessionsCreated++;
    res.json({ status: true, data: session, message: 'Session created successfully' });
  });
  app.get('/api/sessions/:id', (req: Request, res: Response) => {
    const session = sessions.get(Number(req.params['id']));
    if (!session || session.user_id !== String(req.query['user_id'] ?? '')) {
      res.status(404).json({ detail: 'Session not found' });
      return;
    }
    res.json({ status: true, data: session });
  });

  app.put('/api/sessions/:id', (req: Request, res: Response) => {
    const session = sessions.get(Number(req.params['id']));
    if (!session || session.user_id !== String(req.query['user_id'] ?? '')) {
      res.status(404).json({ detail: 'Session not found' });
      return;
    }
    const body = req.body as { name?: unknown; team_id?: unknown };
    if (typeof body.name === 'string') session.name = body.name;
    if (typeof body.team_id === 'number') session.team_id = body.team_id;
    res.json({ status: true, data: session, message: 'Session updated successfully' });
  });
  app.delete('/api/sessions/:id', (req: Request, res: Response) => {
    const session = sessions.get(Number(req.params['id']));
    if (session && session.user_id === String(req.query['user_id'] ?? '')) sessions.delete(session.id);
    res.json({ status: true, message: 'Session deleted successfully' });
  });
  app.get('/api/sessions/:id/runs', (req: Request, res: Response) => {
    const session = sessions.get(Number(req.params['id']));
    if (!session || session.user_id !== String(req.query['user_id'] ?? '')) {
      res.status(404).json({ detail: 'Session not found' });
      return;
    }
    res.json({ status: true, data: { runs: [...runs.values()].filter((run) => run.sessionId === session.id).map(runRow) } });
  });

  // Teams, settings and the gallery: per-user records, as Studio keeps them (upsert by id).
  const records = { teams: new Map<number, UserRecord>(), settings: new Map<number, UserRecord>(), gallery: new Map<number, UserRecord>() };
  const listOf = (kind: keyof typeof records) => (req: Request, res: Response) => {
    const userId = String(req.query['user_id'] ?? '');
    res.json({ status: true, data: [...records[kind].values()].filter((record) => record.user_id === userId) });
  };
  const itemOf = (kind: keyof typeof records) => (req: Request, res: Response) => {
    const record = records[kind].get(Number(req.params['id']));
    if (!record || record.user_id !== String(req.query['user_id'] ?? '')) {
      res.status(404).json({ detail: `${kind} not found` });
      return;
    }
    if (req.method === 'DELETE') records[kind].delete(record.id);
    res.json({ status: true, data: record });
  };
  const upsertOf = (kind: keyof typeof records) => (req: Request, res: Response) => {
    const body = req.body as Record<string, unknown>;
    if (typeof body['user_id'] !== 'string' || body['user_id'] === '') {
      res.status(422).json({ detail: [{ loc: ['body', 'user_id'], msg: 'field required', type: 'value_error.missing' }] });
      return;
    }
    const id = typeof body['id'] === 'number' ? body['id'] : Number(req.params['id'] ?? nextId++);
    const record: UserRecord = { ...body, id, user_id: body['user_id'], updated_at: new Date().toISOString() };
    records[kind].set(id, record);
    res.json({ status: true, data: record });
  };
  app.get('/api/teams', listOf('teams'));
  app.post('/api/teams', upsertOf('teams'));
  app.get('/api/teams/:id', itemOf('teams'));
  app.delete('/api/teams/:id', itemOf('teams'));
  app.get('/api/gallery', listOf('gallery'));
  app.post('/api/gallery', upsertOf('gallery'));
  app.get('/api/gallery/:id', itemOf('gallery'));
  app.put('/api/gallery/:id', upsertOf('gallery'));
  app.delete('/api/gallery/:id', itemOf('gallery'));
  app.get('/api/settings', (req: Request, res: Response) => {
    const userId = String(req.query['user_id'] ?? '');
    let settings = [...records.settings.values()].find((record) => record.user_id === userId);
    if (!settings) {
      settings = { id: nextId++, user_id: userId, config: {}, updated_at: new Date().toISOString() };
      records.settings.set(settings.id, settings);
    }
    res.json({ status: true, data: settings });
  });
  app.put('/api/settings', upsertOf('settings'));
  app.post('/api/validate', (req: Request, res: Response) => {
    const component = (req.body as { component?: unknown }).component;
    const valid = typeof component === 'object' && component !== null && typeof (component as { provider?: unknown }).provider === 'string';
    res.json({ is_valid: valid, errors: valid ? [] : [{ field: 'component', error: 'a component needs a provider' }], warnings: [] });
  });

  app.post('/api/runs', (req: Request, res: Response) => {
    const body = req.body as { session_id?: unknown; user_id?: unknown };
    const session = sessions.get(Number(body.session_id));
    if (!session || session.user_id !== body.user_id) {
      res.status(404).json({ detail: 'Session not found' });
      return;
    }
    const run: RunState = {
      id: nextId++,
      sessionId: session.id,
      userId: session.user_id,
      status: 'created',
      task: null,
      teamResult: null,
      messages: [],
      createdAt: new Date().toISOString(),
    };
    runs.set(run.id, run);
    stats.runsCreated++;
    res.json({ status: 'created', data: { run_id: run.id } });
  });
  app.get('/api/runs/:id', (req: Request, res: Response) => {
    const run = runs.get(Number(req.params['id']));
    if (!run) {
      res.status(404).json({ detail: 'Run not found' });
      return;
    }
    res.json({ status: true, data: runRow(run) });
  });
  app.get('/api/runs/:id/messages', (req: Request, res: Response) => {
    const run = runs.get(Number(req.params['id']));
    res.json({
      status: true,
      data: run
        ? run.messages.map((m, i) => ({ id: i + 1, run_id: run.id, session_id: run.sessionId, config: m.config, created_at: m.created_at }))
        : [],
    });
  });

  const server: Server = createServer(app);
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    const match = /^\/api\/ws\/runs\/(\d+)(?:\?.*)?$/.exec(request.url ?? '');
    const run = match ? runs.get(Number(match[1])) : undefined;
    stats.total++;
    wss.handleUpgrade(request, socket, head, (ws) => {
      if (!run) {
        ws.close(4004, 'Run not found');
        return;
      }
      if (run.status !== 'created' && run.status !== 'active') {
        ws.close(4003, 'Run not in valid state');
        return;
      }
      handleRunSocket(ws, run);
    });
  });

  function send(ws: WebSocket, frame: Record<string, unknown>): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  }

  function handleRunSocket(ws: WebSocket, run: RunState): void {
    send(ws, { type: 'system', status: 'connected', timestamp: new Date().toISOString() });
    ws.on('message', (raw) => {
      let message: { type?: unknown; task?: unknown; team_config?: unknown; response?: unknown };
      try {
        message = JSON.parse(String(raw)) as typeof message;
        wsFrames.push(message);
      } catch {
        send(ws, { type: 'error', error: 'Invalid message format', timestamp: new Date().toISOString() });
        return;
      }
      if (message.type === 'ping') {
        send(ws, { type: 'pong', timestamp: new Date().toISOString() });
      } else if (message.type === 'stop') {
        run.status = 'stopped';
        send(ws, { type: 'completion', status: 'cancelled', data: null, timestamp: new Date().toISOString() });
        ws.close(1000);
      } else if (message.type === 'start') {
        if (typeof message.task !== 'string' || typeof message.team_config !== 'object' || message.team_config === null) {
          send(ws, { type: 'error', error: 'Invalid start message format', timestamp: new Date().toISOString() });
          return;
        }
        const label = teamLabel(message.team_config);
        stats.runsStarted++;
        stats.byTeam[label] = (stats.byTeam[label] ?? 0) + 1;
        run.status = 'active';
        run.task = { content: message.task, source: 'user' };
        const started = Date.now();
        const conversation = [text('user', message.task), ...teamConversation(label, message.task)];
        void (async () => {
          for (const [index, config] of conversation.entries()) {
            // Agents stream their tokens as model_client_stream does: chunk events, then the whole message.
            if (index > 0) {
              for (const piece of splitIntoChunks(config.content)) {
                send(ws, {
                  type: 'message_chunk',
                  data: { source: config.source, models_usage: null, metadata: {}, content: piece, type: 'ModelClientStreamingChunkEvent' },
                });
                await new Promise((resolve) => setImmediate(resolve));
              }
            }
            run.messages.push({ config, created_at: new Date().toISOString() });
            send(ws, { type: 'message', data: config });
          }
          run.teamResult = {
            task_result: { messages: conversation, stop_reason: 'Maximum number of messages 3 reached, current message count: 3' },
            usage: '',
            duration: (Date.now() - started) / 1000,
          };
          run.status = 'complete';
          send(ws, { type: 'result', data: run.teamResult, status: 'complete' });
        })();
      } else if (message.type === 'input_response') {
        send(ws, { type: 'message', data: text('user', typeof message.response === 'string' ? message.response : '') });
      }
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.address}:${address.port}`;
  return {
    url,
    stats,
    modelLog,
    wsFrames,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
