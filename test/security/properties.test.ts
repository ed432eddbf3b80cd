/**
 * The property behind principles 3 and 4, tried on random cases through the real gateway: a
 * valid CPF, CNPJ (numeric or alphanumeric) or a name from the shipped lexicon, written in any
 * script's digits, with other separators and invisible characters, encoded as the carrying
 * format allows (JSON escapes, HTML entities, percent-encoding), placed in a random field of a
 * random model-API endpoint or Studio body, or in an upstream's answer (JSON, SSE cut at random
 * points, WebSocket frames), never reaches the capture upstream or the client unmasked. What
 * arrived is normalised back (see support/leaks.ts) before it is searched.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { bodyText, chatCompletion, chatStream, toolCallCompletion } from '../support/captureUpstream.js';
import { createStudioRun, openRunSocket } from '../support/studioClient.js';
import { findLeak, frameTexts, joinedTexts, sseTexts } from './support/leaks.js';
import {
  jsonWithEscapes,
  personalValueArb,
  sentenceArb,
  splitAt,
  withEntities,
  withPercent,
  writtenArb,
  type PersonalValue,
} from './support/disguises.js';
import { send, useGate, type Gate } from './support/gate.js';

interface Disguised {
  readonly value: PersonalValue;
  /** The value as written (scripts, separators, invisible characters). */
  readonly written: string;
  /** A sentence carrying it. */
  readonly sentence: string;
}

const disguisedArb: fc.Arbitrary<Disguised> = personalValueArb.chain((value) =>
  writtenArb(value).chain((written) => sentenceArb(value, written).map((sentence) => ({ value, written, sentence }))),
);

/** How often each character of the value is spelled as an escape or entity (0: never). */
const encodingArb = fc.constantFrom(0, 0, 1, 2, 3);
const splitArb = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 });

const RUNS = { numRuns: 30, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: false } as const;

type Placement = readonly [string, string, (text: string) => Record<string, unknown>];

/** Model-API request fields that carry what people wrote. */
const REQUEST_PLACEMENTS: readonly Placement[] = [
  ['chat content', '/v1/chat/completions', (t) => ({ model: 'demo-echo', messages: [{ role: 'user', content: t }] })],
  [
    'chat content part',
    '/v1/chat/completions',
    (t) => ({ model: 'demo-echo', messages: [{ role: 'user', content: [{ type: 'text', text: t }] }] }),
  ],
  [
    'chat system message',
    '/v1/chat/completions',
    (t) => ({
      model: 'demo-echo',
      messages: [
        { role: 'system', content: t },
        { role: 'user', content: 'oi' },
      ],
    }),
  ],
  ['chat user', '/v1/chat/completions', (t) => ({ model: 'demo-echo', user: t, messages: [{ role: 'user', content: 'oi' }] })],
  [
    'chat metadata',
    '/v1/chat/completions',
    (t) => ({ model: 'demo-echo', metadata: { note: t }, messages: [{ role: 'user', content: 'oi' }] }),
  ],
  ['completions prompt', '/v1/completions', (t) => ({ model: 'demo-echo', prompt: t })],
  ['completions prompt array', '/v1/completions', (t) => ({ model: 'demo-echo', prompt: ['oi', t] })],
  ['embeddings input', '/v1/embeddings', (t) => ({ model: 'demo-echo', input: [t] })],
  ['responses input', '/v1/responses', (t) => ({ model: 'demo-echo', input: t })],
  ['responses instructions', '/v1/responses', (t) => ({ model: 'demo-echo', input: 'oi', instructions: t })],
  ['assistant instructions', '/v1/assistants', (t) => ({ model: 'demo-echo', instructions: t })],
  ['thread message', '/v1/threads/thread_1/messages', (t) => ({ role: 'user', content: t })],
  ['speech input', '/v1/audio/speech', (t) => ({ model: 'demo-echo', voice: 'alloy', input: t })],
  ['moderation input', '/v1/moderations', (t) => ({ model: 'demo-echo', input: t })],
];

/** Model-API answer fields. */
const ANSWER_PLACEMENTS: ReadonlyArray<readonly [string, (text: string) => unknown]> = [
  ['chat message content', (t) => chatCompletion('demo-echo', t)],
  ['tool-call arguments', (t) => toolCallCompletion('demo-echo', 'lookup', { q: t })],
  [
    'responses output text',
    (t) => ({ id: 'r', object: 'response', output: [{ type: 'message', content: [{ type: 'output_text', text: t }] }] }),
  ],
  ['an unknown field', (t) => ({ id: 'c', object: 'chat.completion', choices: [], debug: { echo: t } })],
];

