/**
 * Principle 3, mask by default in the model API: every string a model-API request carries is
 * masked before it leaves, on every endpoint, except a short allow-list of fields that carry no
 * personal data (model, role, type, tool names, stream…); and every line of a streamed answer is
 * masked or dropped, with a value split across events, lines or fields still caught.
 */
import { strict as assert } from 'node:assert';
import { bodyText, chatStream, toolCallCompletion, type Reply } from '../support/captureUpstream.js';
import { documentSecret, findLeak, nameSecret, sseTexts, joinedTexts, type Secret } from './support/leaks.js';
import { call, useGate, type Gate } from './support/gate.js';

const NAME = 'Maria Aparecida dos Santos';
const CPF = '529.982.247-25';
const EMAIL = 'maria.santos@example.com';
const PII = `Cliente ${NAME}, CPF ${CPF}, e-mail ${EMAIL}`;
const SECRETS: readonly Secret[] = [documentSecret('CPF', CPF), nameSecret(NAME), documentSecret('e-mail', EMAIL)];

interface Placement {
  readonly label: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
  /** Fields that must arrive exactly as sent (the allow-list). */
  readonly exact?: (forwarded: Record<string, unknown>) => void;
}

const TOOL = {
  type: 'function',
  function: {
    name: 'lookup_customer',
    description: `Looks up a customer such as ${PII}`,
    parameters: { type: 'object', properties: { cpf: { type: 'string', description: `e.g. ${CPF}` } } },
  },
};

function chat(extra: Record<string, unknown>, content: unknown = 'oi'): Record<string, unknown> {
  return { model: 'demo-echo', messages: [{ role: 'user', content }], ...extra };
}

const PLACEMENTS: readonly Placement[] = [
  {
    label: 'chat: message content',
    path: '/v1/chat/completions',
    body: chat({}, PII),
    exact: (forwarded) => {
      assert.equal(forwarded['model'], 'demo-echo');
      assert.equal((forwarded['messages'] as Array<{ role: string }>)[0]?.role, 'user');
    },
  },
  { label: 'chat: a text content part', path: '/v1/chat/completions', body: chat({}, [{ type: 'text', text: PII }]) },
  {
    label: 'chat: a system message',
    path: '/v1/chat/completions',
    body: {
      model: 'demo-echo',
      messages: [
        { role: 'system', content: PII },
        { role: 'user', content: 'oi' },
      ],
    },
  },
  {
    label: 'chat: tool_calls[].function.arguments',
    path: '/v1/chat/completions',
    body: {
      model: 'demo-echo',
      messages: [
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'lookup_customer', arguments: JSON.stringify({ query: PII }) } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'ok' },
      ],
    },
  },
  {
    label: 'chat: a tool result message',
    path: '/v1/chat/completions',
    body: { model: 'demo-echo', messages: [{ role: 'tool', tool_call_id: 'call_1', content: JSON.stringify({ customer: PII }) }] },
  },
  {
    label: 'chat: legacy function_call.arguments',
    path: '/v1/chat/completions',
    body: {
      model: 'demo-echo',
      messages: [
        { role: 'assistant', content: null, function_call: { name: 'lookup_customer', arguments: JSON.stringify({ query: PII }) } },
      ],
    },
  },
  {
    label: 'chat: tool definitions (descriptions)',
    path: '/v1/chat/completions',
    body: chat({ tools: [TOOL] }),
    exact: (forwarded) => {
      const tools = forwarded['tools'] as Array<{ type: string; function: { name: string } }>;
      assert.equal(tools[0]?.type, 'function');
      assert.equal(tools[0]?.function.name, 'lookup_customer', 'tool names stay exact');
    },
  },
  {
    label: 'chat: legacy functions[] descriptions',
    path: '/v1/chat/completions',
    body: chat({ functions: [TOOL.function] }),
  },
  { label: 'chat: user', path: '/v1/chat/completions', body: chat({ user: `${NAME} <${EMAIL}> ${CPF}` }) },
  { label: 'chat: metadata', path: '/v1/chat/completions', body: chat({ metadata: { customer: PII }, store: true }) },
  { label: 'chat: stop sequences', path: '/v1/chat/completions', body: chat({ stop: [PII] }) },
  { label: 'chat: prediction content', path: '/v1/chat/completions', body: chat({ prediction: { type: 'content', content: PII } }) },
  {
    label: 'chat: a structured-output schema description',
    path: '/v1/chat/completions',
    body: chat({ response_format: { type: 'json_schema', json_schema: { name: 'answer', description: PII, schema: { type: 'object' } } } }),
  },
  {
    label: 'chat: a streamed request keeps stream: true exact',
    path: '/v1/chat/completions',
    body: chat({ stream: true, stream_options: { include_usage: true } }, PII),
    exact: (forwarded) => assert.equal(forwarded['stream'], true),
  },
  { label: 'completions: prompt string', path: '/v1/completions', body: { model: 'demo-echo', prompt: PII } },
  { label: 'completions: prompt array', path: '/v1/completions', body: { model: 'demo-echo', prompt: ['oi', PII] } },
  { label: 'completions: suffix', path: '/v1/completions', body: { model: 'demo-echo', prompt: 'oi', suffix: PII } },
  { label: 'embeddings: input string', path: '/v1/embeddings', body: { model: 'demo-echo', input: PII } },
  { label: 'embeddings: input array', path: '/v1/embeddings', body: { model: 'demo-echo', input: ['oi', PII] } },
  { label: 'responses: input string', path: '/v1/responses', body: { model: 'demo-echo', input: PII } },
  { label: 'responses: instructions', path: '/v1/responses', body: { model: 'demo-echo', input: 'oi', instructions: PII } },
  {
    label: 'responses: input messages (input_text parts)',
    path: '/v1/responses',
    body: { model: 'demo-echo', input: [{ role: 'user', content: [{ type: 'input_text', text: PII }] }] },
  },
  {
    label: 'responses: input message content string',
    path: '/v1/responses',
    body: { model: 'demo-echo', input: [{ role: 'user', content: PII }] },
  },
  {
    label: 'responses: a function_call_output item',
    path: '/v1/responses',
    body: { model: 'demo-echo', input: [{ type: 'function_call_output', call_id: 'call_1', output: PII }] },
  },
  {
    label: 'responses: tool definitions',
    path: '/v1/responses',
    body: {
      model: 'demo-echo',
      input: 'oi',
      tools: [{ type: 'function', name: 'lookup_customer', description: PII, parameters: { type: 'object' } }],
    },
  },
  { label: 'assistants: instructions', path: '/v1/assistants', body: { model: 'demo-echo', name: 'helper', instructions: PII } },
  { label: 'assistants: description', path: '/v1/assistants', body: { model: 'demo-echo', description: PII } },
  { label: 'threads: initial messages', path: '/v1/threads', body: { messages: [{ role: 'user', content: PII }] } },
  { label: 'threads: a new message', path: '/v1/threads/thread_1/messages', body: { role: 'user', content: PII } },
  {
    label: 'threads: run additional_instructions',
    path: '/v1/threads/thread_1/runs',
    body: { assistant_id: 'asst_1', additional_instructions: PII },
  },
  {
    label: 'threads: submitted tool outputs',
    path: '/v1/threads/thread_1/runs/run_1/submit_tool_outputs',
    body: { tool_outputs: [{ tool_call_id: 'call_1', output: PII }] },
  },
  { label: 'audio: speech input text', path: '/v1/audio/speech', body: { model: 'demo-echo', voice: 'alloy', input: PII } },
  { label: 'moderations: input', path: '/v1/moderations', body: { model: 'demo-echo', input: PII } },
];

