/**
 * Several gateway processes on one PostgreSQL, as a load balancer would spread clients over
 * them: real `autogen-gate serve` processes, real HTTP, the dev IdP and demo runtime in this
 * process. Runs held on one replica are approved through another and execute once; live events
 * reach a client on a third; one replica is SIGKILLed in the middle of the load. Afterwards every
 * acknowledged request is recorded exactly once, no run executed twice, nothing stays in flight
 * (what the dead replica held is closed as interrupted by a live one),
 * and `audit verify` passes. A replica started without `--dev` also serves next to one started
 * with it, on the same policy file.
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { RunView } from '../../gateway/api/wire.js';
import { startDemoRuntime, type DemoRuntime } from '../../gateway/dev/demoRuntime/server.js';
import { runCli } from '../support/cli.js';
import { startTestIdp, type TestIdp } from '../support/devIdp.js';
import { demoPolicyFor } from '../support/gatewayHarness.js';
import { startGatewayProcess, type GatewayProcess } from '../support/gatewayProcess.js';
import { deadPort, startTestUpstream, type TestUpstream } from '../support/httpUpstream.js';
import { freshPostgresUrl } from '../support/postgres.js';
import { PolicyBuilder } from '../support/policyBuilder.js';
import { makeTempDir, removeDir } from '../support/tempDir.js';

const PASSWORD_ENV = 'AUTOGEN_GATE_TEST_DB_PASSWORD';

/** The policy on a PostgreSQL store (password from the environment, never in the file). */
function onPostgres(policy: PolicyBuilder, databaseUrl: string): { text: string; password: string } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  policy.change(['store'], { postgres: { url: url.toString(), password: `env:${PASSWORD_ENV}`, poolSize: 6, replicaTimeout: '2s' } });
  return { text: policy.toString(), password };
}

async function call(base: string, path: string, token: string | undefined, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  return fetch(`${base}${path}`, { ...init, headers });
}

/** Polls until `condition` holds (replicas converge through the store, not in lockstep). */
async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The approval ids of the `approval.updated` events on an SSE stream that say an approval was granted. */
function heardApprovals(stream: string): string[] {
  return stream
    .split('\n\n')
    .filter((block) => block.includes('event: approval.updated\n'))
    .map((block) => JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? '{}') as { approvalId?: string; change?: string })
    .filter((data) => data.change === 'approved')
    .map((data) => data.approvalId ?? '');
}

