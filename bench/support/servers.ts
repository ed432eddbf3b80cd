/**
 * Child-process entry for benchmark participants: the demo runtime, the benchmark upstream
 * (fixtures.ts), a bare express + http-proxy-middleware proxy (the baseline), or a gateway from a
 * policy file. Each answers `{ type: 'stats' }` with its CPU time and memory.
 */
import { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { loadConfig } from '../../gateway/config/load.js';
import { startDemoRuntime } from '../../gateway/dev/demoRuntime/server.js';
import { createLogger } from '../../gateway/observability/logger.js';
import { startGateway } from '../../gateway/server.js';
import { gatewayModules } from '../../gateway/modules.js';
import { startFixtureUpstream } from './fixtures.js';
import { answerStats } from './processes.js';

async function start(kind: string, args: readonly string[]): Promise<string> {
  switch (kind) {
    case 'runtime':
      return (await startDemoRuntime()).url;
    case 'fixture':
      return (await startFixtureUpstream()).url;
    case 'bare-proxy': {
      const [target, name = 'autogen'] = args;
      if (!target) throw new Error('bare-proxy needs a target');
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
      const gateway = await startGateway(loadConfig(policyFile), { logger: createLogger({ level: 'silent' }) }, gatewayModules());
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
