/**
 * Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the store can write, each
 * issuer's keys can be fetched, each upstream answers). Readiness failing is a 503 that names
 * the failing dependency, not its address.
 */
import express, { type Router } from 'express';
import type { GatewayConfig } from '../../config/types.js';
import type { TokenVerifier } from '../../identity/verifier.js';
import type { Store } from '../../store/types.js';

export interface ReadinessCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
}

async function probeUpstream(url: string, timeoutMs: number): Promise<string | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.status < 500 ? undefined : `answered HTTP ${response.status}`;
  } catch (error) {
    return (error as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable';
  }
}

export function healthRouter(config: GatewayConfig, store: Store, verifier: TokenVerifier, isShuttingDown: () => boolean): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const checks: ReadinessCheck[] = [];
    if (isShuttingDown()) checks.push({ name: 'gateway', ok: false, error: 'shutting down' });
    try {
      await store.checkWritable();
      checks.push({ name: 'store', ok: true });
    } catch (error) {
      checks.push({ name: 'store', ok: false, error: error instanceof Error ? error.message : 'cannot write' });
    }
    for (const issuer of await verifier.checkIssuers()) {
      checks.push({ name: `issuer:${issuer.id}`, ok: issuer.ok, ...(issuer.ok ? {} : { error: 'keys unreachable' }) });
    }
    await Promise.all(
      [...config.upstreams.values()].map(async (upstream) => {
        const error = await probeUpstream(`${upstream.url}${upstream.healthPath}`, Math.min(upstream.connectTimeoutMs, 3000));
        checks.push({ name: `upstream:${upstream.name}`, ok: error === undefined, ...(error === undefined ? {} : { error }) });
      }),
    );
    const ready = checks.every((check) => check.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks });
  });
  return router;
}
