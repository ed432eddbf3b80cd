/**
 * What a policy simulation reads from the store: the sessions of a period as the request path
 * recorded them (who, what they reached, their masked input) and the audit entries that carry
 * what inspection found when policy was asked (the model, code execution, a Studio run's start
 * frame). Never a response body: a month of answers is not needed to know who asked for what.
 */
import type { AuditEntry } from '../audit/chain.js';
import type { SessionHead } from '../store/types.js';

/** A session as a replay needs it. */
export interface RecordedCall extends SessionHead {
  /**
   * A generator run's input as recorded (masked when the generator masks), or undefined when the
   * record holds none (metadata-only recording, purged by retention, or not a run).
   */
  readonly input: unknown;
}

/** Where a page of sessions continues: after this one, in creation order. */
export interface CallCursor {
  readonly createdAt: string;
  readonly id: string;
}

export interface CallQuery {
  /** ISO bounds on createdAt: inclusive from, exclusive to. */
  readonly from: string;
  readonly to: string;
  readonly generator?: string | undefined;
  readonly after?: CallCursor | undefined;
  readonly limit: number;
}

/** Audit entry types that record what was decided and on what facts. */
export const DECIDING_ENTRY_TYPES = ['session.started', 'policy.denied', 'stream.start_checked', 'stream.frame_refused'] as const;

export interface SimulationReader {
  /** Sessions created in the period, oldest first. */
  calls(query: CallQuery): Promise<RecordedCall[]>;
  /** The deciding entries (DECIDING_ENTRY_TYPES) of these sessions, in chain order. */
  decidingEntries(sessionIds: readonly string[]): Promise<AuditEntry[]>;
}
