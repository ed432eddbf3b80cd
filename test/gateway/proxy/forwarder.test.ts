import { strict as assert } from 'node:assert';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import { loadConfig } from '../../../gateway/config/load.js';
import { Forwarder, type OutgoingRequest } from '../../../gateway/proxy/forwarder.js';
import '../../../gateway/api/requestContext.js';
import { startTestUpstream, type TestUpstream } from '../../support/httpUpstream.js';
import { makeTempDir, removeDir } from '../../support/tempDir.js';

describe('forwarder', () => {
  let dir: string;
  let upstream: TestUpstream;
  let forwarder: Forwarder;
  let url: string;
  let close: () => Promise<void>;
  let outcome: Promise<IncomingMessage | Error>;
  let outgoing: OutgoingRequest;

  beforeEach(async () => {
    dir = makeTempDir();
    upstream = await startTestUpstream((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    process.env['FORWARDER_TEST_KEY'] = 'k-123';
    writeFileSync(
      join(dir, 'policy.yaml'),
      `version: 1
identity:
  issuers: [{ id: dev, issuer: 'http://127.0.0.1:9', audience: autogen-gate }]
upstreams:
  api:
    type: http
    url: '${upstream.url}/base/'
    forwardHeaders: [x-tenant]
    headers: { x-api-key: 'env:FORWARDER_TEST_KEY' }
rules:
  - { id: all, upstreams: [api], decision: allow }
`,
    );
    const config = loadConfig(join(dir, 'policy.yaml'));
    forwarder = new Forwarder(config);
    const app = express();
    // The gateway reads every request whole before it forwards it.
    app.use(express.raw({ type: () => true }));
    app.use((req, res) => {
      req.requestId = 'req-0123456789';
      outcome = forwarder.forward(config.upstreams.get('api') as never, req, res, outgoing).then(
        (response) => {
          res.status(response.statusCode ?? 502);
          response.pipe(res);
          return response;
        },
        (error: Error) => {
          if (!res.headersSent) res.status(502).end();
          return error;
        },
      );
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
  });

  afterEach(async () => {
    forwarder.close();
    await close();
    await upstream.close();
    delete process.env['FORWARDER_TEST_KEY'];
    removeDir(dir);
  });

  it("sends the gateway's request under the upstream's path: allow-listed and configured headers, its own body and framing", async () => {
    outgoing = { url: '/v1/items?page=2', contentType: 'application/json', body: Buffer.from('{"a":1}') };
    const response = await fetch(`${url}/anything`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer secret',
        cookie: 'sid=1',
        'x-forwarded-for': '10.0.0.1',
        'x-tenant': 'acme',
        accept: 'application/json',
        'content-type': 'text/plain',
      },
      body: 'what the client sent',
    });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'ok');
    const seen = upstream.received[0];
    assert.equal(seen?.url, '/base/v1/items?page=2');
    assert.equal(seen?.method, 'POST');
    assert.equal(seen?.body, '{"a":1}');
    assert.equal(seen?.headers['content-type'], 'application/json');
    assert.equal(seen?.headers['content-length'], '7');
    assert.equal(seen?.headers['transfer-encoding'], undefined);
    assert.equal(seen?.headers['x-api-key'], 'k-123');
    assert.equal(seen?.headers['x-tenant'], 'acme');
    assert.equal(seen?.headers['accept'], 'application/json');
    assert.equal(seen?.headers['accept-encoding'], 'identity');
    assert.equal(seen?.headers['x-request-id'], 'req-0123456789');
    assert.equal(seen?.headers['host'], new URL(upstream.url).host);
    for (const name of ['authorization', 'cookie', 'x-forwarded-for']) assert.equal(seen?.headers[name], undefined, name);
  });

  it('gives up on the upstream when the client goes away before it answers', async () => {
    let upstreamSawClose = false;
    upstream.handler = (_request, response) => {
      response.on('close', () => (upstreamSawClose = true));
    };
    outgoing = { url: '/slow', contentType: undefined, body: undefined };
    const aborted = new AbortController();
    const call = fetch(`${url}/slow`, { signal: aborted.signal }).catch(() => undefined);
    while (upstream.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    aborted.abort();
    await call;
    const result = await outcome;
    assert.ok(result instanceof Error && (result as { code?: string }).code === 'client_closed', String(result));
    while (!upstreamSawClose) await new Promise((resolve) => setTimeout(resolve, 10));
  });

  it('forwards every request as the gateway built it when hundreds wait on the upstream at once', async function () {
    this.timeout(20_000);
    const inFlight = 600;
    const waiting: Array<() => void> = [];
    upstream.handler = (_request, response) => {
      waiting.push(() => response.writeHead(200).end('ok'));
      if (waiting.length === inFlight) for (const answer of waiting) answer();
    };
    outgoing = { url: '/held', contentType: 'application/json', body: Buffer.from('{"a":1}') };
    const statuses = await Promise.all(
      Array.from({ length: inFlight }, () =>
        fetch(`${url}/held`, { method: 'POST', headers: { authorization: 'Bearer secret' }, body: 'x' }).then((r) => r.status),
      ),
    );
    assert.deepEqual(new Set(statuses), new Set([200]));
    assert.equal(upstream.received.length, inFlight);
    for (const seen of upstream.received) {
      assert.equal(seen.body, '{"a":1}');
      assert.equal(seen.headers['authorization'], undefined);
    }
  });

  it('maps an upstream that is not there to a 502 that names it', async () => {
    await upstream.close();
    outgoing = { url: '/x', contentType: undefined, body: undefined };
    await fetch(`${url}/x`);
    const result = await outcome;
    assert.ok(result instanceof Error);
    assert.equal((result as { code?: string }).code, 'upstream_unreachable');
    assert.match(result.message, /Upstream api is unreachable/);
  });
});
