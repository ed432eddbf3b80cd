/**
 * The files under deploy/, read the way their tools read them: Kubernetes manifests as YAML 1.1
 * (what kubectl parses: `0440` is octal), the compose file as YAML 1.2, several documents per file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const REPO_ROOT = resolve('.');
export const DEPLOY_DIR = join(REPO_ROOT, 'deploy');
export const KUBERNETES_DIR = join(DEPLOY_DIR, 'kubernetes');
export const COMPOSE_DIR = join(DEPLOY_DIR, 'compose');

export interface YamlDocument {
  /** Path from the repository root, e.g. `deploy/kubernetes/sidecar/deployment.yaml`. */
  readonly file: string;
  /** Position of the document in its file, from 0. */
  readonly index: number;
  readonly value: unknown;
}

/** Every document of a YAML file; a syntax error anywhere fails with the file and line. */
export function readYamlDocuments(path: string, version: '1.1' | '1.2' = '1.2'): YamlDocument[] {
  const file = relative(REPO_ROOT, path);
  return parseAllDocuments(readFileSync(path, 'utf8'), { version, prettyErrors: true, uniqueKeys: true }).map((document, index) => {
    const [error] = document.errors;
    if (error) throw new Error(`${file}, document ${index + 1}: ${error.message}`);
    return { file, index, value: document.toJS() as unknown };
  });
}

/** YAML files below a folder, sorted, with paths from the repository root. */
export function yamlFilesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...yamlFilesUnder(path));
    else if (/\.ya?ml$/.test(name)) found.push(path);
  }
  return found;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
