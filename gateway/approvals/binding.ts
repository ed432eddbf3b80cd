/**
 * The binding of an approval to the exact request it approves: SHA-256 over the canonical JSON of
 * generator, input and requester. Approvers see it, each vote records it, the audit chain holds
 * it, and the gateway recomputes it from the decrypted input before it forwards anything, so
 * an approval can never be spent on a different input, generator or requester.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/canonical.js';

/** Version of the bound form; part of the hash, so a future form can never collide with this one. */
const BINDING_VERSION = 1;

export interface BoundRequest {
  readonly generator: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** `issuerId:subject` of the requester (identity/types.ts `principalOf`). */
  readonly requester: string;
}

/** The canonical text that is hashed (exposed so anyone can recompute the hash). */
export function bindingText(request: BoundRequest): string {
  return canonicalJson({ v: BINDING_VERSION, generator: request.generator, input: request.input, requester: request.requester });
}

/** Hex SHA-256 of the bound form. */
export function bindingHash(request: BoundRequest): string {
  return createHash('sha256').update(bindingText(request), 'utf8').digest('hex');
}
