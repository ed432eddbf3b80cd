/**
 * The headless CI client end to end (issue 7): `autogen-gate run` in its own process, with the
 * dev IdP's ci-bot (client credentials) or a GitHub Actions OIDC token, against a real gateway.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ApprovalPageView } from '../../gateway/api/wire.js';
import { ExitCode } from '../../gateway/cli/exitCodes.js';
import { demoCustomers } from '../../gateway/dev/demoRuntime/demoData.js';
import { startHarness, type Harness } from '../support/gatewayHarness.js';
import { startFakeGitHubActions, type FakeGitHubActions } from '../support/githubActions.js';
import { deadPort } from '../support/httpUpstream.js';

interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `bin/autogen-gate.js` as a separate process, as a pipeline would. */
function cli(args: readonly string[], env: Record<string, string>, onStderr?: (text: string) => void): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [resolve('bin/autogen-gate.js'), ...args], {
      env: { PATH: process.env['PATH'] ?? '', CI: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(stderr);
    });
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

describe('CI client (autogen-gate run), end to end', function () {
  this.timeout(120_000);
  let harness: Harness;
  let github: FakeGitHubActions;
  let ciEnv: Record<string, string>;

  before(async () => {
    github = await startFakeGitHubActions({ repository: 'org/app', ref: 'refs/heads/main' });
    harness = await startHarness({
      editPolicy: (policy) =>
        policy
          .issuer({
            id: 'github',
            issuer: github.issuer,
            audience: 'autogen-gate',
            kind: 'pipeline',
            recordClaims: ['repository', 'ref', 'workflow', 'actor', 'sha'],
          })
          .generator('release-notes', { upstream: 'autogen', team: { label: 'release-notes' } })
          .ruleFirst({ id: 'no-release-notes-from-ci', generators: ['release-notes'], when: { groups: ['ci'] }, decision: 'deny' })
          .ruleFirst({
            id: 'ci-reports-need-approval',
            generators: ['customer-report'],
            when: { groups: ['ci'] },
            decision: 'approval',
            approval: { approvers: ['privacy-office'], pendingTtl: '1h', validFor: '10m' },
          })
          .ruleFirst({
            id: 'main-branch-reports',
            description: "The app's main branch may build the customer report",
            generators: ['customer-report'],
            when: { issuers: ['github'], claims: { repository: 'org/app', ref: 'refs/heads/main' } },
            decision: 'allow',
          }),
    });
    ciEnv = {
      AUTOGEN_GATE_URL: harness.gateway.url,
      AUTOGEN_GATE_ISSUER: harness.idp.issuer,
      AUTOGEN_GATE_CLIENT_ID: 'ci-bot',
      AUTOGEN_GATE_CLIENT_SECRET: harness.idp.ciSecret,
    };
  });
  after(async () => {
    await harness.stop();
    await github.close();
  });

  it('runs an allowed generator as ci-bot: exit 0 and the masked result in --out', async () => {
    const out = join(harness.dir, 'config.yaml');
    const result = await cli(['run', 'config-template', '--set', 'service=ledger', '--out', out], ciEnv);
    assert.equal(result.code, ExitCode.ok, result.stderr);
    assert.match(readFileSync(out, 'utf8'), /name: ledger/);
    assert.match(result.stderr, /authenticated with client credentials of ci-bot/);
    assert.match(result.stderr, /done: nothing masked; written to/);
    assert.equal(result.stdout, '');
  });

  it('prints a machine-readable summary with --json', async () => {
    const result = await cli(['run', 'config-template', '--set', 'service=ledger', '--json', '--quiet'], ciEnv);
    assert.equal(result.code, ExitCode.ok, result.stderr);
    const summary = JSON.parse(result.stdout) as {
      runId: string;
      status: string;
      decision: { ruleId: string };
      masking: { count: number };
      result: string;
      exitCode: number;
    };
    assert.equal(summary.status, 'succeeded');
    assert.equal(summary.decision.ruleId, 'ci-config-template');
    assert.equal(summary.exitCode, 0);
    assert.match(summary.result, /name: ledger/);
    const session = (await (await harness.call(`/api/v1/sessions/${summary.runId}`, { user: 'carla' })).json()) as {
      principal: { kind: string; subject: string };
    };
    assert.equal(session.principal.kind, 'pipeline');
    assert.equal(session.principal.subject, 'ci-bot');
  });

  it('exits 3 when the policy denies the generator', async () => {
    const result = await cli(['run', 'release-notes'], ciEnv);
    assert.equal(result.code, ExitCode.deniedByPolicy);
    assert.match(result.stderr, /denied by policy: Policy does not let you run release-notes/);
    assert.equal(result.stderr.split('no-release-notes-from-ci').length, 2, 'the rule is named once');
  });

  it('exits 2 on bad usage and bad input', async () => {
    assert.equal((await cli(['run', 'config-template', '--set', 'novalue'], ciEnv)).code, ExitCode.usage);
    assert.equal((await cli(['run', 'config-template', '--wait', 'soon'], ciEnv)).code, ExitCode.usage);
    const detached = await cli(['run', 'config-template', '--set', 'service=x', '--detach', '--out', 'x.yaml'], ciEnv);
    assert.equal(detached.code, ExitCode.usage);
    assert.match(detached.stderr, /--detach prints the run id and returns; fetch the result later with `autogen-gate wait RUN_ID`/);
    const badInput = await cli(['run', 'config-template', '--set', 'environment=moon', '--set', 'service=x'], ciEnv);
    assert.equal(badInput.code, ExitCode.usage);
    assert.match(badInput.stderr, /input\.environment must be one of "development", "staging", "production"/);
  });

  it('waits for approval and exits 0 once carla approves from another process', async () => {
    const out = join(harness.dir, 'report.md');
    let approved = false;
    const running = cli(['run', 'customer-report', '--set', 'month=maio', '--out', out, '--wait', '60s'], ciEnv, (stderr) => {
      if (!approved && /waiting for approval by/.test(stderr)) {
        approved = true;
        void approveLatest(harness, 'approve');
      }
    });
    const result = await running;
    assert.equal(result.code, ExitCode.ok, result.stderr);
    assert.match(result.stderr, /waiting for approval by one member of privacy-office/);
    assert.match(result.stderr, /approved by Carla Mendes/);
    const report = readFileSync(out, 'utf8');
    assert.match(report, /Relatório de clientes/);
    for (const customer of demoCustomers(6)) assert.ok(!report.includes(customer.cpf), 'the report arrives masked');
  });

  it('exits 4 when the approval is denied', async () => {
    let denied = false;
    const result = await cli(['run', 'customer-report', '--set', 'month=junho', '--wait', '60s'], ciEnv, (stderr) => {
      if (!denied && /waiting for approval by/.test(stderr)) {
        denied = true;
        void approveLatest(harness, 'deny');
      }
    });
    assert.equal(result.code, ExitCode.approvalDeniedOrExpired, result.stderr);
    assert.match(result.stderr, /approval denied by Carla Mendes: "not for CI"/);
  });

  it('exits 5 when nobody decides in time, and `wait` re-attaches to the same run', async () => {
    const result = await cli(['run', 'customer-report', '--set', 'month=julho', '--wait', '2s', '--json'], ciEnv);
    assert.equal(result.code, ExitCode.waitTimedOut, result.stderr);
    const summary = JSON.parse(result.stdout) as { runId: string; status: string };
    assert.equal(summary.status, 'pending_approval');
    assert.match(result.stderr, new RegExp(`Re-attach with: autogen-gate wait ${summary.runId}`));

    let approved = false;
    const reattached = await cli(['wait', summary.runId, '--wait', '60s', '--json'], ciEnv, (stderr) => {
      if (!approved && /attached to run/.test(stderr)) {
        approved = true;
        void approveLatest(harness, 'approve');
      }
    });
    assert.equal(reattached.code, ExitCode.ok, reattached.stderr);
    const final = JSON.parse(reattached.stdout) as { runId: string; status: string; approval: { decisions: Array<{ by: string }> } };
    assert.equal(final.runId, summary.runId);
    assert.equal(final.status, 'succeeded');
    assert.equal(final.approval.decisions[0]?.by, 'Carla Mendes');
  });

  it('exits 7 with a hint when the gateway cannot be reached', async () => {
    const port = await deadPort();
    const result = await cli(['run', 'config-template', '--set', 'service=x'], { ...ciEnv, AUTOGEN_GATE_URL: `http://127.0.0.1:${port}` });
    assert.equal(result.code, ExitCode.gatewayUnreachable);
    assert.match(result.stderr, /cannot reach the gateway at http:\/\/127\.0\.0\.1:\d+: check --gateway \(or AUTOGEN_GATE_URL\)/);
  });

  it('exits 7 when authentication fails', async () => {
    const result = await cli(['run', 'config-template', '--set', 'service=x'], { ...ciEnv, AUTOGEN_GATE_CLIENT_SECRET: 'wrong' });
    assert.equal(result.code, ExitCode.gatewayUnreachable);
    assert.match(result.stderr, /cannot authenticate: the issuer refused the client credentials: invalid_client/);
    const forged = await cli(['run', 'config-template', '--set', 'service=x'], {
      AUTOGEN_GATE_URL: harness.gateway.url,
      AUTOGEN_GATE_TOKEN: 'not.a.token',
    });
    assert.equal(forged.code, ExitCode.gatewayUnreachable);
    assert.match(forged.stderr, /authentication failed: the gateway refused the token/);
  });

  describe('with a GitHub Actions OIDC token', () => {
    it("lets main of org/app run the personal-data generator, and records the pipeline's claims", async () => {
      github.claims = { repository: 'org/app', ref: 'refs/heads/main' };
      const result = await cli(['run', 'customer-report', '--set', 'month=agosto', '--json', '--quiet'], {
        AUTOGEN_GATE_URL: harness.gateway.url,
        ...github.env,
      });
      assert.equal(result.code, ExitCode.ok, result.stderr);
      const summary = JSON.parse(result.stdout) as { runId: string; decision: { ruleId: string } };
      assert.equal(summary.decision.ruleId, 'main-branch-reports');
      assert.deepEqual(github.requests[github.requests.length - 1], { audience: 'autogen-gate', authorized: true });
      const session = (await (await harness.call(`/api/v1/sessions/${summary.runId}`, { user: 'carla' })).json()) as {
        principal: { subject: string; kind: string };
        claims: Record<string, string>;
      };
      assert.equal(session.principal.subject, 'repo:org/app:ref:refs/heads/main');
      assert.equal(session.principal.kind, 'pipeline');
      assert.deepEqual(session.claims, {
        repository: 'org/app',
        ref: 'refs/heads/main',
        workflow: 'report',
        actor: 'octocat',
        sha: 'a'.repeat(40),
      });
    });

    it('refuses another ref with exit 3', async () => {
      github.claims = { repository: 'org/app', ref: 'refs/heads/feature-x' };
      const result = await cli(['run', 'customer-report', '--set', 'month=agosto'], {
        AUTOGEN_GATE_URL: harness.gateway.url,
        ...github.env,
      });
      assert.equal(result.code, ExitCode.deniedByPolicy);
      assert.match(result.stderr, /rule customer-report-data-engineers-only/);
    });
  });
});

/** Carla decides the newest pending approval. */
async function approveLatest(harness: Harness, decision: 'approve' | 'deny'): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const page = (await (await harness.call('/api/v1/approvals?status=pending', { user: 'carla' })).json()) as ApprovalPageView;
    const newest = page.approvals[0];
    if (newest) {
      const response = await harness.call(`/api/v1/approvals/${newest.approvalId}/decision`, {
        user: 'carla',
        method: 'POST',
        body: JSON.stringify({ decision, reason: decision === 'approve' ? 'ok for the monthly report' : 'not for CI' }),
      });
      if (response.ok) return;
    }
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 100));
  }
  throw new Error('no pending approval appeared for carla');
}
