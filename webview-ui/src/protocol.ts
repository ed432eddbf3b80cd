/**
 * The one message protocol between the extension host (a panel) and its webview, compiled into
 * both sides (root tsconfig for the host, webview-ui/tsconfig for the webviews). Free of DOM and
 * `vscode` imports.
 *
 * Shape (as vscode-pull-request-github and gitlens do it, typed end to end):
 * - webview → host `ready` once its script listens; the host posts nothing before it.
 * - webview → host `request` with an id; host → webview `response` with the same id.
 * - host → webview `notification`: state pushed without being asked (live updates).
 * Method names read `scope/noun/verb`. Each panel declares its requests and notifications in a
 * `…Protocol` interface; both sides are generic over it.
 *
 * Webviews never receive a token or any other credential: only the data they show.
 */
import type {
  ApprovalStatus,
  ApprovalVerdict,
  DecisionEffect,
  GeneratorSummary,
  MaskingSummaryView,
  PrincipalView,
  RunStatus,
  SessionDetailView,
  SessionPageView,
  SessionSummaryView,
} from '../../gateway/api/wire.js';

/** Every run status, in lifecycle order (the history filter offers exactly these). */
export { RUN_STATUSES } from '../../gateway/sessions/status.js';

/** Bumped when a message changes incompatibly; the host checks it in `ready`. */
export const PROTOCOL_VERSION = 1;

/* ------------------------------------------------------------------------------------------ */
/* Envelope                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/** webview → host: the webview listens now. */
export interface ReadyMessage {
  readonly kind: 'ready';
  readonly protocol: number;
}

/** webview → host: call `method`; answered by a {@link ResponseMessage} with the same `id`. */
export interface RequestMessage<M extends string = string, P = unknown> {
  readonly kind: 'request';
  readonly id: number;
  readonly method: M;
  readonly params: P;
}

/** An error as the webview sees it: a stable code and a message fit to show. */
export interface ProtocolError {
  /** The gateway's or extension's error code (`denied_by_policy`, `not_signed_in`, …). */
  readonly code: string;
  readonly message: string;
}

/** host → webview: the answer to a request. */
export type ResponseMessage =
  | { readonly kind: 'response'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly kind: 'response'; readonly id: number; readonly ok: false; readonly error: ProtocolError };

/** host → webview: pushed state or an event. */
export interface NotificationMessage<M extends string = string, P = unknown> {
  readonly kind: 'notification';
  readonly method: M;
  readonly params: P;
}

export type WebviewToHost = ReadyMessage | RequestMessage;
export type HostToWebview = ResponseMessage | NotificationMessage;

/** What a panel's protocol declares: request methods with params and result, and notifications. */
export interface PanelProtocol {
  /** Method → `{ params, result }`. */
  readonly requests: object;
  /** Method → params. */
  readonly notifications: object;
}

export type RequestMethod<P extends PanelProtocol> = Extract<keyof P['requests'], string>;
export type RequestParams<P extends PanelProtocol, M extends RequestMethod<P>> = P['requests'][M] extends { readonly params: infer T }
  ? T
  : never;
export type RequestResult<P extends PanelProtocol, M extends RequestMethod<P>> = P['requests'][M] extends { readonly result: infer T }
  ? T
  : never;
export type NotificationMethod<P extends PanelProtocol> = Extract<keyof P['notifications'], string>;
export type NotificationParams<P extends PanelProtocol, M extends NotificationMethod<P>> = P['notifications'][M];

export function isWebviewToHost(value: unknown): value is WebviewToHost {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { kind?: unknown; id?: unknown; method?: unknown; protocol?: unknown };
  if (message.kind === 'ready') return typeof message.protocol === 'number';
  return message.kind === 'request' && typeof message.id === 'number' && typeof message.method === 'string';
}

export function isHostToWebview(value: unknown): value is HostToWebview {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { kind?: unknown; id?: unknown; method?: unknown };
  return (
    (message.kind === 'response' && typeof message.id === 'number') ||
    (message.kind === 'notification' && typeof message.method === 'string')
  );
}

/* ------------------------------------------------------------------------------------------ */
/* Shared state                                                                                */
/* ------------------------------------------------------------------------------------------ */

/** The signed-in person, as every panel shows it. */
export interface ViewerState {
  /** `signedOut` until a sign-in; panels then show a Sign In button. */
  readonly status: 'signedIn' | 'signedOut';
  /** Subject at the issuer (`sub`). */
  readonly subject: string | undefined;
  /** What to call them (user name, else e-mail, else name). */
  readonly label: string | undefined;
  readonly name: string | undefined;
  readonly groups: readonly string[];
  /** May read everyone's sessions (the gateway's `access.auditors`), as far as the host knows. */
  readonly auditor: boolean;
}

