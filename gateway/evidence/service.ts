/**
 * The evidence service: signed checkpoints of the chain head, live verification, and signed
 * evidence bundles (each export is itself recorded in the chain, with the bundle's id and
 * digest, so the privacy office can later show which bundle it received).
 */
import { signCheckpoint, type CheckpointReason, type StoredCheckpoint } from '../audit/checkpoints.js';
import { verifyLiveStore, type LiveVerification, type LiveVerifyOptions } from '../audit/liveVerify.js';
import type { GatewayConfig } from '../config/types.js';
import { describePeriod } from '../retention/config.js';
import type { Store } from '../store/types.js';
import { buildBundle, type BundleRequest } from './bundle.js';
import { renderEvidenceReport } from './report/htmlReport.js';
import { BUNDLE_FORMAT, signDocument, type IssuedDocument } from './signedDocument.js';
import type { EvidenceSigner, Jwks } from './signingKey.js';
import type { EvidenceBundle } from './types.js';
import { verifyBundleText, type BundleVerification } from './verifyBundle.js';

export const EXPORT_ENTRY_TYPE = 'evidence.exported';

export interface EvidenceServiceOptions {
  readonly config: GatewayConfig;
  readonly store: Store;
  readonly signer: EvidenceSigner;
  readonly trusted: Jwks;
}

export interface ExportedBundle {
  readonly issued: IssuedDocument<EvidenceBundle>;
  /** The `evidence.exported` entry that records this export. */
  readonly entry: { readonly seq: number; readonly hash: string };
}

export class EvidenceService {
  constructor(private readonly options: EvidenceServiceOptions) {}

  get signer(): EvidenceSigner {
    return this.options.signer;
  }

  get trusted(): Jwks {
    return this.options.trusted;
  }

  /**
   * Signs the current chain head, unless it is already checkpointed. The head is read inside the
   * write transaction, so the checkpoint names an entry that exists and no writer can slip in.
   */
  async checkpoint(reason: CheckpointReason): Promise<StoredCheckpoint | undefined> {
    return this.options.store.transact(async (tx) => {
      const audit = tx.audit;
      const head = await audit.head();
      if (!head) return undefined;
      const latest = await audit.latestCheckpoint();
      if (latest && latest.seq >= head.seq) return latest;
      const checkpoint = await signCheckpoint(this.options.signer, { seq: head.seq, hash: head.hash, at: tx.now.toISOString(), reason });
      await audit.insertCheckpoint(checkpoint);
      return checkpoint;
    });
  }

  verify(options: LiveVerifyOptions = {}): Promise<LiveVerification> {
    return this.options.store.withReadSnapshot((snapshot) => verifyLiveStore(snapshot.audit, this.options.trusted, options));
  }

  /**
   * Builds, signs and records an evidence bundle. `actor` is who asked (recorded with the export);
   * `auditor: false` (someone exporting their own session) keeps other people's problems out of it.
   */
  async exportBundle(request: BundleRequest, actor: string, options: { readonly auditor?: boolean } = {}): Promise<ExportedBundle> {
    const { config, store } = this.options;
    const verification = await this.verify();
    const now = store.clock();
    const content = await store.withReadSnapshot((snapshot) => {
      return buildBundle(
        {
          reader: snapshot.evidence,
          head: () => snapshot.audit.head(),
          latestCheckpoint: () => snapshot.audit.latestCheckpoint(),
          issuer: config.server.publicUrl,
          maxSessions: config.evidence.maxSessions,
          retention: {
            payloads: describePeriod(config.retention.defaults.payloadsMs, config.retention.defaults.metadataOnly),
            metadata: describePeriod(config.retention.defaults.metadataMs),
          },
          now,
          verification,
          describeProblems: options.auditor ?? true,
        },
        request,
      );
    });
    const issued = await signDocument(this.options.signer, BUNDLE_FORMAT, content, config.server.publicUrl, now);
    const entry = await store.transact(async (tx) => {
      const head = content.chain.head;
      if (head) {
        await tx.audit.insertCheckpoint(
          await signCheckpoint(this.options.signer, { seq: head.seq, hash: head.hash, at: tx.now.toISOString(), reason: 'export' }),
        );
      }
      const first = content.audit.entries[0];
      const last = content.audit.entries[content.audit.entries.length - 1];
      return tx.appendAudit({
        type: EXPORT_ENTRY_TYPE,
        actor,
        sessionId: request.scope === 'session' ? request.sessionId : undefined,
        data: {
          bundleId: issued.manifest.id,
          digest: issued.manifest.digest.value,
          kid: issued.kid,
          scope: content.scope,
          from: content.period.from,
          to: content.period.to,
          sessions: content.summary.sessions,
          maskingEvents: content.summary.maskedValues,
          auditEntries: first && last ? { fromSeq: first.seq, toSeq: last.seq, count: content.audit.entries.length } : null,
          head: content.chain.head,
          chainVerified: content.chain.verification.ok,
        },
      });
    });
    return { issued, entry: { seq: entry.seq, hash: entry.hash } };
  }

  /** Verifies a bundle (or report) with this gateway's keys, plus any given. */
  verifyBundle(text: string, extra: Jwks = { keys: [] }): Promise<BundleVerification> {
    return verifyBundleText(text, { keys: [...this.options.trusted.keys, ...extra.keys] });
  }

  /** The HTML report of a bundle this service just issued (verified first, so the page says so truthfully). */
  async renderReport(issued: IssuedDocument<EvidenceBundle>): Promise<string> {
    const verification = await this.verifyBundle(issued.text);
    const detail = verification.ok
      ? `Signed by this gateway's key ${issued.kid}; ${issued.document.content.audit.entries.length} audit entries hash and link correctly.`
      : [...verification.document.problems.map((p) => p.message), ...verification.problems.map((p) => p.message)].slice(0, 3).join(' ');
    return renderEvidenceReport(issued.document, { verified: { ok: verification.ok, detail }, manifest: issued.manifest, kid: issued.kid });
  }
}
