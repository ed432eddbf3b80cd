/**
 * The retention purge (LGPD Art. 16: personal data is eliminated once its purpose ends, and the
 * controller must be able to show it). One purge, in one store transaction:
 *
 * 1. payloads: masked request/response bodies older than their scope's payload period become
 *    null (size and content type stay as metadata);
 * 2. metadata: sessions older than their scope's metadata period are deleted with their masking
 *    events and the rows other domains keep for them (approvals);
 * 3. audit: the prefix of the chain older than the audit period is deleted, after the chain was
 *    verified up to it, and a signed checkpoint of its last entry is stored: the first remaining
 *    entry links to that hash, so verification restarts from a signed anchor;
 * 4. a `retention.purged` entry records what was deleted (counts, time and seq ranges, the anchor
 *    and the hash the deleted range chained from).
 *
 * A chain that does not verify up to the cut is never cut: destroying entries around a broken
 * link would destroy the evidence of tampering. The purge then keeps the audit entries and says
 * why in its record.
 */
import { signCheckpoint } from '../audit/checkpoints.js';
import { verifyLiveStore } from '../audit/liveVerify.js';
import { PURGE_ENTRY_TYPE, type PurgedAuditRange } from '../audit/verify.js';
import type { EvidenceSigner, Jwks } from '../evidence/signingKey.js';
import type { Store } from '../store/types.js';
import { describePeriod, type RetentionConfig, type RetentionPeriods } from './config.js';
import type { LinkedCounts, RetentionReader, RetentionRepository, RetentionScope } from './types.js';

export type PurgeTrigger = 'schedule' | 'cli' | 'api';

export interface ScopeReport {
  /** `default`, `generator:NAME` or `upstream:NAME`. */
  readonly scope: string;
  readonly payloadsPeriod: string;
  readonly metadataPeriod: string;
  /** Bodies of sessions created before this are purged; undefined: kept. */
  readonly payloadCutoff: string | undefined;
  readonly metadataCutoff: string | undefined;
  readonly payloads: { readonly count: number; readonly bytes: number; readonly from: string | undefined; readonly to: string | undefined };
  readonly sessions: { readonly count: number; readonly from: string | undefined; readonly to: string | undefined };
  readonly maskingEvents: number;
  readonly linked: LinkedCounts;
}

export interface PurgeReport {
  readonly asOf: string;
  readonly dryRun: boolean;
  readonly trigger: PurgeTrigger;
  readonly scopes: readonly ScopeReport[];
  readonly totals: {
    readonly payloads: number;
    readonly payloadBytes: number;
    readonly sessions: number;
    readonly maskingEvents: number;
    readonly linked: LinkedCounts;
  };
  readonly audit: {
    readonly period: string;
    readonly cutoff: string | undefined;
    /** What was (or, in a dry run, would be) deleted from the chain. */
    readonly range:
      | (Omit<PurgedAuditRange, 'anchor'> & {
          readonly anchor: { readonly seq: number; readonly hash: string; readonly checkpoint?: string };
        })
      | undefined;
    /** Why the chain was not cut although entries expired. */
    readonly blocked: string | undefined;
  };
  /** The purge record appended to the chain (none in a dry run, or when nothing expired on schedule). */
  readonly entry: { readonly seq: number; readonly hash: string } | undefined;
}

export interface RetentionServiceOptions {
  readonly store: Store;
  readonly retention: RetentionConfig;
  readonly signer: EvidenceSigner;
  readonly trusted: Jwks;
}

interface Scoped {
  readonly scope: RetentionScope;
  readonly name: string;
  readonly periods: RetentionPeriods;
}

function scopesOf(retention: RetentionConfig): Scoped[] {
  return [
    {
      scope: { kind: 'default', exceptGenerators: [...retention.generators.keys()], exceptUpstreams: [...retention.upstreams.keys()] },
      name: 'default',
      periods: retention.defaults,
    },
    ...[...retention.generators].map(([name, periods]): Scoped => ({
      scope: { kind: 'generator', name },
      name: `generator:${name}`,
      periods,
    })),
    ...[...retention.upstreams].map(([name, periods]): Scoped => ({
      scope: { kind: 'upstream', name },
      name: `upstream:${name}`,
      periods,
    })),
  ];
}

function cutoffOf(asOf: Date, ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(asOf.getTime() - ms).toISOString();
}

function addLinked(into: Record<string, number>, from: LinkedCounts): void {
  for (const [table, count] of Object.entries(from)) into[table] = (into[table] ?? 0) + count;
}

export class PurgeError extends Error {
  override readonly name = 'PurgeError';
  readonly code = 'purge_failed';
}

