/**
 * The free space an SQLite store keeps on its disk. SQLite commits into pages its log file already
 * holds, so after the disk fills some writes still succeed and the first to need a new block fails
 * wherever it happens to be; below the reserve every write is refused instead, at once and with
 * one message an operator can act on.
 */
import { statfs } from 'node:fs/promises';
import { StoreError } from '../types.js';

/** Writes may rely on a measurement this recent; an older one is renewed while they go on. */
const FRESH_MS = 1_000;

export class DiskReserve {
  private refusal: StoreError | undefined;
  private measuredAt = Number.NEGATIVE_INFINITY;
  private measuring: Promise<StoreError | undefined> | undefined;

  constructor(
    /** A folder on the disk to watch (the database's). */
    private readonly folder: string,
    private readonly minFreeBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Why a write must be refused now, by the last measurement; a stale one is renewed in the
   * background, so a write never waits for the disk to be measured.
   */
  current(): StoreError | undefined {
    if (this.minFreeBytes > 0 && this.now() - this.measuredAt > FRESH_MS) void this.measure();
    return this.refusal;
  }

  /** Measures now; rejects with the refusal when the disk is under its reserve (readiness, heartbeats). */
  async check(): Promise<void> {
    if (this.minFreeBytes <= 0) return;
    // A measurement already under way may have begun before the disk changed.
    await this.measuring;
    const refusal = await this.measure();
    if (refusal) throw refusal;
  }

  /** Measures now; resolves with the refusal, if any (a store measures once as it opens). */
  measure(): Promise<StoreError | undefined> {
    this.measuring ??= statfs(this.folder)
      .then(
        (disk) => {
          const free = disk.bavail * disk.bsize;
          return free < this.minFreeBytes
            ? new StoreError(
                `the disk holding the store has ${megabytes(free)} free, under the ${megabytes(this.minFreeBytes)} it must keep (store.sqlite.minFreeBytes); free some space or give the store a larger disk`,
              )
            : undefined;
        },
        (error: unknown) => new StoreError(`the disk holding the store cannot be measured (${(error as Error).message})`, { cause: error }),
      )
      .then((refusal) => {
        this.refusal = refusal;
        this.measuredAt = this.now();
        return refusal;
      })
      .finally(() => {
        this.measuring = undefined;
      });
    return this.measuring;
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