/** Scripts the model upstream's answer to every request of the test. */
function answerWith(gate: Gate, reply: Reply): void {
  gate.capture.reset();
  gate.capture.onRequest((request) => (request.path.startsWith('/v1/') ? reply : undefined));
}

function event(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

function delta(content: Record<string, unknown>): Record<string, unknown> {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    model: 'demo-echo',
    choices: [{ index: 0, delta: content, finish_reason: null }],
  };
}

/** Streams whose every line kind carries (parts of) personal data. */
const STREAMS: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
  ['a CPF split across three data events', chatStream('demo-echo', ['Cliente Maria Apa', `recida dos Santos, CPF 529.98`, '2.247-25.'])],
  ['a comment line', [`: ${PII}\n\n`, ...chatStream('demo-echo', ['ok'])]],
  ['comment lines that split a CPF', [': 529.982\n', ': .247-25\n\n', ...chatStream('demo-echo', ['ok'])]],
  ['an id line', [`id: ${CPF}\n${event(delta({ content: 'ok' }))}`, 'data: [DONE]\n\n']],
  ['an event line', [`event: ${PII}\n${event(delta({ content: 'ok' }))}`, 'data: [DONE]\n\n']],
  ['a retry line', ['retry: 52998224725\n\n', ...chatStream('demo-echo', ['ok'])]],
  ['a field no SSE reader knows', [`x-note: ${PII}\n\n`, ...chatStream('demo-echo', ['ok'])]],
  ['data without a space after the colon', [`data:${JSON.stringify(delta({ content: PII }))}\n\n`, 'data: [DONE]\n\n']],
  [
    'CRLF line endings with the CPF split',
    [
      `data: ${JSON.stringify(delta({ content: 'CPF 529.98' }))}\r\n\r\n`,
      `data: ${JSON.stringify(delta({ content: '2.247-25' }))}\r\n\r\n`,
      'data: [DONE]\r\n\r\n',
    ],
  ],
  ['a text event whose data lines split a CPF', ['data: CPF 529.982.\ndata: 247-25\n\n', 'data: [DONE]\n\n']],
  [
    'tool-call argument deltas that split a CPF',
    [
      event(
        delta({
          tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'lookup_customer', arguments: '{"cpf":"529.9' } }],
        }),
      ),
      event(delta({ tool_calls: [{ index: 0, function: { arguments: '82.247-25"}' } }] })),
      'data: [DONE]\n\n',
    ],
  ],
  [
    'refusal deltas that split a name',
    [event(delta({ refusal: 'Não posso falar de Maria Apare' })), event(delta({ refusal: 'cida dos Santos.' })), 'data: [DONE]\n\n'],
  ],
  [
    'reasoning deltas that split a CPF',
    [event(delta({ reasoning_content: 'o CPF 529.982' })), event(delta({ reasoning_content: '.247-25 é' })), 'data: [DONE]\n\n'],
  ],
  [
    'Responses API text deltas that split a CPF',
    [
      `event: response.output_text.delta\n${event({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'CPF 529.98' })}`,
      `event: response.output_text.delta\n${event({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: '2.247-25' })}`,
      `event: response.completed\n${event({ type: 'response.completed' })}`,
    ],
  ],
  [
    'a CPF split inside one line across TCP chunks',
    [
      `data: ${JSON.stringify(delta({ content: PII })).slice(0, 60)}`,
      `${JSON.stringify(delta({ content: PII })).slice(60)}\n\n`,
      'data: [DONE]\n\n',
    ],
  ],
  [
    'a CPF written with JSON escapes',
    [`data: {"choices":[{"index":0,"delta":{"content":"CPF \\u0035\\u0032\\u0039.982.247-25"}}]}\n\n`, 'data: [DONE]\n\n'],
  ],
  [
    'a name in the usage-only final chunk',
    [event({ id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [], usage: { note: PII } }), 'data: [DONE]\n\n'],
  ],
];

