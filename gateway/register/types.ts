/**
 * The register of processing operations (LGPD Art. 37): one entry per generator, built from
 * what the policy file registers (owner, purpose, legal basis, categories, retention, recipients,
 * pinned definition) and what the gateway observed in a period (runs, people, approvals, the
 * categories it actually masked, transfers abroad), plus the raw traffic that reached an AutoGen
 * runtime outside any generator. Nothing in it is an original personal value: people are
 * counted, never listed.
 */

export interface RegisterLegalBasis {
  readonly code: string;
  readonly article: string;
  readonly name: string;
  readonly english: string;
}

export interface RegisterCategory {
  readonly code: string;
  readonly name: string;
  readonly sensitive: boolean;
}

export interface RegisterRecipient {
  readonly name: string;
  readonly role: string;
  /** ISO 3166-1 alpha-2; null when the generator declares no recipients (only its upstream is known). */
  readonly country: string | null;
  readonly international: boolean;
  readonly transferMechanism: { readonly code: string; readonly article: string; readonly name: string } | null;
}

export interface RegisterViolation {
  readonly kind: string;
  readonly action: string;
  readonly message: string;
}

/** What the gateway recorded of one generator in the period. */
export interface RegisterObservations {
  /** Sessions of the generator created in the period (refused ones included). */
  readonly runs: number;
  /** Runs that reached the upstream: the processing happened. */
  readonly forwarded: number;
  readonly statuses: Readonly<Record<string, number>>;
  readonly decisions: Readonly<Record<string, number>>;
  /** Distinct people (persons) and pipelines who ran it; counted, never named. */
  readonly people: number;
  readonly pipelines: number;
  /** Approval requests of the period, by their current status. */
  readonly approvals: Readonly<Record<string, number>>;
  readonly maskedValues: number;
  readonly maskedByDetector: Readonly<Record<string, number>>;
  readonly maskedByCategory: Readonly<Record<string, number>>;
  /** Categories the gateway masked that the registration does not declare: the register and reality differ. */
  readonly undeclaredCategories: readonly string[];
  /** Forwarded runs whose recipients include one outside Brazil. */
  readonly transfersAbroad: number;
  readonly firstRun: string | null;
  readonly lastRun: string | null;
}

export interface RegisterOperation {
  readonly generator: string;
  readonly description: string;
  readonly personalData: boolean;
  readonly owner: {
    /** `owner.person` as the policy file says. */
    readonly declared: string | null;
    readonly group: string | null;
    /** Who answers for it now (a takeover replaces the file's owner). */
    readonly effective: string | null;
    readonly effectiveName: string | null;
    readonly source: 'policy' | 'takeover' | null;
    /** What the directory (SCIM) says of the effective owner. */
    readonly status: 'active' | 'inactive' | 'unknown' | null;
  };
  readonly purpose: string | null;
  readonly legalBases: readonly RegisterLegalBasis[];
  readonly dataCategories: readonly RegisterCategory[];
  readonly sensitiveData: boolean;
  /** Children's or adolescents' data (Art. 14). */
  readonly childrenData: boolean;
  readonly retention: {
    readonly reason: string | null;
    readonly payloads: string;
    readonly metadata: string;
    /** `retention.generators.NAME`, or the section's defaults. */
    readonly source: 'generator' | 'defaults';
  };
  readonly recipients: readonly RegisterRecipient[];
  readonly recipientsDeclared: boolean;
  readonly internationalTransfer: boolean;
  readonly definition: { readonly hash: string; readonly pinned: string | null; readonly status: 'pinned' | 'changed' | 'unpinned' };
  readonly attestation: {
    readonly status: 'current' | 'lapsed' | 'off';
    readonly attestedAt: string | null;
    readonly attestedBy: string | null;
    readonly dueAt: string | null;
  };
  readonly governance: {
    /** compliant: runs as the rules say; suspended: a violation denies or holds it; not-enforced: no personal data. */
    readonly state: 'compliant' | 'suspended' | 'not-enforced';
    readonly violations: readonly RegisterViolation[];
  };
  readonly observed: RegisterObservations;
}

/** Calls that reached an upstream outside any generator (the /proxy pass-through, Studio runs). */
export interface RegisterRawProcessing {
  readonly upstream: string;
  readonly sessions: number;
  readonly forwarded: number;
  readonly people: number;
  readonly maskedValues: number;
  readonly maskedByCategory: Readonly<Record<string, number>>;
}

export interface RegisterSummary {
  readonly operations: number;
  readonly personalDataOperations: number;
  readonly sensitiveOperations: number;
  /** Operations whose recipients include one abroad. */
  readonly internationalOperations: number;
  readonly suspendedOperations: number;
  /** Operations whose masked data shows categories they do not declare. */
  readonly undeclaredCategoryOperations: number;
  readonly runs: number;
  readonly forwarded: number;
  readonly transfersAbroad: number;
  readonly maskedValues: number;
}

export interface ProcessingRegister {
  readonly generatedAt: string;
  /** The gateway that made it (public URL); its keys are at ISSUER/.well-known/jwks.json. */
  readonly issuer: string;
  readonly controller: { readonly name: string | null; readonly dpo: string | null };
  /** Observations cover [from, to). */
  readonly period: { readonly from: string; readonly to: string };
  /** SHA-256 of the policy file the registry was read from. */
  readonly policyVersion: string;
  readonly operations: readonly RegisterOperation[];
  readonly rawProcessing: readonly RegisterRawProcessing[];
  readonly summary: RegisterSummary;
}

/** One session as the register counts it. */
export interface ProcessingRow {
  readonly id: string;
  readonly createdAt: string;
  readonly kind: 'run' | 'proxy';
  readonly generator: string | undefined;
  readonly upstream: string;
  /** `issuerId:subject`. */
  readonly principal: string;
  readonly identityKind: 'person' | 'pipeline';
  readonly decision: string;
  readonly status: string;
  /** The session reached the upstream. */
  readonly forwarded: boolean;
  readonly maskedByDetector: Readonly<Record<string, number>>;
}

/** What the register reads from the store (store/sql/registerRepository.ts, both engines). */
export interface RegisterReader {
  /** Sessions created in [from, to), by id after `afterId`, `limit` at a time. */
  processing(from: string, to: string, afterId: string, limit: number): Promise<ProcessingRow[]>;
  /** Approval requests created in [from, to): their generator and current status. */
  approvalStatuses(from: string, to: string): Promise<ReadonlyArray<{ readonly generator: string; readonly status: string }>>;
}
