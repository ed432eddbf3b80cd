/**
 * The evidence signing key: an asymmetric key (ES256 or EdDSA) that signs evidence bundles,
 * audit checkpoints and data-subject reports. Taken from a secret reference when the policy
 * names one, otherwise generated once under `dataDir/keys/evidence-signing.jwk` (0600).
 *
 * Every public key that ever signed is kept in `dataDir/keys/evidence-public.jwks`, so a bundle
 * or checkpoint signed before a key rotation still verifies; that file is what
 * `/.well-known/jwks.json` serves and what `evidence verify` trusts by default.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CompactSign, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, importPKCS8, type JWK } from 'jose';
import { resolveSecret } from '../config/secrets.js';
import type { EvidenceConfig } from './config.js';
import { EVIDENCE_ALGORITHMS, type EvidenceAlgorithm } from './configSchema.js';

const SIGNING_KEY_FILE = 'evidence-signing.jwk';
const PUBLIC_KEYS_FILE = 'evidence-public.jwks';

/** A public verification key as published: `kid` is its RFC 7638 thumbprint. */
export interface EvidencePublicJwk extends JWK {
  readonly kid: string;
  readonly alg: EvidenceAlgorithm;
  readonly use: 'sig';
}

/** A JSON Web Key Set (RFC 7517 §5). */
export interface Jwks {
  readonly keys: readonly JWK[];
}

export class EvidenceKeyError extends Error {
  override readonly name = 'EvidenceKeyError';
  readonly code = 'evidence_key_invalid';
}

/** Signs with the gateway's evidence key. */
export interface EvidenceSigner {
  readonly kid: string;
  readonly alg: EvidenceAlgorithm;
  readonly publicJwk: EvidencePublicJwk;
  /** A compact JWS over `payload`, with `typ` in the protected header. */
  sign(payload: Uint8Array, typ: string): Promise<string>;
}

export interface LoadedSigner {
  readonly signer: EvidenceSigner;
  /** True when this call generated the key (worth a log line: evidence depends on that file). */
  readonly generated: boolean;
  /** Every public key this gateway has signed with, current first. */
  readonly trusted: Jwks;
}

function isAlgorithm(value: unknown): value is EvidenceAlgorithm {
  return typeof value === 'string' && (EVIDENCE_ALGORITHMS as readonly string[]).includes(value);
}

/** The algorithm a private JWK is for, checked against its curve. */
function algorithmOf(jwk: JWK): EvidenceAlgorithm {
  const curveAlg: EvidenceAlgorithm | undefined =
    jwk.kty === 'EC' && jwk.crv === 'P-256' ? 'ES256' : jwk.kty === 'OKP' && jwk.crv === 'Ed25519' ? 'EdDSA' : undefined;
  if (!curveAlg)
    throw new EvidenceKeyError(
      `the evidence key must be an EC P-256 (ES256) or Ed25519 (EdDSA) key; got kty ${String(jwk.kty)} crv ${String(jwk.crv)}`,
    );
  if (jwk.alg !== undefined && jwk.alg !== curveAlg)
    throw new EvidenceKeyError(`the evidence key says alg ${jwk.alg} but its curve ${String(jwk.crv)} signs ${curveAlg}`);
  return curveAlg;
}

/** The public half of a private JWK, with its thumbprint as `kid`. */
async function publicJwkOf(privateJwk: JWK, alg: EvidenceAlgorithm): Promise<EvidencePublicJwk> {
  const base: JWK =
    privateJwk.kty === 'EC'
      ? { kty: 'EC', crv: privateJwk.crv, x: privateJwk.x, y: privateJwk.y }
      : { kty: 'OKP', crv: privateJwk.crv, x: privateJwk.x };
  const kid = await calculateJwkThumbprint(base);
  return { ...base, kid, alg, use: 'sig' };
}

async function signerFromJwk(privateJwk: JWK, alg: EvidenceAlgorithm): Promise<EvidenceSigner> {
  if (typeof privateJwk.d !== 'string')
    throw new EvidenceKeyError('the evidence key has no private part ("d"); give the private key, publish only its public half');
  const publicJwk = await publicJwkOf(privateJwk, alg);
  const key = await importJWK({ ...privateJwk, alg }, alg);
  return {
    kid: publicJwk.kid,
    alg,
    publicJwk,
    sign: (payload, typ) => new CompactSign(payload).setProtectedHeader({ alg, kid: publicJwk.kid, typ }).sign(key),
  };
}

