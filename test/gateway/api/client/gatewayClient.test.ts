/**
 * The extension's gateway client against a real gateway (dev IdP tokens, demo runtime, SQLite,
 * approvals and evidence modules): what each person may run, runs that finish or wait for
 * approval, the live event stream, history, evidence, and every way a call can fail.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { demoCustomers } from '../../../../gateway/dev/demoRuntime/demoData.js';
import { GatewayError } from '../../../../gateway/api/client/gatewayError.js';
import { GatewayClient, type TokenSource } from '../../../../gateway/api/client/gatewayClient.js';
import type { ServerSentEvent } from '../../../../gateway/api/client/sse.js';
import { startHarness, type Harness } from '../../../support/gatewayHarness.js';

async function rejectsWith(promise: Promise<unknown>, code: string, status?: number): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof GatewayError, `expected a GatewayError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (status !== undefined) assert.equal(error.status, status);
    return error;
  }
  assert.fail(`expected ${code}`);
}

function assertMasked(text: string): void {
  for (const customer of demoCustomers(6)) {
    assert.equal(text.includes(customer.cpf), false, `CPF ${customer.cpf} leaked`);
    assert.equal(text.includes(customer.email), false, `e-mail ${customer.email} leaked`);
  }
}

describe('extension gateway client against the real gateway', function () {
  this.timeout(60_000);
  let harness: Harness;
  const clients = new Map<string, GatewayClient>();

  const client = (user: string): GatewayClient => {
    let existing = clients.get(user);
    if (!existing) {
      existing = new GatewayClient({
        baseUrl: harness.gateway.url,
        timeoutMs: 15_000,
        token: () => harness.token(user),
        userAgent: 'autogen-gate-vscode/test',
      });
      clients.set(user, existing);
    }
    return existing;
  };

  before(async () => {
    harness = await startHarness();
  });
  after(() => harness?.stop());

  it('says who the token belongs to', async () => {
    const me = await client('bruno').me();
    assert.equal(me.subject, 'bruno');
    assert.equal(me.name, 'Bruno Lima');
    assert.deepEqual([...me.groups].sort(), ['data-engineers', 'developers']);
    assert.ok(me.tokenExpiresAt);
  });

  it('lists what each person may run, with personal data and approval needs', async () => {
    assert.deepEqual(
      (await client('ana').generators()).map((g) => g.name),
      ['config-template'],
    );
    const bruno = await client('bruno').generators();
    const report = bruno.find((g) => g.name === 'customer-report');
    assert.ok(report);
    assert.equal(report.personalData, true);
    assert.equal(report.requiresApproval, true);
    assert.deepEqual(report.approvers, ['privacy-office']);
    assert.equal(report.output, 'markdown');
    assert.deepEqual((report.input as { required?: unknown }).required, ['month']);
    assert.deepEqual(await client('carla').generators(), []);
  });

  it('with includeDenied, also lists what the policy refuses, the rule and what would allow it', async () => {
    const ana = await client('ana').generators({ includeDenied: true });
    assert.deepEqual(
      ana.map((g) => [g.name, g.decision, g.ruleId]),
      [
        ['config-template', 'allow', 'developers-config-template'],
        ['customer-report', 'deny', 'customer-report-data-engineers-only'],
      ],
    );
    const report = ana[1];
    assert.equal(
      report?.hint,
      'Rule customer-report-privacy-approval would hold it for approval by one member of privacy-office if you were in data-engineers.',
    );
    assert.deepEqual(report?.remedies, [
      {
        ruleId: 'customer-report-privacy-approval',
        effect: 'approval',
        approvers: ['privacy-office'],
        lacks: [{ condition: 'groups', anyOf: ['data-engineers'] }],
        text: 'rule customer-report-privacy-approval would hold it for approval by one member of privacy-office if you were in data-engineers',
      },
    ]);
    assert.equal(report?.input, undefined);
    const bruno = await client('bruno').generators({ includeDenied: true });
    assert.equal(bruno.find((g) => g.name === 'customer-report')?.hint, 'Runs wait for approval by one member of privacy-office.');
    const refused = await harness.call('/api/v1/generators?include=everything', { user: 'ana' });
    assert.equal(refused.status, 400);
    assert.match(((await refused.json()) as { error: { message: string } }).error.message, /include takes one value: denied/);
  });

  it('runs config-template: a finished run with the YAML result', async () => {
    const started = await client('ana').startRun('config-template', { service: 'payments-api', environment: 'production' });
    assert.equal(started.pending, false);
    assert.equal(started.run.status, 'succeeded');
    assert.equal(started.run.result?.format, 'yaml');
    assert.match(started.run.result?.text ?? '', /name: payments-api/);
    assert.equal(started.run.masking.count, 0);
    assert.equal((await client('ana').run(started.run.runId)).status, 'succeeded');
  });

  it('reports refusals with the gateway code, status, message and rule', async () => {
    const denied = await rejectsWith(client('ana').startRun('customer-report', { month: 'novembro' }), 'denied_by_policy', 403);
    assert.equal(denied.ruleId, 'customer-report-data-engineers-only');
    assert.match(denied.message, /customer-report/);
    assert.ok(denied.requestId);
    const invalid = await rejectsWith(client('ana').startRun('config-template', { nope: true }), 'bad_request', 400);
    assert.match(invalid.message, /service|additional/i);
    await rejectsWith(client('ana').run('00000000-0000-0000-0000-000000000000'), 'not_found', 404);
  });

  it('holds customer-report for approval; carla approves; bruno gets the masked result, announced on the event stream', async () => {
    const started = await client('bruno').startRun('customer-report', { month: 'novembro de 2026' });
    assert.equal(started.pending, true);
    assert.equal(started.run.status, 'pending_approval');
    const approvalId = started.run.approvalId;
    assert.ok(approvalId);

    // bruno sees his request, but may not decide it
    const own = await client('bruno').approval(approvalId);
    assert.equal(own.you.isRequester, true);
    assert.equal(own.you.canDecide, false);
    assert.ok(own.you.cannotDecideBecause);
    await rejectsWith(client('bruno').decide(approvalId, 'approve', 'mine'), 'own_request', 403);
    const listed = await client('bruno').approvals({ status: 'pending' });
    assert.ok(
      listed.approvals.some((item) => item.approvalId === approvalId),
      'the requester lists his own pending request',
    );

    // carla sees it, with the masked input
    const pending = await client('carla').approvals({ status: 'pending' });
    assert.ok(pending.approvals.some((item) => item.approvalId === approvalId && item.canDecide));
    const detail = await client('carla').approval(approvalId);
    assert.deepEqual(detail.input, { month: 'novembro de 2026' });
    assert.equal(detail.requirement.approvers[0], 'privacy-office');

    // bruno listens to the stream while he waits
    const abort = new AbortController();
    const events: ServerSentEvent[] = [];
    let opened = false;
    const listening = (async () => {
      for await (const event of client('bruno').events({ signal: abort.signal, onOpen: () => (opened = true) })) events.push(event);
    })().catch(() => undefined);
    const waited = client('bruno').waitForRun(started.run.runId, { pollSeconds: 20 });
    while (!opened) await new Promise((resolve) => setTimeout(resolve, 20));

    const decidedAt = Date.now();
    const decided = await client('carla').decide(approvalId, 'approve', 'Monthly collections; masked output.');
    assert.ok(['approved', 'executing', 'executed'].includes(decided.status));
    const run = await waited;
    assert.equal(run.status, 'succeeded');
    assert.ok(run.masking.count > 0);
    assertMasked(run.result?.text ?? '');
    const deadline = Date.now() + 5_000;
    while (
      !events.some((event) => event.type === 'run.updated' && (JSON.parse(event.data) as { status: string }).status === 'succeeded') &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const first = events.find((event) => event.type === 'run.updated' || event.type === 'approval.updated');
    assert.ok(first, `bruno received the change: ${JSON.stringify(events.map((event) => event.type))}`);
    assert.ok(events.some((event) => event.type === 'stream.ready'));
    assert.ok(Date.now() - decidedAt < 10_000);
    abort.abort();
    await listening;

    // the timeline: masking events with HMACs, never the values
    const session = await client('bruno').session(started.run.runId);
    assert.equal(session.approvalId, approvalId);
    assert.ok(session.maskingEvents.length > 0);
    for (const event of session.maskingEvents) assert.match(event.hmac, /^[0-9a-f]{64}$/);
    assertMasked(JSON.stringify(session));

    // evidence of his own session: the signed bundle, as a file
    const evidence = await client('bruno').download('/api/v1/evidence', { session: started.run.runId });
    assert.match(evidence.contentType, /application\/json/);
    assert.equal(evidence.fileName, `evidence-session-${started.run.runId}.json`);
    const text = new TextDecoder().decode(evidence.body);
    assert.ok(text.includes(started.run.runId));
    assertMasked(text);
    const report = await client('bruno').download('/api/v1/evidence', { session: started.run.runId, format: 'html' });
    assert.match(report.contentType, /text\/html/);
    await rejectsWith(client('bruno').download('/api/v1/evidence', { from: '2026-01-01', to: '2026-12-31' }), 'forbidden', 403);
  });

  it('pages and filters the history; only auditors see others', async () => {
    for (const service of ['orders-api', 'billing-api']) await client('bruno').startRun('config-template', { service });
    const all = await client('carla').sessions({ kind: 'run', limit: 100 });
    assert.ok(all.sessions.some((session) => session.principal.subject === 'bruno'));
    const first = await client('bruno').sessions({ limit: 1 });
    assert.equal(first.sessions.length, 1);
    assert.ok(first.nextCursor);
    const second = await client('bruno').sessions({ limit: 1, cursor: first.nextCursor });
    assert.notEqual(second.sessions[0]?.id, first.sessions[0]?.id);
    const reports = await client('carla').sessions({ generator: 'customer-report', decision: 'approval', status: 'succeeded' });
    assert.ok(reports.sessions.length >= 1 && reports.sessions.every((session) => session.generator === 'customer-report'));
    const future = await client('carla').sessions({ from: new Date(Date.now() + 86_400_000).toISOString() });
    assert.deepEqual(future.sessions, []);
    await rejectsWith(client('ana').sessions({ subject: 'bruno' }), 'forbidden', 403);
    assert.ok((await client('ana').sessions()).sessions.every((session) => session.principal.subject === 'ana'));
  });

  it('asks for a fresh token once when the gateway refuses one', async () => {
    const asked: boolean[] = [];
    const good = await harness.token('ana');
    const token: TokenSource = async ({ forceRefresh }) => {
      asked.push(forceRefresh);
      return forceRefresh ? good : 'not-a-token';
    };
    const me = await new GatewayClient({ baseUrl: harness.gateway.url, timeoutMs: 5_000, token }).me();
    assert.equal(me.subject, 'ana');
    assert.deepEqual(asked, [false, true]);
    await rejectsWith(
      new GatewayClient({ baseUrl: harness.gateway.url, timeoutMs: 5_000, token: async () => 'still-bad' }).me(),
      'invalid_token',
      401,
    );
  });

  it('names network failures: unreachable, timeout, cancelled, not a gateway', async () => {
    const token = async (): Promise<string> => 'x';
    const unreachable = await rejectsWith(
      new GatewayClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2_000, token }).me(),
      'gateway_unreachable',
      0,
    );
    assert.match(unreachable.message, /Cannot reach the gateway at http:\/\/127\.0\.0\.1:9/);

    // A server that accepts connections and never answers.
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      await rejectsWith(new GatewayClient({ baseUrl: silentUrl, timeoutMs: 300, token }).me(), 'timeout', 0);
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 100);
      await rejectsWith(new GatewayClient({ baseUrl: silentUrl, timeoutMs: 5_000, token }).me({ signal: abort.signal }), 'cancelled', 0);
    } finally {
      silent.close();
    }
    // The dev IdP is an HTTP server, but not a gateway.
    await rejectsWith(new GatewayClient({ baseUrl: harness.idp.issuer, timeoutMs: 5_000, token }).me(), 'bad_response');
  });
});
