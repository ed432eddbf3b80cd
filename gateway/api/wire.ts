/**
 * Wire types of the gateway's HTTP API (`/api/v1`), shared by the gateway, the CLI, the VS Code
 * extension and its webviews. Types only, and the session statuses (sessions/status.ts, which
 * imports nothing), so every side can compile it. docs/openapi.yaml describes the same shapes for
 * other clients.
 */
import type { RunStatus } from '../sessions/status.js';

export type { RunStatus } from '../sessions/status.js';
export { FINAL_RUN_STATUSES, RUN_STATUSES } from '../sessions/status.js';

export type OutputFormat =
  'markdown' | 'plaintext' | 'json' | 'yaml' | 'csv' | 'typescript' | 'javascript' | 'python' | 'java' | 'sql' | 'html';
export type DecisionEffect = 'allow' | 'deny' | 'approval';

/** A generator, and what the policy decides for the caller (GET /api/v1/generators). */
export interface GeneratorSummary {
  readonly name: string;
  readonly description: string;
  readonly upstream: string;
  /** The generator touches personal data; its output is masked. */
  readonly personalData: boolean;
  /** Runs wait for a human approver before they execute. */
  readonly requiresApproval: boolean;
  /** Groups that may approve, when approval is required. */
  readonly approvers: readonly string[];
  /** Language of the result, for editors. */
  readonly output: OutputFormat;
  /** JSON Schema of the run input, when declared. */
  readonly input: Readonly<Record<string, unknown>> | undefined;
  /** What the policy decides for the caller: `allow`, `approval` (runs wait for approvers), or `deny` (listed only with `?include=denied`). */
  readonly decision: DecisionEffect;
  /** Rule that decided: lets the caller run it, holds its runs, or refuses it. */
  readonly ruleId: string;
  /** One sentence for people: who approves, or for a denied generator what would let the caller run it. */
  readonly hint?: string;
  /** Denied generators: the rules that would allow or hold a run, and what the caller lacks for each. */
  readonly remedies?: readonly PolicyRemedyView[];
  /** Its registration and governance state: owner, purpose, legal basis, pin, attestation, violations. */
  readonly governance: GeneratorGovernanceView;
}

// ---- Governance ---------------------------------------------------------------------------------

/** How a governance violation acts on runs: refused, held for approval, or only recorded. */
export type GovernanceAction = 'deny' | 'approval' | 'record';

/** definition_changed, unpinned, owner_inactive, owner_unknown, attestation_lapsed, unregistered_team. */
export type GovernanceViolationKind =
  'definition_changed' | 'unpinned' | 'owner_inactive' | 'owner_unknown' | 'attestation_lapsed' | 'unregistered_team';

export interface GovernanceViolationView {
  readonly kind: GovernanceViolationKind;
  readonly action: GovernanceAction;
  /** Why, and who can fix it. */
  readonly message: string;
}

/** An LGPD legal basis (Art. 7 or Art. 11) with the law's words. */
export interface LegalBasisView {
  /** e.g. `art7-v-contract`. */
  readonly code: string;
  /** e.g. `Art. 7, V`. */
  readonly article: string;
  /** The hypothesis as the law words it (Portuguese). */
  readonly name: string;
  readonly english: string;
}

export interface DataCategoryView {
  readonly code: string;
  readonly name: string;
  /** Sensitive personal data (LGPD Art. 5 II). */
  readonly sensitive: boolean;
}

export interface RecipientView {
  readonly name: string;
  /** upstream, model-provider, processor, controller. */
  readonly role: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  /** Outside Brazil: an international transfer (LGPD Art. 33). */
  readonly international: boolean;
  readonly transferMechanism: { readonly code: string; readonly article: string; readonly name: string } | undefined;
}

/**
 * A generator's registration and governance state. `state`: `compliant` (runs as the rules say),
 * `suspended` (a violation refuses or holds its runs: `violations` says why, `remedy` who can fix
 * it), `not-enforced` (no personal data: the state is shown, not enforced), `unregistered` (it
 * declares no owner).
 */
