/**
 * One call through the gateway, as the request path sees it: who asked (identify), what it
 * reaches (route), what it carries (parse), what that reveals (inspect), what policy said
 * (authorize), its session (record) and how it ended (forward, mask, complete). Every entry
 * point builds one and hands it to the gate (gate.ts); the steps fill it in, in order.
 */
import type { GeneratorConfig, UpstreamConfig } from '../config/types.js';
import type { Identity } from '../identity/types.js';
import type { PolicyDecision, PolicyTarget } from '../policy/engine.js';
import type { PendingMaskingEvent, SessionOutcome } from '../recording/sessionRecorder.js';
import type { RecordedPayload, SessionKind } from '../store/types.js';

/** Where a call entered: the generator run API, the `/proxy` pass-through, a Studio run WebSocket. */
export type EntryKind = 'run' | 'proxy' | 'stream';

export interface Exchange<S> {
  readonly entry: EntryKind;
  readonly requestId: string;
  readonly method: string;
  /** The path as recorded: capped, tokens redacted. */
  readonly path: string;
  /** The client's address (as trusted proxies report it, when configured). */
  readonly client: string;
  /** The bearer credential as sent: undefined when none, null when not a bearer token. */
  readonly credential: string | null | undefined;
  identity?: Identity;
  upstream?: UpstreamConfig;
  generator?: GeneratorConfig;
  /** What policy is asked about, with what inspection found (model, code execution). */
  policyTarget?: PolicyTarget;
  /** Why the call is risky (what inspection found), for the record and for approvers. */
  readonly evidence: string[];
  /** Other facts inspection found, for the session's audit entry (e.g. user ids the gateway replaced). */
  readonly findings: Record<string, unknown>;
  decision?: PolicyDecision;
  /** The request as the session records it: masked. */
  recordedRequest?: RecordedPayload;
  readonly requestEvents: PendingMaskingEvent[];
  sessionId?: string;
  /** A step answered the call itself (held for approval): the steps after it do not run. */
  settled: boolean;
  /** How the call ended, for `complete`. */
  outcome?: SessionOutcome;
  /** The entry point's own state. */
  readonly state: S;
}

export interface ExchangeInit<S> {
  readonly entry: EntryKind;
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly client: string;
  readonly credential: string | null | undefined;
  readonly state: S;
}

export function newExchange<S>(init: ExchangeInit<S>): Exchange<S> {
  return { ...init, evidence: [], findings: {}, requestEvents: [], settled: false };
}

/**
 * What policy was asked about, as a session's audit entry records it: the entry point, the target
 * and what inspection found. A policy simulation replays sessions from it.
 */
export interface RecordedTarget {
  readonly entry: EntryKind;
  readonly kind: PolicyTarget['kind'];
  readonly name: string;
  /** The model a model-API request named (masked, as everything the audit log holds). */
  readonly model: string | null;
  readonly codeExecution: boolean;
}

/** Longest model name recorded; a longer one is cut (it is the caller's text). */
export const RECORDED_MODEL_LIMIT = 200;

/** The target as recorded, with the model name as masked for the record. */
export function recordedTarget(entry: EntryKind, target: PolicyTarget, maskedModel: string | undefined): RecordedTarget {
  return { entry, kind: target.kind, name: target.name, model: maskedModel ?? null, codeExecution: target.codeExecution === true };
}

/** The session kind an entry records. */
export function sessionKindOf(entry: EntryKind): SessionKind {
  return entry === 'run' ? 'run' : 'proxy';
}

/** Query parameters that carry credentials (browsers cannot set headers on a WebSocket). */
const TOKEN_PARAMS = /([?&](?:access_)?token=)[^&]*/gi;

/** Longest path a session records; longer ones are cut (nobody fills the store with paths). */
export const RECORDED_PATH_LIMIT = 512;

/** A request path as it may be recorded: tokens redacted, capped. */
export function recordablePath(path: string): string {
  const redacted = path.replace(TOKEN_PARAMS, '$1[redacted]');
  return redacted.length > RECORDED_PATH_LIMIT
    ? `${redacted.slice(0, RECORDED_PATH_LIMIT)}…[${redacted.length - RECORDED_PATH_LIMIT} more]`
    : redacted;
}
