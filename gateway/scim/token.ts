/**
 * The SCIM bearer token: from `governance.scim.token` (a secret reference) when the policy names
 * one, otherwise generated once into dataDir/keys/scim.token (owner-only), for the IdP's
 * provisioning settings and the dev IdP's offboard action to read.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { resolveSecret } from '../config/secrets.js';
import type { GatewayConfig } from '../config/types.js';

export const SCIM_TOKEN_FILE = 'scim.token';
/** A bearer token an IdP holds for years: long enough that guessing is out of the question. */
const MIN_TOKEN_CHARS = 32;

export class ScimTokenError extends Error {
  override readonly name = 'ScimTokenError';
  readonly code = 'scim_token_invalid';
}

export function scimTokenPath(config: Pick<GatewayConfig, 'dataDir'>): string {
  return join(config.dataDir, 'keys', SCIM_TOKEN_FILE);
}

export interface LoadedScimToken {
  readonly token: string;
  /** Where it came from, for logs: the reference, or the generated file. */
  readonly source: string;
  readonly generated: boolean;
}

export function loadScimToken(config: Pick<GatewayConfig, 'dataDir' | 'baseDir' | 'governance'>): LoadedScimToken {
  const ref = config.governance.scim?.token;
  if (ref !== undefined) {
    const token = resolveSecret(ref, config.baseDir);
    if (token.length < MIN_TOKEN_CHARS)
      throw new ScimTokenError(`the SCIM token in ${ref} has ${token.length} characters; at least ${MIN_TOKEN_CHARS} are required`);
    return { token, source: ref, generated: false };
  }
  const path = scimTokenPath(config);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let generated = false;
  try {
    writeFileSync(path, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    generated = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const token = readFileSync(path, 'utf8').trim();
  if (token.length < MIN_TOKEN_CHARS)
    throw new ScimTokenError(`${path} holds a token shorter than ${MIN_TOKEN_CHARS} characters; delete it to generate a new one`);
  return { token, source: path, generated };
}
