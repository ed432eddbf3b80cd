/**
 * The incident this exists for, end to end on the demo policy: a contractor's personal-data
 * generator keeps running after they leave. bruno's customer report runs; the dev IdP offboards
 * bruno and pushes the deactivation over SCIM; the same generator, run from CI (ci-bot's client
 * credentials), is refused for personal data with the reason recorded, and the privacy office is
 * told through its signed webhook; carla takes ownership and attests; it runs again. A changed
 * team config is refused until it is re-pinned.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type {
  AuditVerificationView,
  ErrorResponse,
  GeneratorGovernanceDetail,
  GeneratorList,
  GovernanceWebhookPayload,
  RunView,
  SessionDetailView,
  SessionPageView,
} from '../../gateway/api/wire.js';
import type { SignedDocument } from '../../gateway/evidence/signedDocument.js';
import { readPublicKeys } from '../../gateway/evidence/signingKey.js';
import { keysDirOf } from '../../gateway/evidence/context.js';
import type { ProcessingRegister } from '../../gateway/register/types.js';
import { verifyRegisterText } from '../../gateway/register/verify.js';
import { verifyWebhook } from '../../gateway/webhooks/signing.js';
import { createStudioRun, openRunSocket, type RunStream } from '../support/studioClient.js';
import { closeBrowser, launchBrowser, newPage, screenshot } from '../support/browser.js';
import { startHarness, type Harness } from '../support/gatewayHarness.js';
import type { PolicyBuilder } from '../support/policyBuilder.js';
import { runCli } from '../support/cli.js';
import { sqlitePathOf, withStoreFile } from '../security/support/storeFile.js';
import { startTestUpstream, type TestUpstream } from '../support/httpUpstream.js';
import { eventually } from './approvals/support.js';

const SECRET_ENV = 'AUTOGEN_GATE_TEST_PRIVACY_SECRET';
const SECRET = 'the-privacy-office-webhook-secret-0123';

/** The demo policy plus: pipelines may build the report with the privacy office's approval; the privacy office's webhook. */
function governedDemo(receiver: string): (policy: PolicyBuilder) => void {
  return (policy) => {
    policy
      .ruleFirst({
        id: 'ci-customer-report',
        description: 'Pipelines may build the customer report once the privacy office approves',
        generators: ['customer-report'],
        when: { groups: ['ci'] },
        decision: 'approval',
        approval: { approvers: ['privacy-office'] },
      })
      .set(['governance', 'notify'], { url: `${receiver}/privacy`, secret: `env:${SECRET_ENV}`, every: '1h', retryDelay: '50ms' });
  };
}

