/**
 * Secrets never sit inline in the policy file: a secret field holds a reference, `env:NAME` or
 * `file:PATH`, resolved when the configuration loads so a missing secret stops start-up.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

export const SECRET_REF_PATTERN = '^(env|file):.+$';

export class SecretResolutionError extends Error {
  override readonly name = 'SecretResolutionError';
  readonly code = 'secret_unresolved';
}

/** Resolves a secret reference; `baseDir` anchors relative `file:` paths (the config's folder). */
export function resolveSecret(ref: string, baseDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (ref.startsWith('env:')) {
    const name = ref.slice(4);
    const value = env[name];
    if (value === undefined || value === '') {
      throw new SecretResolutionError(`environment variable ${name} is not set (referenced as "${ref}")`);
    }
    return value;
  }
  if (ref.startsWith('file:')) {
    const path = ref.slice(5);
    const full = isAbsolute(path) ? path : resolve(baseDir, path);
    try {
      return readFileSync(full, 'utf8').trim();
    } catch (error) {
      throw new SecretResolutionError(`cannot read secret file ${full} (referenced as "${ref}"): ${(error as Error).message}`);
    }
  }
  throw new SecretResolutionError(`"${ref}" is not a secret reference; write env:NAME or file:PATH`);
}
