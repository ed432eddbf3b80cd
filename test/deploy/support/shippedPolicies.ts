/**
 * The policy files the deployment examples ship (compose's file, the Kubernetes ConfigMaps), and
 * loading them with the gateway's own loader, from the path the containers mount them at.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { parseConfig } from '../../../gateway/config/load.js';
import type { GatewayConfig } from '../../../gateway/config/types.js';
import { COMPOSE_DIR, KUBERNETES_DIR, REPO_ROOT, isRecord, readYamlDocuments, yamlFilesUnder } from './deployFiles.js';

/** Where every example mounts the policy (the image's AUTOGEN_GATE_CONFIG, the `--config` argument). */
export const POLICY_MOUNT_PATH = '/etc/autogen-gate/autogen-gate.yaml';
export const POLICY_CONFIGMAP = 'autogen-gate-policy';
export const POLICY_KEY = 'autogen-gate.yaml';

export interface ShippedPolicy {
  /** `compose`, `sidecar`, `replicated`. */
  readonly example: string;
  /** The file it comes from, from the repository root. */
  readonly file: string;
  readonly text: string;
}

export function shippedPolicies(): ShippedPolicy[] {
  const composePolicy = join(COMPOSE_DIR, 'autogen-gate.yaml');
  const policies: ShippedPolicy[] = [
    { example: 'compose', file: relative(REPO_ROOT, composePolicy), text: readFileSync(composePolicy, 'utf8') },
  ];
  for (const path of yamlFilesUnder(KUBERNETES_DIR)) {
    for (const document of readYamlDocuments(path, '1.1')) {
      const value = document.value;
      if (!isRecord(value) || value['kind'] !== 'ConfigMap' || !isRecord(value['metadata'])) continue;
      if (value['metadata']['name'] !== POLICY_CONFIGMAP) continue;
      const data = value['data'];
      const text = isRecord(data) ? data[POLICY_KEY] : undefined;
      if (typeof text !== 'string') throw new Error(`${document.file}: ConfigMap ${POLICY_CONFIGMAP} has no data.${POLICY_KEY}`);
      policies.push({ example: relative(KUBERNETES_DIR, path).split('/')[0] ?? path, file: document.file, text });
    }
  }
  return policies;
}

/** The policy as YAML data, for checks on what it says rather than on what the loader makes of it. */
export function policyData(policy: ShippedPolicy): Record<string, unknown> {
  const value: unknown = parseDocument(policy.text).toJS();
  if (!isRecord(value)) throw new Error(`${policy.file}: the policy is not a mapping`);
  return value;
}

/** Loads a shipped policy with the gateway's loader, as the container would from its mount path. */
export function loadShippedPolicy(policy: ShippedPolicy): GatewayConfig {
  return parseConfig(policy.text, POLICY_MOUNT_PATH);
}

/** Secret references (`env:` / `file:`) anywhere in a policy, with their dotted key. */
export function secretReferences(data: unknown, path = ''): { key: string; ref: string }[] {
  if (typeof data === 'string') return /^(env|file):/.test(data) ? [{ key: path, ref: data }] : [];
  if (Array.isArray(data)) return data.flatMap((item, index) => secretReferences(item, `${path}[${index}]`));
  if (isRecord(data)) return Object.entries(data).flatMap(([key, value]) => secretReferences(value, path ? `${path}.${key}` : key));
  return [];
}
