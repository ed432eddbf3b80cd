/**
 * The gateway core end to end on loopback: the real dev IdP, the demo AutoGen runtime, the
 * gateway and its SQLite file: identity, policy, runs, the raw pass-through and operations.
 */
import { strict as assert } from 'node:assert';
import { PassThrough } from 'node:stream';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { main } from '../../gateway/cli/main.js';
import type { RunView, SessionDetailView, GeneratorList, ErrorResponse, SessionPageView } from '../../gateway/api/wire.js';
import { useHarness, type Harness } from '../support/gatewayHarness.js';
import { deadPort, startTestUpstream, type TestUpstream } from '../support/httpUpstream.js';
import { makeTempDir, removeDir } from '../support/tempDir.js';
import { sqliteFileOf } from '../support/storeFile.js';

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

async function auditTypes(harness: Harness): Promise<Array<{ type: string; data: Record<string, unknown> }>> {
  return (await harness.gateway.parts.store.readAudit(0, 10_000)).map((entry) => ({ type: entry.type, data: entry.data }));
}

const runBody = (input: Record<string, unknown>): string => JSON.stringify({ input });

describe('gateway core, end to end', function () {
  this.timeout(60_000);

  const harness = useHarness();

  describe('identity', () => {
    it('refuses a request without a token with 401 and a Bearer challenge, and records why', async () => {
      const response = await harness().call('/api/v1/generators');
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="autogen-gate"');
      const body = await json<ErrorResponse>(response);
      assert.equal(body.error.code, 'invalid_token');
      const rejection = (await auditTypes(harness())).filter((entry) => entry.type === 'auth.rejected').pop();
      assert.equal(rejection?.data['reason'], 'missing_token');
      assert.equal(rejection?.data['requestId'], body.error.requestId);
    });

    const expectations: ReadonlyArray<[keyof Awaited<ReturnType<Harness['idp']['badTokens']>>, string]> = [
      ['expired', 'token_expired'],
      ['notYetValid', 'token_not_yet_valid'],
      ['wrongAudience', 'wrong_audience'],
      ['wrongIssuer', 'unknown_issuer'],
      ['tampered', 'bad_signature'],
      ['algNone', 'alg_not_allowed'],
      ['hs256WithPublicKey', 'alg_not_allowed'],
      ['unknownKey', 'unknown_key'],
    ];
    for (const [kind, reason] of expectations) {
      it(`refuses a ${kind} token with 401, and the reason is only in the audit log`, async () => {
        const token = (await harness().idp.badTokens('ana'))[kind];
        const response = await harness().call('/api/v1/generators', { headers: { authorization: `Bearer ${token}` } });
        assert.equal(response.status, 401);
        assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer realm="autogen-gate", error="invalid_token"/);
        const text = await response.text();
        assert.ok(!text.includes(reason), `the response leaks the reason: ${text}`);
        const rejection = (await auditTypes(harness())).filter((entry) => entry.type === 'auth.rejected').pop();
        assert.equal(rejection?.data['reason'], reason);
      });
    }

    it('answers /me with the verified identity and its groups', async () => {
      const me = await json<{ subject: string; groups: string[]; name: string }>(await harness().call('/api/v1/me', { user: 'bruno' }));
      assert.equal(me.subject, 'bruno');
      assert.deepEqual(me.groups, ['developers', 'data-engineers']);
      assert.equal(me.name, 'Bruno Lima');
    });
  });

  describe('generators and runs', () => {
    it('lists only the generators the caller may run, with approval needs', async () => {
      const ana = await json<GeneratorList>(await harness().call('/api/v1/generators', { user: 'ana' }));
      assert.deepEqual(
        ana.generators.map((g) => g.name),
        ['config-template'],
      );
      const bruno = await json<GeneratorList>(await harness().call('/api/v1/generators', { user: 'bruno' }));
      const report = bruno.generators.find((g) => g.name === 'customer-report');
      assert.equal(report?.requiresApproval, true);
      assert.equal(report?.personalData, true);
      assert.deepEqual(report?.approvers, ['privacy-office']);
      assert.equal(report?.output, 'markdown');
    });

    it('runs config-template for ana and records the session with identity, rule and policy version', async () => {
      const before = harness().runtime.stats.runsStarted;
      const response = await harness().call('/api/v1/generators/config-template/runs', {
        user: 'ana',
        method: 'POST',
        body: runBody({ service: 'billing' }),
      });
      assert.equal(response.status, 200);
      const run = await json<RunView>(response);
      assert.equal(run.status, 'succeeded');
      assert.equal(response.headers.get('location'), `/api/v1/runs/${run.runId}`);
      assert.match(run.result?.text ?? '', /name: billing/);
      assert.equal(run.result?.format, 'yaml');
      assert.equal(harness().runtime.stats.runsStarted, before + 1);

      const session = await json<SessionDetailView>(await harness().call(`/api/v1/sessions/${run.runId}`, { user: 'ana' }));
      assert.equal(session.principal.subject, 'ana');
      assert.equal(session.ruleId, 'developers-config-template');
      assert.equal(session.decision, 'allow');
      assert.equal(session.policyVersion, harness().gateway.config.source.version);
      assert.deepEqual(session.request?.body, { service: 'billing', environment: 'staging' });
      assert.ok(session.forwardedAt !== undefined && session.completedAt !== undefined);
      assert.ok((session.upstreamMs ?? 0) > 0);

      const again = await json<RunView>(await harness().call(`/api/v1/runs/${run.runId}`, { user: 'ana' }));
      assert.equal(again.result?.text, run.result?.text);
      assert.equal((await harness().call(`/api/v1/runs/${run.runId}`, { user: 'bruno' })).status, 404, 'another user cannot read it');
      assert.equal((await harness().call(`/api/v1/runs/${run.runId}`, { user: 'carla' })).status, 200, 'an auditor can');
    });

    it('refuses customer-report for ana with 403 naming the rule, and records the denial without calling the runtime', async () => {
      const before = harness().runtime.stats.total;
      const response = await harness().call('/api/v1/generators/customer-report/runs', {
        user: 'ana',
        method: 'POST',
        body: runBody({ month: 'maio' }),
      });
      assert.equal(response.status, 403);
      const body = await json<ErrorResponse>(response);
      assert.equal(body.error.code, 'denied_by_policy');
      assert.equal(body.error.ruleId, 'customer-report-data-engineers-only');
      assert.equal(harness().runtime.stats.total, before);
      const page = await json<SessionPageView>(await harness().call('/api/v1/sessions?decision=deny', { user: 'ana' }));
      const denied = page.sessions.find((session) => session.generator === 'customer-report');
      assert.equal(denied?.ruleId, 'customer-report-data-engineers-only');
      assert.equal(denied?.status, 'denied');
      assert.equal(denied?.httpStatus, 403);
    });

    it("rejects input that does not fit the generator's schema with 400", async () => {
      const response = await harness().call('/api/v1/generators/config-template/runs', {
        user: 'ana',
        method: 'POST',
        body: runBody({ service: 'x', environment: 'moon' }),
      });
      assert.equal(response.status, 400);
      assert.equal(
        (await json<ErrorResponse>(response)).error.message,
        'input.environment must be one of "development", "staging", "production".',
      );
      const unknown = await harness().call('/api/v1/generators/customer-report/runs', {
        user: 'bruno',
        method: 'POST',
        body: runBody({ month: 'maio', colour: 'blue' }),
      });
      assert.equal(unknown.status, 400);
      assert.equal(
        (await json<ErrorResponse>(unknown)).error.message,
        'input.colour is not allowed (generator customer-report takes: month: string).',
      );
      const broken = await harness().call('/api/v1/generators/config-template/runs', { user: 'ana', method: 'POST', body: '{"input": ' });
      assert.equal(broken.status, 400);
      assert.equal((await json<ErrorResponse>(broken)).error.code, 'bad_request');
      assert.equal((await harness().call('/api/v1/generators/nope/runs', { user: 'ana', method: 'POST', body: runBody({}) })).status, 404);
    });

    it('refuses with 503 and forwards nothing while the store cannot write', async () => {
      const other = new sqlite3.Database(sqliteFileOf(harness().gateway.config.store));
      await new Promise<void>((resolve, reject) => other.exec('BEGIN EXCLUSIVE', (error) => (error ? reject(error) : resolve())));
      const before = harness().runtime.stats.total;
      try {
        const response = await harness().call('/api/v1/generators/config-template/runs', {
          user: 'ana',
          method: 'POST',
          body: runBody({ service: 'billing' }),
        });
        assert.equal(response.status, 503);
        assert.equal((await json<ErrorResponse>(response)).error.code, 'store_unavailable');
        const proxied = await harness().call('/proxy/autogen/api/version', { user: 'ana' });
        assert.equal(proxied.status, 503);
        assert.equal(harness().runtime.stats.total, before, 'nothing reached the upstream');
        assert.equal((await harness().call('/readyz')).status, 503);
      } finally {
        await new Promise<void>((resolve) => other.exec('ROLLBACK', () => other.close(() => resolve())));
      }
      // Prefer: wait, so a run slowed by a loaded machine is still answered finished rather than 202.
      const after = await harness().call('/api/v1/generators/config-template/runs', {
        user: 'ana',
        method: 'POST',
        headers: { prefer: 'wait=60' },
        body: runBody({ service: 'billing' }),
      });
      assert.equal(after.status, 200, await after.clone().text());
      assert.equal((await json<RunView>(after)).status, 'succeeded');
    });
    it('is ready only after committing a heartbeat to the store file, seen from another connection', async () => {
      const heartbeat = async (): Promise<string | undefined> => {
        const other = new sqlite3.Database(sqliteFileOf(harness().gateway.config.store), sqlite3.OPEN_READONLY);
        try {
          return await new Promise((resolve, reject) =>
            other.get(
              'SELECT heartbeat_at FROM replicas WHERE id = ?',
              [harness().gateway.parts.store.replica.id],
              (error: Error | null, row: { heartbeat_at: string } | undefined) => (error ? reject(error) : resolve(row?.heartbeat_at)),
            ),
          );
        } finally {
          await new Promise<void>((resolve) => other.close(() => resolve()));
        }
      };
      const before = await heartbeat();
      assert.ok(before, 'the gateway registered itself at start');
      await new Promise((resolve) => setTimeout(resolve, 5));
      assert.equal((await harness().call('/readyz')).status, 200);
      const after = await heartbeat();
      assert.ok(after !== undefined && after > before, `readiness committed a newer heartbeat (${before} → ${after})`);
    });
  });

  describe('raw pass-through', () => {
    it('forwards an AutoGen Studio API call for a developer and records it', async () => {
      const response = await harness().call('/proxy/autogen/api/version', { user: 'ana' });
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { status: true, message: 'Version retrieved successfully', data: { version: 'demo-0.4' } });
      const page = await json<SessionPageView>(await harness().call('/api/v1/sessions?kind=proxy', { user: 'ana' }));
      assert.equal(page.sessions[0]?.path, '/proxy/autogen/api/version');
      assert.equal(page.sessions[0]?.status, 'succeeded');
      assert.equal(page.sessions[0]?.ruleId, 'developers-raw-autogen');
    });

    it('denies the pass-through to someone no rule allows', async () => {
      const response = await harness().call('/proxy/autogen/api/version', { user: 'carla' });
      assert.equal(response.status, 403);
      assert.equal((await json<ErrorResponse>(response)).error.ruleId, 'default-deny');
      assert.equal((await harness().call('/proxy/nowhere/x', { user: 'ana' })).status, 404);
    });
  });

  describe('operations', () => {
    it('answers health, readiness and metrics', async () => {
      assert.deepEqual(await (await harness().call('/healthz')).json(), { status: 'ok' });
      const ready = await harness().call('/readyz');
      const body = (await ready.json()) as { status: string; checks: Array<{ name: string; ok: boolean }> };
      assert.equal(ready.status, 200, JSON.stringify(body));
      assert.deepEqual(body.checks.map((check) => check.name).sort(), ['issuer:dev', 'store', 'upstream:autogen', 'upstream:model']);
      const metrics = await (await harness().call('/metrics')).text();
      assert.match(metrics, /autogen_gate_requests_total\{route="runs",decision="allow",status="200"\} [1-9]/);
      assert.match(metrics, /autogen_gate_auth_rejections_total\{reason="token_expired"\} 1/);
    });
  });
});

