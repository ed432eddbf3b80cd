import { strict as assert } from 'node:assert';
import type { SessionPageView } from '../../../gateway/api/wire.js';
import { ExitCode } from '../../../gateway/cli/exitCodes.js';
import { startHarness, type Harness } from '../../support/gatewayHarness.js';
import { cliAs, type CliAs } from './support.js';

describe('autogen-gate sessions', function () {
  this.timeout(90_000);
  let harness: Harness;
  let cli: CliAs;
  let reportRun: string;

  before(async () => {
    harness = await startHarness();
    cli = cliAs(harness);
    assert.equal((await cli('bruno', ['run', 'config-template', '--set', 'service=ledger'])).code, ExitCode.ok);
    reportRun = (await cli('bruno', ['run', 'customer-report', '--set', 'month=abril', '--detach'])).stdout.trim();
    assert.equal((await cli('carla', ['approvals', 'decide', reportRun, '--approve', '--reason', 'quarterly check'])).code, ExitCode.ok);
    assert.equal((await cli('bruno', ['wait', reportRun])).code, ExitCode.ok);
    assert.equal((await cli('ana', ['run', 'customer-report', '--set', 'month=abril'])).code, ExitCode.deniedByPolicy);
  });
  after(() => harness.stop());

  it("lists the caller's own sessions, newest first, with decision, rule and masked values", async () => {
    const run = await cli('bruno', ['sessions']);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    const lines = run.stdout.split('\n');
    assert.match(lines[0] ?? '', /^ID +WHEN +TARGET +DECISION \(RULE\) +STATUS +MASKED$/);
    assert.match(
      lines[1] ?? '',
      new RegExp(`^${reportRun.slice(0, 8)} .* customer-report +approval \\(customer-report-privacy-approval\\) +succeeded +[1-9]\\d*$`),
    );
    assert.match(lines[2] ?? '', /config-template +allow \(developers-config-template\) +succeeded +0$/);
    assert.equal(lines.length, 6);
    assert.match(run.stdout, /The timeline of one: autogen-gate sessions show ID\n$/);
    const ana = await cli('ana', ['sessions']);
    assert.match(ana.stdout, /customer-report +deny \(customer-report-data-engineers-only\) +denied +0/);
    assert.doesNotMatch(ana.stdout, /config-template/);
  });

  it('filters by generator, status and time, and says so when nothing matches', async () => {
    const reports = JSON.parse((await cli('bruno', ['sessions', '--generator', 'customer-report', '--json'])).stdout) as SessionPageView;
    assert.deepEqual(
      reports.sessions.map((session) => session.id),
      [reportRun],
    );
    const failed = await cli('bruno', ['sessions', '--status', 'failed']);
    assert.equal(failed.stdout, 'No sessions match. Drop a filter, or run a generator: autogen-gate generators\n');
    const recent = await cli('bruno', ['sessions', '--since', '1h']);
    assert.match(recent.stdout, /customer-report/);
    const future = await cli('bruno', ['sessions', '--since', '2999-01-01']);
    assert.match(future.stdout, /^No sessions match/);
  });

  it('names a wrong filter and the closest right one', async () => {
    const generator = await cli('bruno', ['sessions', '--generator', 'costumer-report']);
    assert.equal(generator.code, ExitCode.usage);
    assert.match(
      generator.stderr,
      /--generator: There is no generator named costumer-report\. Did you mean customer-report\? Known: config-template, customer-report\./,
    );
    const status = await cli('bruno', ['sessions', '--status', 'succeded']);
    assert.equal(status.code, ExitCode.usage);
    assert.match(status.stderr, /--status succeded is not a session status; did you mean succeeded\? Statuses: pending_approval/);
    const subcommand = await cli('bruno', ['sessions', 'shwo', reportRun]);
    assert.equal(subcommand.code, ExitCode.usage);
    assert.match(subcommand.stderr, /There is no sessions command named shwo\. Did you mean show\?/);
    const since = await cli('bruno', ['sessions', '--since', 'yesterday']);
    assert.equal(since.code, ExitCode.usage);
    assert.match(since.stderr, /--since must be an ISO date \(2026-11-01\), date-time .* or a duration ago \(30d\)/);
  });

  it('shows one session as a timeline, from identity to completion', async () => {
    const run = await cli('bruno', ['sessions', 'show', reportRun.slice(0, 8)]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    const steps = run.stdout
      .split('\n')
      .map((line) => /^(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC| {23}) {2}(\w+) /.exec(line)?.[1])
      .filter((step) => step !== undefined);
    assert.deepEqual(steps, ['identity', 'decision', 'held', 'approval', 'forwarded', 'masking', 'completed']);
    assert.match(run.stdout, new RegExp(`^Session ${reportRun}: run of customer-report\\n`));
    assert.match(run.stdout, /identity +Bruno Lima \(bruno, person, issuer dev; groups: developers, data-engineers\)/);
    assert.match(run.stdout, /decision +approval by rule customer-report-privacy-approval \(policy [0-9a-f]{12}\)/);
    assert.match(run.stdout, /approval +approved by Carla Mendes: "quarterly check"/);
    assert.match(run.stdout, /forwarded +to upstream autogen: HTTP 200 in \d+ ms/);
    assert.match(run.stdout, /masking +\d+ value\(s\) masked \(.*cpf \d+.*\) with profile lgpd/);
    assert.match(run.stdout, /completed +succeeded \(HTTP 200, \d+ ms in all\)/);
    assert.match(run.stdout, new RegExp(`The masked result: autogen-gate wait ${reportRun}\\n$`));
  });

  it("shows a denial's rule and message, and keeps other people's sessions out of reach", async () => {
    const ana = JSON.parse((await cli('ana', ['sessions', '--json'])).stdout) as SessionPageView;
    const deniedId = ana.sessions[0]?.id ?? '';
    const denied = await cli('ana', ['sessions', 'show', deniedId]);
    assert.match(denied.stdout, /decision +deny by rule customer-report-data-engineers-only/);
    assert.match(denied.stdout, /completed +denied \(HTTP 403.*\): Policy does not let you run customer-report/);
    assert.doesNotMatch(denied.stdout, /forwarded/);
    const prefix = await cli('ana', ['sessions', 'show', reportRun.slice(0, 8)]);
    assert.equal(prefix.code, ExitCode.usage);
    assert.match(prefix.stderr, /no session with an id starting [0-9a-f]{8} is visible to you; list them with: autogen-gate sessions/);
    const full = await cli('ana', ['sessions', 'show', reportRun]);
    assert.equal(full.code, ExitCode.usage);
    assert.match(full.stderr, /No session with that id is visible to you\./);
  });
});
