/**
 * `audit verify` on a live store: checks every stored checkpoint's signature, streams the whole
 * chain through the verifier in pages (constant memory for the chain itself), then cross-checks
 * session records and masking events with what the chain states about them.
 */
import { performance } from 'node:perf_hooks';
import type { ChainHead } from './chain.js';
import { readCheckpoint } from './checkpoints.js';
import { differencesWithSession, RecordIndex, SESSION_START_TYPES, type RecordReport } from './records.js';
import type { AuditReader } from './types.js';
import { ChainVerifier, type ChainReport, type CheckedCheckpoint } from './verify.js';
import type { Jwks } from '../evidence/signingKey.js';

/** An external anchor: a chain head someone holds outside the store (from an evidence bundle). */
export interface ExternalAnchor extends ChainHead {
  readonly at: string;
  readonly source: string;
}

export interface LiveVerification {
  readonly ok: boolean;
  readonly chain: ChainReport;
  readonly records: RecordReport | undefined;
  /** Wall time of the whole verification. */
  readonly ms: number;
}

export interface LiveVerifyOptions {
  readonly pageSize?: number;
  /** Chain heads from evidence bundles, compared like signed checkpoints. */
  readonly anchors?: readonly ExternalAnchor[];
  /** Skip the session and masking cross-checks (chain only). */
  readonly chainOnly?: boolean;
  readonly maxProblems?: number;
}

/**
 * Give it a reader on one consistent snapshot (store/sqlite/readSnapshot.ts): a session recorded
 * between the chain pass and the cross-checks would otherwise look like one without its entries.
 */
export async function verifyLiveStore(reader: AuditReader, trusted: Jwks, options: LiveVerifyOptions = {}): Promise<LiveVerification> {
  const began = performance.now();
  const pageSize = options.pageSize ?? 5000;
  const checkpoints: CheckedCheckpoint[] = [];
  for (const stored of await reader.checkpoints()) {
    const check = await readCheckpoint(stored.jws, trusted);
    const valid = check.ok && check.claim.seq === stored.seq && check.claim.hash === stored.hash;
    checkpoints.push({
      seq: stored.seq,
      hash: stored.hash,
      at: stored.at,
      valid,
      invalidReason: check.ok
        ? valid
          ? undefined
          : `its signature covers entry ${check.claim.seq} with another hash than the one stored beside it`
        : check.message,
    });
  }
  for (const anchor of options.anchors ?? []) {
    checkpoints.push({ seq: anchor.seq, hash: anchor.hash, at: `${anchor.at} (${anchor.source})`, valid: true });
  }

  const verifier = new ChainVerifier({
    checkpoints,
    readCheckpoint: (jws) => readCheckpoint(jws, trusted),
    maxProblems: options.maxProblems,
    explainEdit: async (entry) => {
      if (entry.sessionId === undefined || !SESSION_START_TYPES.includes(entry.type)) return undefined;
      const session = await reader.session(entry.sessionId);
      if (!session) return undefined;
      const differences = differencesWithSession(entry, session);
      return differences.length === 0 ? undefined : `compared with session ${session.id}: ${differences.join('; ')}`;
    },
  });
  const index = options.chainOnly ? undefined : new RecordIndex();
  let after = 0;
  for (;;) {
    const page = await reader.readEntries(after, pageSize);
    for (const entry of page) {
      await verifier.push(entry);
      index?.observe(entry);
    }
    const last = page[page.length - 1];
    if (!last || page.length < pageSize) break;
    after = last.seq;
  }
  const chain = await verifier.finish();
  const records = index ? await index.check(reader, { pageSize, maxProblems: options.maxProblems }) : undefined;
  return { ok: chain.ok && (records?.ok ?? true), chain, records, ms: performance.now() - began };
}
