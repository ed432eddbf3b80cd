/**
 * Just-in-time approvals end to end: the real dev IdP issues the tokens, the demo
 * AutoGen runtime (or a loopback HTTP generator) runs what is approved, the gateway records in a
 * real SQLite file. Nothing of ours is mocked.
 */
import { strict as assert } from 'node:assert';
import { decodeJwt } from 'jose';
import { performance } from 'node:perf_hooks';
import { demoCustomers } from '../../gateway/dev/demoRuntime/demoData.js';
import type {
  ApprovalDetailView,
  ApprovalEventData,
  ApprovalPageView,
  ErrorResponse,
  RunEventData,
  RunView,
} from '../../gateway/api/wire.js';
import { verifyLiveStore } from '../../gateway/audit/liveVerify.js';
import type { Jwks } from '../../gateway/evidence/signingKey.js';
import { startHarness, useHarness, type Harness } from '../support/gatewayHarness.js';
import { REGISTRATION } from '../support/registration.js';
import { eventually, slowReportApproval, SseClient, startGatedUpstream, type GatedUpstream } from './approvals/support.js';

const REPORT = '/api/v1/generators/customer-report/runs';
const INPUT = { input: { month: 'novembro de 2026' } };

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

async function requestReport(
  harness: Harness,
  user = 'bruno',
  headers: Record<string, string> = {},
): Promise<RunView & { approvalId: string }> {
  const response = await harness.call(REPORT, { user, method: 'POST', body: JSON.stringify(INPUT), headers });
  assert.equal(response.status, 202, await response.clone().text());
  const run = await json<RunView>(response);
  assert.equal(response.headers.get('location'), `/api/v1/runs/${run.runId}`);
  assert.equal(run.status, 'pending_approval');
  assert.ok(run.approvalId);
  return run as RunView & { approvalId: string };
}

function decide(
  harness: Harness,
  user: string,
  approvalId: string,
  decision: 'approve' | 'deny',
  reason = 'Checked the purpose: monthly collections.',
): Promise<Response> {
  return harness.call(`/api/v1/approvals/${approvalId}/decision`, { user, method: 'POST', body: JSON.stringify({ decision, reason }) });
}

async function errorCode(response: Response): Promise<string> {
  return (await json<ErrorResponse>(response)).error.code;
}

function reportRuns(harness: Harness): number {
  return harness.runtime.stats.byTeam['customer-report'] ?? 0;
}

async function auditTypes(harness: Harness, sessionId: string): Promise<Array<{ type: string; actor: string }>> {
  const entries = await harness.gateway.parts.store.readAudit(0, 100_000);
  return entries.filter((entry) => entry.sessionId === sessionId).map((entry) => ({ type: entry.type, actor: entry.actor }));
}

async function heldInput(harness: Harness, approvalId: string): Promise<{ sealed: boolean; deletedAt: string | null }> {
  const approval = await harness.gateway.parts.store.approvals.get(approvalId);
  assert.ok(approval, 'approval row');
  return { sealed: approval.sealed !== undefined, deletedAt: approval.inputDeletedAt ?? null };
}

/** The demo report's personal data, which must never reach bruno unmasked. */
function assertMasked(text: string): void {
  for (const customer of demoCustomers(6)) {
    assert.equal(text.includes(customer.cpf), false, `CPF ${customer.cpf} leaked`);
    assert.equal(text.includes(customer.email), false, `e-mail ${customer.email} leaked`);
  }
  assert.doesNotMatch(text, /\d{3}\.\d{3}\.\d{3}-\d{2}/);
}

async function stream(harness: Harness, user: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const client = await SseClient.open(`${harness.gateway.url}/api/v1/events`, {
    authorization: `Bearer ${await harness.token(user)}`,
    ...headers,
  });
  assert.equal(client.status, 200);
  assert.match(String(client.headers['content-type']), /^text\/event-stream/);
  await client.next((event) => event.event === 'stream.ready');
  return client;
}

