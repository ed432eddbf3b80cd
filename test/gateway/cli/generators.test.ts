import { strict as assert } from 'node:assert';
import type { GeneratorSummary } from '../../../gateway/api/wire.js';
import { ExitCode } from '../../../gateway/cli/exitCodes.js';
import { startHarness, type Harness } from '../../support/gatewayHarness.js';
import { cliAs, type CliAs } from './support.js';

describe('autogen-gate generators', function () {
  this.timeout(60_000);
  let harness: Harness;
  let cli: CliAs;

  before(async () => {
    harness = await startHarness();
    cli = cliAs(harness);
  });
  after(() => harness.stop());

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
