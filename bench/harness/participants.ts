/**
 * Who the harness measures, side by side: the upstream answered directly, a bare express +
 * http-proxy-middleware proxy, and gateways under different policies. Each participant is one
 * line of PARTICIPANTS; a gateway line says what differs in its policy (masking, store), and a
 * line that needs something the machine may lack (a PostgreSQL server) names the variable that
 * supplies it and is skipped, said so in the output, when it is unset.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { heapFlags } from '../../gateway/cli/heapLimit.js';
import { DEFAULT_HEAP_MB } from '../../gateway/config/heap.js';
import { forkServer, type ChildServer } from '../support/processes.js';

/** What every participant is started with. */
export interface BenchContext {
  /** The benchmark upstream (fixtures.ts), shared by every participant. */
  readonly upstream: ChildServer;
  readonly issuer: string;
  readonly token: string;
  readonly dir: string;
}

export interface StartedParticipant {
  /** The process whose CPU and memory the table reports. */
  readonly server: ChildServer;
  /** The URL of an upstream path (`/json/1024`) through this participant. */
  url(path: string): string;
  /** The same path on the participant's other replicas (the load is spread over all of them). */
  alsoUrls?(path: string): string[];
  readonly headers: Readonly<Record<string, string>>;
  /** Processes to stop after the run (the measured one included). */
  readonly processes: readonly ChildServer[];
}

export interface Participant {
  readonly key: string;
  readonly label: string;
  /** An environment variable the participant needs; unset: skipped. */
  readonly needs?: string;
  start(context: BenchContext): Promise<StartedParticipant>;
}

const serversPath = fileURLToPath(new URL('../support/servers.js', import.meta.url));
const heapLimitPath = fileURLToPath(new URL('../../gateway/cli/heapLimit.js', import.meta.url));

/** The upstream name the gateways and the bare proxy serve it under (`/proxy/bench/...`). */
export const UPSTREAM = 'bench';

export interface GatewayVariant {
  /** Masking profile of the upstream: `lgpd` (built in) or `none`. */
  readonly masking: 'lgpd' | 'none';
  /** The policy's `store:` value, YAML flow style; default the embedded SQLite store. */
  readonly store?: string;
  /**
   * A folder holding another build of the project (bench/atRevision.sh --beside REV): the
   * gateway is started from there, so two revisions are measured side by side in one run.
   */
  readonly buildDir?: string;
}

/** A policy for the benchmark: one upstream, one allow rule, no rate limits (a load test is a flood). */
export function benchPolicy(context: BenchContext, variant: GatewayVariant, dataDir: string): string {
  return `version: 1
dataDir: ${dataDir}
server: { port: 0 }
${variant.store === undefined ? '' : `store: ${variant.store}\n`}limits: { perIdentity: false, perClient: false }
identity:
  issuers: [{ id: dev, issuer: '${context.issuer}', audience: autogen-gate }]
upstreams:
  ${UPSTREAM}: { type: http, url: '${context.upstream.url}', masking: ${variant.masking} }
rules:
  - { id: devs, upstreams: [${UPSTREAM}], when: { groups: [developers] }, decision: allow }
`;
}

export function startUpstream(): Promise<ChildServer> {
  return forkServer(serversPath, ['fixture']);
}

/** Names a heap limit (MB) for the gateways of a run, instead of `serve`'s default (`npm run bench -- --heap-mb`). */
export const HEAP_MB_ENV = 'BENCH_GATEWAY_HEAP_MB';

/** More Node flags for every gateway, space-separated (`--trace-gc`: its lines go where BENCH_LOG_DIR keeps the logs). */
const NODE_FLAGS_ENV = 'BENCH_GATEWAY_NODE_FLAGS';

/**
 * A gateway's Node flags: the heap limit `autogen-gate serve` gives it by default (server.heapMb),
 * as it runs, or the one BENCH_GATEWAY_HEAP_MB names (0: Node's own); then BENCH_GATEWAY_NODE_FLAGS.
 */
export function gatewayNodeFlags(): string[] {
  const more = (process.env[NODE_FLAGS_ENV] ?? '').split(' ').filter((flag) => flag !== '');
  const named = process.env[HEAP_MB_ENV];
  if (named === undefined || named === '') return [...heapFlags(DEFAULT_HEAP_MB), ...more];
  const heapMb = Number(named);
  if (!Number.isInteger(heapMb) || heapMb < 0) throw new Error(`${HEAP_MB_ENV}: "${named}" is not a heap size in MB (0: Node's own)`);
  return [...heapFlags(heapMb), ...more];
}

/**
 * The environment `serve`'s launcher gives a gateway of the tree built in `buildDir` (this one's
 * when undefined): its allocator settings (allocatorEnv), or none for a revision from before them,
 * so a gateway at a revision runs as it ran then (bench/atRevision.sh).
 */
