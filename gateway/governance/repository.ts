/**
 * What governance keeps in the store, per generator: when the gateway first saw it registered
 * (the first attestation period starts there), who took ownership over from the policy file's
 * owner, the owner's latest attestation, and what the privacy office was last told; plus the
 * outbox of its notifications. The policy file stays the registry; this is what happened since.
 */
import type { DeliveryStatus, DeliveryUpdate } from '../webhooks/dispatcher.js';

/** Someone took ownership over (the owner left, or the group reorganised). */
export interface OwnershipRecord {
  /** The new owner's principal, `issuerId:subject`. */
  readonly principal: string;
  readonly username: string | undefined;
  readonly name: string | undefined;
  /** The policy file's `owner.person` this replaces: once the file names someone else, the file wins again. */
  readonly replaces: string;
  readonly at: string;
  readonly reason: string;
}

/** An owner re-confirmed the generator: its purpose, basis and definition are still right. */
export interface AttestationRecord {
  readonly at: string;
  /** `issuerId:subject` of the owner who attested. */
  readonly by: string;
  readonly byName: string | undefined;
  /** The definition hash attested. */
  readonly definitionHash: string;
  readonly statement: string;
}

export interface GovernanceRecord {
  readonly generator: string;
  readonly registeredAt: string;
  readonly ownership: OwnershipRecord | undefined;
  readonly attestation: AttestationRecord | undefined;
  readonly notifiedAt: string | undefined;
  /** The conditions the last notification announced (`owner_inactive,attestation_lapsed`), or `resolved`. */
  readonly notifiedState: string | undefined;
}

export interface NotificationRecord {
  readonly id: string;
  readonly generator: string;
  readonly event: string;
  /** The JSON body, built when the notification was queued. */
  readonly payload: string;
  readonly createdAt: string;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly status: DeliveryStatus;
  readonly lastError: string | undefined;
}

export interface GovernanceReader {
  record(generator: string): Promise<GovernanceRecord | undefined>;
  records(): Promise<readonly GovernanceRecord[]>;
  dueNotifications(now: string, limit: number): Promise<NotificationRecord[]>;
  nextNotificationAt(): Promise<string | undefined>;
}

export interface GovernanceRepository extends GovernanceReader {
  /** Records the first time a generator is seen registered; false when it already was. */
  register(generator: string, at: string): Promise<boolean>;
  /** Sets who owns it now; a new owner has not attested yet, so the attestation is cleared. */
  setOwnership(generator: string, ownership: OwnershipRecord): Promise<void>;
  setAttestation(generator: string, attestation: AttestationRecord): Promise<void>;
  setNotified(generator: string, at: string, state: string): Promise<void>;
  /** Queues a notification whose body was built now (the state it announces). */
  enqueueNotification(notification: Omit<NotificationRecord, 'attempts' | 'status' | 'lastError'>): Promise<void>;
  updateNotification(id: string, update: DeliveryUpdate): Promise<void>;
}
