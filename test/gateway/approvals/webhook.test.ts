/**
 * The approval webhook against a real receiver on loopback: signed deliveries a receiver can
 * verify, masked and escaped content, retries with backoff after failures, every outcome in the
 * audit chain, and never a delay on the request that triggered it.
 */
import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ApprovalWebhookPayload, RunView } from '../../../gateway/api/wire.js';
import { backoffMs, signWebhook, verifyWebhook } from '../../../gateway/approvals/webhook.js';
import { startHarness, type Harness } from '../../support/gatewayHarness.js';
import type { PolicyBuilder } from '../../support/policyBuilder.js';
import { eventually } from './support.js';

const SECRET_ENV = 'AUTOGEN_GATE_TEST_WEBHOOK_SECRET';
const SECRET = 'a-webhook-secret-for-tests-0123456789';

interface Delivery {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly answered: number;
}

/** A receiver that answers with the next status of `script` (then 200), after `delayMs`. */
async function startReceiver(script: number[], delayMs = 0): Promise<{ url: string; deliveries: Delivery[]; server: Server }> {
  const deliveries: Delivery[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const status = script.shift() ?? 200;
      deliveries.push({ headers: req.headers, body, answered: status });
      setTimeout(() => res.writeHead(status).end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/approvals`, deliveries, server };
}

function webhookPolicy(url: string, extra: Readonly<Record<string, number>> = {}): (policy: PolicyBuilder) => void {
  return (policy) => {
    policy.set(['approvals'], {
      webhook: { url, secret: `env:${SECRET_ENV}`, events: ['requested', 'decided'], retryDelay: '50ms', timeout: '2s', ...extra },
    });
  };
}

describe('approvals: webhook', function () {
  this.timeout(60_000);
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let harness: Harness;

  before(async () => {
    process.env[SECRET_ENV] = SECRET;
    receiver = await startReceiver([500, 503]);
    harness = await startHarness({ editPolicy: webhookPolicy(receiver.url) });
  });
  after(async () => {
    await harness?.stop();
    await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
    delete process.env[SECRET_ENV];
  });

  it('announces a new request with a verifiable signature, retrying after failures', async () => {
    const response = await harness.call('/api/v1/generators/customer-report/runs', {
      user: 'bruno',
      method: 'POST',
      body: JSON.stringify({ input: { month: 'novembro <b>de</b> 2026' } }),
    });
    assert.equal(response.status, 202);
    const run = (await response.json()) as RunView & { approvalId: string };

    const delivered = await eventually(
      () => Promise.resolve(receiver.deliveries.find((delivery) => delivery.answered === 200)),
      10_000,
      'a successful delivery',
    );
    assert.deepEqual(receiver.deliveries.map((delivery) => delivery.answered).slice(0, 3), [500, 503, 200], 'two failures, then success');
    const ids = new Set(receiver.deliveries.slice(0, 3).map((delivery) => delivery.headers['x-autogen-gate-delivery']));
    assert.equal(ids.size, 1, 'retries carry the same delivery id, so receivers can de-duplicate');

    const timestamp = String(delivered.headers['x-autogen-gate-timestamp']);
    const signature = String(delivered.headers['x-autogen-gate-signature']);
    assert.match(signature, /^sha256=[0-9a-f]{64}$/);
    assert.equal(verifyWebhook(SECRET, timestamp, delivered.body, signature), true);
    assert.equal(verifyWebhook('another-secret-0123456789', timestamp, delivered.body, signature), false);
    assert.equal(verifyWebhook(SECRET, timestamp, delivered.body.replace('customer-report', 'customer-reporT'), signature), false);
    assert.equal(verifyWebhook(SECRET, String(Number(timestamp) - 3600), delivered.body, signature), false, 'an old timestamp is refused');
    assert.equal(delivered.headers['x-autogen-gate-event'], 'approval.requested');

    const payload = JSON.parse(delivered.body) as ApprovalWebhookPayload;
    assert.equal(payload.type, 'approval.requested');
    assert.equal(payload.approval.id, run.approvalId);
    assert.equal(payload.approval.runId, run.runId);
    assert.equal(payload.approval.url, `${harness.gateway.url}/api/v1/approvals/${run.approvalId}`);
    assert.deepEqual(payload.approval.approvers, ['privacy-office']);
    assert.deepEqual(payload.approval.input, { month: 'novembro &lt;b&gt;de&lt;/b&gt; 2026' }, 'request content is escaped');
    assert.match(
      payload.text,
      /^Bruno Lima asks to run customer-report \(rule customer-report-privacy-approval\)\. Approvers: privacy-office\./,
    );

    const entries = await eventually(async () => {
      const all = await harness.gateway.parts.store.readAudit(0, 100_000);
      return all.some((entry) => entry.type === 'approval.webhook_delivered') ? all : undefined;
    });
    const webhookEntries = entries.filter((entry) => entry.type.startsWith('approval.webhook_'));
    assert.deepEqual(webhookEntries.map((entry) => entry.type).slice(0, 3), [
      'approval.webhook_attempt_failed',
      'approval.webhook_attempt_failed',
      'approval.webhook_delivered',
    ]);
    assert.equal(webhookEntries[0]?.data['error'], 'HTTP 500');

    // The decision is announced too; the denial reason is masked and escaped.
    const decided = receiver.deliveries.length;
    await harness.call(`/api/v1/approvals/${run.approvalId}/decision`, {
      user: 'carla',
      method: 'POST',
      body: JSON.stringify({ decision: 'deny', reason: '<!channel> no basis; CPF 529.982.247-25' }),
    });
    const decision = await eventually(
      () =>
        Promise.resolve(
          receiver.deliveries.slice(decided).find((delivery) => delivery.headers['x-autogen-gate-event'] === 'approval.decided'),
        ),
      10_000,
      'the decision delivery',
    );
    const decisionPayload = JSON.parse(decision.body) as ApprovalWebhookPayload;
    assert.equal(decisionPayload.approval.status, 'denied');
    assert.equal(decisionPayload.approval.outcome?.code, 'denied');
    assert.equal(decision.body.includes('529.982.247-25'), false);
    assert.equal(decision.body.includes('<!channel>'), false);
    assert.match(decisionPayload.approval.outcome?.reason ?? '', /^&lt;\\!channel&gt; no basis; CPF \\\[CPF\\\]$/);
  });

  it('signs as documented, and backs off exponentially with jitter', () => {
    // What a receiver computes: HMAC-SHA256 over `${timestamp}.${raw body}`.
    assert.equal(
      signWebhook('k', '1700000000', '{"a":1}'),
      `sha256=${createHmac('sha256', 'k').update('1700000000.{"a":1}').digest('hex')}`,
    );
    for (const [attempt, base] of [
      [1, 1000],
      [2, 2000],
      [3, 4000],
      [10, 512_000],
    ] as const) {
      const delay = backoffMs(1000, attempt);
      assert.ok(delay >= base * 0.8 && delay <= base * 1.2, `attempt ${attempt}: ${delay}`);
    }
    assert.ok(backoffMs(1000, 30) <= 3_600_000 * 1.2);
  });
});

describe('approvals: webhook never delays a request', function () {
  this.timeout(60_000);

  it('answers 202 at once while the receiver hangs, and audits the delivery that gives up', async () => {
    process.env[SECRET_ENV] = SECRET;
    const receiver = await startReceiver([500], 1500);
    const harness = await startHarness({ editPolicy: webhookPolicy(receiver.url, { maxAttempts: 1 }) });
    try {
      await harness.token('bruno');
      const started = performance.now();
      const response = await harness.call('/api/v1/generators/customer-report/runs', {
        user: 'bruno',
        method: 'POST',
        body: JSON.stringify({ input: { month: 'maio' } }),
      });
      const took = performance.now() - started;
      assert.equal(response.status, 202);
      assert.ok(took < 1000, `the request took ${took} ms with a receiver that answers after 1.5 s`);
      const failed = await eventually(
        async () => (await harness.gateway.parts.store.readAudit(0, 100_000)).find((entry) => entry.type === 'approval.webhook_failed'),
        10_000,
        'the given-up delivery',
      );
      assert.equal(failed.data['error'], 'HTTP 500');
      assert.equal(failed.data['attempt'], 1);
    } finally {
      await harness.stop();
      await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
      delete process.env[SECRET_ENV];
    }
  });
});