export interface GeneratorGovernanceView {
  readonly state: 'compliant' | 'suspended' | 'not-enforced' | 'unregistered';
  readonly owner:
    | {
        /** A username, or a principal `issuerId:subject`. */
        readonly person: string;
        readonly name: string | undefined;
        /** Members may take ownership over when the person is gone. */
        readonly group: string | undefined;
        /** `policy`: the policy file's owner; `takeover`: someone took ownership over since. */
        readonly source: 'policy' | 'takeover';
        readonly since: string | undefined;
        /** What the directory (SCIM) says of the owner. */
        readonly status: 'active' | 'inactive' | 'unknown';
        readonly statusSince: string | undefined;
      }
    | undefined;
  /** Why it processes personal data (LGPD Art. 6 I). */
  readonly purpose: string | undefined;
  readonly legalBases: readonly LegalBasisView[];
  readonly dataCategories: readonly DataCategoryView[];
  readonly retention: { readonly reason: string | undefined; readonly payloads: string; readonly metadata: string };
  /** Undefined when not declared. */
  readonly recipients: readonly RecipientView[] | undefined;
  readonly definition: {
    /** `sha256:…` of the definition as the policy states it now. */
    readonly hash: string;
    readonly pinned: string | undefined;
    readonly status: 'pinned' | 'changed' | 'unpinned';
  };
  readonly attestation: {
    readonly status: 'current' | 'lapsed' | 'off';
    readonly attestedAt: string | undefined;
    /** `issuerId:subject`. */
    readonly attestedBy: string | undefined;
    readonly attestedByName: string | undefined;
    readonly dueAt: string | undefined;
  };
  readonly violations: readonly GovernanceViolationView[];
  /** One sentence: who can fix a suspended generator, and how. */
  readonly remedy: string | undefined;
  /** What the caller may do about it. */
  readonly you: {
    readonly isOwner: boolean;
    /** A member of the owner group or an auditor, who does not own it yet (POST …/ownership). */
    readonly canTakeOwnership: boolean;
    /** The owner, with the definition as pinned (POST …/attestation). */
    readonly canAttest: boolean;
  };
}

/** One generator's governance (GET /api/v1/generators/{name}/governance, and the answer to ownership and attestation). */
export interface GeneratorGovernanceDetail {
  readonly generator: string;
  readonly description: string;
  readonly personalData: boolean;
  readonly governance: GeneratorGovernanceView;
}

/** Body of POST /api/v1/generators/{name}/ownership. */
export interface TakeOwnershipRequest {
  /** Why you take it over: one line, at most 500 characters (recorded in the audit log). */
  readonly reason: string;
}

/** Body of POST /api/v1/generators/{name}/attestation (the body may be empty). */
export interface AttestationRequest {
  /** What you confirm; default: purpose, legal basis, data categories and definition are still right. */
  readonly statement?: string;
}

/**
 * Body of a governance notification (POST to `governance.notify.url`), signed like the approvals
 * webhook. `generator.suspended`: orphaned or attestation lapsed (again every `notify.every`
 * until fixed); `generator.restored`: back in order.
 */
export interface GovernanceWebhookPayload {
  readonly type: 'generator.suspended' | 'generator.restored';
  readonly deliveryId: string;
  readonly occurredAt: string;
  readonly gateway: string;
  readonly generator: {
    readonly name: string;
    readonly description: string;
    readonly purpose: string | undefined;
    readonly owner: string | undefined;
    readonly ownerGroup: string | undefined;
    readonly ownerStatus: string | undefined;
    readonly attestation: string;
    readonly violations: readonly GovernanceViolationView[];
    /** API URL of its governance state. */
    readonly url: string;
  };
  /** A one-line summary, escaped, ready for a chat message. */
  readonly text: string;
}

/** A rule that would let a denied caller through, if the caller met its conditions. */
export interface PolicyRemedyView {
  readonly ruleId: string;
  readonly effect: 'allow' | 'approval';
  /** Approver groups, when the rule holds runs for approval. */
  readonly approvers: readonly string[];
  /** Every condition the caller does not meet; any one value of `anyOf` meets it. */
  readonly lacks: ReadonlyArray<{
    readonly condition: 'groups' | 'issuers' | 'kinds' | 'subjects' | 'claim';
    /** For `claim`: the claim's name. */
    readonly claim?: string;
    readonly anyOf: readonly string[];
  }>;
  /** "rule customer-report-privacy-approval would hold it for approval by one member of privacy-office if you were in data-engineers" */
  readonly text: string;
}

export interface GeneratorList {
  readonly generators: readonly GeneratorSummary[];
}

/** Body of POST /api/v1/generators/{name}/runs. */
export interface RunRequest {
  readonly input: Readonly<Record<string, unknown>>;
}

/** A person or pipeline as shown to other people. */
export interface PrincipalView {
  readonly subject: string;
  readonly issuerId: string;
  readonly kind: 'person' | 'pipeline';
  readonly name: string | undefined;
  readonly email: string | undefined;
  readonly groups: readonly string[];
}

