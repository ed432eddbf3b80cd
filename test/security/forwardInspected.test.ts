/**
 * Principle 1, forward what you inspected: on every route whose protocol the gateway
 * understands (its own run API, Studio REST, the model API, Studio run WebSockets), a body is
 * parsed strictly or refused, and what reaches the upstream is the JSON re-serialised from
 * what was inspected, never the client's bytes. Checked against a capture upstream that records
 * the exact bytes it receives.
 */
import { strict as assert } from 'node:assert';
import { bodyText, headerValues, SAFE_TEAM, type CapturedRequest } from '../support/captureUpstream.js';
import { createStudioRun, openRunSocket, type RunStream } from '../support/studioClient.js';
import { NOT_STRICT_JSON, nested, unusualSpelling } from './support/bodies.js';
import { assertError, send, sendBytes, useGate, type Gate } from './support/gate.js';

const CPF = '529.982.247-25';

interface Route {
  readonly name: string;
  readonly target: string;
  /** Path the upstream is sent to (to check nothing got there). */
  readonly upstreamPath: string | undefined;
  readonly valid: string;
}

const ROUTES: readonly Route[] = [
  {
    name: 'the model API',
    target: '/proxy/model/v1/chat/completions',
    upstreamPath: '/v1/chat/completions',
    valid: JSON.stringify({ model: 'demo-echo', messages: [{ role: 'user', content: 'oi' }] }),
  },
  {
    name: 'Studio REST',
    target: '/proxy/autogen/api/sessions',
    upstreamPath: '/api/sessions',
    valid: JSON.stringify({ user_id: 'dev:ana', name: 'sessão' }),
  },
  {
    name: 'the generator run API',
    target: '/api/v1/generators/http-report/runs',
    upstreamPath: '/generate',
    valid: JSON.stringify({ input: { note: 'oi' } }),
  },
];

function reached(requests: readonly CapturedRequest[], route: Route): CapturedRequest[] {
  return requests.filter((request) => request.path === route.upstreamPath || request.path === `${route.upstreamPath}/`);
}

/** POSTs as ana; a list of strings is sent chunked, one chunk each. */
async function post(
  gate: Gate,
  target: string,
  body: Buffer | string | readonly string[],
  // null: no Content-Type header at all (undefined would take the default).
  contentType: string | null = 'application/json',
) {
  const headers: Record<string, string> = contentType === null ? {} : { 'Content-Type': contentType };
  return send(gate, {
    method: 'POST',
    target,
    user: 'ana',
    headers,
    ...(Array.isArray(body) ? { chunks: body } : { body: body as Buffer | string }),
  });
}

/** The one request that reached `path` since `mark`. */
function forwardedTo(gate: Gate, mark: number, path: string): CapturedRequest {
  const matching = gate.capture.since(mark).filter((request) => request.path === path);
  assert.equal(matching.length, 1, `expected one request to reach ${path}, got ${matching.length}`);
  return matching[0] as CapturedRequest;
}

function wsUrl(gate: Gate, runId: number, token: string): string {
  return `${gate.url.replace(/^http/, 'ws')}/proxy/autogen/api/ws/runs/${runId}?token=${encodeURIComponent(token)}`;
}

