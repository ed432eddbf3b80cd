/**
 * deploy/compose: valid against the Compose Specification, and wired so that the gateway is the
 * only door: AutoGen Studio and PostgreSQL share networks with the gateway alone and publish
 * nothing; the gateway is hardened, gets every key as a secret file, and waits for what it needs.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeProblems } from './support/composeSchema.js';
import { COMPOSE_DIR, isRecord, readYamlDocuments } from './support/deployFiles.js';
import { POLICY_MOUNT_PATH, loadShippedPolicy, policyData, secretReferences, shippedPolicies } from './support/shippedPolicies.js';

interface ComposeService {
  readonly image?: string;
  readonly command?: readonly string[];
  readonly ports?: readonly string[];
  readonly expose?: readonly string[];
  readonly networks?: readonly string[];
  readonly network_mode?: string;
  readonly user?: string;
  readonly read_only?: boolean;
  readonly tmpfs?: readonly string[];
  readonly cap_drop?: readonly string[];
  readonly security_opt?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly volumes?: readonly string[];
  readonly secrets?: readonly ({ source: string; target?: string } | string)[];
  readonly configs?: readonly { source: string; target: string }[];
  readonly healthcheck?: { readonly test: readonly string[] };
  readonly depends_on?: Readonly<Record<string, { condition: string }>>;
  readonly deploy?: { readonly replicas?: number; readonly resources?: { limits?: unknown; reservations?: unknown } };
  readonly stop_grace_period?: string;
}

interface ComposeFile {
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly networks: Readonly<Record<string, { internal?: boolean }>>;
  readonly secrets: Readonly<Record<string, { file: string }>>;
  readonly configs: Readonly<Record<string, { file: string }>>;
}

const COMPOSE_FILE = join(COMPOSE_DIR, 'compose.yaml');
const GATEWAY = 'gateway';
const RUNTIME = 'autogen-studio';
const DATABASE = 'postgres';

function seconds(duration: string): number {
  const match = /^(\d+)(ms|s|m)$/.exec(duration);
  assert.ok(match, `duration ${duration}`);
  return Number(match[1]) * { ms: 0.001, s: 1, m: 60 }[match[2] as 'ms' | 's' | 'm'];
}

describe('deploy/compose', () => {
  const [document] = readYamlDocuments(COMPOSE_FILE);
  const compose = document?.value as ComposeFile;
  const services = Object.entries(compose.services);
  const gateway = compose.services[GATEWAY] as ComposeService;
  const policy = shippedPolicies().find((shipped) => shipped.example === 'compose');
  assert.ok(policy);
  const config = loadShippedPolicy(policy);

  it('is a valid compose file (Compose Specification schema, unknown keys refused)', () => {
    assert.deepEqual(composeProblems(compose), []);
  });

  it('would have caught a misspelt key or an unknown value', () => {
    const broken = structuredClone(compose) as unknown as { services: Record<string, Record<string, unknown>> };
    const service = broken.services[GATEWAY] ?? {};
    service['helthcheck'] = service['healthcheck'];
    service['depends_on'] = { [DATABASE]: { condition: 'service_happy' } };
    const problems = composeProblems(broken);
    assert.ok(
      problems.some((problem) => problem.includes('"helthcheck"')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((problem) => problem.startsWith(`/services/gateway/depends_on/${DATABASE}/condition`)),
      problems.join('\n'),
    );
  });

  it('lets only the gateway reach AutoGen Studio and PostgreSQL: shared networks are internal and have no other member', () => {
    for (const isolated of [RUNTIME, DATABASE]) {
      const service = compose.services[isolated] as ComposeService;
      assert.equal(service.ports, undefined, `${isolated} publishes no port`);
      assert.equal(service.network_mode, undefined, `${isolated} uses its networks, not the host's`);
      assert.ok(service.networks && service.networks.length > 0);
      for (const network of service.networks) {
        assert.equal(compose.networks[network]?.internal, true, `${isolated}: network ${network} must be internal`);
        const members = services.filter(([, other]) => other.networks?.includes(network)).map(([name]) => name);
        assert.deepEqual(members.sort(), [GATEWAY, isolated].sort(), `network ${network}`);
      }
    }
  });

  it('publishes one port, the load balancer’s, on loopback, and balances over several gateway replicas', () => {
    const publishing = services.filter(([, service]) => service.ports !== undefined);
    assert.deepEqual(
      publishing.map(([name]) => name),
      ['lb'],
    );
    assert.deepEqual(compose.services['lb']?.ports, [`127.0.0.1:${config.server.port}:8080`]);
    assert.ok((gateway.deploy?.replicas ?? 1) >= 2, 'at least two gateway replicas');
    assert.equal(gateway.ports, undefined);
    const nginx = readFileSync(join(COMPOSE_DIR, 'nginx.conf'), 'utf8');
    assert.match(nginx, new RegExp(`server ${GATEWAY}:${config.server.port} resolve;`), 'nginx follows the replicas by name');
    assert.match(nginx, /proxy_buffering off;/, 'live events and streamed answers are not buffered');
    assert.match(nginx, /proxy_set_header Upgrade \$http_upgrade;/, 'Studio run WebSockets pass');
  });

  it('runs the gateway hardened: its image user, read-only root, no capabilities, no privilege escalation', () => {
    assert.equal(gateway.user, '10001:10001');
    assert.equal(gateway.read_only, true);
    assert.deepEqual(gateway.tmpfs, ['/tmp']);
    assert.deepEqual(gateway.cap_drop, ['ALL']);
    assert.deepEqual(gateway.security_opt, ['no-new-privileges:true']);
    assert.ok(gateway.volumes?.includes(config.dataDir), 'the data folder is a volume, the only other place it writes');
    assert.ok(gateway.deploy?.resources?.limits && gateway.deploy.resources.reservations, 'CPU and memory are bounded');
  });

  it('mounts the policy where the gateway reads it, on PostgreSQL, and gives every key as a secret file', () => {
    assert.deepEqual(gateway.command, ['serve', '--config', POLICY_MOUNT_PATH]);
    assert.deepEqual(gateway.configs, [{ source: 'policy', target: POLICY_MOUNT_PATH }]);
    assert.equal(compose.configs['policy']?.file, './autogen-gate.yaml');
    assert.deepEqual(policyData(policy)['store'], { postgres: { url: 'file:/run/secrets/autogen-gate/database-url' } });

    const mounted = new Map(
      (gateway.secrets ?? []).map((secret) =>
        typeof secret === 'string' ? [`/run/secrets/${secret}`, secret] : [secret.target ?? `/run/secrets/${secret.source}`, secret.source],
      ),
    );
    const references = secretReferences(policyData(policy));
    assert.ok(references.length >= 4);
    for (const { key, ref } of references) {
      assert.match(ref, /^file:/, `${key}: secrets are files, not environment variables`);
      const source = mounted.get(ref.slice('file:'.length));
      assert.ok(source, `${key}: ${ref} is not mounted into the gateway`);
      assert.match(
        compose.secrets[source]?.file ?? '',
        /^\.\/secrets\/[\w.-]+$/,
        `secret ${source} comes from deploy/make-secrets.sh's folder`,
      );
    }
    for (const value of Object.values(gateway.environment ?? {})) assert.doesNotMatch(value, /^(env|file):|postgres:\/\//);
  });

  it('checks every service’s health and starts each after what it needs is healthy', () => {
    for (const [name, service] of services) assert.ok(service.healthcheck?.test.length, `${name} has a health check`);
    assert.deepEqual(gateway.healthcheck?.test, ['CMD', 'node', '/app/deploy/healthcheck.mjs']);
    assert.deepEqual(gateway.depends_on, {
      [DATABASE]: { condition: 'service_healthy' },
      [RUNTIME]: { condition: 'service_healthy' },
    });
    assert.deepEqual(compose.services['lb']?.depends_on, { [GATEWAY]: { condition: 'service_healthy' } });
  });

  it('gives the gateway longer to stop than its own shutdown grace', () => {
    assert.ok(seconds(gateway.stop_grace_period ?? '10s') > config.server.shutdownGraceMs / 1000);
  });

  it('points the gateway at Studio by its service name, and binds Studio beyond loopback only inside its network', () => {
    const upstream = new URL(config.upstreams.get('autogen')?.url ?? '');
    assert.equal(upstream.hostname, RUNTIME);
    assert.equal(upstream.port, '8081');
    assert.deepEqual(compose.services[RUNTIME]?.command, ['--host', '0.0.0.0']);
    const postgres = compose.services[DATABASE] as ComposeService;
    assert.equal(postgres.environment?.['POSTGRES_PASSWORD_FILE'], '/run/secrets/postgres-password');
    assert.ok(isRecord(compose.secrets['postgres-password']));
  });
});