export interface MaskingSummaryView {
  readonly profile: string | undefined;
  /** Values masked in the result. */
  readonly count: number;
  /** Count per detector (cpf, name, address…). */
  readonly byDetector: Readonly<Record<string, number>>;
}

/** The masked output of a run. */
export interface RunResultView {
  readonly format: OutputFormat;
  /** The generated artefact (final agent message, or the upstream's text). */
  readonly text: string;
  /** The agents' messages, masked, for AutoGen Studio runs. */
  readonly messages: ReadonlyArray<{ readonly source: string; readonly content: string }>;
}

/** A run (GET /api/v1/runs/{id}); the run id is also its session id. */
export interface RunView {
  readonly runId: string;
  readonly generator: string;
  readonly status: RunStatus;
  readonly requester: PrincipalView;
  readonly decision: { readonly effect: DecisionEffect; readonly ruleId: string };
  readonly approvalId: string | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly completedAt: string | undefined;
  readonly result: RunResultView | undefined;
  readonly masking: MaskingSummaryView;
  readonly error: { readonly code: string; readonly message: string } | undefined;
  /** API path of this run. */
  readonly links: { readonly self: string; readonly session: string; readonly approval?: string };
}

/** One masked value, as shown in a session's timeline: every occurrence of it in one recorded write. */
export interface MaskingEventView {
  readonly seq: number;
  readonly at: string;
  /** Where it first occurred. */
  readonly location: string;
  readonly detector: string;
  /** HMAC-SHA256 of the normalised original under key `keyId`; never the original. */
  readonly hmac: string;
  readonly keyId: string;
  readonly replacement: string;
  /** How many times the write masked it (exact). */
  readonly count: number;
  /** The first occurrences (at most 64): where each is, and where the original was in the input when known. */
  readonly occurrences: ReadonlyArray<{
    readonly location: string;
    readonly original?: { readonly offset: number; readonly length: number };
  }>;
}

export interface SessionSummaryView {
  readonly id: string;
  readonly kind: 'run' | 'proxy';
  readonly createdAt: string;
  readonly principal: PrincipalView;
  readonly generator: string | undefined;
  readonly upstream: string;
  readonly method: string;
  readonly path: string;
  readonly decision: DecisionEffect;
  readonly ruleId: string;
  readonly status: RunStatus;
  readonly httpStatus: number | undefined;
  readonly totalMs: number | undefined;
  readonly maskedCount: number;
}

export interface SessionPageView {
  readonly sessions: readonly SessionSummaryView[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  readonly nextCursor: string | undefined;
}

/** A recorded request or response body: always the masked form. */
export interface RecordedPayloadView {
  readonly contentType: string | undefined;
  readonly bytes: number;
  /** The masked body; null when recorded metadata only, or deleted by retention. */
  readonly body: unknown;
  /** Only the first part of a long stream was kept. */
  readonly truncated?: boolean;
  /** When retention deleted the body. */
  readonly purgedAt?: string;
}

export interface SessionDetailView extends SessionSummaryView {
  readonly requestId: string;
  readonly policyVersion: string;
  readonly updatedAt: string;
  readonly forwardedAt: string | undefined;
  readonly completedAt: string | undefined;
  readonly upstreamStatus: number | undefined;
  readonly upstreamMs: number | undefined;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly request: RecordedPayloadView | undefined;
  readonly response: RecordedPayloadView | undefined;
  readonly masking: MaskingSummaryView;
  readonly maskingEvents: readonly MaskingEventView[];
  readonly approvalId: string | undefined;
  readonly error: { readonly code: string; readonly message: string } | undefined;
}

/** Who the caller is (GET /api/v1/me). */
export interface MeView extends PrincipalView {
  readonly tokenExpiresAt: string | undefined;
  /** What the gateway lets this caller do, so clients show the right views. */
  readonly capabilities: {
    /** May read everyone's sessions and export evidence (`access.auditors`). */
    readonly auditor: boolean;
    /** The caller's groups that some rule names as approvers. */
    readonly approverGroups: readonly string[];
  };
}

/** Body of every error response. */
export interface ErrorResponse {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly requestId: string;
    readonly ruleId?: string;
    readonly [extra: string]: string | number | boolean | null | undefined;
  };
}

// ---- Approvals and live events ------------------------------------------------------------------

