/**
 * The demo runtime's OpenAI-compatible model API (`GET /v1/models`, `POST /v1/chat/completions`,
 * streamed as Server-Sent Events or not), deterministic and offline, so AutoGen agents pointed
 * at the gateway as their `base_url` exercise it end to end. `demo-report` answers any prompt with
 * a customer report full of Brazilian personal data, streamed a few characters per event so
 * values straddle events; `demo-echo` repeats the last user message (to show prompt masking).
 * Shapes follow OpenAI's chat completions API (see docs/autogen.md).
 */
import type { Request, Response, Router } from 'express';
import express from 'express';
import { customerReportMarkdown, demoCustomers } from './demoData.js';

const DEMO_MODELS = ['demo-report', 'demo-echo'] as const;

/** Characters per streamed delta: small, so a CPF or a name always spans several events. */
const STREAM_CHUNK_CHARS = 5;

interface ChatMessage {
  readonly role: string;
  readonly content: unknown;
}

/** What the model API received, for tests that prove prompts were masked before leaving. */
export interface ModelApiLog {
  readonly prompts: string[];
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string'
          ? (part as { text: string }).text
          : '',
      )
      .join('');
  }
  return '';
}

export function splitIntoChunks(text: string, size = STREAM_CHUNK_CHARS): string[] {
  const chunks: string[] = [];
  const characters = [...text];
  for (let i = 0; i < characters.length; i += size) chunks.push(characters.slice(i, i + size).join(''));
  return chunks;
}

function answer(model: string, messages: readonly ChatMessage[]): string {
  if (model === 'demo-echo') {
    const lastUser = [...messages].reverse().find((message) => message.role === 'user');
    return lastUser ? contentText(lastUser.content) : '';
  }
  return customerReportMarkdown('novembro de 2026', demoCustomers(4));
}

export function modelApiRouter(log: ModelApiLog): Router {
  const router = express.Router();
  router.get('/v1/models', (_req, res) => {
    res.json({
      object: 'list',
      data: DEMO_MODELS.map((id) => ({ id, object: 'model', created: 1767225600, owned_by: 'autogen-gate-demo' })),
    });
  });

  router.post('/v1/chat/completions', async (req: Request, res: Response) => {
    const body = req.body as { model?: unknown; messages?: unknown; stream?: unknown };
    const model = typeof body.model === 'string' ? body.model : '';
    if (!(DEMO_MODELS as readonly string[]).includes(model)) {
      res.status(404).json({
        error: {
          message: `The model \`${model}\` does not exist`,
          type: 'invalid_request_error',
          param: 'model',
          code: 'model_not_found',
        },
      });
      return;
    }
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      res
        .status(400)
        .json({ error: { message: "'messages' is a required property", type: 'invalid_request_error', param: 'messages', code: null } });
      return;
    }
    const messages = body.messages as ChatMessage[];
    for (const message of messages) log.prompts.push(contentText(message.content));
    const text = answer(model, messages);
    const id = `chatcmpl-demo${log.prompts.length}`;
    const created = Math.floor(Date.now() / 1000);
    const usage = {
      prompt_tokens: Math.ceil(JSON.stringify(messages).length / 4),
      completion_tokens: Math.ceil(text.length / 4),
      total_tokens: 0,
    };

    if (body.stream !== true) {
      res.json({
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop', logprobs: null }],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      });
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (payload: unknown): void => {
      res.write(`data: ${JSON.stringify(payload)}\n\n`);
    };
    const chunk = (delta: Record<string, unknown>, finish: string | null): Record<string, unknown> => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    });
    send(chunk({ role: 'assistant', content: '' }, null));
    for (const piece of splitIntoChunks(text)) {
      send(chunk({ content: piece }, null));
      // Yield between events so they leave as separate writes (and often separate TCP segments).
      await new Promise((resolve) => setImmediate(resolve));
    }
    send(chunk({}, 'stop'));
    res.write('data: [DONE]\n\n');
    res.end();
  });
  return router;
}
