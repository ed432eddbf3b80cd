/**
 * Wire types of the gateway's HTTP API (`/api/v1`), shared by the gateway, the CLI, the VS Code
 * extension and its webviews. Types only: no runtime imports, so every side can compile it.
 * docs/openapi.yaml describes the same shapes for other clients.
 */

export type OutputFormat = 'markdown' | 'plaintext' | 'json' | 'yaml' | 'csv' | 'typescript' | 'javascript' | 'python' | 'java' | 'sql' | 'html';
export type DecisionEffect = 'allow' | 'deny' | 'approval';
export type RunStatus =
  | 'pending_approval'
  | 'approved'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'denied'
  | 'approval_denied'
  | 'expired'
  | 'cancelled';

/** Statuses after which a run never changes again. */
export const FINAL_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'denied', 'approval_denied', 'expired', 'cancelled'];

/** A generator the caller may run (GET /api/v1/generators). */
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
  /** Rule that lets the caller run it. */
  readonly ruleId: string;
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

/** One masked value, as shown in a session's timeline. */
export interface MaskingEventView {
  readonly seq: number;
  readonly at: string;
  readonly location: string;
  readonly detector: string;
  /** HMAC-SHA256 of the normalised original under key `keyId`; never the original. */
  readonly hmac: string;
  readonly keyId: string;
  readonly replacement: string;
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

export interface SessionDetailView extends SessionSummaryView {
  readonly requestId: string;
  readonly policyVersion: string;
  readonly updatedAt: string;
  readonly forwardedAt: string | undefined;
  readonly completedAt: string | undefined;
  readonly upstreamStatus: number | undefined;
  readonly upstreamMs: number | undefined;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly request: { readonly contentType: string | undefined; readonly bytes: number; readonly body: unknown } | undefined;
  readonly response: { readonly contentType: string | undefined; readonly bytes: number; readonly body: unknown } | undefined;
  readonly masking: MaskingSummaryView;
  readonly maskingEvents: readonly MaskingEventView[];
  readonly approvalId: string | undefined;
  readonly error: { readonly code: string; readonly message: string } | undefined;
}

/** Who the caller is (GET /api/v1/me). */
export interface MeView extends PrincipalView {
  readonly tokenExpiresAt: string | undefined;
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
