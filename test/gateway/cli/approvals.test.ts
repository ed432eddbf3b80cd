import { strict as assert } from 'node:assert';
import type { ApprovalDetailView, ApprovalSummaryView } from '../../../gateway/api/wire.js';
import { ExitCode } from '../../../gateway/cli/exitCodes.js';
import { demoCustomers } from '../../../gateway/dev/demoRuntime/demoData.js';
import { startHarness, type Harness } from '../../support/gatewayHarness.js';
import { cliAs, type CliAs } from './support.js';

describe('autogen-gate approvals', function () {
  this.timeout(90_000);
  let harness: Harness;
  let cli: CliAs;

  /** bruno asks for the customer report without waiting; the run id is all stdout says. */
  async function request(month: string): Promise<string> {
    const run = await cli('bruno', ['run', 'customer-report', '--set', `month=${month}`, '--detach']);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.match(run.stderr, /held for approval by one member of privacy-office/);
    assert.match(run.stdout, /^[0-9a-f-]{36}\n$/);
    return run.stdout.trim();
  }

  before(async () => {
    harness = await startHarness();
    cli = cliAs(harness);
  });
  after(() => harness.stop());

  it('tells carla when nothing waits for her, and ana that she approves nothing', async () => {
    const carla = await cli('carla', ['approvals']);
    assert.equal(carla.code, ExitCode.ok, carla.stderr);
    assert.equal(carla.stdout, 'No pending approval requests for privacy-office. Decided ones: autogen-gate approvals --all\n');
    const ana = await cli('ana', ['approvals']);
    assert.match(ana.stdout, /you are in no approver group\. Your own requests: autogen-gate approvals --mine/);
  });

  it('lists what waits for carla, decides by run id, and bruno fetches the masked report later', async () => {
    const runId = await request('novembro de 2026');
    const list = await cli('carla', ['approvals']);
    assert.match(list.stdout, /^ID +GENERATOR +REQUESTED BY +REQUESTED +EXPIRES +STATUS +PROGRESS\n/);
    assert.match(list.stdout, /customer-report {2}Bruno Lima \(bruno\) .* pending {2}0 of 1 approval \(1 more from privacy-office\)\n/);
    assert.match(list.stdout, /Decide one: autogen-gate approvals decide ID --approve\|--deny --reason/);

    const decided = await cli('carla', ['approvals', 'decide', runId, '--approve', '--reason', 'monthly report']);
    assert.equal(decided.code, ExitCode.ok, decided.stderr);
    assert.match(
      decided.stdout,
      new RegExp(`^Approved [0-9a-f]{8} \\(customer-report for Bruno Lima\\): 1 of 1 approval\\. .*autogen-gate wait ${runId}\\n$`),
    );

    const result = await cli('bruno', ['wait', runId.slice(0, 8)]);
    assert.equal(result.code, ExitCode.ok, result.stderr);
    assert.match(result.stdout, /Relatório de clientes — novembro de 2026/);
    for (const customer of demoCustomers(6)) assert.ok(!result.stdout.includes(customer.cpf), 'the report arrives masked');
    assert.match(result.stderr, /approved by Carla Mendes: "monthly report"/);

    const again = await cli('carla', ['approvals', 'decide', runId.slice(0, 6), '--deny', '--reason', 'too late']);
    assert.equal(again.code, ExitCode.approvalDeniedOrExpired);
    assert.match(
      again.stderr,
      /approval [0-9a-f]{8} \(customer-report for Bruno Lima\) is executed; there is nothing to decide\. See it with: autogen-gate approvals show/,
    );
  });

  it('shows one request in full, by the first characters of its id', async () => {
    const runId = await request('dezembro de 2026');
    const list = JSON.parse((await cli('carla', ['approvals', '--json'])).stdout) as { approvals: ApprovalSummaryView[] };
    const approval = list.approvals.find((item) => item.runId === runId);
    assert.ok(approval);
    const shown = await cli('carla', ['approvals', 'show', approval.approvalId.slice(0, 8)]);
    assert.equal(shown.code, ExitCode.ok, shown.stderr);
    assert.match(shown.stdout, new RegExp(`^Approval: +${approval.approvalId} \\(run ${runId}\\)\\n`));
    assert.match(shown.stdout, /\nInput: +\{"month":"dezembro de 2026"\}\n/);
    assert.match(shown.stdout, /\nRule: +customer-report-privacy-approval: Data engineers may run/);
    assert.match(shown.stdout, /\nYou: +may decide\n/);
    const own = await cli('bruno', ['approvals', 'show', runId]);
    assert.match(own.stdout, /\nYou: +cannot decide: /);
    assert.match(own.stdout, new RegExp(`\\nNext: +autogen-gate wait ${runId}`));
  });

  it('refuses what the caller may not do, with the reason and exit code', async () => {
    const runId = await request('janeiro de 2027');
    const own = await cli('bruno', ['approvals', 'decide', runId, '--approve', '--reason', 'mine']);
    assert.equal(own.code, ExitCode.deniedByPolicy);
    assert.match(own.stderr, /refused: You requested this run; someone else in the approver groups must decide it\./);
    const stranger = await cli('ana', ['approvals', 'decide', runId.slice(0, 8), '--approve', '--reason', 'why not']);
    assert.equal(stranger.code, ExitCode.usage);
    assert.match(
      stranger.stderr,
      /no pending approval with an id starting [0-9a-f]{8} is visible to you; list them with: autogen-gate approvals$/m,
    );
    const neither = await cli('carla', ['approvals', 'decide', runId, '--reason', 'undecided']);
    assert.equal(neither.code, ExitCode.usage);
    assert.match(neither.stderr, /say --approve or --deny/);
    const noReason = await cli('carla', ['approvals', 'decide', runId, '--approve']);
    assert.equal(noReason.code, ExitCode.usage);
    assert.match(noReason.stderr, /required option '--reason <text>' not specified/);
    const noId = await cli('carla', ['approvals', 'decide', '--approve', '--reason', 'whichever']);
    assert.equal(noId.code, ExitCode.usage, 'with several pending, no id picks none');
    assert.match(noId.stderr, /missing required argument 'id'/);
    const typo = await cli('carla', ['approvals', 'decid', runId, '--approve', '--reason', 'typo']);
    assert.equal(typo.code, ExitCode.usage);
    assert.match(typo.stderr, /There is no approvals command named decid\. Did you mean decide\? Known: decide, list, revoke, show\./);
    const option = await cli('carla', ['approvals', '--pending-only']);
    assert.equal(option.code, ExitCode.usage);
    assert.match(option.stderr, /unknown option --pending-only \(run with --help for usage\)/);
  });

  it('denies: bruno learns who denied and why; revoke withdraws a pending request', async () => {
    const denied = await request('fevereiro de 2027');
    const decision = await cli('carla', ['approvals', 'decide', denied, '--deny', '--reason', 'not this month', '--json']);
    assert.equal(decision.code, ExitCode.ok, decision.stderr);
    assert.equal((JSON.parse(decision.stdout) as ApprovalDetailView).status, 'denied');
    const result = await cli('bruno', ['wait', denied]);
    assert.equal(result.code, ExitCode.approvalDeniedOrExpired);
    assert.match(result.stderr, /approval denied by Carla Mendes: "not this month"/);

    const withdrawn = await request('março de 2027');
    const revoked = await cli('bruno', ['approvals', 'revoke', withdrawn.slice(0, 8), '--reason', 'asked by mistake']);
    assert.equal(revoked.code, ExitCode.ok, revoked.stderr);
    assert.match(revoked.stdout, /^Withdrew your request [0-9a-f]{8} \(customer-report for Bruno Lima\)\.\n$/);
    const mine = await cli('bruno', ['approvals', '--mine', '--all']);
    assert.match(mine.stdout, /cancelled/);
    assert.match(mine.stdout, /denied/);
  });
});