/** Whether live updates from the gateway's event stream reach the panel. */
export type LiveStatus = 'live' | 'connecting' | 'polling';

/** Requests every panel may send. */
export interface CommonRequests {
  /** Starts the sign-in (the host shows VS Code's prompt). */
  'auth/session/signIn': { readonly params: Record<string, never>; readonly result: void };
  /** Opens a session's timeline in its own panel. */
  'session/timeline/open': { readonly params: { readonly sessionId: string }; readonly result: void };
  /** Shows the extension's log (for "details in the log" links). */
  'app/log/show': { readonly params: Record<string, never>; readonly result: void };
}

/* ------------------------------------------------------------------------------------------ */
/* Approvals                                                                                   */
/* ------------------------------------------------------------------------------------------ */

/** One decision recorded on an approval. */
export interface ApprovalDecisionItem {
  readonly approver: PrincipalView;
  readonly decision: ApprovalVerdict;
  /** As written by the approver, masked by the gateway; plain text. */
  readonly reason: string;
  /** ISO time. */
  readonly at: string;
  /** Set when the approver withdrew this approval (ISO time). */
  readonly withdrawnAt: string | undefined;
}

/** An approval request as the approvals view shows it (built by the host from ApprovalDetailView). */
export interface ApprovalItem {
  readonly id: string;
  /** The held run (also its session id). */
  readonly runId: string;
  readonly generator: string;
  readonly generatorDescription: string | undefined;
  readonly personalData: boolean;
  readonly requester: PrincipalView;
  /** The policy rule that asked for approval, and its description. */
  readonly ruleId: string;
  readonly ruleDescription: string | undefined;
  /** Groups whose members may decide. */
  readonly approverGroups: readonly string[];
  /** Who must approve, in words (e.g. "one member of privacy-office"). */
  readonly quorum: string | undefined;
  /** How far it is from its quorum (e.g. "0 of 1 approval"). */
  readonly progress: string | undefined;
  readonly status: ApprovalStatus;
  /** The status of the held run. */
  readonly runStatus: RunStatus | undefined;
  /** The run's input, masked by the gateway (never the original personal data); null when not recorded. */
  readonly input: unknown;
  /** ISO time the request was made. */
  readonly createdAt: string;
  /** ISO time a pending request expires. */
  readonly expiresAt: string | undefined;
  /** ISO time an approved request must start by. */
  readonly validUntil: string | undefined;
  readonly decisions: readonly ApprovalDecisionItem[];
  /** How a closed request ended (code and reason), when it has. */
  readonly outcome: { readonly code: string; readonly reason: string | undefined; readonly at: string } | undefined;
  /** The viewer asked for this run. */
  readonly mine: boolean;
  /** The viewer may approve or deny it now. */
  readonly canDecide: boolean;
  /** Why the viewer cannot decide (own request, not an approver, already decided…), when not. */
  readonly cannotDecideReason: string | undefined;
  /** The viewer may withdraw an approval that has not executed yet. */
  readonly canRevoke: boolean;
}

export interface ApprovalsState {
  readonly viewer: ViewerState;
  /** Pending requests first (soonest to expire first), then recently decided ones. */
  readonly items: readonly ApprovalItem[];
  /** The host's clock when the state was built (ISO), so countdowns agree with the host. */
  readonly now: string;
  readonly loading: boolean;
  /** Why the list could not be loaded, when it could not. */
  readonly error: ProtocolError | undefined;
  readonly live: LiveStatus;
  /** The gateway offers approvals (false: an older gateway without the approvals API). */
  readonly available: boolean;
}

export interface ApprovalsProtocol extends PanelProtocol {
  readonly requests: CommonRequests & {
    /** Approve or deny; `reason` is required (it is evidence). Resolves with the updated item. */
    'approvals/decision/submit': {
      readonly params: { readonly approvalId: string; readonly decision: 'approve' | 'deny'; readonly reason: string };
      readonly result: ApprovalItem;
    };
    /** Withdraws one's approval before the run executes; `reason` is required. */
    'approvals/approval/revoke': {
      readonly params: { readonly approvalId: string; readonly reason: string };
      readonly result: ApprovalItem;
    };
    /** Reloads the list from the gateway. */
    'approvals/list/refresh': { readonly params: Record<string, never>; readonly result: void };
  };
  readonly notifications: {
    /** The whole state, after any change. */
    'approvals/state/didChange': ApprovalsState;
  };
}

/* ------------------------------------------------------------------------------------------ */
/* Session history                                                                             */
/* ------------------------------------------------------------------------------------------ */

