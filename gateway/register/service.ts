/**
 * The register service: builds the register of a period on one consistent snapshot, signs it
 * with the evidence key (as evidence bundles are), and records the export in the audit chain
 * (its id, digest and period), so the privacy office can later show which register it handed
 * to the ANPD. The readable page is rendered from the signed document, verified first.
 */
import type { GatewayConfig } from '../config/types.js';
import { REGISTER_FORMAT, signDocument, type IssuedDocument } from '../evidence/signedDocument.js';
import type { EvidenceSigner, Jwks } from '../evidence/signingKey.js';
import type { GovernanceService } from '../governance/service.js';
import type { Store } from '../store/types.js';
import { buildRegister } from './build.js';
import { registerCsv } from './csv.js';
import { renderRegisterPage } from './html.js';
import type { ProcessingRegister } from './types.js';
import { verifyRegisterText, type RegisterVerification } from './verify.js';

export const REGISTER_EXPORT_ENTRY = 'register.exported';

export interface RegisterServiceOptions {
  readonly config: GatewayConfig;
  readonly store: Store;
  readonly governance: GovernanceService;
  readonly signer: EvidenceSigner;
  readonly trusted: Jwks;
  /** The gateway's public URL, as the register names its issuer (a running gateway's bound one). */
  readonly issuer?: () => string;
}

export interface ExportedRegister {
  readonly issued: IssuedDocument<ProcessingRegister>;
  /** The `register.exported` entry that records the export. */
  readonly entry: { readonly seq: number; readonly hash: string };
}

export class RegisterService {
  constructor(private readonly options: RegisterServiceOptions) {}

  /** Builds, signs and records the register of [from, to); `actor` is who asked. */
  async export(period: { readonly from: string; readonly to: string }, actor: string): Promise<ExportedRegister> {
    const { config, store, governance, signer } = this.options;
    const issuer = this.options.issuer?.() ?? config.server.publicUrl;
    const now = store.clock();
    const content = await store.withReadSnapshot(async (snapshot) =>
      buildRegister({
        config,
        assessments: await governance.assessAll(snapshot),
        reader: snapshot.register,
        period,
        now,
        issuer,
      }),
    );
    const issued = await signDocument(signer, REGISTER_FORMAT, content, issuer, now);
    const entry = await store.transact((tx) =>
      tx.appendAudit({
        type: REGISTER_EXPORT_ENTRY,
        actor,
        data: {
          registerId: issued.manifest.id,
          digest: issued.manifest.digest.value,
          kid: issued.kid,
          from: period.from,
          to: period.to,
          operations: content.summary.operations,
          suspended: content.summary.suspendedOperations,
        },
      }),
    );
    return { issued, entry: { seq: entry.seq, hash: entry.hash } };
  }

  verify(text: string, extra: Jwks = { keys: [] }): Promise<RegisterVerification> {
    return verifyRegisterText(text, { keys: [...this.options.trusted.keys, ...extra.keys] });
  }

  csv(issued: IssuedDocument<ProcessingRegister>): string {
    return registerCsv(issued.document.content);
  }

  /** The readable page of a register this service just issued (verified first, so the page says so truthfully). */
  async page(issued: IssuedDocument<ProcessingRegister>): Promise<string> {
    const verification = await this.verify(issued.text);
    const detail = verification.ok
      ? `Signed by this gateway's key ${issued.kid}; every figure follows from the operations.`
      : [...verification.document.problems, ...verification.problems]
          .map((problem) => problem.message)
          .slice(0, 3)
          .join(' ');
    return renderRegisterPage(issued.document, { verified: { ok: verification.ok, detail }, manifest: issued.manifest, kid: issued.kid });
  }
}