/** Non-streamed answers with personal data outside the message content. */
const ANSWERS: ReadonlyArray<readonly [string, string, unknown]> = [
  [
    'chat: message content',
    '/v1/chat/completions',
    { id: 'c', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: PII } }] },
  ],
  ['chat: tool-call arguments', '/v1/chat/completions', toolCallCompletion('demo-echo', 'lookup_customer', { cpf: CPF, nome: NAME })],
  [
    'chat: a field the gateway does not know',
    '/v1/chat/completions',
    { id: 'c', object: 'chat.completion', system_fingerprint: CPF, choices: [], x_debug: { echo: PII } },
  ],
  [
    'responses: output text',
    '/v1/responses',
    { id: 'r', object: 'response', output: [{ type: 'message', content: [{ type: 'output_text', text: PII }] }] },
  ],
  [
    'threads: message list',
    '/v1/threads/thread_1/messages',
    { object: 'list', data: [{ id: 'msg_1', content: [{ type: 'text', text: { value: PII, annotations: [] } }] }] },
  ],
  ['an error body', '/v1/chat/completions', { error: { message: `Invalid request for ${PII}`, type: 'invalid_request_error' } }],
];

describe('security 3: mask by default in model-API requests and answers', function () {
  this.timeout(60_000);
  const gate = useGate();

  describe('every string a request carries leaves masked, on every endpoint', () => {
    for (const placement of PLACEMENTS) {
      it(placement.label, async () => {
        const g = await gate();
        g.capture.reset();
        const mark = g.capture.mark();
        const response = await call(g, `/proxy/model${placement.path}`, { user: 'ana', body: placement.body });
        await response.arrayBuffer();
        const forwarded = g.capture.since(mark).filter((request) => request.path === placement.path);
        assert.equal(forwarded.length, 1, `the request reached the model (HTTP ${response.status})`);
        const text = bodyText(forwarded[0] ?? assert.fail());
        const leak = findLeak([text], SECRETS);
        assert.equal(leak, undefined, leak);
        placement.exact?.(JSON.parse(text) as Record<string, unknown>);
      });
    }
  });

  describe('every line of a streamed answer is masked or dropped', () => {
    for (const [label, chunks] of STREAMS) {
      it(label, async () => {
        const g = await gate();
        answerWith(g, { chunks });
        const response = await call(g, '/proxy/model/v1/chat/completions', { user: 'ana', body: chat({ stream: true }) });
        const body = await response.text();
        assert.equal(response.status, 200, body.slice(0, 300));
        const leak = findLeak(sseTexts(body), SECRETS);
        assert.equal(leak, undefined, leak);
      });
    }
  });

  describe('answers carry no personal data in any field', () => {
    for (const [label, path, answer] of ANSWERS) {
      it(label, async () => {
        const g = await gate();
        answerWith(g, { json: answer, status: label === 'an error body' ? 400 : 200 });
        const response = await call(g, `/proxy/model${path}`, { user: 'ana', body: chat({}) });
        const body = await response.text();
        const leak = findLeak([body, ...joinedTexts([JSON.parse(body) as unknown])], SECRETS);
        assert.equal(leak, undefined, leak);
      });
    }
  });
});