export class RetentionService {
  /** One purge at a time in this process (the schedule and an API call could overlap). */
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: RetentionServiceOptions) {}

  /**
   * Runs a purge (or, with `dryRun`, says what one would delete). `asOf` moves the clock for a
   * dry run only ("what will have expired by then"); a real purge always uses the store's clock.
   */
  purge(request: {
    readonly dryRun?: boolean;
    readonly asOf?: Date;
    readonly trigger: PurgeTrigger;
    readonly actor?: string;
  }): Promise<PurgeReport> {
    if (request.asOf !== undefined && !request.dryRun)
      return Promise.reject(new PurgeError('asOf is only for dry runs: a real purge uses the current time'));
    const next = this.running.then(
      () => this.run(request),
      () => this.run(request),
    );
    this.running = next.catch(() => undefined);
    return next;
  }

  private async run(request: {
    readonly dryRun?: boolean;
    readonly asOf?: Date;
    readonly trigger: PurgeTrigger;
    readonly actor?: string;
  }): Promise<PurgeReport> {
    const { store, retention } = this.options;
    const asOf = request.asOf ?? store.clock();
    const auditCutoff = cutoffOf(asOf, retention.auditMs);
    const reader = store.retention;
    const scopes = scopesOf(retention);

    // The chain is verified (read-only, outside the write lock) before any of it is cut.
    let prefix = auditCutoff === undefined ? undefined : await reader.auditPrefixBefore(auditCutoff);
    let blocked: string | undefined;
    if (prefix) {
      const verification = await store.withReadSnapshot((snapshot) =>
        verifyLiveStore(snapshot.audit, this.options.trusted, { chainOnly: true }),
      );
      const broken = verification.chain.problems.find((problem) => problem.seq <= (prefix?.toSeq ?? 0) + 1);
      if (broken) {
        blocked = `the chain does not verify up to entry ${prefix.toSeq + 1} (${broken.message}); expired audit entries are kept as evidence until this is resolved`;
        prefix = undefined;
      }
    }

    if (request.dryRun) {
      const reports: ScopeReport[] = [];
      for (const scoped of scopes) reports.push(await this.scopeReport(reader, scoped, asOf));
      return this.assemble(
        asOf,
        request,
        reports,
        auditCutoff,
        prefix ? { ...prefix, anchor: { seq: prefix.toSeq, hash: prefix.toHash } } : undefined,
        blocked,
        undefined,
      );
    }

    return store.transact(async (tx) => {
      const writer = tx.retention;
      const reports: ScopeReport[] = [];
      for (const scoped of scopes) reports.push(await this.scopeReport(writer, scoped, asOf, { writer, at: tx.now.toISOString() }));

      let range: PurgedAuditRange | undefined;
      let checkpointsDeleted = 0;
      if (prefix) {
        const current = await writer.auditPrefixBefore(auditCutoff ?? '');
        // Cut exactly what was verified; anything else means the chain moved under us.
        if (!current || current.toSeq < prefix.toSeq || current.fromSeq !== prefix.fromSeq) {
          blocked = 'the chain changed while the purge verified it; the next purge will retry';
        } else {
          const anchorRow = await tx.audit.readEntries(prefix.toSeq - 1, 1);
          if (anchorRow[0]?.hash !== prefix.toHash) {
            blocked = `entry ${prefix.toSeq} changed while the purge verified the chain; the next purge will retry`;
          } else {
            const checkpoint = await signCheckpoint(this.options.signer, {
              seq: prefix.toSeq,
              hash: prefix.toHash,
              at: tx.now.toISOString(),
              reason: 'purge',
            });
            await tx.audit.insertCheckpoint(checkpoint);
            const deleted = await writer.deleteAuditThrough(prefix.toSeq);
            checkpointsDeleted = await writer.deleteCheckpointsBefore(prefix.toSeq);
            range = {
              fromSeq: prefix.fromSeq,
              toSeq: prefix.toSeq,
              count: deleted,
              fromAt: prefix.fromAt,
              toAt: prefix.toAt,
              chainedFrom: prefix.chainedFrom,
              anchor: { seq: prefix.toSeq, hash: prefix.toHash, checkpoint: checkpoint.jws },
            };
          }
        }
      }

      const report = this.assemble(asOf, request, reports, auditCutoff, range, blocked, undefined);
      const deletedSomething = report.totals.payloads + report.totals.sessions + (range?.count ?? 0) > 0;
      if (!deletedSomething && request.trigger === 'schedule' && blocked === undefined) return report;
      const entry = await tx.appendAudit({
        type: PURGE_ENTRY_TYPE,
        actor: request.actor ?? 'gateway',
        data: {
          asOf: report.asOf,
          trigger: report.trigger,
          scopes: report.scopes.map((scope) => ({
            scope: scope.scope,
            payloads: scope.payloadsPeriod,
            metadata: scope.metadataPeriod,
            payloadCutoff: scope.payloadCutoff ?? null,
            metadataCutoff: scope.metadataCutoff ?? null,
            payloadsPurged: scope.payloads.count,
            payloadBytes: scope.payloads.bytes,
            payloadsCreated: scope.payloads.count > 0 ? { from: scope.payloads.from ?? null, to: scope.payloads.to ?? null } : null,
            sessionsDeleted: scope.sessions.count,
            sessionsCreated: scope.sessions.count > 0 ? { from: scope.sessions.from ?? null, to: scope.sessions.to ?? null } : null,
            maskingEventsDeleted: scope.maskingEvents,
            linkedDeleted: scope.linked,
          })),
          totals: report.totals,
          auditPeriod: report.audit.period,
          auditCutoff: report.audit.cutoff ?? null,
          audit: range ?? null,
          checkpointsDeleted,
          auditBlocked: blocked ?? null,
        },
      });
      return { ...report, entry: { seq: entry.seq, hash: entry.hash } };
    });
  }

  /** Counts a scope's expired records; with `apply`, deletes them too. */
  private async scopeReport(
    repo: RetentionReader,
    scoped: Scoped,
    asOf: Date,
    apply?: { readonly writer: RetentionRepository; readonly at: string },
  ): Promise<ScopeReport> {
    const payloadCutoff = cutoffOf(asOf, scoped.periods.payloadsMs);
    const metadataCutoff = cutoffOf(asOf, scoped.periods.metadataMs);
    // Sessions about to be deleted whole are not counted as payload purges too.
    const payloads =
      payloadCutoff === undefined
        ? { count: 0, bytes: 0, from: undefined, to: undefined }
        : await repo.countPayloads(scoped.scope, payloadCutoff, metadataCutoff);
    const expired =
      metadataCutoff === undefined
        ? { count: 0, from: undefined, to: undefined, maskingEvents: 0 }
        : await repo.countExpiredSessions(scoped.scope, metadataCutoff);
    let linked: LinkedCounts = {};
    if (apply) {
      if (payloadCutoff !== undefined && payloads.count > 0)
        await apply.writer.purgePayloads(scoped.scope, payloadCutoff, metadataCutoff, apply.at);
      if (metadataCutoff !== undefined && expired.count > 0) {
        const deletion = await apply.writer.deleteExpiredSessions(scoped.scope, metadataCutoff);
        linked = deletion.linked;
        if (deletion.sessions !== expired.count)
          throw new PurgeError(`expected to delete ${expired.count} sessions in ${scoped.name}, deleted ${deletion.sessions}`);
      }
    }
    return {
      scope: scoped.name,
      payloadsPeriod: describePeriod(scoped.periods.payloadsMs, scoped.periods.metadataOnly),
      metadataPeriod: describePeriod(scoped.periods.metadataMs),
      payloadCutoff,
      metadataCutoff,
      payloads: { count: payloads.count, bytes: payloads.bytes, from: payloads.from, to: payloads.to },
      sessions: { count: expired.count, from: expired.from, to: expired.to },
      maskingEvents: expired.maskingEvents,
      linked,
    };
  }

  private assemble(
    asOf: Date,
    request: { readonly dryRun?: boolean; readonly trigger: PurgeTrigger },
    scopes: ScopeReport[],
    auditCutoff: string | undefined,
    range: PurgeReport['audit']['range'],
    blocked: string | undefined,
    entry: PurgeReport['entry'],
  ): PurgeReport {
    const linked: Record<string, number> = {};
    let payloads = 0;
    let payloadBytes = 0;
    let sessions = 0;
    let maskingEvents = 0;
    for (const scope of scopes) {
      payloads += scope.payloads.count;
      payloadBytes += scope.payloads.bytes;
      sessions += scope.sessions.count;
      maskingEvents += scope.maskingEvents;
      addLinked(linked, scope.linked);
    }
    return {
      asOf: asOf.toISOString(),
      dryRun: request.dryRun === true,
      trigger: request.trigger,
      scopes,
      totals: { payloads, payloadBytes, sessions, maskingEvents, linked },
      audit: { period: describePeriod(this.options.retention.auditMs), cutoff: auditCutoff, range, blocked },
      entry,
    };
  }
}