/**
 * An approval request's lifecycle. `pending`: waiting for decisions; `approved`: quorum reached,
 * queued to execute within its validity; `executing`: the gateway is forwarding it; `executed`:
 * it ran (the run's own status says how it went). Final without running: `denied`, `expired`
 * (nobody decided in time, or the approval lapsed before it could execute), `revoked` (an
 * approver withdrew the approval before execution), `cancelled` (the requester withdrew it),
 * `aborted` (the gateway refused to execute: binding mismatch, unreadable input, policy change,
 * or a restart interrupted it).
 */
export type ApprovalStatus = 'pending' | 'approved' | 'executing' | 'executed' | 'denied' | 'expired' | 'revoked' | 'cancelled' | 'aborted';

/** Statuses after which an approval never changes again. */
export const FINAL_APPROVAL_STATUSES: readonly ApprovalStatus[] = ['executed', 'denied', 'expired', 'revoked', 'cancelled', 'aborted'];

/** `any` one approver; one from `each` group (distinct people); or N distinct approvers. */
export type ApprovalQuorum = 'any' | 'each' | number;

/** What a decision may be. */
export type ApprovalVerdict = 'approve' | 'deny';

/** Body of POST /api/v1/approvals/{id}/decision. */
export interface ApprovalDecisionRequest {
  readonly decision: ApprovalVerdict;
  /** Why; required, one line, at most `approvals.maxReasonLength` characters (default 500). */
  readonly reason: string;
}

/** Body of POST /api/v1/approvals/{id}/revoke. */
export interface ApprovalRevokeRequest {
  readonly reason: string;
}

/** How far a request is from its quorum. */
export interface QuorumProgressView {
  readonly quorum: ApprovalQuorum;
  readonly satisfied: boolean;
  /** Approvals needed (`each`: one per group). */
  readonly required: number;
  /** Distinct approvers who approved (withdrawn approvals excluded). */
  readonly approvals: number;
  readonly coveredGroups: readonly string[];
  /** `each`: groups still missing an approver. */
  readonly missingGroups: readonly string[];
  /** One sentence, e.g. "0 of 1 approval (1 more from privacy-office)". */
  readonly summary: string;
}

/** One recorded decision. Reasons are plain text, one line: render them as text, never as HTML. */
export interface ApprovalVoteView {
  readonly approver: PrincipalView;
  readonly decision: ApprovalVerdict;
  /** As written by the approver (normalised to one line), personal data masked. */
  readonly reason: string;
  readonly at: string;
  /** The approver groups this vote counts for. */
  readonly countsFor: readonly string[];
  /** The binding hash the approver saw and approved. */
  readonly bindingHash: string;
  /** Set when the approver withdrew this approval. */
  readonly withdrawnAt: string | undefined;
  readonly withdrawReason: string | undefined;
}

/** What the caller may do with an approval, and why not. */
export interface ApprovalCallerView {
  readonly isRequester: boolean;
  /** The caller is in one of the rule's approver groups. */
  readonly isApprover: boolean;
  readonly canDecide: boolean;
  /** Why the caller cannot decide (own request, not an approver, already decided, expired…). */
  readonly cannotDecideBecause: string | undefined;
  readonly canRevoke: boolean;
  readonly cannotRevokeBecause: string | undefined;
  /** The caller's own standing vote, if any. */
  readonly vote: ApprovalVerdict | undefined;
}

/** How a closed approval ended. */
export interface ApprovalOutcomeView {
  /** approved, denied, expired, lapsed, revoked, cancelled, binding_mismatch, input_unreadable, policy_changed, interrupted, succeeded, failed. */
  readonly code: string;
  readonly reason: string | undefined;
  /** `issuerId:subject` of the person who ended it, or `gateway`. */
  readonly actor: string | undefined;
  readonly at: string;
}

/** An approval in lists (GET /api/v1/approvals). */
export interface ApprovalSummaryView {
  readonly approvalId: string;
  readonly runId: string;
  readonly status: ApprovalStatus;
  readonly generator: string;
  readonly requester: PrincipalView;
  readonly ruleId: string;
  readonly createdAt: string;
  /** When a pending request expires. */
  readonly expiresAt: string;
  /** Once approved: the run must start before this time. */
  readonly validUntil: string | undefined;
  readonly decidedAt: string | undefined;
  readonly progress: QuorumProgressView;
  /** The caller may decide it now. */
  readonly canDecide: boolean;
  readonly links: { readonly self: string; readonly run: string; readonly decision: string; readonly revoke: string };
}