/** The history table's filters; every field optional (empty = any). */
export interface HistoryFilters {
  /** Whose sessions (subject); auditors only. */
  readonly subject?: string;
  readonly generator?: string;
  readonly decision?: DecisionEffect;
  readonly status?: RunStatus;
  /** ISO date (YYYY-MM-DD), inclusive. */
  readonly from?: string;
  /** ISO date (YYYY-MM-DD), inclusive. */
  readonly to?: string;
}

export interface HistoryInit {
  readonly viewer: ViewerState;
  /** Generators for the filter list (those the viewer may run, plus those seen). */
  readonly generators: readonly string[];
  readonly pageSize: number;
  readonly live: LiveStatus;
}

export interface SessionHistoryProtocol extends PanelProtocol {
  readonly requests: CommonRequests & {
    /** One page of sessions; `cursor` from the previous page's `nextCursor`. */
    'sessions/page/load': {
      readonly params: { readonly filters: HistoryFilters; readonly cursor: string | undefined };
      readonly result: SessionPageView;
    };
    /** Exports the evidence of one session (the host asks where to save it). */
    'evidence/session/export': { readonly params: { readonly sessionId: string }; readonly result: { readonly saved: boolean } };
  };
  readonly notifications: {
    /** The panel's context (viewer, generators); sent after `ready` and after sign-in changes. */
    'history/context/didChange': HistoryInit;
    /** Sessions changed on the gateway (a run finished, an approval was decided): reload the page. */
    'sessions/list/didChange': { readonly sessionIds: readonly string[] };
  };
}

/* ------------------------------------------------------------------------------------------ */
/* Session timeline                                                                            */
/* ------------------------------------------------------------------------------------------ */

export interface SessionState {
  readonly viewer: ViewerState;
  readonly sessionId: string;
  readonly session: SessionDetailView | undefined;
  /** The approval of a held run, when there was one and the viewer may see it. */
  readonly approval: ApprovalItem | undefined;
  readonly loading: boolean;
  readonly error: ProtocolError | undefined;
  /** The host's clock (ISO) when the state was built. */
  readonly now: string;
}

export interface SessionProtocol extends PanelProtocol {
  readonly requests: CommonRequests & {
    'session/detail/refresh': { readonly params: Record<string, never>; readonly result: void };
    'evidence/session/export': { readonly params: { readonly sessionId: string }; readonly result: { readonly saved: boolean } };
    /** Opens the masked response (the generated artefact) in an editor. */
    'session/result/open': { readonly params: Record<string, never>; readonly result: void };
  };
  readonly notifications: {
    'session/state/didChange': SessionState;
  };
}

/* ------------------------------------------------------------------------------------------ */
/* Run form                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/** Where a run started from the form stands. */
export interface RunFormRun {
  readonly runId: string | undefined;
  readonly status: RunStatus | 'submitting';
  /** One line for people: "Waiting for approval by privacy-office", "Done: 12 values masked". */
  readonly message: string;
  readonly masking: MaskingSummaryView | undefined;
}

export interface RunFormState {
  readonly viewer: ViewerState;
  readonly generator: GeneratorSummary;
  /** Values to start with (the last values used, or the editor's JSON). */
  readonly initialInput: Readonly<Record<string, unknown>>;
  /** The last run started from this form, if any. */
  readonly run: RunFormRun | undefined;
}

export interface RunFormProtocol extends PanelProtocol {
  readonly requests: CommonRequests & {
    /**
     * Runs the generator with `input` (already valid against the schema as far as the form can
     * tell; the gateway validates again). Resolves once the run is started or held; progress
     * follows as `runForm/run/didChange`.
     */
    'run/generator/start': {
      readonly params: { readonly input: Readonly<Record<string, unknown>> };
      readonly result: { readonly runId: string };
    };
    /** Opens the approvals view (from a held run). */
    'approvals/view/open': { readonly params: Record<string, never>; readonly result: void };
  };
  readonly notifications: {
    'runForm/state/didChange': RunFormState;
    'runForm/run/didChange': RunFormRun;
  };
}

/** The view types (panel ids) and the script each loads from `dist/webview/`. */
export const WEBVIEWS = {
  approvals: { viewType: 'autogenGate.approvals', script: 'approvals' },
  sessionHistory: { viewType: 'autogenGate.sessionHistory', script: 'sessionHistory' },
  session: { viewType: 'autogenGate.session', script: 'session' },
  runForm: { viewType: 'autogenGate.runForm', script: 'runForm' },
} as const;

export type WebviewName = keyof typeof WEBVIEWS;

/** Re-exported wire types the webviews use, so they import from one place. */
export type {
  ApprovalStatus,
  ApprovalVerdict,
  DecisionEffect,
  GeneratorSummary,
  MaskingSummaryView,
  PrincipalView,
  RunStatus,
  SessionDetailView,
  SessionPageView,
  SessionSummaryView,
};
