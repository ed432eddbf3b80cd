/**
 * Principle 8, nobody can fill the store: what the gateway records about a request is capped
 * (a 64 KB path is stored truncated), repeated refusals from one client are aggregated instead
 * of written one by one, and per-identity and per-client rate limits answer 429 with
 * Retry-After. Growth is measured on the SQLite file itself.
 */
import { strict as assert } from 'node:assert';
import { Agent, request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import { assertError, call, read, securityPolicy, send, useGate, type Gate } from './support/gate.js';
import { sqlitePathOf, withStoreFile } from './support/storeFile.js';

/** Fields of one audit entry or session row are never larger than this once recorded. */
const FIELD_CAP = 8 * 1024;

interface StoreSize {
  readonly auditRows: number;
  readonly lastSeq: number;
  readonly sessions: number;
}

async function storeSize(g: Gate): Promise<StoreSize> {
  return withStoreFile(sqlitePathOf(g.harness.gateway.config), async (file) => {
    const audit = await file.one('SELECT COUNT(*) AS n, COALESCE(MAX(seq), 0) AS last FROM audit_log');
    const sessions = await file.one('SELECT COUNT(*) AS n FROM sessions');
    return { auditRows: Number(audit['n']), lastSeq: Number(audit['last']), sessions: Number(sessions['n']) };
  });
}

/** The largest recorded field written since `since`: audit entries' data, session paths and error messages. */
async function largestFieldSince(g: Gate, since: StoreSize): Promise<number> {
  return withStoreFile(sqlitePathOf(g.harness.gateway.config), async (file) => {
    const audit = await file.one('SELECT COALESCE(MAX(LENGTH(data_json)), 0) AS n FROM audit_log WHERE seq > ?', [since.lastSeq]);
    const sessions = await file.one(
      "SELECT COALESCE(MAX(MAX(LENGTH(path), LENGTH(COALESCE(error_message, '')), LENGTH(identity_json))), 0) AS n FROM sessions",
    );
    return Math.max(Number(audit['n']), Number(sessions['n']));
  });
}

/** Sends `count` requests over `concurrency` keep-alive connections; resolves with how many got each status. */
async function flood(
  g: Gate,
  count: number,
  concurrency: number,
  target: (i: number) => { path: string; headers?: Record<string, string> },
): Promise<Map<number, number>> {
  const url = new URL(g.url);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const { path, headers } = target(next++);
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: url.hostname, port: url.port, path, agent, headers }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return statuses;
}

/** A 429 with Retry-After in whole seconds and the gateway's error body (its code is the lead's to name). */
function assertRateLimited(response: { status: number; text: string; headers: Headers }): void {
  assert.equal(response.status, 429, response.text.slice(0, 300));
  assert.match(response.headers.get('retry-after') ?? '', /^[1-9][0-9]*$/, 'Retry-After in seconds');
  const body = JSON.parse(response.text) as { error?: { code?: unknown; message?: unknown; requestId?: unknown } };
  assert.ok(typeof body.error?.code === 'string' && body.error.code !== '', 'an error code');
  assert.equal(typeof body.error?.message, 'string');
  assert.equal(typeof body.error?.requestId, 'string');
}

/** Calls as `user` until refused with 429 (at most `budget` + 1 calls); fails if never refused. */
async function spend(g: Gate, user: string, budget: number): Promise<void> {
  for (let i = 0; i <= budget; i++) {
    const response = await call(g, '/proxy/model/v1/models', { user });
    await response.arrayBuffer();
    if (response.status === 429) return;
    assert.equal(response.status, 200, `request ${i + 1}`);
  }
  assert.fail(`${user} was never limited after ${budget + 1} requests`);
}

function only(statuses: Map<number, number>, expected: readonly number[]): void {
  const unexpected = [...statuses.keys()].filter((status) => !expected.includes(status));
  assert.deepEqual(unexpected, [], `unexpected statuses: ${JSON.stringify([...statuses])}`);
}