/** Waits until the socket closes or a frame reaches the runtime, whichever comes first. */
async function closeOrForward(gate: Gate, stream: RunStream, mark: number): Promise<{ code: number | undefined; forwarded: number }> {
  let code: number | undefined;
  void stream.closed.then((closed) => (code = closed.code));
  for (let i = 0; i < 150 && code === undefined && gate.capture.framesSince(mark).length === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  stream.socket.terminate();
  return { code, forwarded: gate.capture.framesSince(mark).length };
}

/** Sends one frame on a fresh run socket of ana's and asserts the socket closed with `code` and nothing reached the runtime. */
async function assertFrameRefused(gate: Gate, data: Buffer | string, binary: boolean, code: number): Promise<void> {
  const stream = await anaRunSocket(gate);
  const mark = gate.capture.frameMark();
  stream.socket.send(data, { binary });
  const outcome = await closeOrForward(gate, stream, mark);
  assert.equal(outcome.forwarded, 0, 'a frame reached the runtime');
  assert.equal(outcome.code, code, `closed with ${outcome.code ?? 'nothing (still open)'}`);
}

async function anaRunSocket(gate: Gate): Promise<RunStream> {
  const token = await gate.token('ana');
  const run = await createStudioRun(`${gate.url}/proxy/autogen`, token);
  const stream = await openRunSocket(wsUrl(gate, run.runId, token));
  await stream.waitFor((frame) => frame['type'] === 'system');
  return stream;
}

describe('security 1: forward what you inspected', function () {
  this.timeout(60_000);
  const gate = useGate();

  describe('media types', () => {
    for (const route of ROUTES) {
      for (const type of [
        'Application/JSON; charset=UTF-8',
        'APPLICATION/JSON',
        'application/json;charset="utf-8"',
        'application/vnd.autogen+json',
      ]) {
        it(`${route.name}: accepts ${type} as JSON`, async () => {
          const g = await gate();
          const mark = g.capture.mark();
          const response = await post(g, route.target, route.valid, type);
          assert.equal(response.status, 200, response.text.slice(0, 300));
          assert.equal(reached(g.capture.since(mark), route).length, 1);
        });
      }
      for (const type of ['application/json; charset=latin1', 'application/json; charset=utf-16', 'application/json; charset=iso-8859-1']) {
        it(`${route.name}: refuses ${type} with 415`, async () => {
          const g = await gate();
          const mark = g.capture.mark();
          assertError(await post(g, route.target, route.valid, type), 415, 'unsupported_media_type');
          assert.equal(reached(g.capture.since(mark), route).length, 0, 'nothing reached the upstream');
        });
      }
      for (const type of [
        null,
        'text/plain',
        'text/plain; charset=utf-8',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'text/json',
        'application/octet-stream',
        'application/jsonl',
      ]) {
        it(`${route.name}: refuses a JSON body sent as ${type ?? 'no Content-Type'} with 415`, async () => {
          const g = await gate();
          const mark = g.capture.mark();
          assertError(await post(g, route.target, route.valid, type), 415, 'unsupported_media_type');
          assert.equal(reached(g.capture.since(mark), route).length, 0, 'nothing reached the upstream');
        });
      }
    }

    it('passes a text body to an upstream that opted into uninspectable pass-through', async () => {
      const g = await gate();
      const mark = g.capture.mark();
      const response = await send(g, {
        method: 'POST',
        target: '/proxy/blobs/upload',
        user: 'ana',
        headers: { 'Content-Type': 'text/plain' },
        body: 'plain text',
      });
      assert.notEqual(response.status, 415, response.text);
      const forwarded = g.capture.since(mark).filter((request) => request.path === '/upload');
      assert.equal(forwarded.length, 1);
      assert.equal(bodyText(forwarded[0] as CapturedRequest), 'plain text');
    });
  });

  describe('bodies that are not strict JSON', () => {
    for (const route of ROUTES) {
      for (const bad of NOT_STRICT_JSON) {
        it(`${route.name}: ${bad.label} → 400, nothing forwarded`, async () => {
          const g = await gate();
          const mark = g.capture.mark();
          assertError(await post(g, route.target, bad.make(route.valid), 'application/json'), 400, 'bad_request');
          assert.equal(reached(g.capture.since(mark), route).length, 0, 'nothing reached the upstream');
        });
      }
      it(`${route.name}: nesting 100 deep → 400`, async () => {
        const g = await gate();
        const mark = g.capture.mark();
        assertError(await post(g, route.target, nested(route.valid, 100), 'application/json'), 400, 'bad_request');
        assert.equal(reached(g.capture.since(mark), route).length, 0);
      });
      it(`${route.name}: nesting 200,000 deep → 400, never a 5xx`, async () => {
        const g = await gate();
        const mark = g.capture.mark();
        assertError(await post(g, route.target, nested(route.valid, 200_000), 'application/json'), 400, 'bad_request');
        assert.equal(reached(g.capture.since(mark), route).length, 0);
      });
      it(`${route.name}: nesting 20 deep is fine`, async () => {
        const g = await gate();
        const response = await post(g, route.target, nested(route.valid, 20), 'application/json');
        assert.equal(response.status, 200, response.text.slice(0, 300));
      });
      it(`${route.name}: a body over server.bodyLimit → 413`, async () => {
        const g = await gate();
        const mark = g.capture.mark();
        const big = route.valid
          .replace('"oi"', JSON.stringify('a'.repeat(1200 * 1024)))
          .replace('"sessão"', JSON.stringify('a'.repeat(1200 * 1024)));
        assertError(await post(g, route.target, big, 'application/json'), 413, 'payload_too_large');
        assert.equal(reached(g.capture.since(mark), route).length, 0);
      });
      it(`${route.name}: a chunked body over server.bodyLimit → 413`, async () => {
        const g = await gate();
        const mark = g.capture.mark();
        const response = await post(g, route.target, [
          route.valid.slice(0, -1),
          `,"pad":"${'a'.repeat(600 * 1024)}`,
          `${'a'.repeat(600 * 1024)}"}`,
        ]);
        assertError(response, 413, 'payload_too_large');
        assert.equal(reached(g.capture.since(mark), route).length, 0);
      });
    }
  });

  describe('what reaches the upstream is re-serialised from what was inspected', () => {
    it('the model API: a prompt spelled unusually arrives as JSON of the masked value, not the client bytes', async () => {
      const g = await gate();
      const mark = g.capture.mark();
      const original = unusualSpelling({
        model: 'demo-echo',
        messages: [{ role: 'user', content: `Cliente Maria Aparecida dos Santos, CPF ${CPF}` }],
      });
      const response = await post(g, '/proxy/model/v1/chat/completions', original);
      assert.equal(response.status, 200, response.text);
      const forwarded = forwardedTo(g, mark, '/v1/chat/completions');
      const text = bodyText(forwarded);
      assert.notEqual(text, original, 'the client bytes were forwarded as they came');
      assert.ok(!text.includes('\\u006d'), 'escapes of the client body reached the upstream');
      const value = JSON.parse(text) as { model: string; messages: Array<{ content: string }> };
      assert.equal(value.model, 'demo-echo');
      assert.ok(
        !value.messages[0]?.content.includes(CPF) && !value.messages[0]?.content.includes('Maria Aparecida'),
        value.messages[0]?.content,
      );
      assert.equal(headerValues(forwarded, 'content-length')[0], String(forwarded.body.length));
    });

    it('Studio REST: a body spelled unusually arrives re-serialised, with user_id rewritten', async () => {
      const g = await gate();
      const mark = g.capture.mark();
      const original = unusualSpelling({ user_id: 'dev:carla', name: 'relatório' });
      const response = await post(g, '/proxy/autogen/api/sessions', original);
      assert.equal(response.status, 200, response.text);
      const forwarded = forwardedTo(g, mark, '/api/sessions');
      assert.notEqual(bodyText(forwarded), original);
      assert.deepEqual(JSON.parse(bodyText(forwarded)), { user_id: 'dev:ana', name: 'relatório' });
    });

    for (const route of ROUTES) {
      it(`${route.name}: a chunked JSON body leaves with Content-Length or Transfer-Encoding, never both`, async () => {
        const g = await gate();
        const mark = g.capture.mark();
        const response = await post(g, route.target, [route.valid.slice(0, 7), route.valid.slice(7)]);
        assert.equal(response.status, 200, response.text.slice(0, 300));
        const [forwarded] = reached(g.capture.since(mark), route);
        assert.ok(forwarded, 'the request reached the upstream');
        const lengths = headerValues(forwarded, 'content-length');
        const encodings = headerValues(forwarded, 'transfer-encoding');
        assert.ok(
          !(lengths.length > 0 && encodings.length > 0),
          `forwarded with Content-Length ${lengths.join(',')} and Transfer-Encoding ${encodings.join(',')}`,
        );
        assert.ok(lengths.length <= 1 && encodings.length <= 1);
        JSON.parse(bodyText(forwarded));
      });
    }

    it('a client request with both Content-Length and Transfer-Encoding is refused', async () => {
      const g = await gate();
      const mark = g.capture.mark();
      const body = ROUTES[0]?.valid ?? '';
      const chunked = `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
      const answer = await sendBytes(
        g,
        `POST /proxy/model/v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${await g.token('ana')}\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}`,
      );
      assert.match(answer, /^HTTP\/1\.1 400 /);
      assert.equal(g.capture.since(mark).length, 0);
    });
  });

  describe('Studio run WebSocket frames', () => {
    const START = JSON.stringify({ type: 'start', task: 'oi', team_config: SAFE_TEAM });
    const INPUT = JSON.stringify({ type: 'input_response', response: 'sim' });
    for (const [kind, valid] of [
      ['start', START],
      ['input_response', INPUT],
    ] as const) {
      for (const bad of NOT_STRICT_JSON) {
        // RFC 6455 §8.1: a text frame that is not UTF-8 fails the connection with 1007.
        const asText = bad.invalidUtf8 ? 1007 : 1008;
        it(`a ${kind} text frame with ${bad.label} closes the socket with ${asText}, nothing forwarded`, async () => {
          await assertFrameRefused(await gate(), bad.make(valid), false, asText);
        });
        if (bad.invalidUtf8) {
          it(`a ${kind} binary frame with ${bad.label} closes the socket with 1008, nothing forwarded`, async () => {
            await assertFrameRefused(await gate(), bad.make(valid), true, 1008);
          });
        }
      }
    }

    it('a start frame nested 200,000 deep closes with 1008', async () => {
      await assertFrameRefused(await gate(), nested(START, 200_000), false, 1008);
    });

    it('a start frame spelled unusually reaches the runtime re-serialised', async () => {
      const g = await gate();
      const stream = await anaRunSocket(g);
      const mark = g.capture.frameMark();
      const original = unusualSpelling({ type: 'start', task: 'oi', team_config: SAFE_TEAM });
      stream.socket.send(original);
      await stream.waitFor((frame) => frame['type'] === 'result');
      stream.socket.close();
      const [forwarded] = g.capture.framesSince(mark);
      assert.ok(forwarded);
      assert.notEqual(forwarded.data.toString('utf8'), original);
      assert.deepEqual(JSON.parse(forwarded.data.toString('utf8')), { type: 'start', task: 'oi', team_config: SAFE_TEAM });
    });

    it('an input_response frame spelled unusually reaches the runtime re-serialised', async () => {
      const g = await gate();
      const stream = await anaRunSocket(g);
      stream.socket.send(START);
      await stream.waitFor((frame) => frame['type'] === 'result');
      const mark = g.capture.frameMark();
      const original = unusualSpelling({ type: 'input_response', response: 'sim' });
      stream.socket.send(original);
      for (let i = 0; i < 50 && g.capture.framesSince(mark).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      stream.socket.close();
      const [forwarded] = g.capture.framesSince(mark);
      assert.ok(forwarded, 'the frame reached the runtime');
      assert.notEqual(forwarded.data.toString('utf8'), original);
      assert.deepEqual(JSON.parse(forwarded.data.toString('utf8')), { type: 'input_response', response: 'sim' });
    });
  });
});
