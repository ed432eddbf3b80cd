/**
 * deploy/kubernetes: every manifest valid against the Kubernetes API schemas (unknown fields
 * refused), and both examples wired so that the gateway is AutoGen's only door: in the sidecar
 * example Studio listens on the pod's loopback and the pod admits only the gateway's port; in the
 * replicated example a NetworkPolicy admits only the gateway's pods to Studio. The gateway is
 * probed, hardened, bounded, and reads its policy and every key from mounted files.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { IService } from 'kubernetes-models/v1/Service';
import { KUBERNETES_DIR, REPO_ROOT, readYamlDocuments, yamlFilesUnder } from './support/deployFiles.js';
import { schemaProblems, unknownFieldProblems, type LabelledObject } from './support/kubernetesSchema.js';
import {
  POLICY_CONFIGMAP,
  POLICY_MOUNT_PATH,
  loadShippedPolicy,
  policyData,
  secretReferences,
  shippedPolicies,
} from './support/shippedPolicies.js';

interface Manifest extends LabelledObject {
  readonly object: { readonly apiVersion: string; readonly kind: string; readonly metadata: { readonly name: string } };
}

const GATEWAY_CONTAINER = 'autogen-gate';
const RUNTIME_CONTAINER = 'autogen-studio';
const KEYS_SECRET = 'autogen-gate-keys';
/** The image's USER (deploy/Dockerfile). */
const GATEWAY_UID = 10001;

function manifestsOf(example: string): Manifest[] {
  return yamlFilesUnder(join(KUBERNETES_DIR, example)).flatMap((file) =>
    readYamlDocuments(file, '1.1').map((document) => ({
      label: `${relative(REPO_ROOT, file)}#${document.index + 1}`,
      object: document.value as Manifest['object'],
    })),
  );
}

function find<T>(manifests: readonly Manifest[], kind: string, name: string): T {
  const found = manifests.find((manifest) => manifest.object.kind === kind && manifest.object.metadata.name === name);
  assert.ok(found, `no ${kind} ${name}`);
  return found.object as T;
}

function podOf(deployment: IDeployment): IPodSpec {
  const pod = deployment.spec?.template.spec;
  assert.ok(pod, `${deployment.metadata?.name ?? 'deployment'} has no pod template`);
  return pod;
}

function containerOf(deployment: IDeployment, name: string): IContainer {
  const container = podOf(deployment).containers.find((candidate) => candidate.name === name);
  assert.ok(container, `no container ${name}`);
  return container;
}

function podLabels(deployment: IDeployment): Record<string, string> {
  return deployment.spec?.template.metadata?.labels ?? {};
}

function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  return (
    selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels[key] === value)
  );
}

/** Key files deploy/make-secrets.sh creates (the Secret is made from its folder). */
function keyFilesOfMakeSecrets(): string[] {
  return [...readFileSync(resolve('deploy/make-secrets.sh'), 'utf8').matchAll(/\| create ([\w.-]+)/g)].map((match) => match[1] ?? '');
}

function httpProbe(probe: IProbe | undefined, what: string): { path: string; port: string | number } {
  assert.ok(probe?.httpGet, `${what}: an HTTP probe`);
  return { path: probe.httpGet.path ?? '/', port: probe.httpGet.port };
}

function assertProbesRunInside(container: IContainer): void {
  for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) {
    if (!probe) continue;
    assert.ok(probe.exec, `${container.name}: probes run inside the container (the kubelet's network probes reach the pod IP)`);
  }
}