export interface ApprovalPageView {
  readonly approvals: readonly ApprovalSummaryView[];
  readonly nextCursor: string | undefined;
}

/** One approval in full (GET /api/v1/approvals/{id}); also the answer to a decision or revoke. */
export interface ApprovalDetailView extends ApprovalSummaryView {
  readonly generatorDescription: string;
  readonly personalData: boolean;
  /** The run input as recorded: masked (null when the policy records metadata only). */
  readonly input: unknown;
  readonly rule: { readonly id: string; readonly description: string | undefined; readonly policyVersion: string };
  readonly requirement: {
    readonly approvers: readonly string[];
    readonly quorum: ApprovalQuorum;
    /** "one member of privacy-office". */
    readonly description: string;
    readonly pendingTtlSeconds: number;
    readonly validForSeconds: number;
  };
  /** Seconds since the request was made (by the gateway's clock). */
  readonly ageSeconds: number;
  /** Groups whose members may decide (minus the requester). */
  readonly whoMayDecide: readonly string[];
  readonly votes: readonly ApprovalVoteView[];
  /** SHA-256 binding of generator + input + requester: the exact request an approval allows. */
  readonly bindingHash: string;
  /** True while the encrypted input is held; false once it was deleted. */
  readonly inputHeld: boolean;
  readonly outcome: ApprovalOutcomeView | undefined;
  readonly runStatus: RunStatus;
  readonly you: ApprovalCallerView;
}

/** `data` of `approval.*` events on the live stream. */
export interface ApprovalEventData {
  readonly approvalId: string;
  readonly runId: string;
  readonly status: ApprovalStatus;
  readonly generator: string;
  readonly requester: { readonly subject: string; readonly name: string | undefined };
  readonly progress: QuorumProgressView;
  readonly expiresAt: string;
  /** What happened: requested, vote, vote_withdrawn, approved, denied, expired, revoked, cancelled, executing, executed, aborted. */
  readonly change: string;
  /** `issuerId:subject` or `gateway`. */
  readonly actor: string;
  readonly at: string;
}

/** `data` of `run.updated` events: a held run's status changed. */
export interface RunEventData {
  readonly runId: string;
  readonly status: RunStatus;
  readonly approvalId: string | undefined;
  readonly generator: string;
  readonly error: { readonly code: string; readonly message: string } | undefined;
  readonly at: string;
}

/**
 * Events of GET /api/v1/events (Server-Sent Events; `event:` is the type, `data:` the JSON,
 * `id:` resumable with `Last-Event-ID`). `stream.reset`: events since the given id are not
 * available (gateway restarted, or too old): refetch state. Each caller receives the events of
 * runs they requested, of approvals they may decide, and (auditors) all.
 */
export type GateEvent =
  | { readonly id: string; readonly type: 'approval.requested' | 'approval.updated'; readonly data: ApprovalEventData }
  | { readonly id: string; readonly type: 'run.updated'; readonly data: RunEventData };

/**
 * Every `event:` name on the stream: the GateEvent types, plus `stream.ready` (first event; its id
 * is where a resume starts), `stream.reset` (refetch state) and `stream.end` (the server closes
 * the stream: token expired, or shutting down; reconnect with a valid token).
 */
export type GateEventType = GateEvent['type'] | 'stream.ready' | 'stream.reset' | 'stream.end';

/**
 * Body of a webhook delivery (POST to `approvals.webhook.url`). Every string that came from a
 * person or a request is masked and escaped for HTML and Markdown. Verify
 * `X-AutoGen-Gate-Signature: sha256=HEX` = HMAC-SHA256(secret, `${X-AutoGen-Gate-Timestamp}.${body}`).
 */
export interface ApprovalWebhookPayload {
  readonly type: 'approval.requested' | 'approval.decided';
  readonly deliveryId: string;
  readonly occurredAt: string;
  /** The gateway's public URL. */
  readonly gateway: string;
  readonly approval: {
    readonly id: string;
    readonly runId: string;
    readonly status: ApprovalStatus;
    readonly generator: string;
    readonly requester: { readonly subject: string; readonly name: string | undefined };
    readonly ruleId: string;
    readonly approvers: readonly string[];
    readonly quorum: ApprovalQuorum;
    readonly expiresAt: string;
    readonly bindingHash: string;
    /** The masked run input, escaped. */
    readonly input: unknown;
    /** API URL of the approval. */
    readonly url: string;
    /** For `approval.decided`: how it ended. */
    readonly outcome?: { readonly code: string; readonly reason: string | undefined; readonly actor: string | undefined };
  };
  /** A one-line summary, already escaped, ready for a chat message. */
  readonly text: string;
}

