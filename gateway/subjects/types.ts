/**
 * Data-subject look-up (LGPD Art. 18: the data subject may ask for confirmation that their data
 * is processed and for access to it). The store never holds the value: masking events carry its
 * keyed HMAC, so the look-up computes the HMAC of what it is asked for, under every key, and
 * finds the events that match.
 */

/** What the look-up found for one session. */
export interface SubjectMatch {
  readonly sessionId: string;
  /** When the session was created (null if only its masking events remain). */
  readonly createdAt: string | null;
  readonly kind: string | null;
  readonly generator: string | null;
  readonly upstream: string | null;
  readonly status: string | null;
  readonly occurrences: ReadonlyArray<{
    readonly seq: number;
    readonly at: string;
    readonly detector: string;
    /** Where in the request or result it first occurred (a JSON pointer or text offset); never the value. */
    readonly location: string;
    readonly keyId: string;
    /** How many times that write masked it (exact). */
    readonly count: number;
    /** Where it occurred (the first 64 places). */
    readonly locations: readonly string[];
  }>;
}

/** The HMACs a look-up searched for, by detector: what the audit log records instead of the value. */
export interface SubjectQueryHmacs {
  readonly detector: string;
  readonly hmacs: ReadonlyArray<{ readonly keyId: string; readonly hmac: string }>;
}

export interface SubjectReport {
  readonly generatedAt: string;
  /** The gateway that answered (its public URL). */
  readonly issuer: string;
  /** The data subject's request reference (ticket, protocol number), if given. */
  readonly reference: string | null;
  readonly query: readonly SubjectQueryHmacs[];
  readonly coverage: {
    /** The oldest session still stored: older ones were deleted by retention. */
    readonly oldestSession: string | null;
    readonly metadataRetention: string;
    /** Masking keys searched (current first). */
    readonly keys: readonly string[];
  };
  readonly summary: {
    readonly sessions: number;
    readonly occurrences: number;
    readonly firstSeen: string | null;
    readonly lastSeen: string | null;
    readonly byDetector: Readonly<Record<string, number>>;
    readonly generators: Readonly<Record<string, number>>;
  };
  readonly matches: readonly SubjectMatch[];
  /** Notes for the privacy office (e.g. a CPF whose check digits are wrong was never detected as one). */
  readonly notes: readonly string[];
}

/** Masking events with their session, for a set of HMACs (SQLite: store/sqlite/subjectRepository.ts). */
export interface SubjectReader {
  findByHmacs(hmacs: readonly string[]): Promise<
    ReadonlyArray<{
      readonly sessionId: string;
      readonly seq: number;
      readonly at: string;
      readonly detector: string;
      readonly location: string;
      readonly count: number;
      readonly locations: readonly string[];
      readonly keyId: string;
      readonly hmac: string;
      readonly createdAt: string | null;
      readonly kind: string | null;
      readonly generator: string | null;
      readonly upstream: string | null;
      readonly status: string | null;
    }>
  >;
  oldestSession(): Promise<string | undefined>;
}
