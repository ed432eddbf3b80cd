/**
 * Evidence end to end (issue 5): the real dev IdP, the demo AutoGen runtime and the gateway with
 * its modules on a real SQLite file. What ana, bruno and carla did becomes a signed bundle that
 * verifies with the keys the gateway publishes; the privacy office (carla) answers a data
 * subject; the chain verifies while the gateway runs; the scheduled purge runs on its own.
 */
import { strict as assert } from 'node:assert';
import type { AuditVerificationView, ErrorResponse, RetentionPurgeView, RunView } from '../../gateway/api/wire.js';
import { demoCustomers } from '../../gateway/dev/demoRuntime/demoData.js';
import { evidenceModule } from '../../gateway/evidence/module.js';
import { parseJwks } from '../../gateway/evidence/signingKey.js';
import type { SignedDocument } from '../../gateway/evidence/signedDocument.js';
import type { EvidenceBundle } from '../../gateway/evidence/types.js';
import { verifyBundleText } from '../../gateway/evidence/verifyBundle.js';
import { retentionModule, type RetentionHandle } from '../../gateway/retention/module.js';
import type { SubjectReport } from '../../gateway/subjects/types.js';
import { startHarness, type Harness } from '../support/gatewayHarness.js';
import { cli, TestClock } from '../gateway/evidence/support.js';

