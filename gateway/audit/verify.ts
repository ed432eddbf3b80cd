/**
 * Verification of the audit chain, streaming (entries in seq order, any number): recomputes each
 * entry's hash, follows each link, and names the first broken one with what is wrong:
 *
 * - `edited`: an entry's content no longer matches its stored hash;
 * - `reordered`: an entry hashes correctly under another seq than the one it is stored at;
 * - `deleted`: the sequence jumps (entries are missing in the middle);
 * - `relinked`: two self-consistent entries do not link (one was altered and re-hashed);
 * - `unanchored` / `bad_anchor`: the chain does not start at genesis and no signed purge record
 *   accounts for the entries before it (deleted outside retention);
 * - `checkpoint_mismatch` / `truncated` / `checkpoint_invalid`: the chain disagrees with a signed
 *   checkpoint (rewritten or cut off since), or a checkpoint is forged;
 * - `purge_gap`: two retention purges do not follow each other (entries deleted in between).
 *
 * The same verifier checks the live store (`audit verify`) and the entries inside an evidence
 * bundle (a contiguous segment whose predecessor's hash the bundle states).
 */
import { GENESIS_HASH, hashAuditEntry, type AuditEntry, type ChainHead } from './chain.js';
import type { CheckpointCheck, CheckpointClaim } from './checkpoints.js';

/** Type of the audit entry a retention purge appends. */
export const PURGE_ENTRY_TYPE = 'retention.purged';

/** What a purge record says about the audit entries it deleted. */
export interface PurgedAuditRange {
  readonly fromSeq: number;
  readonly toSeq: number;
  readonly count: number;
  readonly fromAt: string;
  readonly toAt: string;
  /** prevHash of entry `fromSeq`: the hash the deleted range chained from (genesis or the previous anchor). */
  readonly chainedFrom: string;
  /** Entry `toSeq`'s hash, which the first remaining entry links to, with a signed checkpoint of it. */
  readonly anchor: { readonly seq: number; readonly hash: string; readonly checkpoint: string };
}

export type ChainProblemKind =
  | 'edited'
  | 'reordered'
  | 'deleted'
  | 'relinked'
  | 'unanchored'
  | 'bad_anchor'
  | 'checkpoint_mismatch'
  | 'checkpoint_invalid'
  | 'truncated'
  | 'purge_gap';

export interface ChainProblem {
  readonly kind: ChainProblemKind;
  /** The entry (seq) the problem is about. */
  readonly seq: number;
  readonly message: string;
}

/** A stored checkpoint after its signature was checked. */
export interface CheckedCheckpoint {
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
  readonly valid: boolean;
  /** Why the signature does not verify, when it does not. */
  readonly invalidReason?: string | undefined;
}

export type ChainAnchor =
  | { readonly kind: 'genesis' }
  | {
      readonly kind: 'purge';
      readonly seq: number;
      readonly hash: string;
      readonly purgeEntry: number;
      readonly signedAt: string | undefined;
    }
  | { readonly kind: 'segment'; readonly seq: number; readonly hash: string }
  | { readonly kind: 'none' };

export interface ChainReport {
  readonly ok: boolean;
  /** Entries read. */
  readonly entries: number;
  readonly firstSeq: number | undefined;
  readonly head: ChainHead | undefined;
  readonly anchor: ChainAnchor;
  readonly checkpoints: { readonly checked: number; readonly latest: { readonly seq: number; readonly at: string } | undefined };
  readonly purges: number;
  /** Problems in seq order (the first is the first broken link), capped at `maxProblems`. */
  readonly problems: readonly ChainProblem[];
  /** Problems found beyond the cap. */
  readonly moreProblems: number;
}

export interface ChainVerifierOptions {
  /** Stored checkpoints, signatures already checked (live store). */
  readonly checkpoints?: readonly CheckedCheckpoint[];
  /** Verifies the signed checkpoint inside a purge record. */
  readonly readCheckpoint?: (jws: string) => Promise<CheckpointCheck>;
  /** A hint on what changed in an edited entry (e.g. compared with the session record). */
  readonly explainEdit?: (entry: AuditEntry) => Promise<string | undefined>;
  /**
   * A segment (evidence bundle): the first entry must follow this head; no anchor is needed.
   * Omitted: the first entry must be seq 1 from genesis, or be anchored by a purge record.
   */
  readonly startsAfter?: ChainHead | undefined;
  readonly maxProblems?: number;
}