// ---- Evidence, retention and data-subject look-up -----------------------------------------------

/**
 * A signed evidence document, as `GET /api/v1/evidence` and `POST /api/v1/subjects/lookup`
 * return it and `autogen-gate evidence export` writes it: canonical JSON. Keep the bytes as
 * received; `autogen-gate evidence verify FILE` checks them against /.well-known/jwks.json.
 */
export interface SignedEvidenceDocument {
  readonly format: 'autogen-gate.evidence-bundle/1' | 'autogen-gate.subject-report/1' | 'autogen-gate.processing-register/1';
  readonly content: unknown;
  /** Compact JWS over the manifest (format, id, issuedAt, issuer, SHA-256 of the canonical content). */
  readonly signature: string;
}

/** One problem found by `GET /api/v1/audit/verify`, in chain order (the first is the first broken link). */
export interface AuditProblemView {
  /**
   * edited, reordered, deleted, relinked, unanchored, bad_anchor, checkpoint_mismatch, truncated (the chain);
   * session_mismatch, session_unrecorded, session_deleted, body_mismatch, approval_mismatch, approval_deleted, governance_mismatch,
   * governance_deleted (a generator's governance record or a directory user), masking_mismatch (the records).
   */
  readonly kind: string;
  readonly seq: number | undefined;
  readonly sessionId: string | undefined;
  readonly message: string;
}

/** `GET /api/v1/audit/verify` (auditors): the live chain and records, recomputed now. */
export interface AuditVerificationView {
  readonly ok: boolean;
  readonly entries: number;
  readonly head: { readonly seq: number; readonly hash: string } | undefined;
  /** Where verification starts: `genesis`, or the signed retention anchor. */
  readonly anchor: string;
  readonly checkpoints: number;
  readonly purges: number;
  readonly sessionsChecked: number;
  readonly problems: readonly AuditProblemView[];
  readonly moreProblems: number;
  readonly ms: number;
}

/**
 * Body of `POST /api/v1/subjects/lookup` (auditors). The values only serve to compute their
 * HMACs: they are never stored, logged or echoed; the answer is a signed subject report.
 */
export interface SubjectLookupRequest {
  readonly cpf?: string;
  readonly email?: string;
  readonly name?: string;
  readonly phone?: string;
  /** Any other kind of data the masking engine detects (rg, cnpj, birth_date…). */
  readonly values?: ReadonlyArray<{ readonly detector: string; readonly value: string }>;
  /** The data subject's request reference, recorded with the look-up. */
  readonly reference?: string;
}

/** `GET /api/v1/retention/plan` (a dry run) and `POST /api/v1/retention/purge` (auditors). */
export interface RetentionPurgeView {
  readonly asOf: string;
  readonly dryRun: boolean;
  readonly trigger: 'schedule' | 'cli' | 'api';
  readonly scopes: ReadonlyArray<{
    /** `default`, `generator:NAME` or `upstream:NAME`. */
    readonly scope: string;
    readonly payloadsPeriod: string;
    readonly metadataPeriod: string;
    readonly payloadCutoff: string | undefined;
    readonly metadataCutoff: string | undefined;
    readonly payloads: {
      readonly count: number;
      readonly bytes: number;
      readonly from: string | undefined;
      readonly to: string | undefined;
    };
    readonly sessions: { readonly count: number; readonly from: string | undefined; readonly to: string | undefined };
    readonly maskingEvents: number;
    readonly linked: Readonly<Record<string, number>>;
  }>;
  readonly totals: {
    readonly payloads: number;
    readonly payloadBytes: number;
    readonly sessions: number;
    readonly maskingEvents: number;
    readonly linked: Readonly<Record<string, number>>;
  };
  readonly audit: {
    readonly period: string;
    readonly cutoff: string | undefined;
    readonly range:
      | {
          readonly fromSeq: number;
          readonly toSeq: number;
          readonly count: number;
          readonly fromAt: string;
          readonly toAt: string;
          readonly chainedFrom: string;
          readonly anchor: { readonly seq: number; readonly hash: string; readonly checkpoint?: string };
        }
      | undefined;
    readonly blocked: string | undefined;
  };
  /** The `retention.purged` audit entry that records the purge. */
  readonly entry: { readonly seq: number; readonly hash: string } | undefined;
}
