/**
 * Key material of the dev IdP, created on first start and kept under `<dataDir>/dev-idp/` so a
 * restart of `npm start` keeps the same JWKS (tokens issued before still verify) and the same
 * cookie keys (browser sessions survive). Files are 0600 in a 0700 folder; they are dev
 * secrets, but secrets still.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

/** A private signing key as stored: a JWK with `kid`, `alg` and `use`. */
export interface DevSigningJwk extends JWK {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256';
  readonly use: 'sig';
}

export class DevKeyFileError extends Error {
  override readonly name = 'DevKeyFileError';
  readonly code = 'dev_key_file_invalid';
}

const SIGNING_KEYS_FILE = 'signing-keys.json';
const COOKIE_KEYS_FILE = 'cookie-keys.json';

/** RS256 first: oidc-provider signs ID tokens with the first key that fits, and RS256 is what every client accepts. */
const ALGORITHMS = ['RS256', 'ES256'] as const;

export function ensureStateDir(stateDir: string): void {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
}

/**
 * Writes a file only if it does not exist yet (`wx`), so two processes starting at once agree on
 * one value: the loser reads the winner's file.
 */
export function writeSecretFileOnce(path: string, content: string): boolean {
  try {
    writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600); // the umask may have narrowed nothing, but never widened; make it exact
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function readJsonFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DevKeyFileError(
      `${path} is not valid JSON (${(error as Error).message}). Delete it to let the dev IdP create new keys (tokens issued before will stop verifying).`,
      { cause: error },
    );
  }
}

function isSigningJwk(value: unknown): value is DevSigningJwk {
  if (typeof value !== 'object' || value === null) return false;
  const jwk = value as Record<string, unknown>;
  return (
    typeof jwk['kid'] === 'string' &&
    (jwk['alg'] === 'RS256' || jwk['alg'] === 'ES256') &&
    jwk['use'] === 'sig' &&
    typeof jwk['d'] === 'string'
  );
}

/** The stored private signing keys, or undefined when the IdP has never started in this folder. */
export function readSigningKeys(stateDir: string): DevSigningJwk[] | undefined {
  const path = join(stateDir, SIGNING_KEYS_FILE);
  const document = readJsonFile(path);
  if (document === undefined) return undefined;
  const keys = (document as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every(isSigningJwk)) {
    throw new DevKeyFileError(
      `${path} does not hold a JWKS of private RS256/ES256 signing keys. Delete it to let the dev IdP create new keys.`,
    );
  }
  return keys;
}

async function generateSigningKey(alg: DevSigningJwk['alg']): Promise<DevSigningJwk> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { ...jwk, kid, alg, use: 'sig' };
}

export async function loadOrCreateSigningKeys(stateDir: string): Promise<DevSigningJwk[]> {
  ensureStateDir(stateDir);
  const existing = readSigningKeys(stateDir);
  if (existing) return existing;
  const keys: DevSigningJwk[] = [];
  for (const alg of ALGORITHMS) keys.push(await generateSigningKey(alg));
  writeSecretFileOnce(join(stateDir, SIGNING_KEYS_FILE), `${JSON.stringify({ keys }, null, 2)}\n`);
  // Another process may have won the race: whatever is on disk is the truth.
  return readSigningKeys(stateDir) ?? keys;
}

/** The public half of a signing key, as published in the JWKS. */
export function publicJwk(jwk: DevSigningJwk): JWK {
  const common = { kty: jwk.kty, kid: jwk.kid, alg: jwk.alg, use: jwk.use };
  return jwk.kty === 'RSA' ? { ...common, n: jwk.n, e: jwk.e } : { ...common, crv: jwk.crv, x: jwk.x, y: jwk.y };
}

/** Keys that sign the IdP's cookies (keygrip): persisted so sessions survive a restart. */
export function loadOrCreateCookieKeys(stateDir: string): string[] {
  ensureStateDir(stateDir);
  const path = join(stateDir, COOKIE_KEYS_FILE);
  const read = (): string[] | undefined => {
    const document = readJsonFile(path);
    if (document === undefined) return undefined;
    if (!Array.isArray(document) || document.length === 0 || !document.every((key) => typeof key === 'string' && key.length >= 32)) {
      throw new DevKeyFileError(`${path} does not hold a list of cookie keys. Delete it to let the dev IdP create a new one.`);
    }
    return document as string[];
  };
  const existing = read();
  if (existing) return existing;
  writeSecretFileOnce(path, `${JSON.stringify([randomBytes(32).toString('base64url')])}\n`);
  return read() ?? [];
}
