/**
 * Policy what-if against a real store: sessions recorded by the real gateway (generator runs,
 * held and denied runs, model-API calls), then `autogen-gate policy simulate` replays them
 * through drafts and names exactly the sessions whose decision would change.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimulationReport } from '../../gateway/simulation/report.js';
import { runCli } from '../support/cli.js';
import { PolicyBuilder } from '../support/policyBuilder.js';
import { useHarness } from '../support/gatewayHarness.js';

interface Recorded {
  readonly id: string;
  readonly user: string;
  readonly target: string;
}

describe('policy simulate', function () {
  this.timeout(60_000);
  const harness = useHarness();
  const recorded: Recorded[] = [];

  async function run(user: string, generator: string, input: Record<string, unknown>): Promise<void> {
    const response = await harness().call(`/api/v1/generators/${generator}/runs`, {
      user,
      method: 'POST',
      body: JSON.stringify({ input }),
    });
    const body = (await response.json()) as { id?: string; error?: { runId?: string } };
    const sessions = await harness().gateway.parts.store.listSessions({ subject: user, generator, limit: 1 });
    const id = body.id ?? sessions.sessions[0]?.id;
    assert.ok(id, `a session for ${user}'s ${generator}`);
    recorded.push({ id, user, target: `generator:${generator}` });
  }

  async function chat(user: string, model: string): Promise<void> {
    await harness().call('/proxy/model/v1/chat/completions', {
      user,
      method: 'POST',
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Cliente Maria Aparecida dos Santos pediu a segunda via.' }] }),
    });
    const latest = await harness().gateway.parts.store.listSessions({ limit: 1 });
    recorded.push({ id: latest.sessions[0]?.id ?? '', user, target: `model:${model}` });
  }

  /** The policy in force, edited, as a draft file. */
  function writeDraft(name: string, edit: (policy: PolicyBuilder) => void, trailer = ''): string {
    const policy = new PolicyBuilder(readFileSync(harness().policyPath, 'utf8'));
    edit(policy);
    const path = join(harness().dir, name);
    writeFileSync(path, `${policy.toString()}${trailer}`);
    return path;
  }

  function denyDevelopers(policy: PolicyBuilder): void {
    policy.rule('developers-config-template', { decision: 'deny' });
  }

  async function simulate(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return runCli(['policy', 'simulate', ...args, '--config', harness().policyPath], { cwd: harness().dir });
  }

  before(async () => {
    await run('ana', 'config-template', { service: 'payments-api' });
    await run('bruno', 'config-template', { service: 'billing' });
    await run('ci-bot', 'config-template', { service: 'ledger' });
    await run('ana', 'config-template', { service: 'search', environment: 'production' });
    await run('bruno', 'customer-report', { month: 'novembro de 2026' });
    await run('ana', 'customer-report', { month: 'novembro de 2026' });
    await chat('ana', 'demo-echo');
    await chat('ana', 'gpt-4o');
  });

  it('lists exactly the sessions a draft rule would deny, with the deciding rule in each policy', async () => {
    const draft = writeDraft('deny-developers.yaml', denyDevelopers);
    const auditBefore = (await harness().gateway.parts.store.readAudit(0, 100_000)).length;
    const sessionsBefore = (await harness().gateway.parts.store.listSessions({ limit: 1000 })).sessions.length;

    const result = await simulate([draft, '--since', '1h', '--json']);
    assert.equal(result.code, 9, result.stderr);
    const report = JSON.parse(result.stdout) as SimulationReport;
    const developers = recorded.filter((r) => r.target === 'generator:config-template' && r.user !== 'ci-bot').map((r) => r.id);
    assert.deepEqual(new Set(report.changes.map((call) => call.id)), new Set(developers));
    assert.equal(report.changed, 3);
    assert.deepEqual(report.transitions, [{ from: 'allow', to: 'deny', count: 3 }]);
    for (const call of report.changes) {
      assert.deepEqual([call.current.effect, call.current.ruleId], ['allow', 'developers-config-template']);
      assert.deepEqual([call.draft.effect, call.draft.ruleId], ['deny', 'developers-config-template']);
      assert.deepEqual(call.target, { kind: 'generator', name: 'config-template', model: null, codeExecution: false, stream: false });
    }
    assert.equal(report.sessions.total, recorded.length);
    assert.equal(report.sessions.replayed, recorded.length);
    const target = report.targets.find((t) => t.name === 'config-template');
    assert.deepEqual(target && [target.replayed, target.changed, target.transitions], [4, 3, { 'allow→deny': 3 }]);

    // Nothing was written but the one entry that says a simulation ran.
    const audit = await harness().gateway.parts.store.readAudit(0, 100_000);
    assert.equal(audit.length, auditBefore + 1);
    const entry = audit[audit.length - 1];
    assert.equal(entry?.type, 'policy.simulated');
    assert.match(entry?.actor ?? '', /^cli:/);
    assert.deepEqual(entry?.data['transitions'], { 'allow→deny': 3 });
    assert.equal((entry?.data['draft'] as { file: string }).file, 'deny-developers.yaml');
    assert.match((entry?.data['draft'] as { version: string }).version, /^[0-9a-f]{64}$/);
    assert.equal((await harness().gateway.parts.store.listSessions({ limit: 1000 })).sessions.length, sessionsBefore);
  });

  it('says so in words, rule by rule and session by session', async () => {
    const draft = writeDraft('deny-developers-text.yaml', denyDevelopers);
    const result = await simulate([draft, '--since', '1h']);
    assert.equal(result.code, 9);
    assert.match(result.stdout, /3 sessions would be decided differently:\n {2}allowed now, denied by the draft {2}3\n/);
    assert.match(result.stdout, /developers-config-template +3 +3 +3 +3\n/);
    for (const { id } of recorded.filter((r) => r.target === 'generator:config-template' && r.user !== 'ci-bot'))
      assert.match(
        result.stdout,
        new RegExp(
          `${id.slice(0, 8)} .* generator config-template +allow by developers-config-template +deny by developers-config-template`,
        ),
      );
    const ci = recorded.find((r) => r.user === 'ci-bot');
    assert.ok(ci && !result.stdout.includes(ci.id.slice(0, 8)), 'the pipeline run is not listed');
  });

  it('writes the same report as one HTML page with --html', async () => {
    const draft = writeDraft('deny-developers-html.yaml', denyDevelopers);
    const result = await simulate([draft, '--since', '1h', '--html', 'simulation.html']);
    assert.equal(result.code, 9, result.stderr);
    const page = readFileSync(join(harness().dir, 'simulation.html'), 'utf8');
    assert.match(page, /<p class="verdict changes" id="verdict">3 sessions would be decided differently\.<\/p>/);
    assert.match(page, /<td>allowed now, denied by the draft<\/td><td>3<\/td>/);
    const changes = page.slice(page.indexOf('<table id="changes">'), page.indexOf('</table>', page.indexOf('<table id="changes">')));
    for (const { id } of recorded.filter((r) => r.target === 'generator:config-template' && r.user !== 'ci-bot'))
      assert.ok(changes.includes(`<td>${id}</td>`), id);
    assert.equal((changes.match(/<tr>/g) ?? []).length, 4, 'a header and the three sessions');
    assert.doesNotMatch(page, /<script/);
    assert.match(page, /Content-Security-Policy" content="default-src 'none'/);
    const unwritable = await simulate([draft, '--since', '1h', '--html', join(harness().dir, 'missing-dir', 'x.html')]);
    assert.equal(unwritable.code, 1);
    assert.match(unwritable.stderr, /could not write the HTML report to .*missing-dir/);
  });

  it('moves held and denied runs, and model calls, by the rules that decide them', async () => {
    const draft = writeDraft('loosen.yaml', (policy) =>
      policy
        // The customer report no longer waits for the privacy office, and anyone may ask for it.
        .rule('customer-report-privacy-approval', { decision: 'allow', approval: undefined })
        .rule('customer-report-data-engineers-only', { decision: 'allow' })
        // No model but demo-report for developers.
        .rule('developers-demo-models', { models: ['demo-report'] }),
    );
    const result = await simulate([draft, '--since', '1h', '--json']);
    assert.equal(result.code, 9, result.stderr);
    const report = JSON.parse(result.stdout) as SimulationReport;
    const changed = new Map(
      report.changes.map((call) => [call.id, `${call.current.effect}:${call.current.ruleId}→${call.draft.effect}:${call.draft.ruleId}`]),
    );
    const byUser = (user: string, target: string): string => recorded.find((r) => r.user === user && r.target === target)?.id ?? '';
    assert.equal(
      changed.get(byUser('bruno', 'generator:customer-report')),
      'approval:customer-report-privacy-approval→allow:customer-report-privacy-approval',
    );
    assert.equal(
      changed.get(byUser('ana', 'generator:customer-report')),
      'deny:customer-report-data-engineers-only→allow:customer-report-data-engineers-only',
    );
    assert.equal(changed.get(byUser('ana', 'model:demo-echo')), 'allow:developers-demo-models→deny:no-other-models');
    assert.equal(changed.size, 3, 'the gpt-4o call stays denied and config-template stays allowed');
    const echo = report.changes.find((call) => call.id === byUser('ana', 'model:demo-echo'));
    assert.deepEqual(echo?.target, { kind: 'upstream', name: 'model', model: 'demo-echo', codeExecution: false, stream: false });
    const rule = report.rules.find((r) => r.ruleId === 'no-other-models');
    assert.deepEqual(rule && [rule.current, rule.draft, rule.changedFrom, rule.changedTo], [1, 2, 0, 1]);
  });

  it('judges a draft registry as the gate would: a re-pinned definition denies the personal-data runs', async () => {
    const draft = writeDraft('repinned.yaml', (policy) =>
      policy.change(['generators', 'customer-report', 'pinned'], `sha256:${'0'.repeat(64)}`),
    );
    const result = await simulate([draft, '--since', '1h', '--json']);
    assert.equal(result.code, 9, result.stderr);
    const report = JSON.parse(result.stdout) as SimulationReport;
    const bruno = recorded.find((r) => r.user === 'bruno' && r.target === 'generator:customer-report')?.id;
    assert.deepEqual(
      report.changes.map((call) => [call.id, `${call.current.effect}:${call.current.ruleId}→${call.draft.effect}:${call.draft.ruleId}`]),
      [[bruno, 'approval:customer-report-privacy-approval→deny:governance:definition_changed']],
      "ana's run stays denied by its rule, and config-template touches no personal data",
    );
    const change = report.changes[0];
    assert.match(change?.draft.reason ?? '', /no longer matches the pinned one/);
    assert.ok(
      change?.notes.some((note) => /governance .* assessed as it stands now/.test(note)),
      JSON.stringify(change?.notes),
    );
  });

  it('keeps to one generator with --generator, and exits 0 when nothing would change', async () => {
    const same = writeDraft('same.yaml', () => undefined, '\n# reviewed, unchanged\n');
    const result = await simulate([same, '--from', '1h', '--generator', 'customer-report', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as SimulationReport;
    assert.equal(report.sessions.total, 2);
    assert.equal(report.changed, 0);
    const text = await simulate([same, '--since', '1h']);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /Nothing would change: the draft decides every replayed session as the policy in force does\./);
  });

  it('refuses a malformed draft with the loader’s own error, and records nothing', async () => {
    const draft = writeDraft('broken.yaml', (policy) => policy.change(['rules', 3, 'decision'], 'maybe'));
    const auditBefore = (await harness().gateway.parts.store.readAudit(0, 100_000)).length;
    const result = await simulate([draft, '--since', '1h']);
    const validate = await runCli(['policy', 'validate', '--config', draft]);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, validate.stderr);
    assert.match(result.stderr, /broken\.yaml is not a valid AutoGen Gate policy \(1 problem\):\n {2}- line \d+: rules\[3\]\.decision: /);
    assert.equal((await harness().gateway.parts.store.readAudit(0, 100_000)).length, auditBefore);
  });

  it('refuses unclear periods and unknown generators as usage errors', async () => {
    const same = writeDraft('same-again.yaml', () => undefined);
    assert.equal((await simulate([same, '--since', '1h', '--from', '2h'])).code, 2);
    const typo = await simulate([same, '--generator', 'costumer-report']);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /Did you mean customer-report\?/);
    const period = await simulate([same, '--from', 'yesterday']);
    assert.equal(period.code, 2);
    assert.match(period.stderr, /from must be an ISO date/);
  });
});
