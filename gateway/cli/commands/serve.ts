/**
 * `autogen-gate serve`: runs the gateway. With `--dev` it also starts the embedded development
 * identity provider and demo AutoGen runtime and prints how to use them; dev mode refuses to
 * run with NODE_ENV=production or on a non-loopback address, and says so loudly when it runs.
 */
import type { Command } from 'commander';
import { ConfigError } from '../../config/load.js';
import { startDevEnvironment, devBanner, assertDevModeAllowed, type DevEnvironment } from '../../dev/devEnvironment.js';
import { createLogger } from '../../observability/logger.js';
import { startGateway, type RunningGateway } from '../../server.js';
import { gatewayModules } from '../../modules.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exitCodes.js';
import { loadCliConfig } from '../configLookup.js';
import { relaunchNeeded } from '../heapLimit.js';

interface ServeOptions {
  config?: string;
  host?: string;
  port?: string;
  dev?: boolean;
}

export function registerServeCommand(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('Run the gateway (with --dev: plus the embedded dev IdP and demo AutoGen runtime).')
    .option('-c, --config <file>', 'policy file (default: $AUTOGEN_GATE_CONFIG or ./autogen-gate.yaml)')
    .option('--host <host>', 'override server.host')
    .option('--port <port>', 'override server.port')
    .option('--dev', 'development mode: embedded dev IdP and demo runtime on loopback (never in production)')
    .action(async (options: ServeOptions) => {
      const port = options.port === undefined ? undefined : Number(options.port);
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
        ctx.io.stderr.write(`serve: --port must be a TCP port number, got ${JSON.stringify(options.port)}\n`);
        ctx.setExitCode(ExitCode.usage);
        return;
      }
      let config;
      try {
        config = loadCliConfig(ctx.io, options.config, { host: options.host, port });
      } catch (error) {
        ctx.io.stderr.write(`autogen-gate: the gateway did not start.\n${(error as Error).message}\n`);
        ctx.setExitCode(ExitCode.failure);
        return;
      }

      // Started by the launcher with the default heap limit, and the policy names another.
      if (relaunchNeeded(config.server.heapMb, ctx.io.env)) return;

      const logger = createLogger();
      let dev: DevEnvironment | undefined;
      let gateway: RunningGateway | undefined;
      try {
        if (options.dev) {
          assertDevModeAllowed(config, ctx.io.env);
          dev = await startDevEnvironment(config, logger);
        }
        gateway = await startGateway(config, { logger }, gatewayModules());
      } catch (error) {
        await dev?.close();
        const message = error instanceof ConfigError ? error.message : (error as Error).message;
        ctx.io.stderr.write(`autogen-gate: the gateway did not start: ${message}\n`);
        ctx.setExitCode(ExitCode.failure);
        return;
      }

      if (dev) ctx.io.stderr.write(devBanner(gateway, dev));
      else
        ctx.io.stderr.write(
          `AutoGen Gate listening on ${gateway.url} (policy ${config.source.path}, version ${config.source.version.slice(0, 12)})\n`,
        );

      const running = gateway;
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          logger.info({ signal }, 'shutting down');
          void running
            .close()
            .then(() => dev?.close())
            .finally(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