/** Parses key text from a secret reference: a private JWK (JSON) or a PKCS#8 PEM. */
async function privateJwkFromText(text: string, fallback: EvidenceAlgorithm): Promise<{ jwk: JWK; alg: EvidenceAlgorithm }> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let jwk: JWK;
    try {
      jwk = JSON.parse(trimmed) as JWK;
    } catch (error) {
      throw new EvidenceKeyError(`the evidence key is not valid JSON: ${(error as Error).message}`);
    }
    return { jwk, alg: algorithmOf(jwk) };
  }
  if (trimmed.includes('-----BEGIN PRIVATE KEY-----')) {
    try {
      const key = await importPKCS8(trimmed, fallback, { extractable: true });
      const jwk = await exportJWK(key);
      return { jwk, alg: algorithmOf(jwk) };
    } catch (error) {
      if (error instanceof EvidenceKeyError) throw error;
      throw new EvidenceKeyError(`the evidence key PEM is not a PKCS#8 ${fallback} private key: ${(error as Error).message}`);
    }
  }
  throw new EvidenceKeyError('the evidence key must be a private JWK (JSON) or a PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----")');
}

/** Writes `content` only if `path` does not exist, so two processes starting at once agree on one key. */
function writeOnce(path: string, content: string, mode: number): boolean {
  try {
    writeFileSync(path, content, { mode, flag: 'wx' });
    chmodSync(path, mode);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function readGeneratedKey(path: string): JWK {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as JWK;
  } catch (error) {
    throw new EvidenceKeyError(
      `${path} is not a JWK (${(error as Error).message}); restore it from a backup (bundles and checkpoints it signed need its public half to verify)`,
    );
  }
}

/** Reads the public keys file, or an empty set if there is none yet. */
export function readPublicKeys(keysDir: string): Jwks {
  const path = join(keysDir, PUBLIC_KEYS_FILE);
  if (!existsSync(path)) return { keys: [] };
  return parseJwks(readFileSync(path, 'utf8'), path);
}

/** Parses a JWKS document, keeping only usable public signature keys. */
export function parseJwks(text: string, where: string): Jwks {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new EvidenceKeyError(`${where} is not a JWKS (not JSON: ${(error as Error).message})`);
  }
  const keys = (document as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new EvidenceKeyError(`${where} is not a JWKS (no "keys" list)`);
  return {
    keys: keys.filter(
      (key): key is JWK => typeof key === 'object' && key !== null && typeof (key as JWK).kid === 'string' && (key as JWK).d === undefined,
    ),
  };
}

function rememberPublicKey(keysDir: string, jwk: EvidencePublicJwk): Jwks {
  const current = readPublicKeys(keysDir);
  const others = current.keys.filter((key) => key.kid !== jwk.kid);
  const next: Jwks = { keys: [jwk, ...others] };
  if (current.keys[0]?.kid !== jwk.kid) {
    // Write-then-rename: a reader never sees half a file.
    const path = join(keysDir, PUBLIC_KEYS_FILE);
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o644 });
    renameSync(temp, path);
  }
  return next;
}

/**
 * Loads the evidence signer: from `config.signingKey`, else the generated key file (created on
 * first use). Also records its public half among the trusted keys.
 */
export async function loadEvidenceSigner(config: EvidenceConfig, keysDir: string, baseDir: string): Promise<LoadedSigner> {
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  let jwk: JWK;
  let alg: EvidenceAlgorithm;
  let generated = false;
  if (config.signingKey !== undefined) {
    ({ jwk, alg } = await privateJwkFromText(resolveSecret(config.signingKey, baseDir), config.algorithm));
  } else {
    const path = join(keysDir, SIGNING_KEY_FILE);
    if (!existsSync(path)) {
      const { privateKey } = await generateKeyPair(config.algorithm, {
        extractable: true,
        ...(config.algorithm === 'EdDSA' ? { crv: 'Ed25519' } : {}),
      });
      const fresh = await exportJWK(privateKey);
      const publicJwk = await publicJwkOf(fresh, config.algorithm);
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      generated = writeOnce(
        path,
        `${JSON.stringify({ ...fresh, kid: publicJwk.kid, alg: config.algorithm, use: 'sig' }, null, 2)}\n`,
        0o600,
      );
    }
    // Whatever is on disk is the truth (another process may have won the race).
    jwk = readGeneratedKey(path);
    if (!isAlgorithm(jwk.alg))
      throw new EvidenceKeyError(`${path} holds a key for ${String(jwk.alg)}; evidence keys are ${EVIDENCE_ALGORITHMS.join(' or ')}`);
    alg = algorithmOf(jwk);
  }
  const signer = await signerFromJwk(jwk, alg);
  return { signer, generated, trusted: rememberPublicKey(keysDir, signer.publicJwk) };
}

/** A signer for tests and tools, from a fresh key that is never written anywhere. */
export async function ephemeralSigner(alg: EvidenceAlgorithm = 'ES256'): Promise<EvidenceSigner> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
  return signerFromJwk(await exportJWK(privateKey), alg);
}