/** An entry as read from storage; `malformed` when its stored data could not even be parsed. */
export type ChainEntry = AuditEntry & { readonly malformed?: string };

const REORDER_WINDOW = 32;
const RECENT_WINDOW = 64;

export function short(hash: string): string {
  return `${hash.slice(0, 12)}…`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function isPurgedRange(value: unknown): value is PurgedAuditRange {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const anchor = v['anchor'] as Record<string, unknown> | undefined;
  return (
    typeof v['fromSeq'] === 'number' &&
    typeof v['toSeq'] === 'number' &&
    typeof v['chainedFrom'] === 'string' &&
    typeof anchor === 'object' &&
    anchor !== null &&
    typeof anchor['seq'] === 'number' &&
    typeof anchor['hash'] === 'string' &&
    typeof anchor['checkpoint'] === 'string'
  );
}

/** The audit range a purge record deleted, if the entry is a purge record that deleted entries. */
function purgedRangeOf(entry: Pick<AuditEntry, 'type' | 'data'>): PurgedAuditRange | undefined {
  if (entry.type !== PURGE_ENTRY_TYPE) return undefined;
  const audit = entry.data['audit'];
  return isPurgedRange(audit) ? audit : undefined;
}

/** Which seq an entry hashes correctly under, near where it is stored (a reordered entry). */
function recordedSeqOf(entry: AuditEntry): number | undefined {
  for (let d = 1; d <= REORDER_WINDOW; d++) {
    for (const seq of [entry.seq + d, entry.seq - d]) {
      if (seq >= 1 && hashAuditEntry({ ...entry, seq }) === entry.hash) return seq;
    }
  }
  return undefined;
}

export class ChainVerifier {
  private readonly problems: ChainProblem[] = [];
  private readonly checkpointsBySeq = new Map<number, CheckedCheckpoint>();
  private readonly purges: Array<{ readonly entrySeq: number; readonly range: PurgedAuditRange }> = [];
  /** Stored hashes of the last entries, to tell a reorder's knock-on link from a new break. */
  private readonly recentHashes: string[] = [];
  private readonly flagged = new Set<number>();
  private first: ChainEntry | undefined;
  private prev: ChainEntry | undefined;
  private count = 0;
  private lastCheckpointBefore: CheckedCheckpoint | undefined;

  constructor(private readonly options: ChainVerifierOptions = {}) {
    for (const checkpoint of options.checkpoints ?? []) this.checkpointsBySeq.set(checkpoint.seq, checkpoint);
  }

  private report(kind: ChainProblemKind, seq: number, message: string): void {
    this.problems.push({ kind, seq, message });
    this.flagged.add(seq);
  }

  async push(entry: ChainEntry): Promise<void> {
    this.count++;
    const prev = this.prev;
    let gap = false;
    if (!prev) {
      this.first = entry;
      const startsAfter = this.options.startsAfter;
      if (startsAfter) {
        if (entry.seq !== startsAfter.seq + 1 || entry.prevHash !== startsAfter.hash) {
          this.report(
            'relinked',
            entry.seq,
            `the first entry (${entry.seq}) does not follow the stated start of the segment (entry ${startsAfter.seq}, hash ${short(startsAfter.hash)})`,
          );
        }
      } else if (entry.seq === 1 && entry.prevHash !== GENESIS_HASH) {
        this.report('relinked', 1, `entry 1 does not start from the genesis hash (it links to ${short(entry.prevHash)})`);
      }
    } else if (entry.seq !== prev.seq + 1) {
      gap = true;
      const missing = entry.seq - prev.seq - 1;
      this.report(
        'deleted',
        prev.seq + 1,
        `${missing === 1 ? `entry ${prev.seq + 1} was` : `entries ${prev.seq + 1}–${entry.seq - 1} (${missing}) were`} deleted: the chain jumps from entry ${prev.seq} to ${entry.seq}${entry.prevHash === prev.hash ? '' : `, and entry ${entry.seq} links to ${short(entry.prevHash)}, a hash no remaining entry has`}`,
      );
    }

    const recomputed = entry.malformed === undefined ? hashAuditEntry(entry) : undefined;
    if (recomputed !== entry.hash) {
      const recordedAs = entry.malformed === undefined ? recordedSeqOf(entry) : undefined;
      if (recordedAs !== undefined) {
        this.report(
          'reordered',
          entry.seq,
          `entries were reordered: the entry stored at seq ${entry.seq} (${entry.type}, ${entry.at}) was recorded as seq ${recordedAs}; its content is intact but it is out of place`,
        );
      } else {
        const hint = entry.malformed ?? (await this.options.explainEdit?.(entry));
        this.report(
          'edited',
          entry.seq,
          `entry ${entry.seq} (${entry.type}, ${entry.at}) was edited: its content no longer matches its hash (recorded ${short(entry.hash)}, content now hashes to ${recomputed === undefined ? 'nothing: unreadable' : short(recomputed)})${hint ? `; ${hint}` : ''}`,
        );
      }
    } else if (prev && !gap && entry.prevHash !== prev.hash) {
      const knockOn = this.flagged.has(prev.seq) && this.recentHashes.includes(entry.prevHash);
      if (!knockOn) {
        this.report(
          'relinked',
          prev.seq,
          `the link between entries ${prev.seq} and ${entry.seq} is broken: entry ${entry.seq} links to ${short(entry.prevHash)}, but entry ${prev.seq} hashes to ${short(prev.hash)}; entry ${prev.seq} was altered and its hash recomputed (or entry ${entry.seq}'s link was rewritten)`,
        );
      }
    }

    const checkpoint = this.checkpointsBySeq.get(entry.seq);
    if (checkpoint?.valid) {
      if (checkpoint.hash !== entry.hash && !this.flagged.has(entry.seq)) {
        const since = this.lastCheckpointBefore;
        this.report(
          'checkpoint_mismatch',
          entry.seq,
          `entry ${entry.seq} is not the entry signed in the checkpoint of ${checkpoint.at} (hash ${short(checkpoint.hash)}, now ${short(entry.hash)}): the chain was rewritten ${since ? `after entry ${since.seq} (checkpoint of ${since.at}) and ` : ''}at or before entry ${entry.seq}`,
        );
      } else if (checkpoint.hash === entry.hash) {
        this.lastCheckpointBefore = checkpoint;
      }
    }

    const range = purgedRangeOf(entry);
    if (range) this.purges.push({ entrySeq: entry.seq, range });

    this.recentHashes.push(entry.hash);
    if (this.recentHashes.length > RECENT_WINDOW) this.recentHashes.shift();
    this.prev = entry;
  }

  async finish(): Promise<ChainReport> {
    const first = this.first;
    const last = this.prev;
    let anchor: ChainAnchor = first === undefined ? { kind: 'none' } : { kind: 'genesis' };
    if (first && this.options.startsAfter) {
      anchor = { kind: 'segment', seq: this.options.startsAfter.seq, hash: this.options.startsAfter.hash };
    } else if (first && first.seq > 1) {
      anchor = await this.resolveAnchor(first);
    }

    let latest: CheckedCheckpoint | undefined;
    let beyond: CheckedCheckpoint | undefined;
    for (const checkpoint of this.checkpointsBySeq.values()) {
      if (!checkpoint.valid) {
        this.report(
          'checkpoint_invalid',
          checkpoint.seq,
          `the checkpoint stored for entry ${checkpoint.seq} does not verify (${checkpoint.invalidReason ?? 'bad signature'}): it was forged or altered`,
        );
        continue;
      }
      if (!latest || checkpoint.seq > latest.seq) latest = checkpoint;
      if (last === undefined || checkpoint.seq > last.seq) {
        if (!beyond || checkpoint.seq > beyond.seq) beyond = checkpoint;
      }
    }
    if (beyond) {
      const from = last === undefined ? 1 : last.seq + 1;
      this.report(
        'truncated',
        from,
        `the chain was cut off: it ends at ${last === undefined ? 'nothing (empty)' : `entry ${last.seq}`}, but a checkpoint signed at ${beyond.at} vouches for entry ${beyond.seq}; entries ${from}–${beyond.seq} were deleted`,
      );
    }

    const sorted = [...this.purges].sort((a, b) => a.range.toSeq - b.range.toSeq);
    for (let i = 1; i < sorted.length; i++) {
      const before = sorted[i - 1];
      const after = sorted[i];
      if (!before || !after) continue;
      if (after.range.fromSeq !== before.range.toSeq + 1 || after.range.chainedFrom !== before.range.anchor.hash) {
        this.report(
          'purge_gap',
          after.entrySeq,
          `the purge recorded in entry ${after.entrySeq} deleted entries ${after.range.fromSeq}–${after.range.toSeq}, but the previous purge (entry ${before.entrySeq}) ended at entry ${before.range.toSeq}: entries between them were deleted outside retention`,
        );
      }
    }

    const maxProblems = this.options.maxProblems ?? 50;
    const problems = [...this.problems].sort((a, b) => a.seq - b.seq);
    return {
      ok: problems.length === 0,
      entries: this.count,
      firstSeq: first?.seq,
      head: last === undefined ? undefined : { seq: last.seq, hash: last.hash },
      anchor,
      checkpoints: {
        checked: [...this.checkpointsBySeq.values()].filter((c) => c.valid).length,
        latest: latest ? { seq: latest.seq, at: latest.at } : undefined,
      },
      purges: this.purges.length,
      problems: problems.slice(0, maxProblems),
      moreProblems: Math.max(0, problems.length - maxProblems),
    };
  }

  private async resolveAnchor(first: ChainEntry): Promise<ChainAnchor> {
    const missing = first.seq - 1;
    const purge = [...this.purges].reverse().find((candidate) => candidate.range.toSeq === first.seq - 1);
    if (!purge) {
      this.report(
        'unanchored',
        1,
        `${missing === 1 ? 'entry 1 is' : `entries 1–${missing} (${plural(missing, 'entry', 'entries')}) are`} missing and no retention purge record accounts for them: they were deleted outside retention`,
      );
      return { kind: 'none' };
    }
    const { range } = purge;
    if (range.anchor.hash !== first.prevHash || range.anchor.seq !== first.seq - 1) {
      this.report(
        'bad_anchor',
        first.seq,
        `entry ${first.seq} links to ${short(first.prevHash)}, but the purge recorded in entry ${purge.entrySeq} anchored the chain at entry ${range.anchor.seq} with hash ${short(range.anchor.hash)}`,
      );
      return { kind: 'none' };
    }
    if (!this.options.readCheckpoint) {
      this.report(
        'bad_anchor',
        first.seq,
        `the purge recorded in entry ${purge.entrySeq} cannot be checked: no trusted keys to verify its signed checkpoint`,
      );
      return { kind: 'none' };
    }
    const check = await this.options.readCheckpoint(range.anchor.checkpoint);
    if (!check.ok) {
      this.report(
        'bad_anchor',
        first.seq,
        `the signed checkpoint in the purge record (entry ${purge.entrySeq}) does not verify: ${check.message}`,
      );
      return { kind: 'none' };
    }
    const claim: CheckpointClaim = check.claim;
    if (claim.seq !== range.anchor.seq || claim.hash !== range.anchor.hash) {
      this.report(
        'bad_anchor',
        first.seq,
        `the purge record (entry ${purge.entrySeq}) states anchor ${range.anchor.seq}/${short(range.anchor.hash)} but its signed checkpoint says ${claim.seq}/${short(claim.hash)}`,
      );
      return { kind: 'none' };
    }
    return { kind: 'purge', seq: range.anchor.seq, hash: range.anchor.hash, purgeEntry: purge.entrySeq, signedAt: claim.at };
  }
}

/** Verifies entries already in memory (a bundle's segment, tests). */
export async function verifyEntries(entries: Iterable<ChainEntry>, options: ChainVerifierOptions = {}): Promise<ChainReport> {
  const verifier = new ChainVerifier(options);
  for (const entry of entries) await verifier.push(entry);
  return verifier.finish();
}
