/**
 * What stands between an approval and the upstream, tested through the real gateway: a held
 * input altered in the store is refused (binding), a policy that changed meanwhile is obeyed, a
 * stop in the middle of an execution never runs it twice, and many approvers racing give one
 * decision. Extra approvers carry tokens signed by the dev IdP's own key (test support's `sign`),
 * verified by the gateway like any other.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { decodeJwt } from 'jose';
import sqlite3 from 'sqlite3';
import type { ApprovalDetailView, ErrorResponse, RunView } from '../../../gateway/api/wire.js';
import { useHarness, type Harness } from '../../support/gatewayHarness.js';
import { REGISTRATION } from '../../support/registration.js';
import { slowReportApproval, startGatedUpstream, type GatedUpstream } from './support.js';
import { sqliteFileOf } from '../../support/storeFile.js';

const REPORT = '/api/v1/generators/customer-report/runs';

async function ask(harness: Harness, month: string, path = REPORT): Promise<RunView & { approvalId: string }> {
  const response = await harness.call(path, { user: 'bruno', method: 'POST', body: JSON.stringify({ input: { month } }) });
  assert.equal(response.status, 202, await response.clone().text());
  return (await response.json()) as RunView & { approvalId: string };
}

async function approveAs(harness: Harness, token: string, approvalId: string): Promise<Response> {
  return fetch(`${harness.gateway.url}/api/v1/approvals/${approvalId}/decision`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ decision: 'approve', reason: 'Purpose checked.' }),
  });
}

async function finalRun(harness: Harness, runId: string): Promise<RunView> {
  return (await (await harness.call(`/api/v1/runs/${runId}?wait=20`, { user: 'bruno' })).json()) as RunView;
}

/** Runs SQL on the gateway's database from outside, as someone with write access to the file would. */
async function tamper(harness: Harness, sql: string, params: readonly unknown[]): Promise<void> {
  const db = new sqlite3.Database(sqliteFileOf(harness.gateway.config.store));
  try {
    await new Promise<void>((resolve, reject) => db.run(sql, params, (error) => (error ? reject(error) : resolve())));
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

/** A privacy-office member the dev IdP does not list, with a token signed by the IdP's key. */
async function extraApprover(harness: Harness, name: string): Promise<string> {
  const carla = decodeJwt(await harness.token('carla'));
  return harness.idp.sign({
    ...carla,
    sub: name,
    preferred_username: name,
    name: `Approver ${name}`,
    email: `${name}@autogen-gate.dev`,
    jti: `${name}-${Date.now()}`,
  });
}

describe('approvals: binding and policy are re-checked before execution', function () {
  this.timeout(60_000);
  const harness = useHarness();

  it('refuses to execute when the held input was swapped in the store', async () => {
    const before = harness().runtime.stats.byTeam['customer-report'] ?? 0;
    const victim = await ask(harness(), 'novembro de 2026');
    const other = await ask(harness(), 'dezembro de 2026');
    await tamper(harness(), 'UPDATE approvals SET input_sealed = (SELECT input_sealed FROM approvals WHERE id = ?) WHERE id = ?', [
      other.approvalId,
      victim.approvalId,
    ]);
    assert.equal(
      (
        await harness().call(`/api/v1/approvals/${victim.approvalId}/decision`, {
          user: 'carla',
          method: 'POST',
          body: JSON.stringify({ decision: 'approve', reason: 'ok' }),
        })
      ).status,
      200,
    );
    const run = await finalRun(harness(), victim.runId);
    assert.equal(run.status, 'failed');
    assert.equal(run.error?.code, 'binding_mismatch');
    const approval = (await (
      await harness().call(`/api/v1/approvals/${victim.approvalId}`, { user: 'carla' })
    ).json()) as ApprovalDetailView;
    assert.equal(approval.status, 'aborted');
    assert.equal(approval.outcome?.code, 'binding_mismatch');
    assert.equal(harness().runtime.stats.byTeam['customer-report'] ?? 0, before, 'nothing reached the upstream');
    const entries = await harness().gateway.parts.store.readAudit(0, 100_000);
    assert.ok(entries.some((entry) => entry.type === 'approval.aborted' && entry.sessionId === victim.runId));
  });

  it("refuses to execute when the approval was re-pointed at another request's hash", async () => {
    const victim = await ask(harness(), 'janeiro de 2027');
    const other = await ask(harness(), 'fevereiro de 2027');
    await tamper(
      harness(),
      'UPDATE approvals SET binding_hash = (SELECT binding_hash FROM approvals WHERE id = ?), input_sealed = (SELECT input_sealed FROM approvals WHERE id = ?) WHERE id = ?',
      [other.approvalId, other.approvalId, victim.approvalId],
    );
    await harness().call(`/api/v1/approvals/${victim.approvalId}/decision`, {
      user: 'carla',
      method: 'POST',
      body: JSON.stringify({ decision: 'approve', reason: 'ok' }),
    });
    const run = await finalRun(harness(), victim.runId);
    assert.equal(run.status, 'failed');
    assert.equal(run.error?.code, 'binding_mismatch');
  });

  it('obeys a policy that changed between the request and the approval', async () => {
    const before = harness().runtime.stats.byTeam['customer-report'] ?? 0;
    const pending = await ask(harness(), 'março de 2027');
    const original = readFileSync(harness().policyPath, 'utf8');
    try {
      // The approval rule no longer covers data engineers: the next rule denies bruno.
      writeFileSync(
        harness().policyPath,
        original.replace(
          'when: { groups: [data-engineers] }\n    decision: approval',
          'when: { groups: [nobody] }\n    decision: approval',
        ),
      );
      await harness().restartGateway();
      await harness().call(`/api/v1/approvals/${pending.approvalId}/decision`, {
        user: 'carla',
        method: 'POST',
        body: JSON.stringify({ decision: 'approve', reason: 'ok' }),
      });
      const run = await finalRun(harness(), pending.runId);
      assert.equal(run.status, 'failed');
      assert.equal(run.error?.code, 'policy_changed');
      assert.equal(harness().runtime.stats.byTeam['customer-report'] ?? 0, before);
    } finally {
      writeFileSync(harness().policyPath, original);
      await harness().restartGateway();
    }
  });
});

describe('approvals: many approvers racing', function () {
  this.timeout(90_000);
  const harness = useHarness({
    editPolicy: (policy) => policy.ruleApproval('customer-report-privacy-approval', { quorum: 3 }),
  });

  it('eight approvers at once on a quorum of 3: exactly three votes count, one execution, the rest 409', async () => {
    const tokens = await Promise.all(
      ['diego', 'elisa', 'fabio', 'gabi', 'heitor', 'iris', 'joao', 'karen'].map((name) => extraApprover(harness(), name)),
    );
    for (let round = 0; round < 3; round++) {
      const before = harness().runtime.stats.byTeam['customer-report'] ?? 0;
      const pending = await ask(harness(), `mês ${round + 1}`);
      const responses = await Promise.all(tokens.map((token) => approveAs(harness(), token, pending.approvalId)));
      const statuses = responses.map((response) => response.status);
      assert.equal(statuses.filter((status) => status === 200).length, 3, `round ${round}: ${statuses.join(', ')}`);
      assert.equal(statuses.filter((status) => status === 409).length, 5);
      for (const response of responses.filter((r) => r.status === 409))
        assert.equal(((await response.json()) as ErrorResponse).error.code, 'approval_closed');
      const run = await finalRun(harness(), pending.runId);
      assert.equal(run.status, 'succeeded');
      assert.equal(harness().runtime.stats.byTeam['customer-report'] ?? 0, before + 1);
      const approval = (await (
        await harness().call(`/api/v1/approvals/${pending.approvalId}`, { user: 'carla' })
      ).json()) as ApprovalDetailView;
      assert.equal(approval.votes.length, 3);
      assert.equal(new Set(approval.votes.map((vote) => vote.approver.subject)).size, 3);
      const entries = (await harness().gateway.parts.store.readAudit(0, 100_000)).filter((entry) => entry.sessionId === pending.runId);
      assert.equal(entries.filter((entry) => entry.type === 'approval.approved').length, 1);
      assert.equal(entries.filter((entry) => entry.type === 'approval.execution_started').length, 1);
    }
  });
});

describe('approvals: a stop during execution', function () {
  this.timeout(60_000);
  let upstream: GatedUpstream;

  before(async () => {
    upstream = await startGatedUpstream();
  });
  const harness = useHarness(() => ({
    editPolicy: (policy) =>
      policy
        .set(['server', 'shutdownGrace'], '300ms')
        .upstream('slow', { type: 'http', url: upstream.url })
        .generator('slow-report', { upstream: 'slow', personalData: true, ...REGISTRATION })
        .ruleFirst(slowReportApproval()),
    pin: ['slow-report'],
  }));
  after(async () => {
    await upstream?.close();
  });

  it('records an interrupted execution as interrupted at the next start and never runs it again', async () => {
    const pending = await ask(harness(), 'abril', '/api/v1/generators/slow-report/runs');
    await harness().call(`/api/v1/approvals/${pending.approvalId}/decision`, {
      user: 'carla',
      method: 'POST',
      body: JSON.stringify({ decision: 'approve', reason: 'ok' }),
    });
    await upstream.arrived(1);
    await harness().restartGateway();
    const run = (await (await harness().call(`/api/v1/runs/${pending.runId}`, { user: 'bruno' })).json()) as RunView;
    assert.equal(run.status, 'interrupted');
    assert.equal(run.error?.code, 'interrupted');
    const approval = (await (
      await harness().call(`/api/v1/approvals/${pending.approvalId}`, { user: 'carla' })
    ).json()) as ApprovalDetailView;
    assert.equal(approval.status, 'aborted');
    assert.equal(approval.outcome?.code, 'interrupted');
    upstream.releaseAll();
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(upstream.requests.length, 1, 'executed at most once');
  });
});
