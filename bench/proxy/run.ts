/**
 * `npm run bench:proxy`: requests per second and latency percentiles for the same request made
 * (1) to the demo runtime directly, (2) through a bare express + http-proxy-middleware proxy,
 * (3) through the gateway with identity + policy + recording (masking off), (4) the same
 * with the built-in LGPD masking profile, (5) with every record fsynced, and (6) the gateway of (3)
 * on PostgreSQL, one replica and three replicas on one database (the load spread over them as a
 * load balancer would). Every participant runs in its own process and the load
 * generator in another; rounds alternate so a noisy neighbour hurts all of them alike, and the
 * figures reported are medians across rounds, with ratios against the bare proxy measured in the
 * same run.
 *
 * Environment: BENCH_ROUNDS (default 3), BENCH_SECONDS per measurement (default 5),
 * BENCH_CONCURRENCY (default 32); BENCH_PROFILE_DIR writes a CPU profile of each server there.
 * PostgreSQL is started for the run as the store tests start it (scripts/setupPostgres.sh installs
 * the server; AUTOGEN_GATE_TEST_POSTGRES names another); without one, its rows are left out, said so.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestIdp } from '../../test/support/devIdp.js';
import type { LoadResult } from '../support/loadClient.js';
import { forkServer, measure, median, type ChildServer } from '../support/processes.js';
import { makeTempDir, removeDir } from '../../test/support/tempDir.js';
import { freshPostgresUrl, mochaGlobalSetup as startPostgres, mochaGlobalTeardown as stopPostgres } from '../../test/support/postgres.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 32);
const serversPath = fileURLToPath(new URL('./servers.js', import.meta.url));

interface Variant {
  readonly key: string;
  readonly name: string;
  readonly masking: 'none' | 'lgpd';
  readonly store: { readonly sqlite: 'normal' | 'full' } | { readonly postgres: { readonly replicas: number } };
}

/** Gateway set-ups measured; the first is the one the 70% / 2 ms aim is checked against. */
const VARIANTS: readonly Variant[] = [
  { key: 'plain', name: 'gateway: identity + policy + recording', masking: 'none', store: { sqlite: 'normal' } },
  { key: 'masked', name: 'gateway: … + LGPD masking', masking: 'lgpd', store: { sqlite: 'normal' } },
  { key: 'fsync', name: 'gateway: … + fsync every record (full)', masking: 'lgpd', store: { sqlite: 'full' } },
  { key: 'pg1', name: 'gateway (plain) on PostgreSQL, 1 replica', masking: 'none', store: { postgres: { replicas: 1 } } },
  { key: 'pg3', name: 'gateway (plain) on PostgreSQL, 3 replicas', masking: 'none', store: { postgres: { replicas: 3 } } },
];

/** The environment variable that holds a PostgreSQL variant's database URL (its password inside, never in the file). */
const databaseEnv = (variant: Variant): string => `AUTOGEN_GATE_BENCH_DB_${variant.key.toUpperCase()}`;

function policy(issuer: string, runtime: string, variant: Variant, dataDir: string): string {
  const masking = variant.masking;
  return `version: 1
dataDir: ${dataDir}
server: { port: 0 }
# The load comes from one caller on one address: rate limits would measure themselves.
limits: { perIdentity: false, perClient: false }
store: ${'sqlite' in variant.store ? `{ sqlite: { synchronous: ${variant.store.sqlite} } }` : `{ postgres: { url: 'env:${databaseEnv(variant)}' } }`}
identity:
  issuers: [{ id: dev, issuer: '${issuer}', audience: autogen-gate }]
upstreams:
  autogen: { type: autogen-studio, url: '${runtime}', masking: ${masking} }
rules:
  - { id: devs-raw, upstreams: [autogen], when: { groups: [developers] }, decision: allow }
`;
}

interface Target {
  readonly name: string;
  readonly url: string;
  /** Further replicas of the same gateway, sharing the load. */
  readonly alsoUrls?: readonly string[];
  readonly headers: Record<string, string>;
}

