/**
 * The approvals model and the live event stream against the real gateway: a request appears for
 * the approver within a second through the stream (no polling), the requester sees his own with
 * the reason he cannot decide, a decision updates both.
 */
import assert from 'node:assert/strict';
import type { GateEvent } from '../../../../gateway/api/wire.js';
import { silentLogger } from '../../../../extension/src/common/errors.js';
import { GatewayClient } from '../../../../gateway/api/client/gatewayClient.js';
import { LiveEvents, type LiveStatus } from '../../../../extension/src/gateway/liveEvents.js';
import { ApprovalsModel } from '../../../../extension/src/services/approvalsModel.js';
import type { ApprovalItem, ViewerState } from '../../../../webview-ui/src/protocol.js';
import { useHarness } from '../../../support/gatewayHarness.js';

function viewer(subject: string): ViewerState {
  return { status: 'signedIn', subject, label: subject, name: undefined, groups: [], auditor: false };
}

async function until<T>(check: () => T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('extension approvals model and live events against the real gateway', function () {
  this.timeout(60_000);
  const started: Array<{ live: LiveEvents; model: ApprovalsModel }> = [];
  // Registered before the harness, so the streams close before the gateway stops (after-hooks run in order).
  after(async () => {
    for (const { live, model } of started) {
      live.dispose();
      await live.stopped();
      model.dispose();
    }
  });
  const harness = useHarness();

  function person(user: string): {
    client: GatewayClient;
    live: LiveEvents;
    model: ApprovalsModel;
    events: GateEvent[];
    statuses: LiveStatus[];
    requested: ApprovalItem[];
  } {
    // A restarted gateway listens on a new port: the client follows it, as the extension follows its setting.
    let cached: GatewayClient | undefined;
    const current = (): GatewayClient => {
      if (cached?.baseUrl !== harness().gateway.url)
        cached = new GatewayClient({ baseUrl: harness().gateway.url, timeoutMs: 10_000, token: () => harness().token(user) });
      return cached;
    };
    const client = current();
    const live = new LiveEvents({ client: current, log: silentLogger, minDelayMs: 100, maxDelayMs: 500 });
    // Polling far apart: whatever arrives in time came through the stream.
    const model = new ApprovalsModel({ client: current, viewer: () => viewer(user), live, log: silentLogger, pollMs: 600_000 });
    const events: GateEvent[] = [];
    const statuses: LiveStatus[] = [];
    const requested: ApprovalItem[] = [];
    live.onEvent((event) => events.push(event));
    live.onStatus((status) => statuses.push(status));
    model.onDidRequest((item) => requested.push(item));
    started.push({ live, model });
    return { client, live, model, events, statuses, requested };
  }

  it('brings a new request to the approver through the stream, and decisions to both sides', async () => {
    const carla = person('carla');
    const bruno = person('bruno');
    carla.live.restart();
    bruno.live.restart();
    await carla.model.refresh();
    await bruno.model.refresh();
    await until(() => (carla.live.status === 'live' && bruno.live.status === 'live' ? true : undefined), 'both streams to connect');
    assert.equal(carla.model.decidableCount, 0);

    const requestedAt = Date.now();
    const run = await bruno.client.startRun('customer-report', { month: 'dezembro de 2026' });
    assert.ok(run.pending && run.run.approvalId);
    const approvalId = run.run.approvalId;

    const item = await until(
      () => carla.model.snapshot.items.find((candidate) => candidate.id === approvalId),
      "carla's model to get the request",
    );
    assert.ok(Date.now() - requestedAt < 1_500, `arrived in ${Date.now() - requestedAt} ms`);
    assert.equal(item.status, 'pending');
    assert.equal(item.canDecide, true);
    assert.equal(item.mine, false);
    assert.deepEqual(item.input, { month: 'dezembro de 2026' });
    assert.equal(item.ruleId, 'customer-report-privacy-approval');
    assert.deepEqual(item.approverGroups, ['privacy-office']);
    assert.ok(item.expiresAt && Date.parse(item.expiresAt) > Date.now());
    assert.equal(carla.model.decidableCount, 1);
    assert.equal(carla.requested[0]?.id, approvalId, 'the approver is told about the new request');

    const own = await until(
      () => bruno.model.snapshot.items.find((candidate) => candidate.id === approvalId),
      "bruno's model to show his request",
    );
    assert.equal(own.mine, true);
    assert.equal(own.canDecide, false);
    assert.match(own.cannotDecideReason ?? '', /You requested this run/);
    assert.equal(bruno.model.decidableCount, 0);
    assert.equal(bruno.requested.length, 0);

    await assert.rejects(bruno.model.decide(approvalId, 'approve', 'mine'), /You requested this run/);
    const decided = await carla.model.decide(approvalId, 'approve', 'Year-end report; masked.');
    assert.notEqual(decided.status, 'pending');
    assert.equal(decided.decisions[0]?.approver.subject, 'carla');
    assert.equal(decided.decisions[0]?.reason, 'Year-end report; masked.');
    assert.equal(carla.model.decidableCount, 0);

    await until(
      () =>
        bruno.events.find(
          (event) => event.type === 'run.updated' && event.data.runId === run.run.runId && event.data.status === 'succeeded',
        ),
      "the run to succeed on bruno's stream",
      15_000,
    );
    const ended = await until(() => {
      const candidate = bruno.model.snapshot.items.find((entry) => entry.id === approvalId);
      return candidate && candidate.status !== 'pending' ? candidate : undefined;
    }, "bruno's model to see the decision");
    assert.ok(['approved', 'executing', 'executed'].includes(ended.status));
  });

  it('reconnects after the gateway closes the stream, and asks views to refetch after a restart', async () => {
    const ana = person('ana');
    const resyncs: string[] = [];
    ana.live.onResync((reason) => resyncs.push(reason));
    ana.live.restart();
    await until(() => (ana.live.status === 'live' ? true : undefined), 'the stream to connect');
    await harness().restartGateway();
    await until(
      () => (ana.statuses.includes('polling') || ana.statuses.includes('connecting') ? true : undefined),
      'the stream to notice the restart',
      15_000,
    );
    await until(() => (ana.live.status === 'live' ? true : undefined), 'the stream to reconnect', 20_000);
    await until(() => (resyncs.length > 0 ? true : undefined), 'a resync (the new gateway cannot resume the old ids)', 10_000);
  });
});