export async function gatewayEnv(buildDir?: string): Promise<Record<string, string>> {
  const module = buildDir === undefined ? heapLimitPath : join(buildDir, 'out', 'gateway', 'cli', 'heapLimit.js');
  const loaded = (await import(pathToFileURL(module).href)) as { allocatorEnv?: (env: NodeJS.ProcessEnv) => Record<string, string> };
  return loaded.allocatorEnv?.(process.env) ?? {};
}

/** Starts a gateway process under `variant` with its own data folder. */
export async function startGatewayProcess(context: BenchContext, key: string, variant: GatewayVariant): Promise<ChildServer> {
  const file = join(context.dir, `policy-${key}.yaml`);
  writeFileSync(file, benchPolicy(context, variant, join(context.dir, `data-${key}`)));
  const servers = variant.buildDir === undefined ? serversPath : join(variant.buildDir, 'out', 'bench', 'support', 'servers.js');
  const beside = variant.buildDir === undefined ? [] : (process.env[BESIDE_NODE_FLAGS_ENV] ?? '').split(' ').filter((flag) => flag !== '');
  return forkServer(servers, ['gateway', file], await gatewayEnv(variant.buildDir), [...gatewayNodeFlags(), ...beside]);
}

/**
 * More Node flags for the gateways of another build only (BENCH_BESIDE_DIR), after every gateway's:
 * a flag measured against the same tree without it in one run (BENCH_BESIDE_DIR naming this tree).
 */
const BESIDE_NODE_FLAGS_ENV = 'BENCH_BESIDE_NODE_FLAGS';

/** A gateway participant; with `replicas`, that many processes on one store (its CPU and RSS: the first one's). */
function gateway(key: string, label: string, variant: GatewayVariant, needs?: string, replicas = 1): Participant {
  return {
    key,
    label,
    ...(needs === undefined ? {} : { needs }),
    async start(context) {
      const servers: ChildServer[] = [];
      // One after the other: the first creates the schema and the keys the others share.
      for (let replica = 0; replica < replicas; replica++) servers.push(await startGatewayProcess(context, key, variant));
      const [server, ...others] = servers as [ChildServer, ...ChildServer[]];
      return {
        server,
        url: (path) => `${server.url}/proxy/${UPSTREAM}${path}`,
        alsoUrls: (path) => others.map((other) => `${other.url}/proxy/${UPSTREAM}${path}`),
        headers: { authorization: `Bearer ${context.token}` },
        processes: servers,
      };
    },
  };
}

const direct: Participant = {
  key: 'direct',
  label: 'direct (upstream)',
  start(context) {
    // The shared upstream itself: the harness owns its process.
    const server = context.upstream;
    return Promise.resolve({ server, url: (path) => `${server.url}${path}`, headers: {}, processes: [] });
  },
};

const bare: Participant = {
  key: 'bare',
  label: 'bare proxy (express + hpm)',
  async start(context) {
    const server = await forkServer(serversPath, ['bare-proxy', context.upstream.url, UPSTREAM]);
    return { server, url: (path) => `${server.url}/proxy/${UPSTREAM}${path}`, headers: {}, processes: [server] };
  },
};

/** The table's rows, in order. The bare proxy is the baseline every ratio divides by. */
export const PARTICIPANTS: readonly Participant[] = [
  direct,
  bare,
  gateway('plain', 'gateway (identity, policy, record)', { masking: 'none' }),
  gateway('masked', 'gateway + LGPD masking', { masking: 'lgpd' }),
  gateway(
    'postgres',
    'gateway + masking, PostgreSQL',
    { masking: 'lgpd', store: "{ postgres: { url: 'env:BENCH_POSTGRES_URL' } }" },
    'BENCH_POSTGRES_URL',
  ),
  gateway(
    'postgres3',
    'gateway + masking, PostgreSQL, 3 replicas',
    { masking: 'lgpd', store: "{ postgres: { url: 'env:BENCH_POSTGRES_REPLICAS_URL' } }" },
    'BENCH_POSTGRES_REPLICAS_URL',
    3,
  ),
  gateway(
    'beside',
    `gateway + masking at ${process.env['BENCH_BESIDE_REV'] ?? 'another revision'}`,
    { masking: 'lgpd', ...(process.env['BENCH_BESIDE_DIR'] ? { buildDir: process.env['BENCH_BESIDE_DIR'] } : {}) },
    'BENCH_BESIDE_DIR',
  ),
  gateway(
    'besideplain',
    `gateway (identity, policy, record) at ${process.env['BENCH_BESIDE_REV'] ?? 'another revision'}`,
    { masking: 'none', ...(process.env['BENCH_BESIDE_DIR'] ? { buildDir: process.env['BENCH_BESIDE_DIR'] } : {}) },
    'BENCH_BESIDE_DIR',
  ),
];

export const BASELINE = 'bare';
/** The gateway the headline figures are taken from. */
export const FULL_GATEWAY = 'masked';
