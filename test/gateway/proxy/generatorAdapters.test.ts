import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GeneratorConfig, UpstreamConfig } from '../../../gateway/config/types.js';
import { startDemoRuntime, type DemoRuntime } from '../../../gateway/dev/demoRuntime/server.js';
import { AutoGenStudioAdapter, renderTask } from '../../../gateway/proxy/generatorAdapters.js';
import { UpstreamResponseError, upstreamFailure } from '../../../gateway/proxy/upstreamErrors.js';

function upstream(url: string, timeoutMs = 5_000): UpstreamConfig {
  return {
    name: 'autogen',
    type: 'autogen-studio',
    url,
    timeoutMs,
    connectTimeoutMs: 1_000,
    healthPath: '/',
    masking: undefined,
    routes: undefined,
    forwardHeaders: new Set(),
    headers: new Map(),
    uninspectable: 'refuse',
  };
}

const generator: GeneratorConfig = {
  name: 'customer-report',
  upstream: 'autogen',
  description: '',
  personalData: true,
  masking: 'lgpd',
  output: 'markdown',
  input: undefined,
  task: 'Write the customer report. month: {{month}}',
  team: { label: 'customer-report', component_type: 'team' },
  path: '/',
};

describe('AutoGen Studio adapter', () => {
  let runtime: DemoRuntime;
  before(async () => {
    runtime = await startDemoRuntime();
  });
  after(async () => {
    await runtime.close();
  });

  it("creates a session and a run, streams it over the WebSocket and returns the agents' messages", async () => {
    const output = await new AutoGenStudioAdapter(upstream(runtime.url)).run(
      generator,
      { month: 'outubro de 2026' },
      { userId: 'dev:bruno', requestId: 'r1', signal: AbortSignal.timeout(5_000) },
    );
    assert.match(output.text, /# Relatório de clientes — outubro de 2026/);
    assert.equal(output.messages[0]?.source, 'user');
    assert.equal(output.messages[0]?.content, 'Write the customer report. month: outubro de 2026');
    assert.deepEqual(
      output.messages.slice(1).map((m) => m.source),
      ['planner', 'report_writer'],
    );
    assert.equal(runtime.stats.byTeam['customer-report'], 1);
  });

  it('fills task placeholders from the input', () => {
    assert.equal(renderTask(generator, { month: 'maio' }), 'Write the customer report. month: maio');
    assert.equal(renderTask({ ...generator, task: undefined }, { task: 'free text' }), 'free text');
  });

  it('reports an unreachable runtime as 502 and a silent one as 504', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = await new AutoGenStudioAdapter(upstream(`http://127.0.0.1:${deadPort}`))
      .run(generator, { month: 'x' }, { userId: 'u', requestId: 'r', signal: AbortSignal.timeout(2_000) })
      .catch((error: unknown) => upstreamFailure('autogen', error));
    assert.equal((unreachable as { status: number }).status, 502);

    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const timedOut = await new AutoGenStudioAdapter(upstream(`http://127.0.0.1:${port}`))
        .run(generator, { month: 'x' }, { userId: 'u', requestId: 'r', signal: AbortSignal.timeout(300) })
        .catch((error: unknown) => upstreamFailure('autogen', error));
      assert.equal((timedOut as { status: number; code: string }).status, 504);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('refuses a run for a team the runtime rejects', async () => {
    const error = await new AutoGenStudioAdapter(upstream(runtime.url))
      .run({ ...generator, team: undefined }, { month: 'x' }, { userId: '', requestId: 'r', signal: AbortSignal.timeout(2_000) })
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof UpstreamResponseError, String(error));
    assert.equal(upstreamFailure('autogen', error).status, 502);
  });
});
