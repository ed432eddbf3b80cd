/** Who may read which records: your own, or everyone's if you are in an auditor group. */
import type { AccessConfig } from '../config/types.js';
import type { Identity } from '../identity/types.js';
import type { SessionRecord } from '../store/types.js';

export function isAuditor(access: AccessConfig, identity: Identity): boolean {
  return identity.groups.some((group) => access.auditors.includes(group));
}

export function ownsSession(identity: Identity, session: SessionRecord): boolean {
  return session.identity.subject === identity.subject && session.identity.issuerId === identity.issuerId;
}
