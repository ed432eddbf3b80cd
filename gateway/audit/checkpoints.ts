/**
 * Signed checkpoints of the audit chain: "entry N had hash H at time T", signed (JWS) by the
 * evidence key. A hash chain alone shows that entries were edited, deleted or reordered, but not
 * that the whole tail was rewritten or cut off by someone able to recompute hashes; a checkpoint
 * can only be made with the signing key, so `audit verify` compares the live chain with every
 * checkpoint. Retention purges also anchor the chain on one: after old entries are deleted, the
 * first remaining entry must link to the hash a signed checkpoint vouches for.
 */
import { canonicalJson } from './canonical.js';
import { verifyJws } from '../evidence/jws.js';
import type { EvidenceSigner, Jwks } from '../evidence/signingKey.js';

const CHECKPOINT_TYP = 'autogen-gate-checkpoint+json';

export type CheckpointReason = 'start' | 'periodic' | 'export' | 'purge' | 'manual';

/** What a checkpoint's signature covers. */
export interface CheckpointClaim {
  readonly seq: number;
  readonly hash: string;
  /** When it was signed (the store's clock). */
  readonly at: string;
  readonly reason: CheckpointReason;
}

export interface StoredCheckpoint extends CheckpointClaim {
  readonly kid: string;
  readonly jws: string;
}

export async function signCheckpoint(signer: EvidenceSigner, claim: CheckpointClaim): Promise<StoredCheckpoint> {
  const jws = await signer.sign(new TextEncoder().encode(canonicalJson(claim)), CHECKPOINT_TYP);
  return { ...claim, kid: signer.kid, jws };
}

export type CheckpointCheck =
  { readonly ok: true; readonly claim: CheckpointClaim; readonly kid: string } | { readonly ok: false; readonly message: string };

function isClaim(value: unknown): value is CheckpointClaim {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['seq'] === 'number' &&
    Number.isInteger(v['seq']) &&
    typeof v['hash'] === 'string' &&
    typeof v['at'] === 'string' &&
    typeof v['reason'] === 'string'
  );
}

/** Verifies a checkpoint's JWS and returns what it vouches for. */
export async function readCheckpoint(jws: string, trusted: Jwks): Promise<CheckpointCheck> {
  const verified = await verifyJws(jws, trusted);
  if (!verified.ok) return { ok: false, message: verified.message };
  if (verified.typ !== CHECKPOINT_TYP) return { ok: false, message: `the signature is not a checkpoint (typ ${String(verified.typ)})` };
  let claim: unknown;
  try {
    claim = JSON.parse(new TextDecoder().decode(verified.payload));
  } catch {
    return { ok: false, message: 'the signed checkpoint is not JSON' };
  }
  if (!isClaim(claim)) return { ok: false, message: 'the signed checkpoint lacks seq, hash, at or reason' };
  return { ok: true, claim, kid: verified.kid };
}