/** Studio REST request bodies that carry text. */
const STUDIO_REQUESTS: readonly Placement[] = [
  ['a session name', '/api/sessions', (t) => ({ user_id: 'dev:ana', name: t })],
  [
    'a team description',
    '/api/teams/',
    (t) => ({
      user_id: 'dev:ana',
      component: { provider: 'autogen_agentchat.teams.RoundRobinGroupChat', description: t, config: { participants: [] } },
    }),
  ],
];

const show = (d: Disguised): string =>
  `${d.value.kind} ${d.value.plain} written ${JSON.stringify(d.written)} in ${JSON.stringify(d.sentence)}`;

/** Sends disguised values in random request fields and asserts none reaches the upstream unmasked. */
async function assertRequestsMasked(g: Gate, prefix: string, placements: readonly Placement[]): Promise<void> {
  await fc.assert(
    fc.asyncProperty(disguisedArb, fc.constantFrom(...placements), encodingArb, async (disguised, [, path, build], every) => {
      g.capture.reset();
      const mark = g.capture.mark();
      const body = jsonWithEscapes(build(disguised.sentence), disguised.written, every);
      const response = await send(g, {
        method: 'POST',
        target: `${prefix}${path}`,
        user: 'ana',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      const [forwarded] = g.capture.since(mark).filter((request) => request.path === path);
      assert.ok(forwarded, `the request did not reach the upstream (HTTP ${response.status}): ${show(disguised)}`);
      const text = bodyText(forwarded);
      const leak = findLeak([text, ...joinedTexts([JSON.parse(text) as unknown])], [disguised.value.secret]);
      assert.equal(leak, undefined, `${leak ?? ''} — ${show(disguised)}`);
    }),
    RUNS,
  );
}

async function answerJson(g: Gate, path: string, text: string): Promise<string> {
  g.capture.reset();
  g.capture.onRequest((request) => (request.path === path ? { raw: text, headers: { 'content-type': 'application/json' } } : undefined));
  return text;
}

describe('security properties: personal data in disguise never gets through', function () {
  this.timeout(120_000);
  const gate = useGate();

  it('model-API requests: any field of any endpoint reaches the model masked', async () => {
    await assertRequestsMasked(await gate(), '/proxy/model', REQUEST_PLACEMENTS);
  });

  it('model-API answers: any field reaches the client masked', async () => {
    const g = await gate();
    await fc.assert(
      fc.asyncProperty(disguisedArb, fc.constantFrom(...ANSWER_PLACEMENTS), encodingArb, async (disguised, [, build], every) => {
        await answerJson(g, '/v1/chat/completions', jsonWithEscapes(build(disguised.sentence), disguised.written, every));
        const response = await send(g, {
          method: 'POST',
          target: '/proxy/model/v1/chat/completions',
          user: 'ana',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ model: 'demo-echo', messages: [{ role: 'user', content: 'oi' }] }),
        });
        const texts = [response.text];
        try {
          texts.push(...joinedTexts([JSON.parse(response.text) as unknown]));
        } catch {
          // An error body that is not JSON is searched as it is.
        }
        const leak = findLeak(texts, [disguised.value.secret]);
        assert.equal(leak, undefined, `${leak ?? ''} — ${show(disguised)}`);
      }),
      RUNS,
    );
  });

  it('streamed answers: cut at random points, on random line kinds, reach the client masked', async () => {
    const g = await gate();
    await fc.assert(
      fc.asyncProperty(
        disguisedArb,
        splitArb,
        splitArb,
        fc.constantFrom('data', 'comment', 'id', 'event'),
        async (disguised, eventCuts, networkCuts, lineKind) => {
          const events = chatStream('demo-echo', splitAt(disguised.sentence, eventCuts));
          const extra = lineKind === 'data' ? [] : [`${lineKind === 'comment' ? ':' : `${lineKind}:`} ${disguised.sentence}\n\n`];
          const chunks = splitAt([...extra, ...events].join(''), networkCuts);
          g.capture.reset();
          g.capture.onRequest((request) => (request.path === '/v1/chat/completions' ? { chunks } : undefined));
          const response = await send(g, {
            method: 'POST',
            target: '/proxy/model/v1/chat/completions',
            user: 'ana',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ model: 'demo-echo', stream: true, messages: [{ role: 'user', content: 'oi' }] }),
          });
          const leak = findLeak(sseTexts(response.text), [disguised.value.secret]);
          assert.equal(leak, undefined, `${leak ?? ''} — ${show(disguised)} cut at ${JSON.stringify(eventCuts)}, line ${lineKind}`);
        },
      ),
      RUNS,
    );
  });

  it('Studio run frames: chunks cut at random points reach the client masked', async () => {
    const g = await gate();
    const token = await g.token('ana');
    await fc.assert(
      fc.asyncProperty(disguisedArb, splitArb, async (disguised, cuts) => {
        g.capture.reset();
        g.capture.onRunSocket((socket) => {
          socket.send({ type: 'system', status: 'connected' });
          socket.onFrame((frame) => {
            if (frame?.['type'] !== 'start') return;
            for (const piece of splitAt(disguised.sentence, cuts))
              socket.send({ type: 'message_chunk', data: { source: 'writer', content: piece, type: 'ModelClientStreamingChunkEvent' } });
            socket.send({ type: 'message', data: { source: 'writer', content: disguised.sentence, type: 'TextMessage' } });
            socket.send({ type: 'result', data: { task_result: { messages: [], stop_reason: 'done' } }, status: 'complete' });
          });
          return true;
        });
        const run = await createStudioRun(`${g.url}/proxy/autogen`, token);
        const stream = await openRunSocket(
          `${g.url.replace(/^http/, 'ws')}/proxy/autogen/api/ws/runs/${run.runId}?token=${encodeURIComponent(token)}`,
        );
        stream.socket.send(
          JSON.stringify({
            type: 'start',
            task: 'oi',
            team_config: { provider: 'autogen_agentchat.teams.RoundRobinGroupChat', config: {} },
          }),
        );
        await stream.waitFor((frame) => frame['type'] === 'result' || frame['type'] === 'error', 5000);
        stream.socket.terminate();
        const leak = findLeak(frameTexts(stream.frames.map((frame) => JSON.stringify(frame))), [disguised.value.secret]);
        assert.equal(leak, undefined, `${leak ?? ''} — ${show(disguised)} cut at ${JSON.stringify(cuts)}`);
      }),
      { ...RUNS, numRuns: 12 },
    );
  });

  it('Studio REST requests: bodies reach Studio masked', async () => {
    await assertRequestsMasked(await gate(), '/proxy/autogen', STUDIO_REQUESTS);
  });

  it("Studio REST answers: a run's messages reach the client masked", async () => {
    const g = await gate();
    const run = g.capture.studio.addRun('dev:ana');
    await fc.assert(
      fc.asyncProperty(disguisedArb, encodingArb, async (disguised, every) => {
        const answer = {
          status: true,
          data: [{ id: 1, run_id: run.id, config: { source: 'writer', content: disguised.sentence, type: 'TextMessage' } }],
        };
        g.capture.reset();
        const raw = jsonWithEscapes(answer, disguised.written, every);
        g.capture.onRequest((request) =>
          request.path === `/api/runs/${run.id}/messages` ? { raw, headers: { 'content-type': 'application/json' } } : undefined,
        );
        const response = await send(g, { method: 'GET', target: `/proxy/autogen/api/runs/${run.id}/messages`, user: 'ana' });
        const leak = findLeak([response.text], [disguised.value.secret]);
        assert.equal(leak, undefined, `${leak ?? ''} — ${show(disguised)}`);
      }),
      RUNS,
    );
  });

  it('HTML and URL answers: entities and percent-encoding are read before detection', async () => {
    const g = await gate();
    await fc.assert(
      fc.asyncProperty(disguisedArb, fc.constantFrom('html', 'url'), fc.constantFrom(1, 2, 3), async (disguised, format, every) => {
        const body =
          format === 'html'
            ? `<p>${withEntities(disguised.sentence, every)}</p>`
            : `Ficha: https://crm.example/clientes?q=${withPercent(disguised.sentence, every)}&x=1`;
        g.capture.reset();
        g.capture.onRequest((request) =>
          request.path === '/page'
            ? { raw: body, headers: { 'content-type': format === 'html' ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8' } }
            : undefined,
        );
        const response = await send(g, { method: 'GET', target: '/proxy/generator/page', user: 'ana' });
        const leak = findLeak([response.text], [disguised.value.secret]);
        assert.equal(leak, undefined, `${leak ?? ''} — ${show(disguised)} as ${format}`);
      }),
      RUNS,
    );
  });
});