describe('security 8: nobody can fill the store', function () {
  this.timeout(120_000);

  describe('recorded fields are capped', () => {
    const gate = useGate();

    it('a 64 KB path is refused without a 5xx and recorded truncated, if at all', async () => {
      const g = await gate();
      const before = await storeSize(g);
      const response = await send(g, { method: 'GET', target: `/proxy/model/${'a'.repeat(64 * 1024)}` });
      assert.ok(response.status >= 400 && response.status < 500, `HTTP ${response.status}`);
      const after = await storeSize(g);
      assert.ok(after.auditRows - before.auditRows <= 1, `${after.auditRows - before.auditRows} audit rows for one request`);
      assert.ok((await largestFieldSince(g, before)) <= FIELD_CAP, 'a recorded field is larger than the cap');
    });

    it('a 15 KB path without a token is recorded truncated', async () => {
      const g = await gate();
      const before = await storeSize(g);
      assertError(await send(g, { method: 'GET', target: `/proxy/model/v1/models/${'b'.repeat(15 * 1024)}` }), 401, 'invalid_token');
      const largest = await largestFieldSince(g, before);
      assert.ok(largest <= FIELD_CAP, `a recorded field holds ${largest} characters`);
    });

    it('a 15 KB path with a forged token is recorded truncated', async () => {
      const g = await gate();
      const before = await storeSize(g);
      const response = await send(g, {
        method: 'GET',
        target: `/proxy/autogen/api/${'c'.repeat(15 * 1024)}`,
        headers: { Authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln' },
      });
      assertError(response, 401, 'invalid_token');
      const largest = await largestFieldSince(g, before);
      assert.ok(largest <= FIELD_CAP, `a recorded field holds ${largest} characters`);
    });

    it("a 15 KB path of an authenticated caller's request is recorded truncated", async () => {
      const g = await gate();
      const before = await storeSize(g);
      const response = await send(g, { method: 'GET', target: `/proxy/autogen/api/runs/${'7'.repeat(15 * 1024)}`, user: 'ana' });
      assert.ok(response.status < 500, `HTTP ${response.status}: ${response.text.slice(0, 200)}`);
      const largest = await largestFieldSince(g, before);
      assert.ok(largest <= FIELD_CAP, `a recorded field holds ${largest} characters`);
    });

    it('a 100 KB model name is recorded truncated', async () => {
      const g = await gate();
      const before = await storeSize(g);
      const response = await call(g, '/proxy/model/v1/chat/completions', {
        user: 'ana',
        body: { model: `demo-${'m'.repeat(100 * 1024)}`, messages: [{ role: 'user', content: 'oi' }] },
      });
      await response.arrayBuffer();
      const largest = await largestFieldSince(g, before);
      assert.ok(largest <= FIELD_CAP, `a recorded field holds ${largest} characters`);
    });
  });

  describe('repeated refusals from one client are aggregated', () => {
    const gate = useGate();

    it('10,000 requests without a token do not write 10,000 audit entries', async () => {
      const g = await gate();
      const before = await storeSize(g);
      const statuses = await flood(g, 10_000, 32, (i) => ({ path: `/proxy/model/v1/models?i=${i}` }));
      only(statuses, [401, 429]);
      const after = await storeSize(g);
      const grown = after.auditRows - before.auditRows;
      assert.ok(grown <= 50, `${grown} audit entries for 10,000 refusals`);
    });

    it('2,000 requests with forged tokens on different paths do not write 2,000 audit entries', async () => {
      const g = await gate();
      const before = await storeSize(g);
      const statuses = await flood(g, 2_000, 16, (i) => ({
        path: `/proxy/autogen/api/sessions/${i}`,
        headers: { authorization: `Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4${i}In0.c2ln` },
      }));
      only(statuses, [401, 429]);
      const grown = (await storeSize(g)).auditRows - before.auditRows;
      assert.ok(grown <= 50, `${grown} audit entries for 2,000 refusals`);
    });

    it('1,000 WebSocket upgrades without a token do not write 1,000 audit entries', async () => {
      const g = await gate();
      const before = await storeSize(g);
      const ws = g.url.replace(/^http/, 'ws');
      for (let batch = 0; batch < 20; batch++) {
        await Promise.all(
          Array.from(
            { length: 50 },
            (_, i) =>
              new Promise<void>((resolve) => {
                const socket = new WebSocket(`${ws}/proxy/autogen/api/ws/runs/${batch * 50 + i}`);
                socket.on('unexpected-response', (_request, response) => {
                  response.resume();
                  socket.terminate();
                  resolve();
                });
                socket.on('error', () => resolve());
                socket.on('open', () => (socket.terminate(), resolve()));
              }),
          ),
        );
      }
      const grown = (await storeSize(g)).auditRows - before.auditRows;
      assert.ok(grown <= 50, `${grown} audit entries for 1,000 refused upgrades`);
    });
  });

  describe('rate limits per identity', () => {
    const gate = useGate((capture) =>
      securityPolicy(capture, { extra: 'limits:\n  perIdentity: { requests: 5, per: 1m }\n  perClient: { requests: 10000, per: 1m }\n' }),
    );

    it("answers 429 with Retry-After once a caller's budget is spent, and forwards nothing more", async () => {
      const g = await gate();
      await spend(g, 'ana', 5);
      const mark = g.capture.mark();
      assertRateLimited(await read(await call(g, '/proxy/model/v1/models', { user: 'ana' })));
      assert.equal(g.capture.since(mark).length, 0, 'a limited request reached the upstream');
    });

    it('another caller still has their own budget', async () => {
      const g = await gate();
      await spend(g, 'ana', 5);
      assert.equal((await call(g, '/proxy/model/v1/models', { user: 'bruno' })).status, 200);
    });

    it('the limit covers the run API and the Studio WebSocket too', async () => {
      const g = await gate();
      await spend(g, 'ana', 5);
      const run = await call(g, '/api/v1/generators/http-report/runs', { user: 'ana', body: { input: { note: 'oi' } } });
      assert.equal(run.status, 429);
      const ws = `${g.url.replace(/^http/, 'ws')}/proxy/autogen/api/ws/runs/1?token=${encodeURIComponent(await g.token('ana'))}`;
      const status = await new Promise<number>((resolve) => {
        const socket = new WebSocket(ws);
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.on('open', () => (socket.terminate(), resolve(101)));
        socket.on('error', () => resolve(0));
      });
      assert.equal(status, 429);
    });
  });

  describe('rate limits per client', () => {
    const gate = useGate((capture) =>
      securityPolicy(capture, { extra: 'limits:\n  perIdentity: { requests: 10000, per: 1m }\n  perClient: { requests: 5, per: 1m }\n' }),
    );

    it('answers 429 with Retry-After to a client that spends its budget across identities and none', async () => {
      const g = await gate();
      const statuses: number[] = [];
      for (const user of ['ana', 'bruno', undefined, 'ana', undefined]) {
        statuses.push((await call(g, '/proxy/model/v1/models', user === undefined ? {} : { user })).status);
      }
      assert.deepEqual(statuses, [200, 200, 401, 200, 401]);
      assertRateLimited(await read(await call(g, '/proxy/model/v1/models', { user: 'bruno' })));
      assert.equal((await call(g, '/proxy/model/v1/models')).status, 429, 'unauthenticated requests are limited too');
    });
  });
});
