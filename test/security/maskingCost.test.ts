/**
 * Principle 10, masking cost is bounded: a megabyte of text with 50,000 CPFs, in a prompt, an
 * answer, a stream or a generator's input, is masked completely and recorded as a handful of
 * masking events (one per distinct value, with a count) rather than 50,000 rows. How long it
 * takes, and whether other requests wait meanwhile, is measured by `npm run bench:mask` and
 * `bench:proxy`, not asserted here.
 */
import { strict as assert } from 'node:assert';
import { bodyText, chatCompletion, chatStream } from '../support/captureUpstream.js';
import { documentSecret, findLeak, sseTexts } from './support/leaks.js';
import { call, useGate, type Gate } from './support/gate.js';
import { sqlitePathOf, withStoreFile } from './support/storeFile.js';

const CPFS = ['529.982.247-25', '123.456.789-09', '111.444.777-35', '935.411.347-80', '714.602.380-01'];
const OCCURRENCES = 50_000;
const SECRETS = CPFS.map((cpf) => documentSecret('CPF', cpf));

/** About a megabyte: `OCCURRENCES` CPFs drawn from the first `distinct` of CPFS, with words between. */
function document(distinct: number): string {
  const parts: string[] = [];
  for (let i = 0; i < OCCURRENCES; i++) parts.push(`cliente ${i % 97} CPF ${CPFS[i % distinct] ?? ''};`);
  return parts.join(' ');
}

/** Masking rows of the session that answered `response`, once the session is complete (streams complete after their last byte). */
async function maskingRows(g: Gate, response: Response): Promise<number> {
  const requestId = response.headers.get('x-request-id') ?? '';
  return withStoreFile(sqlitePathOf(g.harness.gateway.config), async (file) => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const session = await file.all("SELECT id FROM sessions WHERE request_id = ? AND status <> 'running'", [requestId]);
      if (session.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const row = await file.one(
      'SELECT COALESCE(SUM(event_count), 0) AS n FROM masking_batches WHERE session_id IN (SELECT id FROM sessions WHERE request_id = ?)',
      [requestId],
    );
    return Number(row['n']);
  });
}

function occurrencesOf(text: string, label: string): number {
  return text.split(label).length - 1;
}

describe('security 10: masking cost is bounded', function () {
  this.timeout(120_000);
  const gate = useGate({ bodyLimit: '4mb' });

  for (const distinct of [1, 5]) {
    const handful = 4 * distinct + 4;

    it(`a 1 MB prompt with 50,000 CPFs (${distinct} distinct) leaves masked and writes at most ${handful} masking rows`, async () => {
      const g = await gate();
      g.capture.reset();
      g.capture.onRequest((request) => (request.path === '/v1/chat/completions' ? { json: chatCompletion('demo-echo', 'ok') } : undefined));
      const mark = g.capture.mark();
      const prompt = document(distinct);
      assert.ok(prompt.length > 1_000_000);
      const response = await call(g, '/proxy/model/v1/chat/completions', {
        user: 'ana',
        body: { model: 'demo-echo', messages: [{ role: 'user', content: prompt }] },
      });
      assert.equal(response.status, 200, (await response.clone().text()).slice(0, 300));
      await response.arrayBuffer();
      const [forwarded] = g.capture.since(mark).filter((request) => request.path === '/v1/chat/completions');
      assert.ok(forwarded, 'the prompt reached the model');
      const content = (JSON.parse(bodyText(forwarded)) as { messages: Array<{ content: string }> }).messages[0]?.content ?? '';
      assert.equal(findLeak([content], SECRETS), undefined);
      assert.equal(occurrencesOf(content, '[CPF]'), OCCURRENCES, 'every occurrence is masked');
      const rows = await maskingRows(g, response);
      assert.ok(rows >= distinct && rows <= handful, `${rows} masking rows`);
    });
  }

  it('a 1 MB answer with 50,000 CPFs arrives masked and writes at most 8 masking rows', async () => {
    const g = await gate();
    g.capture.reset();
    const text = document(1);
    g.capture.onRequest((request) => (request.path === '/v1/chat/completions' ? { json: chatCompletion('demo-echo', text) } : undefined));
    const response = await call(g, '/proxy/model/v1/chat/completions', {
      user: 'ana',
      body: { model: 'demo-echo', messages: [{ role: 'user', content: 'oi' }] },
    });
    const answer = (await response.json()) as { choices: Array<{ message: { content: string } }> };
    const content = answer.choices[0]?.message.content ?? '';
    assert.equal(findLeak([content], SECRETS), undefined);
    assert.equal(occurrencesOf(content, '[CPF]'), OCCURRENCES);
    const rows = await maskingRows(g, response);
    assert.ok(rows >= 1 && rows <= 8, `${rows} masking rows`);
  });

  it('a stream of 10,000 events carrying 50,000 CPFs arrives masked and writes a few rows per distinct value, not one per occurrence', async () => {
    const g = await gate();
    g.capture.reset();
    const text = document(1);
    const pieces: string[] = [];
    for (let at = 0; at < text.length; at += Math.ceil(text.length / 10_000))
      pieces.push(text.slice(at, at + Math.ceil(text.length / 10_000)));
    g.capture.onRequest((request) =>
      request.path === '/v1/chat/completions' ? { chunks: [chatStream('demo-echo', pieces).join('')] } : undefined,
    );
    const response = await call(g, '/proxy/model/v1/chat/completions', {
      user: 'ana',
      body: { model: 'demo-echo', stream: true, messages: [{ role: 'user', content: 'oi' }] },
    });
    const body = await response.text();
    assert.equal(findLeak(sseTexts(body), [documentSecret('CPF', CPFS[0] ?? '')]), undefined);
    const rows = await maskingRows(g, response);
    // A long stream records its events in sealed batches as it flows: a row per distinct value and batch.
    assert.ok(rows >= 1 && rows <= 64, `${rows} masking rows`);
  });

  it("a generator's input with 50,000 CPFs is recorded with at most 8 masking rows", async () => {
    const g = await gate();
    g.capture.reset();
    const response = await call(g, '/api/v1/generators/http-report/runs', { user: 'ana', body: { input: { note: document(1) } } });
    assert.equal(response.status, 200, (await response.clone().text()).slice(0, 300));
    await response.arrayBuffer();
    const rows = await maskingRows(g, response);
    assert.ok(rows >= 1 && rows <= 8, `${rows} masking rows`);
  });
});
