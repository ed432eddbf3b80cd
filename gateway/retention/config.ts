/**
 * Normalised `retention` section, and the one question the recorder asks of it: may this
 * session's bodies be stored at all?
 */
import { formatDuration, parseDuration } from '../config/duration.js';

/** How long one kind of session (default, a generator, an upstream's raw calls) keeps its records. */
export interface RetentionPeriods {
  /** Milliseconds the masked bodies are kept; undefined: as long as the metadata. 0 with `metadataOnly`. */
  readonly payloadsMs: number | undefined;
  /** Bodies are never stored (the policy says `metadata-only`). */
  readonly metadataOnly: boolean;
  /** Milliseconds the session record, its masking events and approvals are kept; undefined: forever. */
  readonly metadataMs: number | undefined;
}

export interface RetentionConfig {
  readonly defaults: RetentionPeriods;
  readonly generators: ReadonlyMap<string, RetentionPeriods>;
  /** Raw pass-through sessions, by upstream name. */
  readonly upstreams: ReadonlyMap<string, RetentionPeriods>;
  /** How long audit entries are kept (the default metadata period); undefined: forever. */
  readonly auditMs: number | undefined;
  /** Interval of the scheduled purge; undefined: no schedule. */
  readonly purgeEveryMs: number | undefined;
}

export interface RawRetentionPeriods {
  readonly payloads?: string;
  readonly metadata?: string;
}

export interface RawRetentionSection {
  readonly payloads?: string;
  readonly metadata?: string;
  readonly generators?: Readonly<Record<string, RawRetentionPeriods>>;
  readonly upstreams?: Readonly<Record<string, RawRetentionPeriods>>;
  readonly purge?: { readonly every?: string };
}

/** A problem found while normalising, reported by the loader with its line and an example. */
export interface RetentionIssue {
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
  readonly example?: string;
}

function durationOrUndefined(text: string | undefined, keep: string): number | undefined {
  if (text === undefined || text === keep) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) throw new Error(`unvalidated retention period ${text}`);
  return ms;
}

function periodsOf(raw: RawRetentionPeriods, inherited: RawRetentionPeriods): RetentionPeriods {
  const payloads = raw.payloads ?? inherited.payloads ?? '30d';
  const metadata = raw.metadata ?? inherited.metadata ?? '1825d';
  const metadataOnly = payloads === 'metadata-only';
  return {
    payloadsMs: metadataOnly ? 0 : durationOrUndefined(payloads, 'forever'),
    metadataOnly,
    metadataMs: durationOrUndefined(metadata, 'forever'),
  };
}

/** Describes a period for messages and audit records: `30d`, `forever`, `metadata-only`. */
export function describePeriod(ms: number | undefined, metadataOnly = false): string {
  if (metadataOnly) return 'metadata-only';
  return ms === undefined ? 'forever' : formatDuration(ms);
}

/**
 * Builds the typed section from the validated raw one (schema defaults applied). `known` lets it
 * refuse overrides for generators or upstreams the policy does not define.
 */
export function normalizeRetention(
  raw: RawRetentionSection,
  known: { readonly generators: ReadonlySet<string>; readonly upstreams: ReadonlySet<string> },
): { readonly retention: RetentionConfig; readonly issues: readonly RetentionIssue[] } {
  const issues: RetentionIssue[] = [];
  const base: RawRetentionPeriods = { payloads: raw.payloads ?? '30d', metadata: raw.metadata ?? '1825d' };
  const defaults = periodsOf(base, base);
  const check = (path: ReadonlyArray<string | number>, periods: RetentionPeriods): void => {
    if (periods.metadataMs !== undefined && periods.payloadsMs !== undefined && periods.payloadsMs > periods.metadataMs) {
      issues.push({
        path: [...path, 'payloads'],
        message: `payloads are kept (${describePeriod(periods.payloadsMs)}) longer than the metadata they belong to (${describePeriod(periods.metadataMs)}); a payload cannot outlive its session`,
        example: `payloads: ${describePeriod(Math.min(periods.metadataMs, 30 * 86_400_000))}`,
      });
    }
  };
  check([], defaults);

  const overrides = (section: 'generators' | 'upstreams', names: ReadonlySet<string>): Map<string, RetentionPeriods> => {
    const result = new Map<string, RetentionPeriods>();
    for (const [name, periodsRaw] of Object.entries(raw[section] ?? {})) {
      if (!names.has(name)) {
        issues.push({
          path: [section, name],
          message: `unknown ${section === 'generators' ? 'generator' : 'upstream'} "${name}"; defined: ${[...names].join(', ') || '(none)'}`,
        });
        continue;
      }
      const periods = periodsOf(periodsRaw, base);
      check([section, name], periods);
      result.set(name, periods);
    }
    return result;
  };
  const generators = overrides('generators', known.generators);
  const upstreams = overrides('upstreams', known.upstreams);
  const every = raw.purge?.every ?? '1h';
  return {
    retention: {
      defaults,
      generators,
      upstreams,
      auditMs: defaults.metadataMs,
      purgeEveryMs: every === 'off' ? undefined : durationOrUndefined(every, 'off'),
    },
    issues,
  };
}

/** The periods that apply to a session: its generator's, else (raw calls) its upstream's, else the defaults. */
export function periodsFor(
  retention: RetentionConfig,
  session: { readonly generator: string | undefined; readonly upstream: string; readonly kind: 'run' | 'proxy' },
): RetentionPeriods {
  if (session.generator !== undefined) return retention.generators.get(session.generator) ?? retention.defaults;
  if (session.kind === 'proxy') return retention.upstreams.get(session.upstream) ?? retention.defaults;
  return retention.defaults;
}

/** What the recorder may keep of a session's bodies. */
export type PayloadRecording = 'full' | 'metadata-only';

/** The function the session recorder calls before it stores a body. */
export type PayloadRecordingPolicy = (session: {
  readonly generator: string | undefined;
  readonly upstream: string;
  readonly kind: 'run' | 'proxy';
}) => PayloadRecording;

export function payloadRecordingPolicy(retention: RetentionConfig): PayloadRecordingPolicy {
  return (session) => (periodsFor(retention, session).metadataOnly ? 'metadata-only' : 'full');
}
