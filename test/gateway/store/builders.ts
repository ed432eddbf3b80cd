/** Small builders of store records for the store and recovery tests. */
import type { NewApproval } from '../../../gateway/approvals/repository.js';
import type { MaskingEventRecord, NewSession } from '../../../gateway/store/types.js';

export const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);

export function newSession(id: string, overrides: Partial<NewSession> = {}): NewSession {
  return {
    id,
    kind: 'run',
    requestId: `req-${id}`,
    createdAt: new Date(T0 + Number(id.replace(/\D/g, '') || 0) * 1000).toISOString(),
    identity: {
      subject: 'ana',
      issuer: 'http://idp',
      issuerId: 'dev',
      kind: 'person',
      name: 'Ana',
      email: undefined,
      username: 'ana',
      groups: ['developers'],
      clientId: 'c',
      claims: {},
      tokenExpiresAt: undefined,
    },
    generator: 'config-template',
    upstream: 'autogen',
    method: 'POST',
    path: '/api/v1/generators/config-template/runs',
    decision: 'allow',
    ruleId: 'devs',
    policyVersion: 'v1',
    status: 'running',
    request: { contentType: 'application/json', bytes: 2, body: {} },
    ...overrides,
  };
}

export function newApproval(id: string, sessionId: string, at: Date): NewApproval {
  return {
    id,
    sessionId,
    status: 'pending',
    createdAt: at.toISOString(),
    expiresAt: new Date(at.getTime() + 3_600_000).toISOString(),
    requester: 'dev:bruno',
    requesterView: { subject: 'bruno', issuerId: 'dev', kind: 'person', name: 'Bruno', email: undefined, groups: ['data-engineers'] },
    generator: 'customer-report',
    ruleId: 'privacy',
    policyVersion: 'v1',
    requirement: { approvers: ['privacy-office'], quorum: 'any', pendingTtlMs: 3_600_000, validForMs: 30 * 86_400_000 },
    bindingHash: 'b'.repeat(64),
    sealed: { keyId: 'k1', blob: Buffer.from('sealed input') },
  };
}

export function maskingEvent(sessionId: string, seq: number, detector: string, hmac: string, at: Date): MaskingEventRecord {
  return {
    sessionId,
    seq,
    at: at.toISOString(),
    location: `request:/${detector}`,
    detector,
    hmac,
    keyId: 'k',
    replacement: `[${detector.toUpperCase()}]`,
    count: 2,
    occurrences: [{ location: `request:/${detector}` }, { location: `request:/${detector}-again`, original: { offset: 3, length: 14 } }],
  };
}