describe('gateway core against failing upstreams', function () {
  this.timeout(60_000);
  let slow: TestUpstream;
  let echo: TestUpstream;
  let dead: number;

  before(async () => {
    slow = await startTestUpstream(async (_request, response) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"text":"late"}');
    });
    echo = await startTestUpstream((request, response) => {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ text: 'ok', sawAuthorization: request.headers.authorization !== undefined }));
    });
    dead = await deadPort();
  });
  const harness = useHarness(() => ({
    policy: `version: 1
server: { port: 0, shutdownGrace: 5s }
identity:
  issuers: [{ id: dev, issuer: '{{issuer}}', audience: autogen-gate }]
upstreams:
  down: { type: http, url: 'http://127.0.0.1:${dead}' }
  slow: { type: http, url: '${slow.url}', timeout: 500ms }
  patient: { type: http, url: '${slow.url}', timeout: 10s }
  echo: { type: http, url: '${echo.url}' }
generators:
  down-gen: { upstream: down, output: plaintext }
  slow-gen: { upstream: slow, output: plaintext }
  patient-gen: { upstream: patient, output: plaintext }
  echo-gen: { upstream: echo, output: plaintext }
rules:
  - { id: devs, generators: ['*'], upstreams: ['*'], when: { groups: [developers] }, decision: allow }
`,
  }));
  after(async () => {
    await slow.close();
    await echo.close();
  });

  it('answers 502 when the upstream is down, and records the failure', async () => {
    const response = await harness().call('/api/v1/generators/down-gen/runs', { user: 'ana', method: 'POST', body: runBody({}) });
    assert.equal(response.status, 502);
    const body = await json<ErrorResponse>(response);
    assert.equal(body.error.code, 'upstream_unreachable');
    const run = await json<RunView>(await harness().call(`/api/v1/runs/${String(body.error['runId'])}`, { user: 'ana' }));
    assert.equal(run.status, 'failed');
    assert.equal(run.error?.code, 'upstream_unreachable');
    assert.equal((await harness().call('/proxy/down/anything', { user: 'ana' })).status, 502);
  });

  it('answers 504 when the upstream is too slow', async () => {
    const response = await harness().call('/api/v1/generators/slow-gen/runs', { user: 'ana', method: 'POST', body: runBody({}) });
    assert.equal(response.status, 504);
    assert.equal((await json<ErrorResponse>(response)).error.code, 'upstream_timeout');
    const proxied = await harness().call('/proxy/slow/x', { user: 'ana' });
    assert.equal(proxied.status, 504);
  });

  it("never forwards the caller's token to the upstream", async () => {
    const response = await harness().call('/proxy/echo/check', { user: 'ana' });
    assert.deepEqual(await response.json(), { text: 'ok', sawAuthorization: false });
    const received = echo.received[echo.received.length - 1];
    assert.equal(received?.headers['x-request-id'], response.headers.get('x-request-id'));
  });

  it('finishes a request in flight when it shuts down', async () => {
    const inFlight = harness().call('/api/v1/generators/patient-gen/runs', { user: 'ana', method: 'POST', body: runBody({}) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const closing = harness().gateway.close();
    const response = await inFlight;
    assert.equal(response.status, 200);
    assert.equal((await json<RunView>(response)).result?.text, 'late');
    await closing;
    await harness().restartGateway();
  });
});

describe('gateway start-up with an invalid policy', () => {
  it('does not start and says which key is wrong', async () => {
    const dir = makeTempDir();
    try {
      const file = join(dir, 'autogen-gate.yaml');
      writeFileSync(file, 'version: 1\nidentity:\n  issuers: []\nupstreams: {}\nrules: []\nservr: {}\n');
      const stderr = new PassThrough();
      const stdout = new PassThrough();
      let errors = '';
      stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      const code = await main(['serve', '--config', file], { stdin: new PassThrough(), stdout, stderr, env: {}, cwd: dir });
      assert.equal(code, 1);
      assert.match(errors, /the gateway did not start/);
      assert.match(errors, /servr.*did you mean "server"/);
      assert.match(errors, /identity\.issuers: must NOT have fewer than 1 items/);
    } finally {
      removeDir(dir);
    }
  });
});
