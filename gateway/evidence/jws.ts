/**
 * Verifies a compact JWS (RFC 7515) against a set of trusted public keys and says exactly why it
 * fails: malformed, unknown key, or a signature that does not match. Stricter than a bare
 * `compactVerify`: each segment must be canonical base64url (no padding, no stray low bits in
 * the last character), so no byte of a signed file can change without failing verification.
 */
import { compactVerify, importJWK, type JWK } from 'jose';
import { EVIDENCE_ALGORITHMS } from './configSchema.js';
import type { Jwks } from './signingKey.js';

export type JwsFailureCode = 'malformed_signature' | 'unknown_key' | 'bad_signature';

export type JwsVerification =
  | { readonly ok: true; readonly kid: string; readonly alg: string; readonly typ: string | undefined; readonly payload: Uint8Array }
  | { readonly ok: false; readonly code: JwsFailureCode; readonly message: string; readonly kid?: string | undefined };

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function canonicalSegment(segment: string): Buffer | undefined {
  if (!BASE64URL.test(segment)) return undefined;
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : undefined;
}

/** Decodes the protected header without verifying anything (for messages). */
function peekHeader(jws: string): Record<string, unknown> | undefined {
  const first = jws.split('.')[0] ?? '';
  const bytes = canonicalSegment(first);
  if (!bytes) return undefined;
  try {
    const header: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof header === 'object' && header !== null ? (header as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export async function verifyJws(jws: string, trusted: Jwks): Promise<JwsVerification> {
  const parts = jws.split('.');
  if (parts.length !== 3 || parts.some((part) => part.length === 0)) {
    return { ok: false, code: 'malformed_signature', message: 'the signature is not a compact JWS (three non-empty base64url parts)' };
  }
  const decoded = parts.map(canonicalSegment);
  const names = ['header', 'payload', 'signature'];
  const bad = decoded.findIndex((bytes) => bytes === undefined);
  if (bad >= 0)
    return { ok: false, code: 'malformed_signature', message: `the signature's ${names[bad]} is not canonical base64url: it was altered` };
  const header = peekHeader(jws);
  if (!header) return { ok: false, code: 'malformed_signature', message: 'the signature header is not JSON: it was altered' };
  const kid = typeof header['kid'] === 'string' ? header['kid'] : undefined;
  const alg = typeof header['alg'] === 'string' ? header['alg'] : undefined;
  if (!alg || !(EVIDENCE_ALGORITHMS as readonly string[]).includes(alg)) {
    return {
      ok: false,
      code: 'bad_signature',
      message: `the signature uses algorithm ${JSON.stringify(alg)}; evidence is signed with ${EVIDENCE_ALGORITHMS.join(' or ')}`,
      kid,
    };
  }
  if (kid === undefined) return { ok: false, code: 'unknown_key', message: 'the signature names no key (kid)' };
  const jwk: JWK | undefined = trusted.keys.find((key) => key.kid === kid);
  if (!jwk) {
    const known = trusted.keys.map((key) => key.kid).filter((id): id is string => typeof id === 'string');
    return {
      ok: false,
      code: 'unknown_key',
      message: `signed by key ${kid}, which is not among the trusted keys (${known.length === 0 ? 'none given' : known.join(', ')}); it was not signed by this gateway, or pass the right --jwks`,
      kid,
    };
  }
  if (jwk.alg !== undefined && jwk.alg !== alg) {
    return { ok: false, code: 'bad_signature', message: `the signature says ${alg} but trusted key ${kid} is for ${jwk.alg}`, kid };
  }
  try {
    const key = await importJWK(jwk, alg);
    const result = await compactVerify(jws, key, { algorithms: [alg] });
    return { ok: true, kid, alg, typ: typeof header['typ'] === 'string' ? header['typ'] : undefined, payload: result.payload };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') {
      return {
        ok: false,
        code: 'bad_signature',
        message: `the signature does not match key ${kid}: the signed part was altered, or another key signed it under this key's id`,
        kid,
      };
    }
    return { ok: false, code: 'malformed_signature', message: `the signature cannot be checked: ${(error as Error).message}`, kid };
  }
}