const REPORT = '/api/v1/generators/customer-report/runs';
const TEMPLATE = '/api/v1/generators/config-template/runs';

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('e2e: evidence for the privacy office (demo policy)', function () {
  this.timeout(90_000);
  let harness: Harness;
  let reportRun: RunView;
  let templateRun: RunView;

  before(async () => {
    harness = await startHarness();
    templateRun = await json<RunView>(
      await harness.call(TEMPLATE, { user: 'ana', method: 'POST', body: JSON.stringify({ input: { service: 'billing' } }) }),
    );
    assert.equal(templateRun.status, 'succeeded');
    assert.equal(
      (await harness.call(REPORT, { user: 'ana', method: 'POST', body: JSON.stringify({ input: { month: 'novembro' } }) })).status,
      403,
    );
    const held = await json<RunView>(
      await harness.call(REPORT, { user: 'bruno', method: 'POST', body: JSON.stringify({ input: { month: 'novembro de 2026' } }) }),
    );
    assert.equal(held.status, 'pending_approval');
    const decided = await harness.call(`/api/v1/approvals/${held.approvalId}/decision`, {
      user: 'carla',
      method: 'POST',
      body: JSON.stringify({ decision: 'approve', reason: 'Monthly collections; purpose checked.' }),
    });
    assert.equal(decided.status, 200, await decided.clone().text());
    reportRun = await json<RunView>(await harness.call(`/api/v1/runs/${held.runId}?wait=20`, { user: 'bruno' }));
    assert.equal(reportRun.status, 'succeeded');
    await eventually(async () =>
      (await harness.gateway.parts.store.readAudit(0, 10_000)).some((e) => e.type === 'approval.executed') ? true : undefined,
    );
  });
  after(async () => {
    await harness?.stop();
  });

  it('publishes its evidence keys, and a bundle from the API verifies with them', async () => {
    const keysResponse = await fetch(`${harness.gateway.url}/.well-known/jwks.json`);
    assert.equal(keysResponse.status, 200);
    const jwks = parseJwks(await keysResponse.text(), 'jwks');
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0]?.d, undefined, 'never the private part');

    const response = await harness.call('/api/v1/evidence?from=1h', { user: 'carla' });
    assert.equal(response.status, 200, await response.clone().text());
    assert.match(response.headers.get('content-disposition') ?? '', /^attachment; filename="evidence-.*\.json"$/);
    const text = await response.text();
    const result = await verifyBundleText(text, jwks);
    assert.equal(result.ok, true, JSON.stringify([...result.document.problems, ...result.problems]));
    const bundle = (JSON.parse(text) as SignedDocument<EvidenceBundle>).content;

    assert.deepEqual(bundle.summary.decisions, { allow: 1, approval: 1, deny: 1 });
    const report = bundle.sessions.find((s) => s.id === reportRun.runId);
    assert.equal(report?.decision.ruleId, 'customer-report-privacy-approval');
    assert.equal(report?.status, 'succeeded');
    const approval = bundle.approvals.find((a) => a.sessionId === reportRun.runId);
    assert.equal(approval?.status, 'executed');
    assert.deepEqual(approval?.decidedBy, ['dev:carla']);
    assert.equal(approval?.requester, 'dev:bruno');
    assert.ok(bundle.maskingEvents.filter((e) => e.sessionId === reportRun.runId && e.detector === 'cpf').length >= 6);
    for (const customer of demoCustomers(6)) assert.equal(text.includes(customer.cpf), false, `${customer.cpf} is in the bundle`);
    assert.equal(bundle.policyVersions[0]?.version, harness.gateway.config.source.version);
    assert.equal(bundle.chain.verification.ok, true);
    assert.equal(bundle.chain.checkpoint?.reason, 'start', 'the gateway signed its head at start');
  });

  it("lets everyone export their own session and only auditors a period or others' sessions", async () => {
    const period = await harness.call('/api/v1/evidence?from=1h', { user: 'ana' });
    assert.equal(period.status, 403);
    assert.equal((await json<ErrorResponse>(period)).error.code, 'forbidden');
    const own = await harness.call(`/api/v1/evidence?session=${templateRun.runId}`, { user: 'ana' });
    assert.equal(own.status, 200);
    assert.equal((JSON.parse(await own.text()) as SignedDocument<EvidenceBundle>).content.sessions[0]?.id, templateRun.runId);
    assert.equal((await harness.call(`/api/v1/evidence?session=${reportRun.runId}`, { user: 'ana' })).status, 404);
    assert.equal((await harness.call('/api/v1/evidence?from=yesterday', { user: 'carla' })).status, 400);
    assert.equal((await harness.call('/api/v1/evidence?from=1h')).status, 401);
  });

  it('answers the readable report as HTML, embedding the same signed bundle', async () => {
    const response = await harness.call('/api/v1/evidence?from=1h&format=html', { user: 'carla' });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    const html = await response.text();
    assert.match(html, /<svg class="chart" id="chart-masked"/);
    const jwks = parseJwks(await (await fetch(`${harness.gateway.url}/.well-known/jwks.json`)).text(), 'jwks');
    assert.equal((await verifyBundleText(html, jwks)).ok, true);
  });

  it('verifies the live chain through the API and the CLI while the gateway runs', async () => {
    const view = await json<AuditVerificationView>(await harness.call('/api/v1/audit/verify', { user: 'carla' }));
    assert.equal(view.ok, true, JSON.stringify(view.problems));
    assert.ok(view.entries > 10);
    assert.ok(view.checkpoints >= 1);
    assert.ok(view.sessionsChecked >= 3);
    assert.equal((await harness.call('/api/v1/audit/verify', { user: 'bruno' })).status, 403);
    const result = await cli(['audit', 'verify', '--config', harness.policyPath], harness.dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /: OK\n/);
  });

  it('looks a data subject up for the privacy office, recording the look-up without the value', async () => {
    const person = demoCustomers(6)[2];
    assert.ok(person);
    const denied = await harness.call('/api/v1/subjects/lookup', {
      user: 'bruno',
      method: 'POST',
      body: JSON.stringify({ cpf: person.cpf }),
    });
    assert.equal(denied.status, 403);
    const response = await harness.call('/api/v1/subjects/lookup', {
      user: 'carla',
      method: 'POST',
      body: JSON.stringify({ cpf: person.cpf, reference: 'titular-2026-7' }),
    });
    assert.equal(response.status, 200, await response.clone().text());
    const text = await response.text();
    assert.equal(text.includes(person.cpf), false);
    const report = (JSON.parse(text) as SignedDocument<SubjectReport>).content;
    assert.deepEqual(
      report.matches.map((m) => m.sessionId),
      [reportRun.runId],
    );
    assert.equal(report.matches[0]?.generator, 'customer-report');
    const entries = await harness.gateway.parts.store.readAudit(0, 10_000);
    const lookup = entries.filter((e) => e.type === 'subject.lookup').pop();
    assert.equal(lookup?.actor, 'dev:carla');
    assert.equal(lookup?.data['reference'], 'titular-2026-7');
    assert.equal(JSON.stringify(lookup?.data).includes(person.cpf.replace(/\D/g, '')), false);
    const nobody = await json<SignedDocument<SubjectReport>>(
      await harness.call('/api/v1/subjects/lookup', {
        user: 'carla',
        method: 'POST',
        body: JSON.stringify({ email: 'ninguem@exemplo.com.br' }),
      }),
    );
    assert.equal(nobody.content.matches.length, 0);
  });

  it('plans and runs a purge for auditors', async () => {
    const plan = await json<RetentionPurgeView>(await harness.call('/api/v1/retention/plan', { user: 'carla' }));
    assert.equal(plan.dryRun, true);
    assert.deepEqual(
      plan.scopes.map((s) => `${s.scope} ${s.payloadsPeriod}/${s.metadataPeriod}`),
      ['default 30d/1825d', 'generator:customer-report 7d/1825d'],
    );
    const later = await json<RetentionPurgeView>(
      await harness.call(`/api/v1/retention/plan?asOf=${new Date(Date.now() + 8 * 86_400_000).toISOString()}`, { user: 'carla' }),
    );
    // After 7 days: bruno's report and the input of ana's refused request; the template's body stays 30 days.
    assert.equal(later.scopes.find((s) => s.scope === 'generator:customer-report')?.payloads.count, 2);
    assert.equal(later.scopes.find((s) => s.scope === 'default')?.payloads.count, 0);
    assert.equal((await harness.call('/api/v1/retention/purge', { user: 'ana', method: 'POST', body: '{}' })).status, 403);
    const purge = await json<RetentionPurgeView>(
      await harness.call('/api/v1/retention/purge', { user: 'carla', method: 'POST', body: '{}' }),
    );
    assert.equal(purge.dryRun, false);
    assert.equal(purge.totals.payloads, 0);
    assert.ok(purge.entry, 'an on-demand purge is recorded even when nothing expired');
  });
});

