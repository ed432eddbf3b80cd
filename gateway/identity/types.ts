import type { IdentityKind } from '../config/types.js';

/** A caller proven by a verified token; recorded with every session. */
export interface Identity {
  readonly subject: string;
  readonly issuer: string;
  /** Id of the configured issuer that vouched for the token. */
  readonly issuerId: string;
  readonly kind: IdentityKind;
  readonly name: string | undefined;
  readonly email: string | undefined;
  readonly username: string | undefined;
  readonly groups: readonly string[];
  readonly clientId: string | undefined;
  /** Claims the issuer records (pipelines: repository, ref, workflow, actor…) and those rules test. */
  readonly claims: Readonly<Record<string, unknown>>;
  /** When the token that proved this identity expires (ISO). */
  readonly tokenExpiresAt: string | undefined;
}

/** `issuerId:subject`: how an identity is named in audit entries and approvals. */
export function principalOf(identity: Pick<Identity, 'issuerId' | 'subject'>): string {
  return `${identity.issuerId}:${identity.subject}`;
}

/** How a person is named to others: the name claim, else the username, else the subject. */
export function displayNameOf(identity: Pick<Identity, 'name' | 'username' | 'subject'>): string {
  return identity.name ?? identity.username ?? identity.subject;
}
