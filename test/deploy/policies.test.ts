/**
 * The policies the deployment examples ship (deploy/compose/autogen-gate.yaml and the Kubernetes
 * ConfigMaps), loaded with the gateway's own loader: a typo in one fails here, not at 3 a.m. in a
 * crash-looping pod.
 */
import { strict as assert } from 'node:assert';
import { ConfigError, parseConfig } from '../../gateway/config/load.js';
import { isRecord } from './support/deployFiles.js';
import { POLICY_MOUNT_PATH, loadShippedPolicy, policyData, shippedPolicies, type ShippedPolicy } from './support/shippedPolicies.js';

/** Sections that say where things are; everything else must be the same in every example. */
const PLACEMENT = ['store', 'upstreams'];

function rejection(policy: ShippedPolicy): ConfigError {
  try {
    loadShippedPolicy(policy);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  assert.fail(`${policy.file} was accepted`);
}

describe('the policies the deployment examples ship', () => {
  const policies = shippedPolicies();

  it('are one per example, each loaded by the gateway’s loader from the path the containers mount it at', () => {
    assert.deepEqual(
      policies.map((policy) => policy.example),
      ['compose', 'replicated', 'sidecar'],
    );
    for (const policy of policies) {
      const config = loadShippedPolicy(policy);
      assert.equal(config.source.path, POLICY_MOUNT_PATH);
      assert.deepEqual([...config.generators.keys()], ['config-template', 'customer-report'], policy.file);
    }
  });

  it('would stop the gateway on a typo, naming the key', () => {
    const [policy] = policies;
    assert.ok(policy);
    const typo = { ...policy, text: policy.text.replace('decision: allow', 'decision: alow').replace('auditors:', 'auditor:') };
    const error = rejection(typo);
    const paths = error.issues.map((issue) => issue.path);
    assert.ok(paths.includes('rules[0].decision'), paths.join(', '));
    assert.ok(paths.includes('access.auditor'), paths.join(', '));
  });

  it('give every key from a mounted file, so replicas share them and none is generated', () => {
    for (const policy of policies) {
      const config = loadShippedPolicy(policy);
      const secrets = [
        ...config.masking.keys.map((key) => key.secret),
        ...config.approvals.inputKeys.map((key) => key.secret),
        config.evidence.signingKey,
      ];
      for (const secret of secrets) assert.match(secret ?? 'generated', /^file:\/run\/secrets\/autogen-gate\//, policy.file);
    }
  });

  it('listen behind a load balancer: all interfaces, forwarded headers trusted, an https public URL', () => {
    for (const policy of policies) {
      const { server } = loadShippedPolicy(policy);
      assert.equal(server.host, '0.0.0.0', policy.file);
      assert.equal(server.port, 8787, policy.file);
      assert.equal(server.trustProxy, true, policy.file);
      assert.match(server.publicUrl, /^https:\/\//, policy.file);
    }
  });

  it('agree on identity, generators, rules, keys and retention; only where the store and Studio are differs', () => {
    const [first, ...others] = policies.map(policyData);
    assert.ok(first);
    const common = (data: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(Object.entries(data).filter(([key]) => !PLACEMENT.includes(key)));
    for (const other of others) assert.deepEqual(common(other), common(first));
  });

  it('load the PostgreSQL store as written', () => {
    const onPostgres = policies.filter((policy) => {
      const store = policyData(policy)['store'];
      return isRecord(store) && 'postgres' in store;
    });
    assert.deepEqual(
      onPostgres.map((policy) => policy.example),
      ['compose', 'replicated'],
    );
    for (const policy of onPostgres) {
      const config = parseConfig(policy.text, POLICY_MOUNT_PATH);
      assert.equal(config.store.driver, 'postgres', policy.file);
    }
  });
});
