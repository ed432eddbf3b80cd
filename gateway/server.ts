/**
 * Starts a gateway from a loaded configuration: opens the store, records the policy version,
 * builds the app, listens, and shuts down gracefully (stop accepting, let in-flight requests
 * finish within the grace period, then cancel what is left and close the store).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type express from 'express';
import type { GatewayConfig } from './config/types.js';
import { TokenVerifier } from './identity/verifier.js';
import { createLogger, type Logger } from './observability/logger.js';
import { createMetrics, type GatewayMetrics } from './observability/metrics.js';
import { PolicyEngine } from './policy/engine.js';
import { SessionRecorder } from './recording/sessionRecorder.js';
import { MaskingProfiles } from './runs/maskingProfiles.js';
import { RunService } from './runs/runService.js';
import { openStore } from './store/index.js';
import { heartbeatIntervalMs } from './store/config.js';
import { ReplicaLiveness } from './recovery/liveness.js';
import { WsProxy } from './proxy/wsProxy.js';
import type { Store } from './store/types.js';
import { createApp, type GatewayParts } from './api/app.js';

export interface StartOptions {
  readonly logger?: Logger;
  readonly metrics?: GatewayMetrics;
  /** Frozen clocks in tests. */
  readonly clock?: () => Date;
}

export interface RunningGateway {
  readonly url: string;
  readonly port: number;
  readonly config: GatewayConfig;
  readonly parts: GatewayParts;
  readonly server: Server;
  /** Graceful stop: resolves when in-flight requests ended (or were cancelled) and the store closed. */
  close(): Promise<void>;
}

/** A module that adds features to the gateway (approvals, evidence, …) at start. */
export interface GatewayModule {
  readonly name: string;
  /** Called once the core parts exist; returns what to mount and what to stop on shutdown. */
  setup(parts: GatewayParts): Promise<ModuleMounts> | ModuleMounts;
}

export interface ModuleMounts {
  readonly api?: (router: express.Router) => void;
  readonly public?: (app: Express) => void;
  readonly stop?: () => Promise<void>;
}

/** Collects claim names that rules test, so identities keep them. */
function policyClaims(config: GatewayConfig): string[] {
  return [...new Set(config.rules.flatMap((rule) => Object.keys(rule.when.claims ?? {})))];
}

/** Records a policy version the first time the gateway runs under it (LGPD evidence of the rules in force). */
async function recordPolicyVersion(store: Store, config: GatewayConfig): Promise<void> {
  await store.transact(async (tx) => {
    await tx.appendAudit({
      type: 'gateway.started',
      actor: 'gateway',
      data: {
        policyVersion: config.source.version,
        policyPath: config.source.path,
        rules: config.rules.map((rule) => ({ id: rule.id, decision: rule.decision })),
      },
    });
  });
}

export async function startGateway(
  config: GatewayConfig,
  options: StartOptions = {},
  modules: readonly GatewayModule[] = [],
): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger();
  const metrics = options.metrics ?? createMetrics();
  const clock = options.clock ?? (() => new Date());
  const store = await openStore(config.store, { clock });
  const shutdown = new AbortController();
  let shuttingDown = false;

  const liveness = new ReplicaLiveness({
    store,
    replicaTimeoutMs: config.store.replicaTimeoutMs,
    heartbeatMs: heartbeatIntervalMs(config.store),
    logger: logger.child({ module: 'recovery' }),
  });

  try {
    await recordPolicyVersion(store, config);
    // Before any module resumes work: what a stopped process left in flight is closed, not resumed.
    await liveness.start();
    const masking = new MaskingProfiles(config.masking, config.dataDir, config.baseDir);
    const policy = new PolicyEngine(config.rules);
    const verifier = new TokenVerifier(config.identity, policyClaims(config));
    const recorder = new SessionRecorder(store, () => config.source.version, metrics, logger, clock);
    const runs = new RunService({ config, policy, recorder, store, masking, metrics, logger, shutdownSignal: shutdown.signal });
    const streams = new WsProxy({ config, policy, recorder, masking, identity: { verifier, store, logger, metrics }, logger });
    const core = { config, store, verifier, policy, recorder, runs, masking, streams, metrics, logger, isShuttingDown: () => shuttingDown };

    const mounts: ModuleMounts[] = [];
    for (const module of modules) mounts.push(await module.setup(core));
    const parts: GatewayParts = {
      ...core,
      apiExtensions: mounts.flatMap((mount) => (mount.api ? [mount.api] : [])),
      publicExtensions: mounts.flatMap((mount) => (mount.public ? [mount.public] : [])),
    };
    const app = createApp(parts);
    const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000, requestTimeout: 0 }, app);
    server.on('upgrade', streams.handleUpgrade);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.server.port, config.server.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    const url = config.server.port === 0 ? config.server.publicUrl.replace(/:0$/, `:${port}`) : config.server.publicUrl;

    let closing: Promise<void> | undefined;
    const close = (): Promise<void> => {
      closing ??= (async () => {
        shuttingDown = true;
        streams.close();
        const drained = new Promise<void>((resolve) => server.close(() => resolve()));
        // Keep-alive sockets go idle as their last response ends: close them as that happens.
        const reaper = setInterval(() => server.closeIdleConnections(), 25);
        void drained.then(() => clearInterval(reaper));
        const grace = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), config.server.shutdownGraceMs).unref());
        if ((await Promise.race([drained, grace])) === 'timeout') {
          logger.warn({ graceMs: config.server.shutdownGraceMs }, 'shutdown grace period over; cancelling requests still in flight');
          shutdown.abort(new Error('gateway shutting down'));
          server.closeAllConnections();
          await drained;
        }
        clearInterval(reaper);
        for (const mount of mounts) await mount.stop?.();
        await liveness.stop();
        await store.close();
      })();
      return closing;
    };
    return { url, port, config, parts, server, close };
  } catch (error) {
    await liveness.stop().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
}
