import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { runCli } from '../../support/cli.js';

describe('autogen-gate policy', () => {
  it('check explains why ana may not run customer-report, rule by rule', async () => {
    const run = await runCli(['policy', 'check', '--user', 'ana', '--generator', 'customer-report']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Decision: DENY by rule customer-report-data-engineers-only/);
    assert.match(run.stdout, /customer-report-privacy-approval: caller is in none of the groups data-engineers/);
    assert.match(run.stdout, /developers-config-template: does not cover generator customer-report/);
    assert.match(
      run.stdout,
      /Would let you through:\n {2}- rule customer-report-privacy-approval would hold it for approval by one member of privacy-office if you were in data-engineers\n/,
    );
  });

  it("check shows who must approve bruno's customer-report and for how long", async () => {
    const run = await runCli(['policy', 'check', '--user', 'bruno', '--generator', 'customer-report']);
    assert.match(run.stdout, /Decision: APPROVAL by rule customer-report-privacy-approval/);
    assert.match(run.stdout, /Approval: by any member of privacy-office; request expires after 1d, approval valid 1h/);
  });

  it('check works for any caller described by groups and claims, as JSON', async () => {
    const run = await runCli([
      'policy',
      'check',
      '--user',
      'repo:org/app',
      '--group',
      'ci',
      '--kind',
      'pipeline',
      '--generator',
      'config-template',
      '--json',
    ]);
    const result = JSON.parse(run.stdout) as { decision: { effect: string; ruleId: string } };
    assert.deepEqual(result.decision, { ...result.decision, effect: 'allow', ruleId: 'ci-config-template' });
  });

  it('check refuses unclear questions with usage errors', async () => {
    assert.equal((await runCli(['policy', 'check', '--user', 'ana'])).code, 2);
    const typo = await runCli(['policy', 'check', '--user', 'ana', '--generator', 'costumer-report']);
    assert.equal(typo.code, 2);
    assert.match(
      typo.stderr,
      /There is no generator named costumer-report\. Did you mean customer-report\? Known: config-template, customer-report\./,
    );
    const unknown = await runCli(['policy', 'check', '--user', 'zeca', '--generator', 'config-template']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /unknown user zeca/);
  });

  it('validate reports a valid file, and a missing one clearly', async () => {
    const ok = await runCli(['policy', 'validate']);
    assert.match(ok.stdout, /autogen-gate\.yaml is valid .* 2 generator\(s\), 9 rule\(s\)/);
    const missing = await runCli(['policy', 'validate', '--config', 'nope.yaml']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no policy file at .*nope\.yaml \(from --config\)/);
  });
});

describe('autogen-gate config', () => {
  it('the committed JSON Schema and configuration reference match the code', async () => {
    const schema = await runCli(['config', 'schema']);
    assert.equal(
      readFileSync('autogen-gate.schema.json', 'utf8'),
      schema.stdout,
      'run: node bin/autogen-gate.js config schema > autogen-gate.schema.json',
    );
    const docs = await runCli(['config', 'docs']);
    assert.equal(
      readFileSync('docs/configuration.md', 'utf8'),
      docs.stdout,
      'run: node bin/autogen-gate.js config docs > docs/configuration.md',
    );
  });
});
