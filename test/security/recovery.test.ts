/**
 * Principle 9, recover honestly: sessions in flight when the gateway is killed read
 * `interrupted` after the restart (and the chain says so); `/readyz` fails when the store cannot
 * really write (a full disk); what the client says about proxies and hops (X-Forwarded-*,
 * Forwarded, Connection-listed and hop-by-hop headers) and its credentials never reach the
 * upstream; the CLI does not send a token over plain HTTP to a gateway off loopback unless told
 * `--insecure`.
 */
import { strict as assert } from 'node:assert';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { bodyText, headerValues, startCaptureUpstream, type CaptureUpstream, type CapturedRequest } from '../support/captureUpstream.js';
import { createStudioRun, openRunSocket } from '../support/studioClient.js';
import { sendBytes, useGate } from './support/gate.js';
import { useGatewayProcesses } from './support/gatewayProcess.js';
import { withStoreFile } from './support/storeFile.js';

/** Headers that describe the client's hop or credentials: none may reach an upstream. */
const CLIENT_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['X-Forwarded-For', '203.0.113.7'],
  ['X-Forwarded-Host', 'evil.example'],
  ['X-Forwarded-Proto', 'https'],
  ['X-Forwarded-Port', '443'],
  ['X-Real-IP', '203.0.113.7'],
  ['Forwarded', 'for=203.0.113.7;host=evil.example;proto=https'],
  ['Connection', 'close, X-Hop-Secret'],
  ['X-Hop-Secret', 'listed in Connection'],
  ['Keep-Alive', 'timeout=5'],
  ['TE', 'trailers'],
  ['Trailer', 'X-Late'],
  ['Upgrade', 'h2c'],
  ['Proxy-Authorization', 'Basic cHJveHk6c2VjcmV0'],
  ['Proxy-Connection', 'keep-alive'],
  ['Proxy-Secret', 'proxy only'],
  ['Cookie', 'session=ana-cookie'],
];
const FORBIDDEN = [...CLIENT_HEADERS.map(([name]) => name.toLowerCase()), 'authorization'];
/** Node's HTTP client throws on a Trailer header without chunking: this one is tested on a gateway process of its own. */
const IN_PROCESS_HEADERS = CLIENT_HEADERS.filter(([name]) => name !== 'Trailer');

/** The gateway's own hop headers: keep-alive on any request, the WebSocket handshake on its upgrade. */
function ownHopHeader(request: CapturedRequest, name: string, value: string): boolean {
  if (name === 'connection' && /^(keep-alive|close)$/i.test(value.trim())) return true;
  return (
    request.method === 'UPGRADE' &&
    ((name === 'connection' && /^upgrade$/i.test(value)) || (name === 'upgrade' && /^websocket$/i.test(value)))
  );
}

/** Client hop or credential headers (or their values under another name) that reached the upstream. */
function leakedHeaders(request: CapturedRequest, token: string): string[] {
  const leaked: string[] = [];
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = (request.rawHeaders[i] ?? '').toLowerCase();
    const value = request.rawHeaders[i + 1] ?? '';
    const carriesClientValue = [token, 'ana-cookie', '203.0.113.7', 'evil.example', 'X-Hop-Secret'].some((secret) =>
      value.includes(secret),
    );
    if ((FORBIDDEN.includes(name) && !ownHopHeader(request, name, value)) || carriesClientValue) leaked.push(`${name}: ${value}`);
  }
  return leaked;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Fills the disk a file sits on until it refuses another byte. */
