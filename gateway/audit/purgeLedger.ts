/**
 * What the chain says retention deleted. A purge record (`retention.purged`) states, per scope,
 * the cut-off before which sessions were deleted and before which bodies were; verification
 * accepts a row or a body as gone exactly when such a record accounts for it.
 */
import { PURGE_ENTRY_TYPE } from './verify.js';

/** The facts of a session retention decides by: when it was created and what it targets. */
export interface PurgeTarget {
  readonly createdAt: string;
  /** Unknown when the chain no longer holds the session's opening entry. */
  readonly generator?: string | null | undefined;
  readonly upstream?: string | undefined;
  readonly kind?: string | undefined;
}

interface ScopeCutoffs {
  readonly scope: string;
  readonly metadataCutoff: string | null;
  readonly payloadCutoff: string | null;
}

interface PurgeRecord {
  readonly seq: number;
  readonly at: string;
  readonly scopes: readonly ScopeCutoffs[];
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export class PurgeLedger {
  private readonly purges: PurgeRecord[] = [];

  observe(entry: {
    readonly seq: number;
    readonly at: string;
    readonly type: string;
    readonly data: Readonly<Record<string, unknown>>;
  }): void {
    if (entry.type !== PURGE_ENTRY_TYPE || !Array.isArray(entry.data['scopes'])) return;
    const scopes = (entry.data['scopes'] as unknown[]).flatMap((raw): ScopeCutoffs[] => {
      if (typeof raw !== 'object' || raw === null) return [];
      const scope = raw as Record<string, unknown>;
      const name = text(scope['scope']);
      return name === null
        ? []
        : [{ scope: name, metadataCutoff: text(scope['metadataCutoff']), payloadCutoff: text(scope['payloadCutoff']) }];
    });
    this.purges.push({ seq: entry.seq, at: entry.at, scopes });
  }

  /** The scope of a purge that covered `target`: its generator's, else its upstream's (raw calls), else the default. */
  private scopesFor(purge: PurgeRecord, target: PurgeTarget): readonly ScopeCutoffs[] {
    if (target.generator === undefined && target.kind === undefined) return purge.scopes;
    const named = (name: string): ScopeCutoffs | undefined => purge.scopes.find((scope) => scope.scope === name);
    const scope =
      (target.generator ? named(`generator:${target.generator}`) : undefined) ??
      (!target.generator && target.kind === 'proxy' && target.upstream ? named(`upstream:${target.upstream}`) : undefined) ??
      named('default');
    return scope ? [scope] : [];
  }

  /** A session gone from the store that a purge after entry `afterSeq` deleted. */
  deletedSession(target: PurgeTarget, afterSeq: number): boolean {
    return this.purges.some(
      (purge) =>
        purge.seq > afterSeq &&
        this.scopesFor(purge, target).some((scope) => scope.metadataCutoff !== null && target.createdAt < scope.metadataCutoff),
    );
  }

  /** A body gone from a session at `purgedAt` that the purge recorded at that time deleted. */
  purgedBody(target: PurgeTarget, purgedAt: string): boolean {
    return this.purges.some(
      (purge) =>
        purge.at === purgedAt &&
        this.scopesFor(purge, target).some((scope) => scope.payloadCutoff !== null && target.createdAt < scope.payloadCutoff),
    );
  }
}