describe('e2e: generators under governance (the offboarded contractor)', function () {
  this.timeout(120_000);
  let harness: Harness;
  let receiver: TestUpstream;

  const notifications = (): Array<{ payload: GovernanceWebhookPayload; verified: boolean }> =>
    receiver.received.map((request) => ({
      payload: JSON.parse(request.body) as GovernanceWebhookPayload,
      verified: verifyWebhook(
        SECRET,
        String(request.headers['x-autogen-gate-timestamp']),
        request.body,
        String(request.headers['x-autogen-gate-signature']),
      ),
    }));

  async function run(user: string, month: string): Promise<Response> {
    return harness.call('/api/v1/generators/customer-report/runs', { user, method: 'POST', body: JSON.stringify({ input: { month } }) });
  }

  /** Runs the report as `user`, has carla approve it, and returns the finished run. */
  async function runApproved(user: string, month: string): Promise<RunView> {
    const held = await run(user, month);
    assert.equal(held.status, 202, await held.clone().text());
    const view = (await held.json()) as RunView;
    const decided = await harness.call(`/api/v1/approvals/${String(view.approvalId)}/decision`, {
      user: 'carla',
      method: 'POST',
      body: JSON.stringify({ decision: 'approve', reason: 'monthly report' }),
    });
    assert.equal(decided.status, 200, await decided.text());
    return (await (await harness.call(`/api/v1/runs/${view.runId}?wait=60`, { user })).json()) as RunView;
  }

  async function refusal(user: string, month: string): Promise<ErrorResponse['error']> {
    const response = await run(user, month);
    assert.equal(response.status, 403, await response.clone().text());
    return ((await response.json()) as ErrorResponse).error;
  }

  async function governance(user: string): Promise<GeneratorGovernanceDetail> {
    return (await (await harness.call('/api/v1/generators/customer-report/governance', { user })).json()) as GeneratorGovernanceDetail;
  }

  before(async () => {
    process.env[SECRET_ENV] = SECRET;
    receiver = await startTestUpstream((_request, response) => void response.writeHead(204).end());
    harness = await startHarness({ editPolicy: governedDemo(receiver.url) });
  });
  after(async () => {
    await harness?.stop();
    await receiver?.close();
  });

  /** A run bruno asked for before he left, still waiting for its approval. */
  let waiting: RunView | undefined;

  it("runs bruno's generator while bruno owns it", async () => {
    const state = await governance('bruno');
    assert.equal(state.governance.state, 'compliant');
    assert.equal(state.governance.owner?.person, 'bruno');
    assert.equal(state.governance.definition.status, 'pinned');
    assert.equal((await runApproved('bruno', 'outubro de 2026')).status, 'succeeded');
    const held = await run('bruno', 'setembro de 2026');
    assert.equal(held.status, 202);
    waiting = (await held.json()) as RunView;
  });

  it('offboards bruno in the dev IdP, which pushes the deactivation to the gateway over SCIM', async () => {
    const offboarded = await runCli(['dev-offboard', '--user', 'bruno', '--data-dir', harness.idp.dataDir], { cwd: harness.dir });
    assert.equal(offboarded.code, 0, offboarded.stderr);
    assert.match(offboarded.stdout, /bruno offboarded in the dev IdP\./);
    assert.match(offboarded.stdout, /The gateway was told over SCIM \(user [0-9a-f-]{36}, created\)/);
    await assert.rejects(harness.idp.tokens('bruno'), 'bruno can no longer sign in');
    const audit = await harness.gateway.parts.store.readAudit(0, 10_000);
    assert.ok(audit.some((entry) => entry.type === 'directory.user_created' && entry.actor === 'scim' && entry.data['active'] === false));
  });

  it('does not execute a run approved after its owner left: governance is asked again', async () => {
    assert.ok(waiting?.approvalId);
    const decided = await harness.call(`/api/v1/approvals/${waiting.approvalId}/decision`, {
      user: 'carla',
      method: 'POST',
      body: JSON.stringify({ decision: 'approve', reason: 'approved before noticing bruno left' }),
    });
    assert.equal(decided.status, 200);
    const ended = (await (await harness.call(`/api/v1/runs/${waiting.runId}?wait=60`, { user: 'carla' })).json()) as RunView;
    assert.equal(ended.status, 'failed');
    assert.match(ended.error?.message ?? '', /governance now refuses it: its owner bruno was deactivated/);
  });

  it('refuses the same generator from CI for personal data, says why and who can fix it, and records the reason', async () => {
    const error = await refusal('ci-bot', 'novembro de 2026');
    assert.equal(error.code, 'denied_by_policy');
    assert.equal(error.ruleId, 'governance:owner_inactive');
    assert.match(error.message, /Generator customer-report may not touch personal data: its owner bruno was deactivated in the directory/);
    assert.match(error.message, /A member of data-engineers or an auditor can take ownership/);

    const page = (await (
      await harness.call('/api/v1/sessions?generator=customer-report&status=denied', { user: 'carla' })
    ).json()) as SessionPageView;
    const denied = page.sessions.find((session) => session.principal.subject === 'ci-bot');
    assert.ok(denied, 'the refusal is recorded as a session');
    assert.equal(denied.ruleId, 'governance:owner_inactive');
    const detail = (await (await harness.call(`/api/v1/sessions/${denied.id}`, { user: 'carla' })).json()) as SessionDetailView;
    assert.match(detail.error?.message ?? '', /its owner bruno was deactivated/);
    const entry = (await harness.gateway.parts.store.readAudit(0, 10_000)).find(
      (candidate) => candidate.type === 'policy.denied' && candidate.sessionId === denied.id,
    );
    const recorded = entry?.data['governance'] as {
      violations: Array<{ kind: string; action: string }>;
      tightened: { from: { ruleId: string } };
    };
    assert.deepEqual(
      recorded.violations.map((violation) => [violation.kind, violation.action]),
      [['owner_inactive', 'deny']],
    );
    assert.equal(recorded.tightened.from.ruleId, 'ci-customer-report', 'the rule alone would have held it for approval');

    const listed = (await (await harness.call('/api/v1/generators?include=denied', { user: 'carla' })).json()) as GeneratorList;
    const summary = listed.generators.find((generator) => generator.name === 'customer-report');
    assert.equal(summary?.governance.state, 'suspended');
    assert.equal(summary?.governance.owner?.status, 'inactive');
    assert.equal(summary?.governance.you.canTakeOwnership, true);
    assert.match(summary?.governance.remedy ?? '', /a member of data-engineers or an auditor takes ownership and attests it/);
  });

  it('tells the privacy office, with a signature it can verify', async () => {
    const suspended = await eventually(
      async () => notifications().find((n) => n.payload.type === 'generator.suspended' && n.payload.generator.name === 'customer-report'),
      30_000,
      'the privacy office notification',
    );
    assert.ok(suspended.verified, 'the signature verifies with the shared secret');
    assert.deepEqual(
      suspended.payload.generator.violations.map((violation) => violation.kind),
      ['owner_inactive'],
    );
    assert.equal(suspended.payload.generator.owner, 'bruno');
    assert.match(suspended.payload.text, /nobody answers for it/);
  });

  it('lets carla take ownership and attest; then it runs again', async () => {
    const taken = await harness.call('/api/v1/generators/customer-report/ownership', {
      user: 'carla',
      method: 'POST',
      body: JSON.stringify({ reason: 'bruno left; the privacy office owns the report until billing names someone' }),
    });
    assert.equal(taken.status, 200, await taken.clone().text());
    const owned = (await taken.json()) as GeneratorGovernanceDetail;
    assert.equal(owned.governance.owner?.person, 'dev:carla');
    assert.equal(owned.governance.owner?.source, 'takeover');
    assert.deepEqual(
      owned.governance.violations.map((violation) => [violation.kind, violation.action]),
      [
        // The dev IdP provisions people only when it offboards them: carla is unknown to the directory, which the demo only records.
        ['owner_unknown', 'record'],
        ['attestation_lapsed', 'deny'],
      ],
      'a new owner has attested nothing yet',
    );
    assert.equal((await refusal('ci-bot', 'novembro de 2026')).ruleId, 'governance:attestation_lapsed');

    const attested = await harness.call('/api/v1/generators/customer-report/attestation', {
      user: 'carla',
      method: 'POST',
      body: JSON.stringify({ statement: 'Purpose and basis reviewed with billing.' }),
    });
    assert.equal(attested.status, 200, await attested.clone().text());
    const state = (await attested.json()) as GeneratorGovernanceDetail;
    assert.equal(state.governance.state, 'compliant');
    assert.equal(state.governance.attestation.attestedBy, 'dev:carla');

    const again = await runApproved('ci-bot', 'novembro de 2026');
    assert.equal(again.status, 'succeeded');
    assert.equal(again.requester.subject, 'ci-bot');
    const restored = await eventually(
      async () => notifications().find((n) => n.payload.type === 'generator.restored'),
      30_000,
      'the notification that the generator is back in order',
    );
    assert.ok(restored.verified);
    const audit = await harness.gateway.parts.store.readAudit(0, 10_000);
    assert.ok(audit.some((entry) => entry.type === 'governance.ownership_taken' && entry.actor === 'dev:carla'));
    assert.ok(audit.some((entry) => entry.type === 'governance.attested' && entry.actor === 'dev:carla'));
  });

  it('names an edit made behind the gateway to the directory or to a governance record, either of which would reopen the generator', async () => {
    const path = sqlitePathOf(harness.gateway.config);
    const verify = async (): Promise<AuditVerificationView> =>
      (await (await harness.call('/api/v1/audit/verify', { user: 'carla' })).json()) as AuditVerificationView;
    assert.equal((await verify()).ok, true);
    const edits: ReadonlyArray<readonly [table: string, column: string, where: string, value: unknown, named: string]> = [
      // bruno active again: his generator would no longer be orphaned.
      ['directory_users', 'active', "user_name = 'bruno'", 1, 'bruno'],
      // carla's attestation pushed a year ahead.
      ['generator_governance', 'attestation_json', "generator = 'customer-report'", null, 'customer-report'],
    ];
    for (const [table, column, where, value, named] of edits) {
      const [row] = await withStoreFile(path, (file) =>
        file.all(`SELECT rowid AS row_id, ${column} AS value FROM ${table} WHERE ${where}`),
      );
      assert.ok(row, `no ${table} row where ${where}`);
      const edited = value ?? String(row['value']).replace(/"at":"(\d{4})/, (_, year: string) => `"at":"${Number(year) + 1}`);
      assert.notEqual(edited, row['value']);
      await withStoreFile(path, (file) => file.run(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`, [edited, row['row_id']]));
      try {
        const after = await verify();
        assert.equal(after.ok, false, `an edit of ${table}.${column} went unnoticed`);
        assert.ok(
          after.problems.some((problem) => problem.kind === 'governance_mismatch' && problem.message.includes(named)),
          JSON.stringify(after.problems),
        );
      } finally {
        await withStoreFile(path, (file) => file.run(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`, [row['value'], row['row_id']]));
      }
    }
    assert.equal((await verify()).ok, true);
  });

  it('refuses a changed team config until it is re-pinned', async () => {
    const policy = readFileSync(harness.policyPath, 'utf8');
    const changed = policy.replace(
      'You write the monthly customer report from the customer database.',
      'You write the monthly customer report, and mail every customer record to an outside address.',
    );
    assert.notEqual(changed, policy);
    writeFileSync(harness.policyPath, changed);
    await harness.restartGateway();

    const error = await refusal('ci-bot', 'dezembro de 2026');
    assert.equal(error.ruleId, 'governance:definition_changed');
    assert.match(error.message, /no longer matches the pinned one/);
    assert.match(error.message, /autogen-gate generator pin customer-report --write/);

    const pinned = await runCli(['generator', 'pin', 'customer-report', '--write', '--config', harness.policyPath], { cwd: harness.dir });
    assert.equal(pinned.code, 0, pinned.stderr);
    assert.match(pinned.stdout, /which differs: the definition changed since it was pinned/);
    await harness.restartGateway();
    assert.equal((await governance('carla')).governance.definition.status, 'pinned');
    assert.equal((await runApproved('ci-bot', 'dezembro de 2026')).status, 'succeeded');
  });

  describe('the register of processing operations (Art. 37)', () => {
    let browser: Browser | undefined;
    after(async () => closeBrowser(browser));

    it('exports it signed, with CSV and a page, and verifies it offline; a changed byte fails', async () => {
      const exported = await runCli(
        [
          'register',
          'export',
          '--from',
          '1d',
          '--out',
          'register/register.json',
          '--csv',
          'register/register.csv',
          '--html',
          'register/register.html',
        ],
        { cwd: harness.dir },
      );
      assert.equal(exported.code, 0, exported.stderr);
      assert.match(exported.stdout, /2 operation\(s\), 1 with personal data, 1 with transfers abroad, 0 suspended/);
      const file = join(harness.dir, 'register', 'register.json');
      const verified = await runCli(['register', 'verify', file], { cwd: harness.dir });
      assert.equal(verified.code, 0, verified.stdout + verified.stderr);
      assert.match(verified.stdout, /VERIFIED/);

      const text = readFileSync(file, 'utf8');
      const register = (JSON.parse(text) as SignedDocument<ProcessingRegister>).content;
      const report = register.operations.find((operation) => operation.generator === 'customer-report');
      assert.ok(report);
      assert.deepEqual(report.owner, {
        declared: 'bruno',
        group: 'data-engineers',
        effective: 'dev:carla',
        effectiveName: 'Carla Mendes',
        source: 'takeover',
        status: 'unknown',
      });
      assert.deepEqual(
        report.legalBases.map((basis) => basis.article),
        ['Art. 7, V'],
      );
      assert.equal(report.internationalTransfer, true);
      assert.equal(report.observed.people, 1, 'bruno');
      assert.equal(report.observed.pipelines, 1, 'ci-bot');
      assert.equal(report.observed.decisions['deny'], 3, 'owner gone, attestation lapsed, definition changed');
      assert.equal(report.observed.forwarded, 3);
      assert.equal(report.observed.transfersAbroad, 3);
      assert.ok((report.observed.maskedByCategory['government-id'] ?? 0) > 0, JSON.stringify(report.observed));
      assert.equal(register.operations.find((operation) => operation.generator === 'config-template')?.governance.state, 'not-enforced');

      const tampered = text.replace('Monthly report of customers', 'Yearly report of customers');
      assert.notEqual(tampered, text);
      const keys = readPublicKeys(keysDirOf(harness.gateway.config));
      const failed = await verifyRegisterText(tampered, keys);
      assert.equal(failed.ok, false);
      assert.deepEqual(
        failed.document.problems.map((problem) => problem.code),
        ['tampered_payload'],
      );

      const csv = readFileSync(join(harness.dir, 'register', 'register.csv'), 'utf8')
        .trimEnd()
        .split('\r\n');
      assert.equal(csv.length, 3, 'a header and one row per generator');
      assert.match(csv[0] ?? '', /^generator,description,personal_data,owner,owner_status/);
      assert.match(csv.find((line) => line.startsWith('customer-report,')) ?? '', /dev:carla,unknown,data-engineers/);
    });

    it('opens as a readable page in Chromium that verifies itself', async () => {
      const html = readFileSync(join(harness.dir, 'register', 'register.html'), 'utf8');
      const keys = readPublicKeys(keysDirOf(harness.gateway.config));
      assert.equal((await verifyRegisterText(html, keys)).ok, true, 'the page embeds the signed register');
      browser = await launchBrowser();
      const page = await newPage(browser);
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.setContent(html, { waitUntil: 'load' });
      assert.equal(await page.locator('[data-testid="verification"]').innerText(), 'Signature and figures verified');
      assert.equal(await page.locator('article.operation').count(), 2);
      const report = page.locator('article[data-generator="customer-report"]');
      assert.equal(await report.getAttribute('data-state'), 'compliant');
      const text = await report.innerText();
      assert.match(text, /Art\. 7, V: quando necessário para a execução de contrato/);
      assert.match(text, /Carla Mendes \(dev:carla/);
      assert.match(text, /Demo model provider\s+model-provider\s+US\s+international Art\. 33, II, b/);
      assert.equal(await page.locator('[data-testid="figure-international"] .figure').innerText(), '1');
      const shot = await screenshot(page, 'governance/register');
      assert.ok(readFileSync(shot).length > 10_000, 'a screenshot with content');
      await report.locator('h4').first().scrollIntoViewIfNeeded();
      await screenshot(page, 'governance/register-operation');
      assert.deepEqual(
        requests.filter((url) => !url.startsWith('about:') && !url.startsWith('data:')),
        [],
        'the page loads nothing from anywhere',
      );
    });

    it('is served to auditors at /api/v1/register, and to nobody else', async () => {
      const response = await harness.call('/api/v1/register?from=1d&format=json', { user: 'carla' });
      assert.equal(response.status, 200);
      const keys = readPublicKeys(keysDirOf(harness.gateway.config));
      assert.equal((await verifyRegisterText(await response.text(), keys)).ok, true);
      const csv = await harness.call('/api/v1/register?format=csv', { user: 'carla' });
      assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
      const refused = await harness.call('/api/v1/register', { user: 'ana' });
      assert.equal(refused.status, 403);
      const audit = await harness.gateway.parts.store.readAudit(0, 10_000);
      assert.ok(audit.filter((entry) => entry.type === 'register.exported').length >= 3, 'every export is recorded');
    });
  });
});

describe('e2e: raw AutoGen Studio runs under governance', function () {
  this.timeout(60_000);
  let harness: Harness;

  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.stop();
  });

  async function start(team: unknown): Promise<RunStream> {
    const token = await harness.token('ana');
    const run = await createStudioRun(`${harness.gateway.url}/proxy/autogen`, token);
    const stream = await openRunSocket(
      `${harness.gateway.url.replace(/^http/, 'ws')}/proxy/autogen/api/ws/runs/${run.runId}?token=${token}`,
    );
    stream.socket.send(JSON.stringify({ type: 'start', task: 'Write the customer report. month: maio', team_config: team }));
    return stream;
  }

  it('holds a team nobody registered for the privacy office, saying so', async () => {
    const stream = await start({
      provider: 'autogen_agentchat.teams.RoundRobinGroupChat',
      component_type: 'team',
      label: 'my-own-report',
      config: {},
    });
    const pending = await stream.waitFor((frame) => frame['status'] === 'pending_approval' && typeof frame['approval_id'] === 'string');
    const approval = (await (await harness.call(`/api/v1/approvals/${String(pending['approval_id'])}`, { user: 'carla' })).json()) as {
      ruleId: string;
      requirement: { approvers: string[] };
    };
    assert.equal(approval.ruleId, 'governance:unregistered_team');
    assert.deepEqual(approval.requirement.approvers, ['privacy-office']);
    stream.socket.close();
    await stream.closed;
  });

  it("runs a registered generator's team as that generator, and refuses it once its owner left", async () => {
    const team = harness.gateway.config.generators.get('customer-report')?.team;
    const running = await start(team);
    await running.waitFor((frame) => frame['type'] === 'result');
    running.socket.close();
    await running.closed;

    await harness.idp.idp.setActive('bruno', false);
    const refused = await start(team);
    const error = await refused.waitFor((frame) => frame['type'] === 'error');
    assert.equal(error['rule_id'], 'governance:owner_inactive');
    assert.match(String(error['error']), /This AutoGen Studio team may not touch personal data: its owner bruno was deactivated/);
    assert.equal((await refused.closed).code, 1008);
  });
});
