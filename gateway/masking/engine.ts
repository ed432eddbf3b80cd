/**
 * Shared by every masker: turns scanner candidates into replacements and events, and the
 * incremental text stream built on the scanner's commit point.
 */
import type { DetectorId, MaskingProfileConfig, MaskingStrategy } from './config.js';
import { extraKeyTable } from './text/keys.js';
import { normaliseForLookup } from './normalise.js';
import { replacementFor } from './replace.js';
import { LOOK_BEHIND, scanText, type Candidate, type ScanOptions, type TableState } from './text/scanner.js';
import type { MaskingEvent, MaskingKeyring, MaskResult, StreamMasker } from './types.js';

/** A stream holds back at most this much input; past it, it commits what it has (documented limit). */
export const MAX_PENDING = 64 * 1024;

export interface MaskContext {
  readonly strategies: ReadonlyMap<DetectorId, MaskingStrategy>;
  readonly keyring: MaskingKeyring;
  readonly scan: ScanOptions;
  /** Replacements already made, per detector and original value. */
  readonly replaced: Map<DetectorId, Map<string, Replaced>>;
  /** Short strings known to hold nothing to mask (JSON keys, `chat.completion.chunk`, model names). */
  readonly clean: Set<string>;
}

export interface Replaced {
  readonly replacement: string;
  readonly hmac: string;
  readonly keyId: string;
}

/**
 * Documents and streams name the same few people again and again; remembering their
 * replacements skips normalisation, the HMAC and the strategy. The map holds the same values
 * the keyring's HMAC cache does, and is dropped whole when full.
 */
const REPLACED_LIMIT = 8192;

export function maskContext(profile: MaskingProfileConfig, keyring: MaskingKeyring): MaskContext {
  return {
    strategies: profile.detectors,
    keyring,
    scan: { enabled: new Set(profile.detectors.keys()), extraKeys: extraKeyTable(profile.sensitiveKeys) },
    replaced: new Map(),
    clean: new Set(),
  };
}

/** Strings up to this length that scan clean are remembered; the set is dropped whole when full. */
const CLEAN_MAX_LENGTH = 64;
const CLEAN_LIMIT = 4096;

/** What a whole string holds to mask, or undefined when nothing (remembered for short strings). */
export function scansClean(ctx: MaskContext, text: string): Candidate[] | undefined {
  const short = text.length <= CLEAN_MAX_LENGTH;
  if (short && ctx.clean.has(text)) return undefined;
  const { found } = scanText(text, 0, true, undefined, ctx.scan);
  if (found.length > 0) return found;
  if (short) {
    if (ctx.clean.size >= CLEAN_LIMIT) ctx.clean.clear();
    ctx.clean.add(text);
  }
  return undefined;
}

/** The replacement and event fields for one original value. */
export function replaceValue(ctx: MaskContext, detector: DetectorId, original: string): Replaced {
  let known = ctx.replaced.get(detector);
  const hit = known?.get(original);
  if (hit) return hit;
  const strategy = ctx.strategies.get(detector) ?? 'redact';
  const { hmac, keyId } = ctx.keyring.hmac(normaliseForLookup(detector, original));
  const made: Replaced = { replacement: replacementFor(strategy, detector, original, hmac), hmac, keyId };
  if (!known) ctx.replaced.set(detector, (known = new Map()));
  if (known.size >= REPLACED_LIMIT) known.clear();
  known.set(original, made);
  return made;
}

export interface Applied {
  readonly text: string;
  /** Events with `at`: the replacement's offset in `text`. */
  readonly events: {
    readonly at: number;
    readonly detector: DetectorId;
    readonly hmac: string;
    readonly keyId: string;
    readonly replacement: string;
  }[];
}

/** Rewrites `source[from, to)` with the candidates (sorted, disjoint, inside the range). */
export function apply(ctx: MaskContext, source: string, from: number, to: number, found: readonly Candidate[]): Applied {
  let text = '';
  let last = from;
  const events: Applied['events'] = [];
  for (const candidate of found) {
    if (candidate.start < last || candidate.end > to) continue;
    text += source.slice(last, candidate.start);
    const { replacement, hmac, keyId } = replaceValue(ctx, candidate.detector, source.slice(candidate.start, candidate.end));
    events.push({ at: text.length, detector: candidate.detector, hmac, keyId, replacement });
    text += replacement;
    last = candidate.end;
  }
  text += source.slice(last, to);
  return { text, events };
}

export function maskWholeText(ctx: MaskContext, text: string): Applied {
  const { found } = scanText(text, 0, true, undefined, ctx.scan);
  return apply(ctx, text, 0, text.length, found);
}

export function offsetEvents(applied: Applied, base: number): MaskingEvent[] {
  return applied.events.map((event) => ({
    location: `offset:${base + event.at}`,
    detector: event.detector,
    hmac: event.hmac,
    keyId: event.keyId,
    replacement: event.replacement,
  }));
}

/**
 * Incremental text masking. Keeps the input not yet committed plus LOOK_BEHIND characters of
 * context before it; each push rescans only that, so memory stays bounded by the longest open
 * construct (a name, an address, a table row) and MAX_PENDING.
 */
export class TextStream implements StreamMasker {
  private pending = '';
  private context = '';
  private table: TableState | undefined;
  private emitted = 0;
  private ended = false;

  constructor(private readonly ctx: MaskContext) {}

  push(chunk: string): MaskResult<string> {
    if (this.ended) throw new Error('push after end');
    this.pending += chunk;
    return this.flush(false);
  }

  end(): MaskResult<string> {
    if (this.ended) return { value: '', events: [] };
    const result = this.flush(true);
    this.ended = true;
    return result;
  }

  /** Pushes `chunk` and returns what is committed, with offsets relative to this output (SSE re-assembly). */
  flushAppliedAfterPush(chunk: string, final = false): Applied {
    this.pending += chunk;
    return this.flushApplied(final);
  }

  /** What is committed so far (everything when `final`), with offsets relative to this output. */
  flushApplied(final: boolean): Applied {
    if (this.pending.length === 0) return { text: '', events: [] };
    const window = this.context + this.pending;
    const from = this.context.length;
    let scan = scanText(window, from, final, this.table, this.ctx.scan);
    if (!final && window.length - scan.commit > MAX_PENDING) {
      // Pathological input (one token longer than MAX_PENDING): commit all but a tail.
      const cut = window.length - LOOK_BEHIND * 4;
      scan = { ...scanText(window.slice(0, cut), from, true, this.table, this.ctx.scan), commit: cut };
    }
    const applied = apply(this.ctx, window, from, scan.commit, scan.found);
    this.context = window.slice(Math.max(0, scan.commit - LOOK_BEHIND), scan.commit);
    this.pending = window.slice(scan.commit);
    this.table = scan.table;
    return applied;
  }

  private flush(final: boolean): MaskResult<string> {
    const applied = this.flushApplied(final);
    const events = offsetEvents(applied, this.emitted);
    this.emitted += applied.text.length;
    return { value: applied.text, events };
  }
}
