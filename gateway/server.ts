/**
 * Starts a gateway from a loaded configuration: opens the store, records the policy version,
 * builds the request path (the gate and its entry points) and the features around it, listens,
 * and shuts down gracefully (stop accepting, let in-flight requests finish within the grace
 * period, then cancel what is left and close the store).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type express from 'express';
import type { GatewayConfig } from './config/types.js';
import { createApprovals } from './approvals/module.js';
import { RejectionLog } from './identity/rejections.js';
import { TokenVerifier } from './identity/verifier.js';
import { createLogger, type Logger } from './observability/logger.js';
import { createMetrics, type GatewayMetrics } from './observability/metrics.js';
import { Gate } from './pipeline/gate.js';
import { GeneratorRunEntry } from './pipeline/entries/generatorRun.js';
import { StudioStreams } from './pipeline/entries/studioStream.js';
import { PolicyEngine, ruleClaimNames } from './policy/engine.js';
import { GovernanceService } from './governance/service.js';
import { Forwarder } from './proxy/forwarder.js';
import { SessionRecorder } from './recording/sessionRecorder.js';
import { payloadRecordingPolicy } from './retention/config.js';
import { MaskingProfiles } from './runs/maskingProfiles.js';
import { openStore } from './store/index.js';
import { heartbeatIntervalMs } from './store/config.js';
import { ReplicaLiveness } from './recovery/liveness.js';
import type { Store } from './store/types.js';
import { createApp, type GatewayParts } from './api/app.js';
import { gatewayBodyBudget } from './http/bodyBudget.js';

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

/** A feature that adds routes and background work to the gateway at start (evidence, retention). */
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
  // Waits and live streams end when shutdown begins; runs in flight only when the grace period is over.
  const shutdown = new AbortController();
  const cancelRuns = new AbortController();
  let shuttingDown = false;
  let boundUrl = config.server.publicUrl;
  const stops: Array<() => Promise<void>> = [];

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
    const verifier = new TokenVerifier(config.identity, ruleClaimNames(config.rules));
    const rejections = new RejectionLog(store, logger);
    stops.push(() => rejections.stop());
    const recorder = new SessionRecorder(
      store,
      () => config.source.version,
      metrics,
      logger,
      clock,
      payloadRecordingPolicy(config.retention),
    );
    const identity = { verifier, rejections, metrics };
    const governance = new GovernanceService({ config, store });
    await governance.registerAll();
    const gate = new Gate({ config, policy, recorder, masking, identity, logger, metrics, governance });
    gate.onStep((event) => metrics.stepDuration.observe(event.entry, event.step, event.outcome, event.ms / 1000));
    const forwarder = new Forwarder(config);
    // One budget of body bytes for every way in (/proxy, generator runs).
    const bodies = gatewayBodyBudget(config.server.bodies, metrics);
    // The approvals service holds runs for the run entry and executes them through it once approved.
    const approvals = createApprovals({
      config,
      store,
      policy,
      masking,
      recorder,
      logger,
      metrics,
      executeRun: (run) => runs.execute(run),
      publicUrl: () => boundUrl,
      shutdown: shutdown.signal,
      governance,
    });
    const runs = new GeneratorRunEntry(gate, {
      config,
      bodies,
      masking,
      store,
      metrics,
      logger,
      hold: (request) => approvals.holds.hold(request),
      shutdownSignal: cancelRuns.signal,
      governance,
    });
    const streams = new StudioStreams(gate, {
      config,
      recorder,
      masking,
      logger,
      hold: (request, pending, signal) => approvals.holds.holdStream(request, pending, signal),
      governance,
    });

    const parts: GatewayParts = {
      config,
      store,
      verifier,
      identity,
      policy,
      recorder,
      masking,
      gate,
      runs,
      governance,
      forwarder,
      bodies,
      metrics,
      logger,
      isShuttingDown: () => shuttingDown,
      publicUrl: () => boundUrl,
      shutdownSignal: shutdown.signal,
      waitForRun: (runId, timeoutMs, wait) => approvals.queries.waitForRun(runId, timeoutMs, wait),
    };
    const mounts: ModuleMounts[] = [];
    for (const module of modules) mounts.push(await module.setup(parts));
    for (const mount of mounts) if (mount.stop) stops.push(mount.stop);
    stops.push(() => approvals.stop());
    await approvals.start();

    const app = createApp(parts, {
      api: [approvals.mount, ...mounts.flatMap((mount) => (mount.api ? [mount.api] : []))],
      public: mounts.flatMap((mount) => (mount.public ? [mount.public] : [])),
    });
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
    boundUrl = url;

    let closing: Promise<void> | undefined;
    const close = (): Promise<void> => {
      closing ??= (async () => {
        shuttingDown = true;
        shutdown.abort(new Error('gateway shutting down'));
        streams.close();
        const drained = new Promise<void>((resolve) => server.close(() => resolve()));
        // Keep-alive sockets go idle as their last response ends: close them as that happens.
        const reaper = setInterval(() => server.closeIdleConnections(), 25);
        void drained.then(() => clearInterval(reaper));
        const grace = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), config.server.shutdownGraceMs).unref());
        if ((await Promise.race([drained, grace])) === 'timeout') {
          logger.warn({ graceMs: config.server.shutdownGraceMs }, 'shutdown grace period over; cancelling requests still in flight');
          cancelRuns.abort(new Error('gateway shutting down'));
          server.closeAllConnections();
          await drained;
        }
        clearInterval(reaper);
        for (const stop of stops.reverse()) await stop();
        await liveness.stop();
        forwarder.close();
        await store.close();
      })();
      return closing;
    };
    return { url, port, config, parts, server, close };
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await liveness.stop().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
}
