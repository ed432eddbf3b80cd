/**
 * Child-process entry for benchmark participants: the demo runtime, the benchmark upstream
 * (fixtures.ts), a bare express + http-proxy-middleware proxy (the baseline), or a gateway from a
 * policy file. Each answers `{ type: 'stats' }` with its CPU time and memory.
 */
import { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerStats } from './processes.js';

// Each kind loads only what it runs: a bare proxy that also loaded the gateway would be measured
// carrying the gateway's memory.
async function start(kind: string, args: readonly string[]): Promise<string> {
  switch (kind) {
    case 'runtime': {
      const { startDemoRuntime } = await import('../../gateway/dev/demoRuntime/server.js');
      return (await startDemoRuntime()).url;
    }
    case 'fixture': {
      const { startFixtureUpstream } = await import('./fixtures.js');
      return (await startFixtureUpstream()).url;
    }
    case 'bare-proxy': {
      const [target, name = 'autogen'] = args;
      if (!target) throw new Error('bare-proxy needs a target');
      const { default: express } = await import('express');
      const { createProxyMiddleware } = await import('http-proxy-middleware');
      const app = express();
      app.use(
        `/proxy/${name}`,
        createProxyMiddleware({ target, changeOrigin: true, agent: new Agent({ keepAlive: true, maxSockets: 512 }) }),
      );
      return new Promise((resolve) => {
        const server = app.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
      });
    }
    case 'gateway': {
      const [policyFile] = args;
      if (!policyFile) throw new Error('gateway needs a policy file');
      const [{ loadConfig }, { createLogger }, { startGateway }, { gatewayModules }] = await Promise.all([
        import('../../gateway/config/load.js'),
        import('../../gateway/observability/logger.js'),
        import('../../gateway/server.js'),
        import('../../gateway/modules.js'),
      ]);
      // The production logger (AUTOGEN_GATE_LOG_LEVEL, default info): its cost is part of what is measured.
      const gateway = await startGateway(loadConfig(policyFile), { logger: createLogger() }, gatewayModules());
      process.once('SIGTERM', () => void gateway.close().then(() => process.exit(0)));
      return gateway.url;
    }
    default:
      throw new Error(`unknown server kind ${kind}`);
  }
}

const [kind, ...args] = process.argv.slice(2);
answerStats();
// Exit, rather than die, on SIGTERM: a --cpu-prof profile is written only on exit. The gateway
// closes gracefully first (its own handler); an orphan (the harness died) goes too.
if (kind !== 'gateway') process.once('SIGTERM', () => process.exit(0));
process.once('disconnect', () => process.exit(0));
start(kind ?? '', args).then(
  (url) => process.send?.({ url }),
  (error: unknown) => {
    process.send?.({ error: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  },
);
