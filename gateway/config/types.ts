/**
 * The policy file after validation and normalisation: durations in milliseconds, paths absolute,
 * defaults filled in, cross-references checked. Everything else in the gateway reads only this.
 */
import type { MaskingConfig } from '../masking/config.js';
import type { EvidenceConfig } from '../evidence/config.js';
import type { RetentionConfig } from '../retention/config.js';
import type { ApprovalsConfig } from '../approvals/config.js';
import type { StoreConfig } from '../store/config.js';
import type { GeneratorRegistration, GovernanceConfig } from '../governance/config.js';
import type { BodyBudgetConfig } from '../http/bodyBudget.js';

export type Decision = 'allow' | 'deny' | 'approval';
export type IdentityKind = 'person' | 'pipeline';
export type UpstreamType = 'autogen-studio' | 'http' | 'openai';
export type OutputFormat =
  'markdown' | 'plaintext' | 'json' | 'yaml' | 'csv' | 'typescript' | 'javascript' | 'python' | 'java' | 'sql' | 'html';

export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly trustProxy: boolean;
  readonly bodyLimit: string;
  /** `bodyLimit` in bytes. */
  readonly bodyLimitBytes: number;
  readonly maxResponseBytes: number;
  /** Admission of JSON response masking (gateway/proxy/maskingQueue.ts). */
  readonly masking: MaskingAdmissionConfig;
  /** Body bytes held in memory across all calls (gateway/http/bodyBudget.ts). */
  readonly bodies: BodyBudgetConfig;
  /** Heap of masking events held until recorded (gateway/recording/eventBudget.ts). */
  readonly events: BodyBudgetConfig;
  readonly shutdownGraceMs: number;
  /** V8 heap limit `serve` runs the gateway with, MB (0: Node's own); gateway/cli/heapLimit.ts. */
  readonly heapMb: number;
}

export interface MaskingAdmissionConfig {
  /** Bytes of responses masked at once (one larger runs alone). */
  readonly budgetBytes: number;
  /** Jobs that may wait beyond those. */
  readonly queue: number;
  /** Longest wait before a job is refused. */
  readonly queueWaitMs: number;
}

export type { PostgresStoreConfig, SqliteStoreConfig, StoreConfig } from '../store/config.js';

export interface IssuerConfig {
  readonly id: string;
  readonly issuer: string;
  readonly audiences: readonly string[];
  readonly jwksUri: string | undefined;
  readonly algorithms: readonly string[];
  readonly groupsClaim: string;
  readonly nameClaim: string;
  readonly kind: 'auto' | IdentityKind;
  readonly recordClaims: readonly string[];
}

export interface IdentityConfig {
  readonly clockToleranceMs: number;
  readonly jwksCacheMaxAgeMs: number;
  readonly issuers: readonly IssuerConfig[];
}

export interface UpstreamConfig {
  readonly name: string;
  readonly type: UpstreamType;
  readonly url: string;
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly healthPath: string;
  readonly masking: string | undefined;
  /** Routes served beyond the kind's own (`METHOD /path` patterns); for http upstreams, the only ones when given. */
  readonly routes: readonly string[] | undefined;
  /** Request headers forwarded beyond the built-in allow-list (lower case). */
  readonly forwardHeaders: ReadonlySet<string>;
  /** Headers added to every forwarded request: name (lower case) → secret reference. */
  readonly headers: ReadonlyMap<string, string>;
  /** What happens to traffic the gateway cannot inspect: refused, or passed with metadata-only records. */
  readonly uninspectable: 'refuse' | 'passthrough';
}

export interface GeneratorConfig {
  readonly name: string;
  readonly upstream: string;
  readonly description: string;
  readonly personalData: boolean;
  readonly masking: string | undefined;
  readonly output: OutputFormat;
  /** JSON Schema of the input, when the generator declares one. */
  readonly input: Readonly<Record<string, unknown>> | undefined;
  readonly task: string | undefined;
  readonly team: Readonly<Record<string, unknown>> | undefined;
  readonly path: string;
  /** What it declares about the personal data it processes: owner, purpose, legal basis, pin… */
  readonly registration: GeneratorRegistration;
}

export type Quorum = 'any' | 'each' | number;

export interface ApprovalRequirement {
  readonly approvers: readonly string[];
  readonly quorum: Quorum;
  readonly pendingTtlMs: number;
  readonly validForMs: number;
}

export type ClaimMatcher = readonly string[];

export interface RuleConditions {
  readonly groups: readonly string[] | undefined;
  readonly issuers: readonly string[] | undefined;
  readonly kinds: readonly IdentityKind[] | undefined;
  readonly subjects: readonly string[] | undefined;
  readonly claims: Readonly<Record<string, ClaimMatcher>> | undefined;
}

export interface RuleConfig {
  readonly id: string;
  readonly description: string | undefined;
  readonly generators: readonly string[] | undefined;
  readonly upstreams: readonly string[] | undefined;
  /** Model name patterns (model APIs); undefined: any request. */
  readonly models: readonly string[] | undefined;
  /** Only runs whose team can (true) or cannot (false) execute code; undefined: both. */
  readonly codeExecution: boolean | undefined;
  readonly when: RuleConditions;
  readonly decision: Decision;
  readonly approval: ApprovalRequirement | undefined;
}

export interface PolicySource {
  /** Absolute path of the policy file. */
  readonly path: string;
  /** SHA-256 (hex) of the file's bytes: the policy version recorded with every session. */
  readonly version: string;
}

/** A token bucket: `requests` per `perMs`, bursting to `burst`. */
export interface RateLimitConfig {
  readonly requests: number;
  readonly perMs: number;
  readonly burst: number;
}

export interface LimitsConfig {
  readonly perIdentity: RateLimitConfig | undefined;
  readonly perClient: RateLimitConfig | undefined;
}

export interface GatewayConfig {
  readonly source: PolicySource;
  /** Absolute data folder (store, generated keys). */
  readonly dataDir: string;
  /** Folder of the policy file; anchors relative paths and `file:` secrets. */
  readonly baseDir: string;
  readonly server: ServerConfig;
  readonly limits: LimitsConfig;
  readonly store: StoreConfig;
  readonly identity: IdentityConfig;
  readonly upstreams: ReadonlyMap<string, UpstreamConfig>;
  readonly generators: ReadonlyMap<string, GeneratorConfig>;
  readonly rules: readonly RuleConfig[];
  readonly masking: MaskingConfig;
  readonly access: AccessConfig;
  /** How long payloads and metadata are kept, and the purge schedule. */
  readonly retention: RetentionConfig;
  /** The evidence signing key and checkpoint schedule. */
  readonly evidence: EvidenceConfig;
  /** Held runs: input encryption, waiting, execution, live events, webhook. */
  readonly approvals: ApprovalsConfig;
  /** Generators under governance: what a broken registration does, attestation, SCIM, notifications. */
  readonly governance: GovernanceConfig;
}

export interface AccessConfig {
  /** Groups that may read every session (privacy office); others see their own. */
  readonly auditors: readonly string[];
}
