import { strict as assert } from 'node:assert';
import type { GeneratorSummary } from '../../../gateway/api/wire.js';
import { ExitCode } from '../../../gateway/cli/exitCodes.js';
import { startHarness, useHarness } from '../../support/gatewayHarness.js';
import { cliAs } from './support.js';

describe('autogen-gate generators', function () {
  this.timeout(60_000);
  const harness = useHarness();
  const cli = cliAs(harness);

  it('shows ana what she may run with its input, and why not the customer report', async () => {
    const run = await cli('ana', ['generators']);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.match(run.stdout, /^As Ana Souza \(ana; groups: developers\):/);
    assert.match(
      run.stdout,
      /config-template {2}now {3}developers-config-template {2}service: string, environment\?: "development" \| "staging" \| "production"\n/,
    );
    assert.match(
      run.stdout,
      /Not for you:\n {2}customer-report: denied by rule customer-report-data-engineers-only\.\n {4}Rule customer-report-privacy-approval would hold it for approval by one member of privacy-office if you were in data-engineers\.\n/,
    );
    assert.match(run.stdout, /Run one: autogen-gate run config-template --set service=payments-api\n$/);
  });

  it("shows each generator's governance: owner, purpose and legal basis", async () => {
    const run = await cli('ana', ['generators']);
    assert.match(
      run.stdout,
      /Governance \(docs\/governance\.md\):\n {2}config-template: No personal data\.\n {2}customer-report: Registered\.\n {4}Owner: bruno, group data-engineers — not in the directory\n {4}Purpose: Monthly report of customers with pending payments, for the billing team to collect them\.\n {4}Legal basis: Art\. 7, V: performance of a contract/,
    );
  });

  it('tells ana why a customer report changed since review may not run, and who can fix it', async () => {
    const changed = await startHarness({
      // Its team changed since it was reviewed and pinned.
      editPolicy: (policy) =>
        void policy.change(
          ['generators', 'customer-report', 'team', 'config', 'participants', 0, 'config', 'system_message'],
          'You write whatever you like.',
        ),
    });
    try {
      const run = await cliAs(() => changed)('ana', ['generators']);
      assert.equal(run.code, ExitCode.ok, run.stderr);
      assert.match(
        run.stdout,
        / {2}customer-report: Suspended\. Runs are refused: its definition \(sha256:[0-9a-f]+…?\) no longer matches the pinned one .*It runs again once a reviewer pins its definition \(autogen-gate generator pin customer-report --write\)\.\n/,
      );
    } finally {
      await changed.stop();
    }
  });

  it('tells bruno whose approval the customer report waits for', async () => {
    const run = await cli('bruno', ['generators']);
    assert.match(run.stdout, /customer-report {2}after approval by privacy-office {2}customer-report-privacy-approval {2}month: string/);
    assert.doesNotMatch(run.stdout, /Not for you/);
  });

  it('tells carla she may run nothing, and what would change that', async () => {
    const run = await cli('carla', ['generators']);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.match(run.stdout, /You may run no generator\./);
    assert.match(
      run.stdout,
      /config-template: denied by rule default-deny\.\n {4}Rule developers-config-template would allow it if you were in developers; rule ci-config-template would allow it if you were in ci\./,
    );
    assert.doesNotMatch(run.stdout, /Run one:/);
  });

  it('prints every generator with its decision, rule and remedies with --json', async () => {
    const run = await cli('ana', ['generators', '--json']);
    const { generators } = JSON.parse(run.stdout) as { generators: GeneratorSummary[] };
    assert.deepEqual(
      generators.map((generator) => [generator.name, generator.decision]),
      [
        ['config-template', 'allow'],
        ['customer-report', 'deny'],
      ],
    );
    assert.deepEqual(generators[1]?.remedies?.[0]?.lacks, [{ condition: 'groups', anyOf: ['data-engineers'] }]);
  });

  it('says how to get a token when there is none', async () => {
    const run = await cli(undefined, ['generators']);
    assert.equal(run.code, ExitCode.gatewayUnreachable);
    assert.match(run.stderr, /cannot authenticate: no access token: sign in with `autogen-gate login`; or pass --token/);
  });

  it('refuses to send a token over plain http off this machine unless --insecure', async () => {
    const refused = await cli('ana', ['generators', '--gateway', 'http://gateway.invalid:8787']);
    assert.equal(refused.code, ExitCode.usage);
    assert.match(
      refused.stderr,
      /refusing to send your token over plain http to gateway\.invalid:8787: use the gateway's https:\/\/ address, or pass --insecure/,
    );
    const insecure = await cli('ana', ['generators', '--gateway', 'http://gateway.invalid:8787', '--insecure']);
    assert.equal(insecure.code, ExitCode.gatewayUnreachable);
    assert.match(insecure.stderr, /cannot reach the gateway at http:\/\/gateway\.invalid:8787/);
    const env = await cli('ana', ['generators'], { AUTOGEN_GATE_URL: 'http://gateway.invalid' });
    assert.equal(env.code, ExitCode.usage);
  });
});
