/** Builds the wire views of recorded sessions and runs. */
import type { Identity } from '../identity/types.js';
import type { MaskingEventRecord, RecordedPayload, SessionRecord } from '../store/types.js';
import { occurrencesOf } from '../sessions/maskingEvents.js';
import type { PrincipalView, RunResultView, RunView, SessionDetailView, SessionSummaryView } from './wire.js';

export function principalView(identity: Identity): PrincipalView {
  return {
    subject: identity.subject,
    issuerId: identity.issuerId,
    kind: identity.kind,
    name: identity.name,
    email: identity.email,
    groups: identity.groups,
  };
}

function isRunResult(body: unknown): body is RunResultView {
  return typeof body === 'object' && body !== null && typeof (body as { text?: unknown }).text === 'string';
}

export function runView(session: SessionRecord): RunView {
  const body = session.response?.body;
  return {
    runId: session.id,
    generator: session.generator ?? '',
    status: session.status,
    requester: principalView(session.identity),
    decision: { effect: session.decision, ruleId: session.ruleId },
    approvalId: session.approvalId,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    completedAt: session.completedAt,
    result: isRunResult(body) ? body : undefined,
    masking: session.masking,
    error: session.error,
    links: {
      self: `/api/v1/runs/${session.id}`,
      session: `/api/v1/sessions/${session.id}`,
      ...(session.approvalId === undefined ? {} : { approval: `/api/v1/approvals/${session.approvalId}` }),
    },
  };
}

export function sessionSummaryView(session: SessionRecord): SessionSummaryView {
  return {
    id: session.id,
    kind: session.kind,
    createdAt: session.createdAt,
    principal: principalView(session.identity),
    generator: session.generator,
    upstream: session.upstream,
    method: session.method,
    path: session.path,
    decision: session.decision,
    ruleId: session.ruleId,
    status: session.status,
    httpStatus: session.httpStatus,
    totalMs: session.totalMs,
    maskedCount: session.masking.count,
  };
}

/** A recorded payload as clients see it (the body's digest is the store's business). */
function payloadView(payload: RecordedPayload | undefined): RecordedPayload | undefined {
  if (payload?.bodyDigest === undefined) return payload;
  const { bodyDigest: _digest, ...shown } = payload;
  return shown;
}

export function sessionDetailView(session: SessionRecord, events: readonly MaskingEventRecord[]): SessionDetailView {
  return {
    ...sessionSummaryView(session),
    requestId: session.requestId,
    policyVersion: session.policyVersion,
    updatedAt: session.updatedAt,
    forwardedAt: session.forwardedAt,
    completedAt: session.completedAt,
    upstreamStatus: session.upstreamStatus,
    upstreamMs: session.upstreamMs,
    claims: session.identity.claims,
    request: payloadView(session.request),
    response: payloadView(session.response),
    masking: session.masking,
    maskingEvents: events.map((event) => ({
      seq: event.seq,
      at: event.at,
      location: event.location,
      detector: event.detector,
      hmac: event.hmac,
      keyId: event.keyId,
      replacement: event.replacement,
      count: event.count,
      occurrences: occurrencesOf(event),
    })),
    approvalId: session.approvalId,
    error: session.error,
  };
}