function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  try {
    for (const size of [1024 * 1024, 4096, 1]) {
      const block = Buffer.alloc(size, 1);
      for (;;) {
        try {
          writeSync(fd, block);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

function nonLoopbackAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (!address.internal && address.family === 'IPv4') return address.address;
  }
  throw new Error('this machine has no non-loopback IPv4 address to stand for a remote gateway');
}

describe('security 9: recover honestly', function () {
  this.timeout(90_000);

  describe("the client's hop and credential headers never reach an upstream", () => {
    const gate = useGate();
    const routes = [
      ['the model API', 'POST', '/proxy/model/v1/chat/completions', '/v1/chat/completions'],
      ['Studio REST', 'GET', '/proxy/autogen/api/version', '/api/version'],
      ['an HTTP upstream', 'GET', '/proxy/generator/page', '/page'],
      ['a pass-through upstream', 'GET', '/proxy/blobs/file', '/file'],
    ] as const;
    for (const [label, method, target, upstreamPath] of routes) {
      it(label, async () => {
        const g = await gate();
        const token = await g.token('ana');
        const mark = g.capture.mark();
        const body = method === 'POST' ? JSON.stringify({ model: 'demo-echo', messages: [{ role: 'user', content: 'oi' }] }) : '';
        // Written by hand: node:http refuses to send some of these (Trailer without chunking).
        const head = [
          `${method} ${target} HTTP/1.1`,
          `Host: ${new URL(g.url).host}`,
          ...IN_PROCESS_HEADERS.map(([name, value]) => `${name}: ${value}`),
          `Authorization: Bearer ${token}`,
          'Content-Type: application/json',
          `Content-Length: ${Buffer.byteLength(body)}`,
        ];
        const answer = await sendBytes(g, `${head.join('\r\n')}\r\n\r\n${body}`, 3000);
        assert.match(answer, /^HTTP\/1\.1 [1-4]\d\d /, answer.slice(0, 200));
        const [forwarded] = g.capture.since(mark).filter((request) => request.path === upstreamPath);
        assert.ok(forwarded, 'the request reached the upstream');
        assert.deepEqual(leakedHeaders(forwarded, token), []);
      });
    }

    it('the run WebSocket', async () => {
      const g = await gate();
      const token = await g.token('ana');
      const run = await createStudioRun(`${g.url}/proxy/autogen`, token);
      const mark = g.capture.mark();
      const headers = Object.fromEntries(
        IN_PROCESS_HEADERS.filter(([name]) => !/^(connection|upgrade)$/i.test(name)).map(([name, value]) => [name, value]),
      );
      const stream = await openRunSocket(`${g.url.replace(/^http/, 'ws')}/proxy/autogen/api/ws/runs/${run.runId}`, {
        ...headers,
        authorization: `Bearer ${token}`,
      });
      await stream.waitFor((frame) => frame['type'] === 'system');
      stream.socket.terminate();
      const upgrades = g.capture.since(mark).filter((request) => request.method === 'UPGRADE');
      assert.equal(upgrades.length, 1);
      assert.deepEqual(leakedHeaders(upgrades[0] as CapturedRequest, token), []);
    });
  });

  describe('a gateway process and the hop headers a client sends', () => {
    const bench = useGatewayProcesses();

    it('survives each of them, answers, and forwards none', async () => {
      const { capture, idp } = bench();
      const gateway = await bench().spawn();
      const token = await idp.token('ana');
      const url = new URL(gateway.url);
      const leaks: string[] = [];
      for (const [name, value] of CLIENT_HEADERS) {
        const mark = capture.mark();
        const close = name === 'Connection' ? '' : 'Connection: close\r\n';
        const request = `GET /proxy/autogen/api/version HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\n${close}${name}: ${value}\r\n\r\n`;
        const answer = await sendBytes(gateway, request, 3000);
        assert.match(answer, /^HTTP\/1\.1 [1-4]\d\d /, `no answer to a request with ${name}`);
        const health: number | string = await fetch(`${gateway.url}/healthz`).then(
          (response) => response.status,
          (error: Error) => `down (${error.message})`,
        );
        assert.equal(health, 200, `the gateway went down after a request with ${name}`);
        for (const forwarded of capture.since(mark)) leaks.push(...leakedHeaders(forwarded, token));
      }
      assert.deepEqual(leaks, [], 'hop headers reached the upstream');
    });
  });

  describe('a gateway killed in the middle of requests', () => {
    const bench = useGatewayProcesses();

    it('reads its in-flight sessions as interrupted after a restart, and audits it', async () => {
      const { capture, idp } = bench();
      const first = await bench().spawn({ policy: { upstreamTimeout: '60s' } });
      const token = await idp.token('ana');
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      capture.onRequest((request) => (bodyText(request).includes('hang-here') ? { hang: true } : undefined));
      capture.onRunSocket(() => true);
      const inFlight = [
        fetch(`${first.url}/proxy/model/v1/chat/completions`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ model: 'demo-echo', messages: [{ role: 'user', content: 'hang-here' }] }),
        }),
        fetch(`${first.url}/api/v1/generators/http-report/runs`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ input: { note: 'hang-here' } }),
        }),
      ].map((pending) => pending.catch(() => undefined));
      const run = await createStudioRun(`${first.url}/proxy/autogen`, token);
      const stream = await openRunSocket(
        `${first.url.replace(/^http/, 'ws')}/proxy/autogen/api/ws/runs/${run.runId}?token=${encodeURIComponent(token)}`,
      );
      stream.socket.send(
        JSON.stringify({ type: 'start', task: 'oi', team_config: { provider: 'autogen_agentchat.teams.RoundRobinGroupChat', config: {} } }),
      );
      stream.socket.on('error', () => undefined);
      const store = join(first.dataDir, 'gate.db');
      const running = await until('three sessions in flight', () =>
        withStoreFile(store, async (file) => {
          const rows = await file.all("SELECT id FROM sessions WHERE status = 'running'");
          return rows.length >= 3 ? rows.map((row) => String(row['id'])) : undefined;
        }),
      );

      assert.equal(await first.kill('SIGKILL'), 'SIGKILL');
      await Promise.all(inFlight);
      const beforeRestart = await withStoreFile(store, async (file) =>
        Number((await file.one('SELECT MAX(seq) AS seq FROM audit_log'))['seq']),
      );
      const restarted = await bench().spawn({ policy: { upstreamTimeout: '60s' } });

      await withStoreFile(store, async (file) => {
        for (const id of running) {
          const session = await file.one('SELECT status FROM sessions WHERE id = ?', [id]);
          assert.equal(session['status'], 'interrupted', `session ${id}`);
          const entries = await file.all('SELECT type, data_json FROM audit_log WHERE session_id = ? AND seq > ?', [id, beforeRestart]);
          assert.ok(
            entries.some((entry) => `${String(entry['type'])} ${String(entry['data_json'])}`.includes('interrupted')),
            `no audit entry says session ${id} was interrupted: ${JSON.stringify(entries)}`,
          );
        }
      });
      const detail = await fetch(`${restarted.url}/api/v1/sessions/${running[0] ?? ''}`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(((await detail.json()) as { status?: string }).status, 'interrupted');
    });
  });

  describe('a full disk', () => {
    const bench = useGatewayProcesses();

    it('makes /readyz fail, and requests fail closed, until there is room again', async () => {
      const { capture, idp } = bench();
      // A reserve of 1 MiB on a 16 MiB disk: ready at start, refused once the filler takes the rest.
      const gateway = await bench().spawn({ diskBytes: 16 * 1024 * 1024, policy: { sqlite: '    minFreeBytes: 1048576' } });
      const token = await idp.token('ana');
      assert.equal((await fetch(`${gateway.url}/readyz`)).status, 200, 'ready before the disk fills');
      const filler = gateway.inDataDir('filler');
      fillDisk(filler);
      const ready = await fetch(`${gateway.url}/readyz`);
      const readiness = (await ready.json()) as { checks?: Array<{ name: string; ok: boolean }> };
      assert.equal(ready.status, 503, `ready on a full disk: ${JSON.stringify(readiness)}`);
      assert.equal(readiness.checks?.find((check) => check.name === 'store')?.ok, false);
      const mark = capture.mark();
      const refused = await fetch(`${gateway.url}/proxy/model/v1/models`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(refused.status, 503, 'a request the gateway cannot record is refused');
      assert.equal(capture.since(mark).length, 0, 'an unrecorded request reached the upstream');
      rmSync(filler);
      assert.equal((await fetch(`${gateway.url}/readyz`)).status, 200, 'ready again once there is room');
    });
  });

  describe('the CLI and plain HTTP', () => {
    let remote: CaptureUpstream;
    let local: CaptureUpstream;
    before(async () => {
      remote = await startCaptureUpstream({ host: nonLoopbackAddress() });
      local = await startCaptureUpstream();
    });
    after(async () => {
      await remote?.close();
      await local?.close();
    });

    const run = (gatewayUrl: string | undefined, extra: readonly string[] = []) =>
      runCli(
        ['run', 'http-report', ...(gatewayUrl === undefined ? [] : ['--gateway', gatewayUrl]), '--set', 'note=oi', '--wait', '0', ...extra],
        {
          env: { AUTOGEN_GATE_TOKEN: 'secret-token-value', ...(gatewayUrl === undefined ? { AUTOGEN_GATE_URL: remote.url } : {}) },
        },
      );

    it('refuses to send a token over plain HTTP to a gateway off loopback', async () => {
      const mark = remote.mark();
      const result = await run(remote.url);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /--insecure/);
      assert.equal(remote.since(mark).length, 0, 'a request (and the token) left for the remote gateway');
    });

    it('refuses the same when the gateway comes from AUTOGEN_GATE_URL', async () => {
      const mark = remote.mark();
      const result = await run(undefined);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /--insecure/);
      assert.equal(remote.since(mark).length, 0);
    });

    it('sends it when told --insecure', async () => {
      const mark = remote.mark();
      await run(remote.url, ['--insecure']);
      const sent = remote.since(mark);
      assert.ok(sent.length > 0, 'nothing was sent');
      assert.equal(headerValues(sent[0] as CapturedRequest, 'authorization')[0], 'Bearer secret-token-value');
    });

    it('sends it over plain HTTP to a gateway on loopback', async () => {
      const mark = local.mark();
      await run(local.url);
      assert.ok(local.since(mark).length > 0, 'nothing was sent');
    });
  });
});