describe('deploy/kubernetes', () => {
  const all = [...manifestsOf('sidecar'), ...manifestsOf('replicated')];

  it('holds only objects the Kubernetes API accepts (OpenAPI schemas: types, enums, required fields, formats)', () => {
    assert.ok(all.length >= 10);
    assert.deepEqual(schemaProblems(all), []);
  });

  it('uses no field the API does not define', () => {
    assert.deepEqual(unknownFieldProblems(all), []);
  });

  it('would have caught a misspelt field, a malformed quantity and an unknown enum value', () => {
    const deployment = structuredClone(find<IDeployment>(manifestsOf('sidecar'), 'Deployment', 'autogen-studio'));
    const gateway = containerOf(deployment, GATEWAY_CONTAINER) as IContainer & Record<string, unknown>;
    gateway['livenesProbe'] = gateway.livenessProbe;
    gateway.resources = { limits: { cpu: 'two cores' } };
    (deployment.spec as { strategy: { type: string } }).strategy.type = 'Sometimes';
    const broken = [{ label: 'broken', object: deployment }];
    const problems = [...schemaProblems(broken), ...unknownFieldProblems(broken)].join('\n');
    assert.match(problems, /'"?livenesProbe"?' does not exist/);
    assert.match(problems, /limits\/cpu must match format "quantity"/);
    assert.match(problems, /strategy\/type must be equal to one of the allowed values/);
  });

  for (const example of ['sidecar', 'replicated']) {
    describe(`${example}: the gateway container`, () => {
      const manifests = manifestsOf(example);
      const deployment = find<IDeployment>(manifests, 'Deployment', example === 'sidecar' ? 'autogen-studio' : 'autogen-gate');
      const pod = podOf(deployment);
      const gateway = containerOf(deployment, GATEWAY_CONTAINER);
      const policy = shippedPolicies().find((shipped) => shipped.example === example);
      assert.ok(policy);
      const config = loadShippedPolicy(policy);
      const mountOf = (volume: string): string | undefined => gateway.volumeMounts?.find((mount) => mount.name === volume)?.mountPath;

      it('runs a pinned image with the policy from the ConfigMap, mounted where --config reads it', () => {
        assert.match(gateway.image ?? '', /:[\w.-]+$/);
        assert.doesNotMatch(gateway.image ?? '', /:latest$/);
        assert.deepEqual(gateway.args, ['serve', '--config', POLICY_MOUNT_PATH]);
        const volume = pod.volumes?.find((candidate) => candidate.configMap?.name === POLICY_CONFIGMAP);
        assert.ok(volume);
        assert.equal(mountOf(volume.name), dirname(POLICY_MOUNT_PATH));
        assert.equal(gateway.volumeMounts?.find((mount) => mount.name === volume.name)?.readOnly, true);
        find(manifests, 'ConfigMap', POLICY_CONFIGMAP);
      });

      it('is probed: startup and liveness on /healthz, readiness on /readyz, on the policy’s port', () => {
        assert.deepEqual(httpProbe(gateway.startupProbe, 'startup'), { path: '/healthz', port: 'http' });
        assert.deepEqual(httpProbe(gateway.livenessProbe, 'liveness'), { path: '/healthz', port: 'http' });
        assert.deepEqual(httpProbe(gateway.readinessProbe, 'readiness'), { path: '/readyz', port: 'http' });
        assert.deepEqual(gateway.ports, [{ name: 'http', containerPort: config.server.port }]);
        assert.equal(config.server.host, '0.0.0.0', 'the policy listens beyond the pod’s loopback');
      });

      it('runs hardened: non-root as the image’s user, read-only root, no capabilities, default seccomp', () => {
        assert.equal(pod.automountServiceAccountToken, false);
        assert.notEqual(pod.hostNetwork, true);
        assert.equal(pod.securityContext?.seccompProfile?.type, 'RuntimeDefault');
        for (const container of pod.containers) {
          const security = container.securityContext;
          assert.equal(security?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot, true, container.name);
          assert.ok((security?.runAsUser ?? pod.securityContext?.runAsUser ?? 0) > 0, container.name);
          assert.equal(security?.readOnlyRootFilesystem, true, container.name);
          assert.equal(security?.allowPrivilegeEscalation, false, container.name);
          assert.deepEqual(security?.capabilities?.drop, ['ALL'], container.name);
          for (const resource of ['cpu', 'memory']) {
            assert.ok(container.resources?.requests?.[resource], `${container.name}: ${resource} request`);
            assert.ok(container.resources?.limits?.[resource], `${container.name}: ${resource} limit`);
          }
        }
        assert.equal(gateway.securityContext?.runAsUser ?? pod.securityContext?.runAsUser, GATEWAY_UID);
      });

      it('writes only to mounted volumes: its data folder and /tmp', () => {
        for (const path of [config.dataDir, '/tmp']) {
          const mount = gateway.volumeMounts?.find((candidate) => candidate.mountPath === path);
          assert.ok(mount, `${path} is a volume`);
          const volume = pod.volumes?.find((candidate) => candidate.name === mount.name);
          assert.ok(volume?.emptyDir ?? volume?.persistentVolumeClaim, `${path} is writable storage`);
          assert.notEqual(mount.readOnly, true);
        }
      });

      it('reads every key from a file of the Secret that make-secrets.sh fills, never from the environment', () => {
        const keysVolume = pod.volumes?.find((volume) => volume.secret?.secretName === KEYS_SECRET);
        assert.ok(keysVolume);
        assert.equal(keysVolume.secret?.defaultMode, 0o440, 'readable by the owner and the pod’s group only');
        const keysDir = mountOf(keysVolume.name);
        const files = keyFilesOfMakeSecrets();
        const references = secretReferences(policyData(policy));
        assert.ok(references.length >= 3);
        for (const { key, ref } of references) {
          assert.match(ref, /^file:/, key);
          const path = ref.slice('file:'.length);
          assert.equal(dirname(path), keysDir, `${key}: ${path} is in the Secret's mount`);
          assert.ok(files.includes(path.slice(dirname(path).length + 1)), `${key}: deploy/make-secrets.sh creates ${path}`);
        }
        for (const container of pod.containers) {
          for (const variable of container.env ?? [])
            assert.equal(variable.valueFrom?.secretKeyRef, undefined, `${container.name}: ${variable.name}`);
          if (container.name !== GATEWAY_CONTAINER)
            assert.ok(!container.volumeMounts?.some((mount) => mount.name === keysVolume.name), `${container.name} cannot read the keys`);
        }
      });

      it('gets time to finish requests in flight before it is killed', () => {
        const preStop = gateway.lifecycle?.preStop?.exec?.command;
        assert.deepEqual(preStop?.slice(0, 1), ['sleep']);
        const drain = Number(preStop?.[1]);
        assert.ok((pod.terminationGracePeriodSeconds ?? 30) > drain + config.server.shutdownGraceMs / 1000);
      });
    });
  }

  describe('sidecar: Studio reachable only over the pod’s loopback', () => {
    const manifests = manifestsOf('sidecar');
    const deployment = find<IDeployment>(manifests, 'Deployment', 'autogen-studio');
    const studio = containerOf(deployment, RUNTIME_CONTAINER);
    const gateway = containerOf(deployment, GATEWAY_CONTAINER);
    const policy = shippedPolicies().find((shipped) => shipped.example === 'sidecar');
    assert.ok(policy);
    const config = loadShippedPolicy(policy);

    it('binds Studio to 127.0.0.1, declares no port for it, and probes it from inside', () => {
      assert.deepEqual(studio.args, ['--host', '127.0.0.1']);
      assert.equal(studio.ports, undefined);
      assertProbesRunInside(studio);
      assert.equal(config.upstreams.get('autogen')?.url, 'http://127.0.0.1:8081');
    });

    it('exposes only the gateway: the Service targets its port, the NetworkPolicy admits nothing else', () => {
      const service = find<IService>(manifests, 'Service', 'autogen-gate');
      assert.equal(service.spec?.type, 'ClusterIP');
      assert.ok(selects(service.spec?.selector, podLabels(deployment)));
      assert.deepEqual(
        service.spec?.ports?.map((port) => port.targetPort),
        ['http'],
      );
      const policies = manifests
        .filter((manifest) => manifest.object.kind === 'NetworkPolicy')
        .map((manifest) => manifest.object as INetworkPolicy);
      const guarding = policies.filter((networkPolicy) => selects(networkPolicy.spec?.podSelector.matchLabels, podLabels(deployment)));
      assert.equal(guarding.length, 1);
      assert.deepEqual(guarding[0]?.spec?.policyTypes, ['Ingress']);
      assert.deepEqual(
        guarding[0]?.spec?.ingress?.flatMap((rule) => rule.ports ?? []),
        [{ protocol: 'TCP', port: gateway.ports?.[0]?.containerPort }],
      );
    });

    it('keeps one writer on the SQLite store, durable across power loss, and the gateway’s data out of Studio’s reach', () => {
      assert.equal(deployment.spec?.replicas, 1);
      assert.equal(deployment.spec?.strategy?.type, 'Recreate');
      assert.deepEqual(policyData(policy)['store'], { sqlite: { path: 'autogen-gate.db', synchronous: 'full' } });
      const gatewayVolumes = new Set(gateway.volumeMounts?.map((mount) => mount.name));
      assert.deepEqual(
        studio.volumeMounts?.filter((mount) => gatewayVolumes.has(mount.name)),
        [],
      );
    });
  });

  describe('replicated: a NetworkPolicy admits only the gateway’s pods to Studio', () => {
    const manifests = manifestsOf('replicated');
    const gatewayDeployment = find<IDeployment>(manifests, 'Deployment', 'autogen-gate');
    const runtimeDeployment = find<IDeployment>(manifests, 'Deployment', 'autogen-studio');
    const studio = containerOf(runtimeDeployment, RUNTIME_CONTAINER);
    const runtimeService = find<IService>(manifests, 'Service', 'autogen-studio');
    const podTemplates = manifests
      .filter((manifest) => manifest.object.kind === 'Deployment')
      .map((manifest) => manifest.object as IDeployment);
    const policy = shippedPolicies().find((shipped) => shipped.example === 'replicated');
    assert.ok(policy);
    const config = loadShippedPolicy(policy);

    it('admits connections to Studio from pods that carry the gateway’s labels, and from nowhere else', () => {
      const guarding = manifests
        .filter((manifest) => manifest.object.kind === 'NetworkPolicy')
        .map((manifest) => manifest.object as INetworkPolicy)
        .filter((networkPolicy) => selects(networkPolicy.spec?.podSelector.matchLabels, podLabels(runtimeDeployment)));
      assert.equal(guarding.length, 1, 'one policy guards the runtime pods');
      const spec = guarding[0]?.spec;
      assert.ok(spec);
      assert.ok(spec.policyTypes?.includes('Ingress'));
      assert.ok(!selects(spec.podSelector.matchLabels, podLabels(gatewayDeployment)), 'the policy does not also select the gateway');
      assert.ok(spec.ingress && spec.ingress.length > 0);
      for (const rule of spec.ingress) {
        assert.ok(rule.from && rule.from.length > 0, 'a rule without `from` admits everyone');
        for (const peer of rule.from) {
          assert.equal(peer.namespaceSelector, undefined, 'no other namespace');
          assert.equal(peer.ipBlock, undefined, 'no address range');
          const admitted = podTemplates.filter((template) => selects(peer.podSelector?.matchLabels, podLabels(template)));
          assert.deepEqual(admitted, [gatewayDeployment], 'the peer selects the gateway’s pods and no other');
        }
        assert.deepEqual(rule.ports, [{ protocol: 'TCP', port: studio.ports?.[0]?.containerPort }]);
      }
    });

    it('keeps Studio’s Service inside the cluster, and the gateway’s policy points at it', () => {
      assert.equal(runtimeService.spec?.type, 'ClusterIP');
      assert.ok(selects(runtimeService.spec?.selector, podLabels(runtimeDeployment)));
      const upstream = new URL(config.upstreams.get('autogen')?.url ?? '');
      assert.equal(upstream.hostname, runtimeService.metadata?.name);
      assert.equal(Number(upstream.port), runtimeService.spec.ports?.[0]?.port);
      assert.equal(runtimeService.spec.ports?.[0]?.targetPort, studio.ports?.[0]?.name);
      assertProbesRunInside(studio);
    });

    it('routes outside traffic, over TLS, to the gateway’s Service only', () => {
      const ingresses = manifests.filter((manifest) => manifest.object.kind === 'Ingress').map((manifest) => manifest.object as IIngress);
      assert.ok(ingresses.length > 0);
      for (const ingress of ingresses) {
        assert.ok(ingress.spec?.tls && ingress.spec.tls.length > 0);
        const backends = ingress.spec.rules?.flatMap((rule) => rule.http?.paths.map((path) => path.backend.service?.name) ?? []);
        assert.deepEqual([...new Set(backends)], ['autogen-gate']);
      }
      for (const manifest of manifests.filter((candidate) => candidate.object.kind === 'Service')) {
        assert.equal((manifest.object as IService).spec?.type, 'ClusterIP', manifest.label);
      }
    });

    it('runs several gateway replicas on PostgreSQL, rolls them without losing capacity, and lets drains take one at a time', () => {
      const replicas = gatewayDeployment.spec?.replicas ?? 1;
      assert.ok(replicas >= 2);
      assert.equal(gatewayDeployment.spec?.strategy?.rollingUpdate?.maxUnavailable, 0);
      assert.deepEqual(policyData(policy)['store'], { postgres: { url: 'file:/run/secrets/autogen-gate/database-url' } });
      const budget = find<IPodDisruptionBudget>(manifests, 'PodDisruptionBudget', 'autogen-gate');
      assert.ok(selects(budget.spec?.selector?.matchLabels, podLabels(gatewayDeployment)));
      assert.ok(!selects(budget.spec?.selector?.matchLabels, podLabels(runtimeDeployment)));
      assert.equal(budget.spec?.maxUnavailable, 1);
      assert.ok(replicas - 1 >= 1, 'a drain leaves a replica serving');
    });
  });
});