describe('e2e: just-in-time approvals (demo policy)', function () {
  this.timeout(60_000);

  const harness = useHarness();

  it("holds bruno's customer-report, refuses bruno and ana, and executes once when carla approves", async () => {
    const before = reportRuns(harness());
    const run = await requestReport(harness());
    assert.equal(run.links.approval, `/api/v1/approvals/${run.approvalId}`);
    assert.equal(reportRuns(harness()), before, 'a held run must not reach the upstream');
    assert.deepEqual(await heldInput(harness(), run.approvalId), { sealed: true, deletedAt: null });

    // bruno sees his request but cannot decide it, even though he could read it.
    const mine = await json<ApprovalDetailView>(await harness().call(`/api/v1/approvals/${run.approvalId}`, { user: 'bruno' }));
    assert.equal(mine.you.isRequester, true);
    assert.equal(mine.you.canDecide, false);
    assert.match(mine.you.cannotDecideBecause ?? '', /You requested this run/);
    assert.equal(mine.you.canRevoke, true);

    const own = await decide(harness(), 'bruno', run.approvalId, 'approve');
    assert.equal(own.status, 403);
    assert.equal(await errorCode(own), 'own_request');

    const ana = await decide(harness(), 'ana', run.approvalId, 'approve');
    assert.equal(ana.status, 403);
    assert.equal(await errorCode(ana), 'not_an_approver');
    assert.equal((await harness().call(`/api/v1/approvals/${run.approvalId}`, { user: 'ana' })).status, 404, 'ana may not even read it');
    assert.equal((await json<ApprovalPageView>(await harness().call('/api/v1/approvals', { user: 'ana' }))).approvals.length, 0);

    // carla finds it in her queue, with what she needs to decide.
    const queue = await json<ApprovalPageView>(await harness().call('/api/v1/approvals?status=pending&role=approver', { user: 'carla' }));
    const listed = queue.approvals.find((approval) => approval.approvalId === run.approvalId);
    assert.ok(listed, 'carla sees the request');
    assert.equal(listed.canDecide, true);
    const detail = await json<ApprovalDetailView>(await harness().call(`/api/v1/approvals/${run.approvalId}`, { user: 'carla' }));
    assert.equal(detail.requester.subject, 'bruno');
    assert.equal(detail.generator, 'customer-report');
    assert.deepEqual(detail.input, INPUT.input);
    assert.equal(detail.rule.id, 'customer-report-privacy-approval');
    assert.deepEqual(detail.requirement.approvers, ['privacy-office']);
    assert.equal(detail.progress.summary, '0 of 1 approval (1 more from privacy-office)');
    assert.equal(detail.you.canDecide, true);
    assert.equal(detail.inputHeld, true);
    assert.match(detail.bindingHash, /^[0-9a-f]{64}$/);
    assert.ok(Date.parse(detail.expiresAt) - Date.parse(detail.createdAt) === 24 * 3600 * 1000);

    // bruno long-polls while carla decides.
    const waiting = harness().call(`/api/v1/runs/${run.runId}?wait=20`, { user: 'bruno' });
    const approved = await decide(harness(), 'carla', run.approvalId, 'approve');
    assert.equal(approved.status, 200, await approved.clone().text());
    const decided = await json<ApprovalDetailView>(approved);
    assert.ok(['approved', 'executing', 'executed'].includes(decided.status), decided.status);
    assert.equal(decided.votes.length, 1);
    assert.equal(decided.votes[0]?.approver.subject, 'carla');

    const polled = await json<RunView>(await waiting);
    assert.equal(polled.status, 'succeeded');
    assert.ok(polled.result);
    assertMasked(polled.result.text);
    assert.match(polled.result.text, /\[CPF\]/);
    assert.equal(reportRuns(harness()), before + 1, 'executed exactly once');

    const fetched = await json<RunView>(await harness().call(`/api/v1/runs/${run.runId}`, { user: 'bruno' }));
    assert.equal(fetched.status, 'succeeded');
    assert.equal(fetched.result?.text, polled.result.text);

    const final = await eventually(async () => {
      const view = await json<ApprovalDetailView>(await harness().call(`/api/v1/approvals/${run.approvalId}`, { user: 'carla' }));
      return view.status === 'executed' ? view : undefined;
    });
    assert.equal(final.outcome?.code, 'succeeded');
    assert.equal(final.inputHeld, false);
    assert.equal((await heldInput(harness(), run.approvalId)).sealed, false);

    // Deciding again, or revoking, an executed request is a conflict.
    const again = await decide(harness(), 'carla', run.approvalId, 'deny');
    assert.equal(again.status, 409);
    assert.equal(await errorCode(again), 'approval_closed');
    const revoke = await harness().call(`/api/v1/approvals/${run.approvalId}/revoke`, {
      user: 'carla',
      method: 'POST',
      body: JSON.stringify({ reason: 'too late' }),
    });
    assert.equal(revoke.status, 409);

    // Every step is in the audit chain, with its actor.
    const trail = await auditTypes(harness(), run.runId);
    const expected: Array<[string, string]> = [
      ['session.started', 'dev:bruno'],
      ['approval.requested', 'dev:bruno'],
      ['approval.refused', 'dev:bruno'],
      ['approval.refused', 'dev:ana'],
      ['approval.vote_recorded', 'dev:carla'],
      ['approval.approved', 'dev:carla'],
      ['approval.execution_started', 'gateway'],
      ['session.completed', 'dev:carla'],
      ['approval.executed', 'gateway'],
    ];
    for (const [type, actor] of expected) {
      assert.ok(
        trail.some((entry) => entry.type === type && entry.actor.endsWith(actor.replace('dev:', ''))),
        `audit ${type} by ${actor}: ${JSON.stringify(trail)}`,
      );
    }
    assert.equal(trail.filter((entry) => entry.type === 'approval.execution_started').length, 1);
  });

  it('a denied run never reaches the upstream and ends with the reason', async () => {
    const before = { report: reportRuns(harness()), total: harness().runtime.stats.total };
    const run = await requestReport(harness());
    const denied = await decide(harness(), 'carla', run.approvalId, 'deny', "No legal basis for this month's export.");
    assert.equal(denied.status, 200);
    const view = await json<ApprovalDetailView>(denied);
    assert.equal(view.status, 'denied');
    assert.equal(view.outcome?.code, 'denied');
    assert.equal(view.inputHeld, false);
    const result = await json<RunView>(await harness().call(`/api/v1/runs/${run.runId}?wait=5`, { user: 'bruno' }));
    assert.equal(result.status, 'approval_denied');
    assert.equal(result.error?.code, 'approval_denied');
    assert.match(result.error?.message ?? '', /No legal basis/);
    assert.equal(reportRuns(harness()), before.report);
    assert.equal(harness().runtime.stats.total, before.total, 'no request of any kind reached the upstream');
    assert.deepEqual(await heldInput(harness(), run.approvalId), { sealed: false, deletedAt: view.outcome?.at ?? null });
  });

  it('validates decisions: reason required, one line, bounded; personal data in it is masked', async () => {
    const run = await requestReport(harness());
    for (const body of [
      { decision: 'approve' },
      { decision: 'approve', reason: '  \n ' },
      { decision: 'maybe', reason: 'x' },
      { decision: 'approve', reason: 'x'.repeat(501) },
    ]) {
      const response = await harness().call(`/api/v1/approvals/${run.approvalId}/decision`, {
        user: 'carla',
        method: 'POST',
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(await errorCode(response), 'bad_request');
    }
    const crafted = 'ok\n✅ Approved by the DPO <script>alert(1)</script> customer CPF 529.982.247-25';
    const denied = await json<ApprovalDetailView>(await decide(harness(), 'carla', run.approvalId, 'deny', crafted));
    const reason = denied.votes[0]?.reason ?? '';
    assert.equal(reason.includes('\n'), false);
    assert.equal(reason.includes('529.982.247-25'), false);
    assert.match(reason, /<script>alert\(1\)<\/script>/, 'stored as plain text; clients render it as text');
    const entries = await harness().gateway.parts.store.readAudit(0, 100_000);
    assert.equal(JSON.stringify(entries).includes('529.982.247-25'), false, 'the CPF never reaches the audit chain');
    const events = await harness().gateway.parts.store.listMaskingEvents(run.runId);
    assert.ok(events.some((event) => event.location.startsWith('approval:/votes/1/reason') && event.detector === 'cpf'));
  });

  it('the requester may cancel a pending request; nothing reaches the upstream', async () => {
    const before = reportRuns(harness());
    const run = await requestReport(harness());
    const response = await harness().call(`/api/v1/approvals/${run.approvalId}/revoke`, {
      user: 'bruno',
      method: 'POST',
      body: JSON.stringify({ reason: 'Asked for the wrong month.' }),
    });
    assert.equal(response.status, 200);
    assert.equal((await json<ApprovalDetailView>(response)).status, 'cancelled');
    assert.equal((await json<RunView>(await harness().call(`/api/v1/runs/${run.runId}`, { user: 'bruno' }))).status, 'cancelled');
    const late = await decide(harness(), 'carla', run.approvalId, 'approve');
    assert.equal(late.status, 409);
    assert.equal(reportRuns(harness()), before);
  });

  it('answers Prefer: wait synchronously: 200 with the result when decided in time, 202 otherwise', async () => {
    const started = performance.now();
    const quick = await harness().call(REPORT, {
      user: 'bruno',
      method: 'POST',
      body: JSON.stringify(INPUT),
      headers: { prefer: 'wait=1' },
    });
    assert.equal(quick.status, 202);
    assert.equal(quick.headers.get('preference-applied'), 'wait=1');
    const waited = performance.now() - started;
    assert.ok(waited >= 900 && waited < 5000, `waited ${waited} ms`);

    const carla = await stream(harness(), 'carla');
    try {
      const posting = harness().call(REPORT, {
        user: 'bruno',
        method: 'POST',
        body: JSON.stringify(INPUT),
        headers: { prefer: 'respond-async, wait=20' },
      });
      const requested = await carla.next((event) => event.event === 'approval.requested');
      const data = requested.data as ApprovalEventData;
      assert.equal((await decide(harness(), 'carla', data.approvalId, 'approve')).status, 200);
      const response = await posting;
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('preference-applied'), 'wait=20');
      const run = await json<RunView>(response);
      assert.equal(run.status, 'succeeded');
      assert.equal(run.runId, data.runId);
      assertMasked(run.result?.text ?? '');
    } finally {
      carla.close();
    }
    // Waits are clamped to approvals.maxWait (60s).
    const clamped = await harness().call(REPORT, {
      user: 'bruno',
      method: 'POST',
      body: JSON.stringify(INPUT),
      headers: { prefer: 'wait=0' },
    });
    assert.equal(clamped.status, 202);
    assert.equal(clamped.headers.get('preference-applied'), 'wait=0');
  });

  it('streams status changes to the requester and approvers within a second, and nothing to others', async () => {
    const bruno = await stream(harness(), 'bruno');
    const carla = await stream(harness(), 'carla');
    const ana = await stream(harness(), 'ana');
    try {
      const run = await requestReport(harness());
      const requested = await carla.next(
        (event) => event.event === 'approval.requested' && (event.data as ApprovalEventData).approvalId === run.approvalId,
      );
      assert.equal((requested.data as ApprovalEventData).requester.subject, 'bruno');
      await bruno.next(
        (event) =>
          event.event === 'run.updated' &&
          (event.data as RunEventData).runId === run.runId &&
          (event.data as RunEventData).status === 'pending_approval',
      );

      const decidedAt = performance.now();
      const response = await decide(harness(), 'carla', run.approvalId, 'approve');
      assert.equal(response.status, 200);
      const approved = await bruno.next(
        (event) =>
          event.event === 'approval.updated' &&
          (event.data as ApprovalEventData).approvalId === run.approvalId &&
          (event.data as ApprovalEventData).change === 'approved',
      );
      const succeeded = await bruno.next(
        (event) =>
          event.event === 'run.updated' &&
          (event.data as RunEventData).runId === run.runId &&
          (event.data as RunEventData).status === 'succeeded',
      );
      const approvedLatency = approved.receivedAt - decidedAt;
      const succeededLatency = succeeded.receivedAt - decidedAt;
      console.log(
        `      event latency after carla's decision: approval.updated(approved) ${approvedLatency.toFixed(1)} ms, run.updated(succeeded) ${succeededLatency.toFixed(1)} ms`,
      );
      assert.ok(approvedLatency < 1000, `approval event after ${approvedLatency} ms`);
      assert.ok(succeededLatency < 1000, `run event after ${succeededLatency} ms`);
      // carla (approver, auditor) follows it to the end too; ana hears nothing of it.
      await carla.next(
        (event) =>
          event.event === 'approval.updated' &&
          (event.data as ApprovalEventData).approvalId === run.approvalId &&
          (event.data as ApprovalEventData).change === 'executed',
      );
      assert.equal(ana.events.filter((event) => JSON.stringify(event.data).includes(run.approvalId)).length, 0);
      assert.deepEqual(
        ana.events.map((event) => event.event),
        ['stream.ready'],
      );
    } finally {
      bruno.close();
      carla.close();
      ana.close();
    }
  });

  it('resumes a stream from Last-Event-ID, and tells a client with an unknown id to refetch', async () => {
    const first = await stream(harness(), 'carla');
    const ready = await first.next((event) => event.event === 'stream.ready');
    first.close();
    const run = await requestReport(harness());
    const resumed = await stream(harness(), 'carla', { 'last-event-id': ready.id ?? '' });
    try {
      const missed = await resumed.next(
        (event) => event.event === 'approval.requested' && (event.data as ApprovalEventData).approvalId === run.approvalId,
      );
      assert.ok(missed.id);
    } finally {
      resumed.close();
    }
    const stale = await SseClient.open(`${harness().gateway.url}/api/v1/events`, {
      authorization: `Bearer ${await harness().token('carla')}`,
      'last-event-id': 'old0epoch-12',
    });
    try {
      await stale.next((event) => event.event === 'stream.reset');
    } finally {
      stale.close();
    }
  });

  it('ends a stream when the token that opened it expires', async () => {
    const claims = decodeJwt(await harness().token('carla'));
    const now = Math.floor(Date.now() / 1000);
    const shortLived = await harness().idp.sign({ ...claims, iat: now, exp: now + 2, jti: `short-${now}` });
    const client = await SseClient.open(`${harness().gateway.url}/api/v1/events`, { authorization: `Bearer ${shortLived}` });
    assert.equal(client.status, 200);
    const ended = await client.next((event) => event.event === 'stream.end', 6000);
    assert.deepEqual(ended.data, { reason: 'token_expired' });
    await client.closed();
  });

  it('keeps visibility rules on lists, long-polls and streams', async () => {
    const run = await requestReport(harness());
    assert.equal((await harness().call(`/api/v1/runs/${run.runId}?wait=1`, { user: 'ana' })).status, 404);
    assert.equal((await harness().call(`/api/v1/runs/${run.runId}?wait=soon`, { user: 'bruno' })).status, 400);
    assert.equal((await harness().call('/api/v1/approvals?scope=all', { user: 'bruno' })).status, 403);
    const all = await json<ApprovalPageView>(await harness().call('/api/v1/approvals?scope=all&status=all&limit=200', { user: 'carla' }));
    assert.ok(all.approvals.some((approval) => approval.approvalId === run.approvalId));
    const brunoPending = await json<ApprovalPageView>(await harness().call('/api/v1/approvals?role=requester', { user: 'bruno' }));
    assert.ok(brunoPending.approvals.every((approval) => approval.requester.subject === 'bruno' && approval.canDecide === false));
    assert.equal((await harness().call('/api/v1/events')).status, 401);
    assert.equal((await harness().call(`/api/v1/approvals/${run.approvalId}/decision`, { method: 'POST', body: '{}' })).status, 401);
    assert.equal((await harness().call('/api/v1/approvals/not-a-uuid', { user: 'carla' })).status, 404);
    await harness().call(`/api/v1/approvals/${run.approvalId}/revoke`, {
      user: 'bruno',
      method: 'POST',
      body: JSON.stringify({ reason: 'cleanup' }),
    });
  });

  it('keeps a pending request across a restart; approving it afterwards executes it', async () => {
    const before = reportRuns(harness());
    const run = await requestReport(harness());
    await harness().restartGateway();
    const listed = await json<ApprovalPageView>(await harness().call('/api/v1/approvals?status=pending', { user: 'carla' }));
    assert.ok(
      listed.approvals.some((approval) => approval.approvalId === run.approvalId),
      'still pending after the restart',
    );
    assert.equal((await decide(harness(), 'carla', run.approvalId, 'approve')).status, 200);
    const result = await json<RunView>(await harness().call(`/api/v1/runs/${run.runId}?wait=20`, { user: 'bruno' }));
    assert.equal(result.status, 'succeeded');
    assertMasked(result.result?.text ?? '');
    assert.equal(reportRuns(harness()), before + 1);
  });

  it('long-polls with from=STATUS return at the next status change, not only at the end', async () => {
    const run = await requestReport(harness());
    const waiting = harness().call(`/api/v1/runs/${run.runId}?wait=20&from=pending_approval`, { user: 'bruno' });
    assert.equal((await decide(harness(), 'carla', run.approvalId, 'approve')).status, 200);
    const changed = await json<RunView>(await waiting);
    assert.notEqual(changed.status, 'pending_approval');
    assert.equal((await harness().call(`/api/v1/runs/${run.runId}?wait=1&from=sleeping`, { user: 'bruno' })).status, 400);
    assert.equal((await json<RunView>(await harness().call(`/api/v1/runs/${run.runId}?wait=20`, { user: 'bruno' }))).status, 'succeeded');
  });

  it('leaves an audit chain and records that verify (sessions, completions, sealed masking events)', async () => {
    // The evidence module signs checkpoints; its public keys are what a verifier trusts.
    const jwks = await json<Jwks>(await fetch(`${harness().gateway.url}/.well-known/jwks.json`));
    const verification = await verifyLiveStore(harness().gateway.parts.store.audit, jwks);
    assert.deepEqual(verification.chain.problems, []);
    assert.deepEqual(verification.records?.problems ?? [], []);
    assert.equal(verification.ok, true);
  });

  it('ends open streams and long-polls promptly when the gateway shuts down', async () => {
    const carla = await stream(harness(), 'carla');
    const run = await requestReport(harness());
    const waiting = harness().call(`/api/v1/runs/${run.runId}?wait=30`, { user: 'bruno' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await harness().restartGateway();
    const took = performance.now() - started;
    const answered = await waiting;
    assert.equal(answered.status, 200);
    assert.equal((await json<RunView>(answered)).status, 'pending_approval');
    await carla.closed();
    assert.ok(carla.events.some((event) => event.event === 'stream.end' && (event.data as { reason: string }).reason === 'shutting_down'));
    assert.ok(took < 5000, `restart took ${took} ms with a stream and a long-poll open`);
    await harness().call(`/api/v1/approvals/${run.approvalId}/revoke`, {
      user: 'bruno',
      method: 'POST',
      body: JSON.stringify({ reason: 'cleanup' }),
    });
  });
});

describe('e2e: approvals and time', function () {
  this.timeout(60_000);

  it('refuses to approve an expired request (advanced clock), and the run ends expired', async () => {
    let offsetMs = 0;
    const harness = await startHarness({ clock: () => new Date(Date.now() + offsetMs) });
    try {
      const before = reportRuns(harness);
      const run = await requestReport(harness);
      offsetMs = 24 * 3600 * 1000 + 1000;
      const late = await decide(harness, 'carla', run.approvalId, 'approve');
      assert.equal(late.status, 409);
      assert.equal(await errorCode(late), 'approval_expired');
      const result = await json<RunView>(await harness.call(`/api/v1/runs/${run.runId}`, { user: 'bruno' }));
      assert.equal(result.status, 'expired');
      assert.equal(result.error?.code, 'approval_expired');
      assert.equal(reportRuns(harness), before);
      assert.equal((await heldInput(harness, run.approvalId)).sealed, false);
      const again = await decide(harness, 'carla', run.approvalId, 'approve');
      assert.equal(again.status, 409);
      assert.equal(await errorCode(again), 'approval_expired');
      const trail = await auditTypes(harness, run.runId);
      const approvalTypes = trail.filter((entry) => entry.type.startsWith('approval.')).map((entry) => entry.type);
      // The deadline job may expire the request before or after the late decision is refused:
      // either way it is requested first, expires once, and both decisions are refused.
      assert.equal(approvalTypes[0], 'approval.requested');
      assert.deepEqual([...approvalTypes.slice(1)].sort(), ['approval.expired', 'approval.refused', 'approval.refused']);
    } finally {
      await harness.stop();
    }
  });

  it('expires a request on time when nobody looks, and after a restart', async () => {
    const harness = await startHarness({
      editPolicy: (policy) => policy.ruleApproval('customer-report-privacy-approval', { pendingTtl: '1s' }),
    });
    try {
      const run = await requestReport(harness);
      const started = performance.now();
      const result = await json<RunView>(await harness.call(`/api/v1/runs/${run.runId}?wait=15`, { user: 'bruno' }));
      const took = performance.now() - started;
      assert.equal(result.status, 'expired');
      assert.ok(took < 5000, `expired after ${took} ms for a 1 s TTL`);

      // Pending while the gateway is down: expired on the next start.
      const second = await requestReport(harness);
      await harness.gateway.close();
      await new Promise((resolve) => setTimeout(resolve, 1200));
      await harness.restartGateway();
      const after = await json<RunView>(await harness.call(`/api/v1/runs/${second.runId}?wait=10`, { user: 'bruno' }));
      assert.equal(after.status, 'expired');
    } finally {
      await harness.stop();
    }
  });
});

describe('e2e: two approvers deciding at the same moment', function () {
  this.timeout(90_000);

  it('quorum any: one decision, one execution, the other approver gets 409', async () => {
    // ana (developers) and carla (privacy-office) may both approve bruno's report; bruno is a developer too, and still cannot.
    const harness = await startHarness({
      editPolicy: (policy) => policy.ruleApproval('customer-report-privacy-approval', { approvers: ['privacy-office', 'developers'] }),
    });
    try {
      for (let round = 0; round < 5; round++) {
        const before = reportRuns(harness);
        const run = await requestReport(harness);
        assert.equal(await errorCode(await decide(harness, 'bruno', run.approvalId, 'approve')), 'own_request');
        const [ana, carla] = await Promise.all([
          decide(harness, 'ana', run.approvalId, 'approve'),
          decide(harness, 'carla', run.approvalId, 'approve'),
        ]);
        const statuses = [ana.status, carla.status].sort();
        assert.deepEqual(statuses, [200, 409], `round ${round}: ${statuses.join(', ')}`);
        const loser = ana.status === 409 ? ana : carla;
        assert.equal(await errorCode(loser), 'approval_closed');
        const result = await json<RunView>(await harness.call(`/api/v1/runs/${run.runId}?wait=20`, { user: 'bruno' }));
        assert.equal(result.status, 'succeeded');
        assert.equal(reportRuns(harness), before + 1, `round ${round}: executions`);
        const trail = await auditTypes(harness, run.runId);
        assert.equal(trail.filter((entry) => entry.type === 'approval.vote_recorded').length, 1);
        assert.equal(trail.filter((entry) => entry.type === 'approval.approved').length, 1);
        assert.equal(trail.filter((entry) => entry.type === 'approval.execution_started').length, 1);
      }
    } finally {
      await harness.stop();
    }
  });

  it('quorum 2: both approvals count, and the run still executes once; a withdrawn approval stops counting', async () => {
    const harness = await startHarness({
      editPolicy: (policy) =>
        policy.ruleApproval('customer-report-privacy-approval', { approvers: ['privacy-office', 'developers'], quorum: 2 }),
    });
    try {
      // Withdraw: carla approves, then withdraws; the request still waits for two.
      const first = await requestReport(harness);
      assert.equal((await decide(harness, 'carla', first.approvalId, 'approve')).status, 200);
      const withdrawn = await harness.call(`/api/v1/approvals/${first.approvalId}/revoke`, {
        user: 'carla',
        method: 'POST',
        body: JSON.stringify({ reason: 'Approved the wrong request.' }),
      });
      assert.equal(withdrawn.status, 200);
      const afterWithdraw = await json<ApprovalDetailView>(withdrawn);
      assert.equal(afterWithdraw.status, 'pending');
      assert.equal(afterWithdraw.progress.approvals, 0);
      assert.ok(afterWithdraw.votes[0]?.withdrawnAt);
      const nothing = await harness.call(`/api/v1/approvals/${first.approvalId}/revoke`, {
        user: 'ana',
        method: 'POST',
        body: JSON.stringify({ reason: 'x' }),
      });
      assert.equal(await errorCode(nothing), 'nothing_to_revoke');

      const before = reportRuns(harness);
      const run = await requestReport(harness);
      const [ana, carla] = await Promise.all([
        decide(harness, 'ana', run.approvalId, 'approve'),
        decide(harness, 'carla', run.approvalId, 'approve'),
      ]);
      assert.deepEqual([ana.status, carla.status], [200, 200]);
      const result = await json<RunView>(await harness.call(`/api/v1/runs/${run.runId}?wait=20`, { user: 'bruno' }));
      assert.equal(result.status, 'succeeded');
      assert.equal(reportRuns(harness), before + 1);
      const view = await json<ApprovalDetailView>(await harness.call(`/api/v1/approvals/${run.approvalId}`, { user: 'carla' }));
      assert.equal(view.progress.approvals, 2);
      assert.equal(view.progress.satisfied, true);
      const trail = await auditTypes(harness, run.runId);
      assert.equal(trail.filter((entry) => entry.type === 'approval.approved').length, 1);
      assert.equal(trail.filter((entry) => entry.type === 'approval.execution_started').length, 1);
    } finally {
      await harness.stop();
    }
  });
  it('quorum each: one approver per group, by distinct people', async () => {
    const harness = await startHarness({
      editPolicy: (policy) =>
        policy.ruleApproval('customer-report-privacy-approval', { approvers: ['privacy-office', 'developers'], quorum: 'each' }),
    });
    try {
      const run = await requestReport(harness);
      const first = await json<ApprovalDetailView>(await decide(harness, 'ana', run.approvalId, 'approve'));
      assert.equal(first.status, 'pending');
      assert.deepEqual(first.progress.coveredGroups, ['developers']);
      assert.deepEqual(first.progress.missingGroups, ['privacy-office']);
      assert.equal(first.requirement.description, 'one member of each of privacy-office, developers (distinct people)');
      const second = await json<ApprovalDetailView>(await decide(harness, 'carla', run.approvalId, 'approve'));
      assert.equal(second.progress.satisfied, true);
      assert.equal((await json<RunView>(await harness.call(`/api/v1/runs/${run.runId}?wait=20`, { user: 'bruno' }))).status, 'succeeded');
    } finally {
      await harness.stop();
    }
  });
});

describe('e2e: revoking an approval that has not executed yet', function () {
  this.timeout(60_000);
  let upstream: GatedUpstream;

  before(async () => {
    upstream = await startGatedUpstream();
  });
  const harness = useHarness(() => ({
    editPolicy: (policy) =>
      policy
        .upstream('slow', { type: 'http', url: upstream.url, masking: 'lgpd' })
        .generator('slow-report', { upstream: 'slow', personalData: true, path: '/generate', ...REGISTRATION })
        .ruleFirst(slowReportApproval())
        .set(['approvals'], { maxConcurrentExecutions: 1 }),
    pin: ['slow-report'],
  }));
  after(async () => {
    await upstream?.close();
  });

  it('an approver revokes an approved run waiting for its turn; it never executes', async () => {
    const ask = async (): Promise<RunView & { approvalId: string }> => {
      const response = await harness().call('/api/v1/generators/slow-report/runs', {
        user: 'bruno',
        method: 'POST',
        body: JSON.stringify({ input: { month: 'maio' } }),
      });
      assert.equal(response.status, 202);
      return (await response.json()) as RunView & { approvalId: string };
    };
    const first = await ask();
    const second = await ask();
    assert.equal((await decide(harness(), 'carla', first.approvalId, 'approve')).status, 200);
    await upstream.arrived(1);
    const queued = await json<ApprovalDetailView>(await decide(harness(), 'carla', second.approvalId, 'approve'));
    assert.equal(queued.status, 'approved', 'waits for the one execution slot');
    assert.equal(queued.you.canRevoke, true);

    const revoked = await harness().call(`/api/v1/approvals/${second.approvalId}/revoke`, {
      user: 'carla',
      method: 'POST',
      body: JSON.stringify({ reason: 'The customer withdrew consent.' }),
    });
    assert.equal(revoked.status, 200);
    const view = await json<ApprovalDetailView>(revoked);
    assert.equal(view.status, 'revoked');
    assert.equal(view.inputHeld, false);

    upstream.releaseAll();
    const done = await json<RunView>(await harness().call(`/api/v1/runs/${first.runId}?wait=10`, { user: 'bruno' }));
    assert.equal(done.status, 'succeeded');
    assert.equal(done.result?.text.includes('529.982.247-25'), false);
    const cancelled = await json<RunView>(await harness().call(`/api/v1/runs/${second.runId}`, { user: 'bruno' }));
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(cancelled.error?.code, 'approval_revoked');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(upstream.requests.length, 1, 'the revoked run never reached the upstream');
    assert.deepEqual(upstream.requests[0]?.body, { generator: 'slow-report', input: { month: 'maio' }, user_id: 'dev:bruno' });
  });
});

describe('e2e: an approval lapses when its run cannot start in time', function () {
  this.timeout(60_000);
  let upstream: GatedUpstream;

  before(async () => {
    upstream = await startGatedUpstream();
  });
  const harness = useHarness(() => ({
    editPolicy: (policy) =>
      policy
        .upstream('slow', { type: 'http', url: upstream.url })
        .generator('slow-report', { upstream: 'slow', personalData: true, ...REGISTRATION })
        .ruleFirst(slowReportApproval({ validFor: '1s' }))
        .set(['approvals'], { maxConcurrentExecutions: 1 }),
    pin: ['slow-report'],
  }));
  after(async () => {
    await upstream?.close();
  });

  it('expires an approved run still waiting for an execution slot after validFor', async () => {
    const ask = async (): Promise<RunView & { approvalId: string }> =>
      json(
        await harness().call('/api/v1/generators/slow-report/runs', {
          user: 'bruno',
          method: 'POST',
          body: JSON.stringify({ input: { month: 'junho' } }),
        }),
      );
    const first = await ask();
    const second = await ask();
    assert.equal((await decide(harness(), 'carla', first.approvalId, 'approve')).status, 200);
    await upstream.arrived(1);
    assert.equal((await json<ApprovalDetailView>(await decide(harness(), 'carla', second.approvalId, 'approve'))).status, 'approved');
    const started = performance.now();
    const lapsed = await json<RunView>(await harness().call(`/api/v1/runs/${second.runId}?wait=15`, { user: 'bruno' }));
    const took = performance.now() - started;
    assert.equal(lapsed.status, 'expired');
    assert.equal(lapsed.error?.code, 'approval_lapsed');
    assert.ok(took >= 500 && took < 5000, `lapsed after ${took} ms for a 1 s validity`);
    const view = await json<ApprovalDetailView>(await harness().call(`/api/v1/approvals/${second.approvalId}`, { user: 'carla' }));
    assert.equal(view.status, 'expired');
    assert.equal(view.outcome?.code, 'lapsed');
    assert.equal(view.inputHeld, false);
    upstream.releaseAll();
    assert.equal((await json<RunView>(await harness().call(`/api/v1/runs/${first.runId}?wait=10`, { user: 'bruno' }))).status, 'succeeded');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(upstream.requests.length, 1, 'the lapsed run never reached the upstream');
  });
});