function format(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

async function main(): Promise<void> {
  const dir = makeTempDir('autogen-gate-bench-');
  const children: ChildServer[] = [];
  let stopDatabase: (() => void) | undefined;
  const idp = await startTestIdp(join(dir, 'idp'));
  try {
    const token = await idp.token('ana');
    const runtime = await forkServer(serversPath, ['runtime']);
    children.push(runtime);
    const bare = await forkServer(serversPath, ['bare-proxy', runtime.url]);
    children.push(bare);
    const postgres = await startPostgres().then(
      () => true,
      (error: unknown) => {
        console.log(`PostgreSQL rows left out: ${(error as Error).message}`);
        return false;
      },
    );
    stopDatabase = postgres ? stopPostgres : undefined;
    const gatewayTargets: Target[] = [];
    for (const variant of VARIANTS) {
      if ('postgres' in variant.store && !postgres) continue;
      if ('postgres' in variant.store) process.env[databaseEnv(variant)] = await freshPostgresUrl();
      const file = join(dir, `policy-${variant.key}.yaml`);
      writeFileSync(file, policy(idp.issuer, runtime.url, variant, join(dir, `data-${variant.key}`)));
      const urls: string[] = [];
      // One after the other: the first replica creates the schema and the keys the others share.
      for (let replica = 0; replica < ('postgres' in variant.store ? variant.store.postgres.replicas : 1); replica++) {
        const gateway = await forkServer(serversPath, ['gateway', file]);
        children.push(gateway);
        urls.push(`${gateway.url}/proxy/autogen/api/version`);
      }
      const [url, ...alsoUrls] = urls;
      if (url) gatewayTargets.push({ name: variant.name, url, alsoUrls, headers: { authorization: `Bearer ${token}` } });
    }

    const path = '/api/version';
    const targets: Target[] = [
      { name: 'direct (demo runtime)', url: `${runtime.url}${path}`, headers: {} },
      { name: 'bare express + http-proxy-middleware', url: `${bare.url}/proxy/autogen${path}`, headers: {} },
      ...gatewayTargets,
    ];

    const results = new Map<string, LoadResult[]>(targets.map((target) => [target.name, []]));
    console.log(`bench:proxy: ${ROUNDS} rounds × ${targets.length} targets × ${SECONDS}s, concurrency ${CONCURRENCY}, GET ${path}`);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const target of targets) {
        const result = await measure({
          url: target.url,
          alsoUrls: target.alsoUrls,
          method: 'GET',
          headers: target.headers,
          body: undefined,
          concurrency: CONCURRENCY,
          warmupMs: 1_000,
          durationMs: SECONDS * 1_000,
        });
        if (result.errors > 0 || result.nonSuccess > 0)
          throw new Error(`${target.name}: ${result.errors} errors, ${result.nonSuccess} non-2xx answers`);
        results.get(target.name)?.push(result);
        console.log(
          `  round ${round}  ${target.name.padEnd(42)} ${format(result.rps, 0).padStart(7)} req/s  p50 ${format(result.p50Ms)} ms  p99 ${format(result.p99Ms)} ms`,
        );
      }
    }

    const summary = targets.map((target) => {
      const runs = results.get(target.name) ?? [];
      return {
        name: target.name,
        rps: median(runs.map((r) => r.rps)),
        p50: median(runs.map((r) => r.p50Ms)),
        p99: median(runs.map((r) => r.p99Ms)),
      };
    });
    const baseline = summary[1];
    if (!baseline) throw new Error('no baseline');
    console.log('\nMedians across rounds (ratios against the bare proxy, measured in this run):');
    console.log(
      `  ${'target'.padEnd(42)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'thr. ratio'.padStart(11)} ${'Δp99 ms'.padStart(8)}`,
    );
    for (const row of summary) {
      console.log(
        `  ${row.name.padEnd(42)} ${format(row.rps, 0).padStart(8)} ${format(row.p50).padStart(8)} ${format(row.p99).padStart(8)} ${format(row.rps / baseline.rps).padStart(11)} ${format(row.p99 - baseline.p99).padStart(8)}`,
      );
    }
    const gateway = summary[2];
    if (gateway) {
      const ratio = gateway.rps / baseline.rps;
      const added = gateway.p99 - baseline.p99;
      console.log(
        `\nTarget: gateway keeps ≥ 70% of the bare proxy's throughput (${format(ratio * 100, 1)}%) and adds < 2 ms at p99 (${format(added)} ms): ${ratio >= 0.7 && added < 2 ? 'met' : 'NOT met'}`,
      );
    }
    const byKey = (key: string): (typeof summary)[number] | undefined =>
      summary.find((row) => row.name === VARIANTS.find((variant) => variant.key === key)?.name);
    const [sqlite, one, three] = [byKey('plain'), byKey('pg1'), byKey('pg3')];
    if (sqlite && one && three) {
      console.log(
        `PostgreSQL: one replica serves ${format(one.rps / sqlite.rps)}× what SQLite does; three replicas ${format(three.rps / one.rps)}× what one does (every participant shares this machine's cores).`,
      );
    }
  } finally {
    for (const child of children.reverse()) await child.stop();
    stopDatabase?.();
    await idp.close();
    removeDir(dir);
  }
}

await main();
