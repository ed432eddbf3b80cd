/**
 * What the gateway changes in a proxied request before it leaves, by upstream type:
 * - AutoGen Studio: `user_id` (query and JSON body) is the verified caller, whatever the client
 *   sent, so nobody acts as someone else in the runtime's records (Studio trusts `user_id`).
 * - Model APIs (OpenAI-compatible): the prompt is masked, so personal data does not reach a model
 *   provider (LGPD Art. 33: international transfer); the request's `model` goes to policy.
 */
import type { UpstreamConfig } from '../config/types.js';
import type { Masker } from '../masking/index.js';
import type { PendingMaskingEvent } from '../recording/sessionRecorder.js';

export interface RewrittenRequest {
  /** The body to forward (masked for model APIs). */
  readonly body: unknown;
  /** Path and query to forward. */
  readonly url: string;
  /** Masking events of the forwarded body (prompt masking). */
  readonly events: readonly PendingMaskingEvent[];
  /** user_id values the client sent and the gateway replaced (recorded, never trusted). */
  readonly replacedUserIds: readonly string[];
  /** The `model` of a model-API request. */
  readonly model: string | undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function rewriteRequest(
  upstream: UpstreamConfig,
  url: string,
  body: unknown,
  userId: string,
  masker: Masker | undefined,
): RewrittenRequest {
  if (upstream.type === 'autogen-studio') {
    const replaced: string[] = [];
    const parsed = new URL(url, 'http://upstream');
    for (const value of parsed.searchParams.getAll('user_id')) if (value !== userId) replaced.push(value);
    if (parsed.searchParams.has('user_id')) parsed.searchParams.set('user_id', userId);
    let newBody = body;
    if (isObject(body) && 'user_id' in body) {
      if (body['user_id'] !== userId) replaced.push(String(body['user_id']));
      newBody = { ...body, user_id: userId };
    }
    return { body: newBody, url: `${parsed.pathname}${parsed.search}`, events: [], replacedUserIds: replaced, model: undefined };
  }
  if (upstream.type === 'openai') {
    const model = isObject(body) && typeof body['model'] === 'string' ? body['model'] : undefined;
    if (!masker || !isObject(body)) return { body, url, events: [], replacedUserIds: [], model };
    const masked = maskPrompt(body, masker);
    return { body: masked.body, url, events: masked.events, replacedUserIds: [], model };
  }
  return { body, url, events: [], replacedUserIds: [], model: undefined };
}

/**
 * Masks what people wrote in a chat-completions request: message contents (text or text parts)
 * and tool-call arguments, and the legacy `prompt`. Everything else (model, tool names and
 * schemas, participant `name`s) is the program's own vocabulary and must stay exact, or tool
 * calling breaks.
 */
function maskPrompt(body: Record<string, unknown>, masker: Masker): { body: Record<string, unknown>; events: PendingMaskingEvent[] } {
  const events: PendingMaskingEvent[] = [];
  const maskAt = (text: string, pointer: string): string => {
    const result = masker.maskText(text);
    for (const event of result.events) events.push({ ...event, location: `request:${pointer}#${event.location}` });
    return result.value;
  };
  const out: Record<string, unknown> = { ...body };
  if (typeof body['prompt'] === 'string') out['prompt'] = maskAt(body['prompt'], '/prompt');
  if (Array.isArray(body['messages'])) {
    out['messages'] = body['messages'].map((message: unknown, index: number) => {
      if (!isObject(message)) return message;
      const copy: Record<string, unknown> = { ...message };
      const content = message['content'];
      if (typeof content === 'string') {
        copy['content'] = maskAt(content, `/messages/${index}/content`);
      } else if (Array.isArray(content)) {
        copy['content'] = content.map((part: unknown, partIndex: number) =>
          isObject(part) && typeof part['text'] === 'string'
            ? { ...part, text: maskAt(part['text'], `/messages/${index}/content/${partIndex}/text`) }
            : part,
        );
      }
      if (Array.isArray(message['tool_calls'])) {
        copy['tool_calls'] = message['tool_calls'].map((call: unknown, callIndex: number) => {
          if (!isObject(call) || !isObject(call['function']) || typeof call['function']['arguments'] !== 'string') return call;
          return {
            ...call,
            function: {
              ...call['function'],
              arguments: maskAt(call['function']['arguments'], `/messages/${index}/tool_calls/${callIndex}/function/arguments`),
            },
          };
        });
      }
      return copy;
    });
  }
  return { body: out, events };
}