describe('e2e: the scheduled purge (frozen clock)', function () {
  this.timeout(60_000);
  let harness: Harness;
  const clock = new TestClock(new Date());
  const handle: RetentionHandle = { service: undefined, scheduled: [] };

  before(async () => {
    harness = await startHarness({
      clock: clock.now,
      editPolicy: (policy) => policy.change(['retention', 'purge', 'every'], '150ms'),
      modules: [retentionModule(handle), evidenceModule()],
    });
  });
  after(async () => {
    await harness?.stop();
  });

  it('purges expired payloads on its own, records it, and the chain still verifies', async () => {
    const run = await json<RunView>(
      await harness.call(TEMPLATE, { user: 'ana', method: 'POST', body: JSON.stringify({ input: { service: 'billing' } }) }),
    );
    assert.equal(run.status, 'succeeded');
    assert.ok((await harness.gateway.parts.store.getSession(run.runId))?.response?.body);
    clock.advance(31 * 86_400_000);
    const purged = await eventually(async () => handle.scheduled.find((report) => report.totals.payloads > 0));
    assert.equal(purged.trigger, 'schedule');
    assert.equal(purged.totals.payloads, 1);
    const session = await harness.gateway.parts.store.getSession(run.runId);
    assert.equal(session?.response?.body, null);
    assert.equal(session?.status, 'succeeded', 'the metadata stays');
    const entry = (await harness.gateway.parts.store.readAudit(0, 10_000)).find((e) => e.type === 'retention.purged');
    assert.equal(entry?.actor, 'gateway');
    assert.equal(entry?.data['trigger'], 'schedule');
    const verification = await json<AuditVerificationView>(await harness.call('/api/v1/audit/verify', { user: 'carla' }));
    assert.equal(verification.ok, true, JSON.stringify(verification.problems));
  });
});
