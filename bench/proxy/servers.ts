/**
 * Child-process entry for benchmark participants: the demo runtime, a bare express +
 * http-proxy-middleware proxy (the baseline), or a gateway from a policy file.
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

async function start(kind: string, arg: string | undefined): Promise<string> {
  switch (kind) {
    case 'runtime':
      return (await startDemoRuntime()).url;
    case 'bare-proxy': {
      if (!arg) throw new Error('bare-proxy needs a target');
      const app = express();
      app.use(
        '/proxy/autogen',
        createProxyMiddleware({ target: arg, changeOrigin: true, agent: new Agent({ keepAlive: true, maxSockets: 512 }) }),
      );
      return new Promise((resolve) => {
        const server = app.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
      });
    }
    case 'gateway': {
      if (!arg) throw new Error('gateway needs a policy file');
      const gateway = await startGateway(loadConfig(arg), { logger: createLogger({ level: 'silent' }) }, gatewayModules());
      process.once('SIGTERM', () => void gateway.close().then(() => process.exit(0)));
      return gateway.url;
    }
    default:
      throw new Error(`unknown server kind ${kind}`);
  }
}

const [kind, arg] = process.argv.slice(2);
start(kind ?? '', arg).then(
  (url) => process.send?.({ url }),
  (error: unknown) => {
    process.send?.({ error: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  },
);