async function database(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

describe('several gateway replicas on one PostgreSQL', function () {
  this.timeout(240_000);
  let dir: string;
  let idp: TestIdp;
  let runtime: DemoRuntime;
  let stall: TestUpstream;
  let databaseUrl: string;
  let policyPath: string;
  let env: NodeJS.ProcessEnv;
  const replicas: GatewayProcess[] = [];

  before(async () => {
    dir = makeTempDir();
    idp = await startTestIdp(join(dir, 'idp'));
    runtime = await startDemoRuntime();
    // Never answers: the request stays in flight on its replica until that replica dies.
    stall = await startTestUpstream(() => undefined);
    databaseUrl = await freshPostgresUrl();
    const policy = new PolicyBuilder(demoPolicyFor(idp.issuer, runtime.url))
      .upstream('stall', { type: 'http', url: stall.url, timeout: '120s' })
      .ruleFirst({ id: 'developers-stall', upstreams: ['stall'], when: { groups: ['developers'] }, decision: 'allow' });
    const { text, password } = onPostgres(policy, databaseUrl);
    policyPath = join(dir, 'autogen-gate.yaml');
    writeFileSync(policyPath, text);
    env = { [PASSWORD_ENV]: password };
    process.env[PASSWORD_ENV] = password;
    // One after the other: the first generates the keys every replica then shares (dataDir/keys).
    for (let i = 0; i < 3; i++) replicas.push(await startGatewayProcess({ policyPath, env }));
  });
  after(async () => {
    for (const replica of replicas) await replica.kill('SIGTERM');
    await runtime?.close();
    await stall?.close();
    await idp?.close();
    delete process.env[PASSWORD_ENV];
    if (dir) removeDir(dir);
  });

  it('spreads load over three replicas, survives one SIGKILLed, records each request once, runs nothing twice, verifies', async () => {
    const [a, b, c] = replicas as [GatewayProcess, GatewayProcess, GatewayProcess];
    const tokens = { ana: await idp.token('ana'), bruno: await idp.token('bruno'), carla: await idp.token('carla') };

    // A client of replica C hears what an approver on replica B decides.
    const stream = await call(c.url, '/api/v1/events', tokens.bruno, { headers: { accept: 'text/event-stream' } });
    assert.equal(stream.status, 200);
    const reader = stream.body?.getReader();
    let heard = '';
    const listening = (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) return;
        heard += decoder.decode(chunk.value, { stream: true });
      }
    })();

    // Replica A holds this request in flight (recorded, forwarded, unanswered) when it dies.
    const stalledId = 'replica-stalled-on-a';
    void call(a.url, '/proxy/stall/report', tokens.ana, { headers: { 'x-request-id': stalledId } }).catch(() => undefined);
    await until(() => stall.received.length === 1, 'the stalled request reached its upstream');

    const acknowledged = new Map<string, { replica: GatewayProcess; kind: 'run' | 'proxy' | 'held' }>();
    const held: Array<{ runId: string; approvalId: string; month: string; replica: GatewayProcess }> = [];
    let next = 0;
    const requestId = (): string => `replica-load-${next++}`;
    const isLive = (replica: GatewayProcess): boolean => replica.child.exitCode === null && replica.child.signalCode === null;

    const oneRun = async (replica: GatewayProcess): Promise<void> => {
      const id = requestId();
      const response = await call(replica.url, '/api/v1/generators/config-template/runs', tokens.ana, {
        method: 'POST',
        headers: { 'x-request-id': id },
        body: JSON.stringify({ input: { service: `svc-${id}` } }),
      }).catch(() => undefined);
      if (response?.status === 200) acknowledged.set(id, { replica, kind: 'run' });
      await response?.body?.cancel();
    };
    const oneProxy = async (replica: GatewayProcess): Promise<void> => {
      const id = requestId();
      const response = await call(replica.url, '/proxy/autogen/api/version', tokens.ana, { headers: { 'x-request-id': id } }).catch(
        () => undefined,
      );
      if (response?.status === 200) acknowledged.set(id, { replica, kind: 'proxy' });
      await response?.body?.cancel();
    };
    const oneHeld = async (replica: GatewayProcess, month: string): Promise<void> => {
      const id = requestId();
      const response = await call(replica.url, '/api/v1/generators/customer-report/runs', tokens.bruno, {
        method: 'POST',
        headers: { 'x-request-id': id },
        body: JSON.stringify({ input: { month } }),
      }).catch(() => undefined);
      if (response?.status !== 202) return void (await response?.body?.cancel());
      const run = (await response.json()) as RunView & { approvalId: string };
      acknowledged.set(id, { replica, kind: 'held' });
      held.push({ runId: run.runId, approvalId: run.approvalId, month, replica });
    };

    // Load: runs, raw calls and held runs on every replica at once; replica A dies in the middle.
    const load: Array<Promise<void>> = [];
    for (let round = 0; round < 8; round++) {
      for (const [index, replica] of replicas.entries()) {
        load.push(oneRun(replica), oneProxy(replica));
        if (round % 2 === 0) load.push(oneHeld(replica, `mês ${round}-${index}`));
      }
      if (round === 4) load.push(a.kill('SIGKILL'));
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await Promise.all(load);
    assert.deepEqual(replicas.filter(isLive), [b, c]);
    assert.ok(
      [b, c].every((replica) => held.some((run) => run.replica === replica)),
      'runs were held on every live replica',
    );

    // Each held run is approved through another replica than the one that took it: B, or C for B's own.
    const decidedOnB = new Set<string>();
    for (const run of held) {
      const approver = run.replica === b ? c : b;
      const decision = await call(approver.url, `/api/v1/approvals/${run.approvalId}/decision`, tokens.carla, {
        method: 'POST',
        body: JSON.stringify({ decision: 'approve', reason: 'Checked.' }),
      });
      assert.equal(decision.status, 200, `decision on ${run.approvalId}: ${await decision.text()}`);
      if (approver === b) decidedOnB.add(run.approvalId);
    }
    const finals = new Map<string, RunView>();
    for (const run of held) {
      const waiter = isLive(run.replica) ? run.replica : c;
      finals.set(run.runId, (await (await call(waiter.url, `/api/v1/runs/${run.runId}?wait=30`, tokens.bruno)).json()) as RunView);
    }

    // What A held in flight is closed by a live replica once A's heartbeat is older than the timeout.
    const db = await database(databaseUrl);
    try {
      const inFlight = async (): Promise<number> =>
        Number((await db.query("SELECT COUNT(*) AS n FROM sessions WHERE status IN ('running', 'approved')")).rows[0]?.n);
      await until(async () => (await inFlight()) === 0, 'no session stays in flight');
      const stalled = await db.query<{ status: string }>('SELECT status FROM sessions WHERE request_id = $1', [stalledId]);
      assert.deepEqual(
        stalled.rows.map((row) => row.status),
        ['interrupted'],
        'the request A held in flight is closed as interrupted',
      );

      const counts = await db.query<{ request_id: string; n: string }>(
        'SELECT request_id, COUNT(*) AS n FROM sessions GROUP BY request_id',
      );
      const recorded = new Map(counts.rows.map((row) => [row.request_id, Number(row.n)]));
      for (const [id, { kind }] of acknowledged) assert.equal(recorded.get(id), 1, `${kind} ${id} recorded exactly once`);
      assert.ok(
        [...recorded.values()].every((n) => n === 1),
        'no request recorded twice',
      );
      assert.ok(acknowledged.size > 20, `load was acknowledged (${acknowledged.size})`);
    } finally {
      await db.end();
    }

    // No run executed twice: the runtime saw each held month at most once, and each succeeded one once.
    const starts = runtime.wsFrames.filter(
      (frame): frame is { type: string; task: string } =>
        typeof frame === 'object' && frame !== null && (frame as { type?: unknown }).type === 'start',
    );
    for (const run of held) {
      const executions = starts.filter((frame) => frame.task.includes(run.month)).length;
      const status = finals.get(run.runId)?.status;
      assert.ok(executions <= 1, `${run.month} executed ${executions} times`);
      assert.equal(status, 'succeeded', `${run.month} (held on ${run.replica.url}) ended ${status}`);
      assert.equal(executions, 1, `${run.month} succeeded, so it executed once`);
    }

    // C's stream carried the approvals decided on B.
    await until(
      () => heardApprovals(heard).filter((id) => decidedOnB.has(id)).length === decidedOnB.size,
      'C heard every approval decided on B',
    );
    assert.ok(decidedOnB.size > 0);
    await reader?.cancel();
    await listening.catch(() => undefined);

    const verify = await runCli(['audit', 'verify', '--config', policyPath], { env: process.env });
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /OK/);
  });
  it('serves from a replica started without --dev next to one started with --dev, on the same policy file', async () => {
    const devDir = makeTempDir();
    const [idpPort, runtimePort] = [await deadPort(), await deadPort()];
    const devDatabase = await freshPostgresUrl();
    const policy = new PolicyBuilder(demoPolicyFor(`http://127.0.0.1:${idpPort}`, `http://127.0.0.1:${runtimePort}`)).change(
      ['dataDir'],
      join(devDir, 'data'),
    );
    const { text, password } = onPostgres(policy, devDatabase);
    const path = join(devDir, 'autogen-gate.yaml');
    writeFileSync(path, text);
    const devEnv = { [PASSWORD_ENV]: password };
    const withDev = await startGatewayProcess({ policyPath: path, dev: true, env: devEnv });
    const plain = await startGatewayProcess({ policyPath: path, env: devEnv });
    try {
      const token = await runCli(['dev-token', '--user', 'ana', '--config', path], { env: { ...process.env, ...devEnv } });
      assert.equal(token.code, 0, token.stderr);
      const accessToken = token.stdout.trim().split('\n').at(-1) ?? '';
      for (const replica of [plain, withDev]) {
        const response = await call(replica.url, '/api/v1/generators/config-template/runs', accessToken, {
          method: 'POST',
          body: JSON.stringify({ input: { service: 'payments-api' } }),
        });
        assert.equal(response.status, 200, `${replica.url}: ${await response.clone().text()}`);
        assert.equal(((await response.json()) as RunView).status, 'succeeded');
      }
      const sessions = (await (await call(plain.url, '/api/v1/sessions', accessToken)).json()) as { sessions: unknown[] };
      assert.equal(sessions.sessions.length, 2, 'both replicas record into the one store');
    } finally {
      await plain.kill('SIGTERM');
      await withDev.kill('SIGTERM');
      removeDir(devDir);
    }
  });
});
