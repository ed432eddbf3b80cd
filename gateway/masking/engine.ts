/**
 * Shared by every masker: the text is normalised into the view the detectors read (text/view.ts),
 * scanned, and each candidate mapped back to its whole original span, which the replacement
 * takes; plus the incremental text stream built on the scanner's commit point.
 */
import type { DetectorId, MaskingProfileConfig, MaskingStrategy } from './config.js';
import { detector } from './detectors/registry.js';
import { replacementFor } from './replace.js';
import { extraKeyTable } from './text/keys.js';
import { LOOK_BEHIND, scanText, type Candidate, type ScanOptions, type TableState } from './text/scanner.js';
import { normaliseView, type TextSyntax, type TextView } from './text/view.js';
import type { MaskingEvent, MaskingKeyring, MaskResult, StreamMasker } from './types.js';

/** A stream holds back at most this much input; past it, it commits what it has (documented limit). */
export const MAX_PENDING = 64 * 1024;

export interface MaskContext {
  readonly strategies: ReadonlyMap<DetectorId, MaskingStrategy>;
  readonly keyring: MaskingKeyring;
  readonly scan: ScanOptions;
  /** Replacements already made, per detector and value (as the detectors read it). */
  readonly replaced: Map<DetectorId, Map<string, Replaced>>;
  /** Short strings known to hold nothing to mask (JSON keys, `chat.completion.chunk`, model names). */
  readonly clean: Set<string>;
}

export interface Replaced {
  readonly replacement: string;
  readonly hmac: string;
  readonly keyId: string;
}

/** A value found in a text: its original span and the value as the detectors read it. */
export interface Located {
  /** Original span, `[start, end)` (UTF-16): invisible characters and escapes inside it included. */
  readonly start: number;
  readonly end: number;
  readonly detector: DetectorId;
  /** The normalised value (view text): what the HMAC and the partial mask are computed from. */
  readonly value: string;
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

/** The view's candidates as original spans with their normalised values. */
export function locate(view: TextView, found: readonly Candidate[]): Located[] {
  const text = view.text;
  if (view.identity) return found.map((c) => ({ start: c.start, end: c.end, detector: c.detector, value: text.slice(c.start, c.end) }));
  return found.map((c) => ({ start: view.start(c.start), end: view.end(c.end), detector: c.detector, value: text.slice(c.start, c.end) }));
}

/** Every value in a whole text. */
export function findAll(ctx: MaskContext, text: string, syntax: TextSyntax = 'plain'): Located[] {
  const view = normaliseView(text, syntax, true);
  return locate(view, scanText(view.text, 0, true, undefined, ctx.scan).found);
}

/** Strings up to this length that scan clean are remembered; the set is dropped whole when full. */
const CLEAN_MAX_LENGTH = 64;
const CLEAN_LIMIT = 4096;

/** What a whole string holds to mask, or undefined when nothing (remembered for short strings). */
export function scansClean(ctx: MaskContext, text: string): Located[] | undefined {
  const short = text.length <= CLEAN_MAX_LENGTH;
  if (short && ctx.clean.has(text)) return undefined;
  const found = findAll(ctx, text);
  if (found.length > 0) return found;
  if (short) {
    if (ctx.clean.size >= CLEAN_LIMIT) ctx.clean.clear();
    ctx.clean.add(text);
  }
  return undefined;
}

/** The replacement and event fields for one value, given as the detectors read it (normalised view). */
export function replaceValue(ctx: MaskContext, id: DetectorId, value: string): Replaced {
  let known = ctx.replaced.get(id);
  const hit = known?.get(value);
  if (hit) return hit;
  const strategy = ctx.strategies.get(id) ?? 'redact';
  const { hmac, keyId } = ctx.keyring.hmac(detector(id).normalise(value));
  const made: Replaced = { replacement: replacementFor(strategy, id, value, hmac), hmac, keyId };
  if (!known) ctx.replaced.set(id, (known = new Map()));
  if (known.size >= REPLACED_LIMIT) known.clear();
  known.set(value, made);
  return made;
}

export interface AppliedEvent {
  /** The replacement's offset in the masked text. */
  readonly at: number;
  /** The original value's span, relative to where the masked range began (`from`). */
  readonly offset: number;
  readonly length: number;
  readonly detector: DetectorId;
  readonly hmac: string;
  readonly keyId: string;
  readonly replacement: string;
}

export interface Applied {
  readonly text: string;
  readonly events: AppliedEvent[];
}

/** Rewrites `source[from, to)` with the located values (sorted, disjoint; others are skipped). */
export function apply(ctx: MaskContext, source: string, from: number, to: number, found: readonly Located[]): Applied {
  let text = '';
  let last = from;
  const events: AppliedEvent[] = [];
  for (const item of found) {
    if (item.start < last || item.end > to) continue;
    text += source.slice(last, item.start);
    const { replacement, hmac, keyId } = replaceValue(ctx, item.detector, item.value);
    events.push({
      at: text.length,
      offset: item.start - from,
      length: item.end - item.start,
      detector: item.detector,
      hmac,
      keyId,
      replacement,
    });
    text += replacement;
    last = item.end;
  }
  text += source.slice(last, to);
  return { text, events };
}

/**
 * Texts longer than this are masked slice by slice through a stream (the same output, by the
 * stream's own guarantee): every string the engine builds stays small, and the async API yields
 * between slices.
 */
export const SLICE = 16 * 1024;

export function maskWholeText(ctx: MaskContext, text: string, syntax: TextSyntax = 'plain'): Applied {
  if (text.length <= SLICE) return apply(ctx, text, 0, text.length, findAll(ctx, text, syntax));
  const stream = new TextStream(ctx, syntax);
  const out: { text: string; events: AppliedEvent[] } = { text: '', events: [] };
  for (let at = 0; at < text.length; at += SLICE) appendSlice(out, stream, text.slice(at, at + SLICE), at + SLICE >= text.length);
  return out;
}

/** Pushes one slice of a long text through `stream` and appends what it releases to `out`. */
export function appendSlice(out: { text: string; events: AppliedEvent[] }, stream: TextStream, slice: string, final: boolean): void {
  const input = stream.committed;
  const applied = stream.flushAppliedAfterPush(slice, final);
  for (const event of applied.events) out.events.push({ ...event, at: event.at + out.text.length, offset: event.offset + input });
  out.text += applied.text;
}

/** Events of a masked text: `offset:N` into the output (from `outputBase`), original spans from `inputBase`. */
export function offsetEvents(applied: Applied, outputBase: number, inputBase: number): MaskingEvent[] {
  return applied.events.map((event) => ({
    location: `offset:${outputBase + event.at}`,
    detector: event.detector,
    hmac: event.hmac,
    keyId: event.keyId,
    replacement: event.replacement,
    original: { offset: inputBase + event.offset, length: event.length },
  }));
}

/**
 * Incremental text masking. Keeps the input not yet committed plus LOOK_BEHIND characters of
 * context before it; each push normalises and rescans only that, so memory stays bounded by the
 * longest open construct (a name, an address, a table row) and MAX_PENDING. What a stream
 * releases equals what `maskText` of the whole input gives, events included.
 */
export class TextStream implements StreamMasker {
  private pending = '';
  private context = '';
  private table: TableState | undefined;
  private emitted = 0;
  /** Input characters committed so far: the offset of `pending` in the whole input. */
  private consumed = 0;
  private ended = false;

  constructor(
    private readonly ctx: MaskContext,
    private readonly syntax: TextSyntax = 'plain',
  ) {}

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

  /** Input characters committed so far. */
  get committed(): number {
    return this.consumed;
  }

  /** Pushes `chunk` and returns what is committed, offsets relative to this stream's output and input. */
  flushAppliedAfterPush(chunk: string, final = false): Applied {
    this.pending += chunk;
    return this.flushApplied(final);
  }

  /**
   * What is committed so far (everything when `final`). Event `at` is relative to this call's
   * output; event `offset` to the start of this call's input (`committed` before the call).
   */
  flushApplied(final: boolean): Applied {
    if (this.pending.length === 0) return { text: '', events: [] };
    const window = this.context + this.pending;
    const from = this.context.length;
    const view = normaliseView(window, this.syntax, final);
    const fromView = view.toView(from);
    let scan = scanText(view.text, fromView, final, this.table, this.ctx.scan);
    let commit = scan.commit >= view.text.length ? view.stable : view.start(scan.commit);
    if (!final && window.length - commit > MAX_PENDING) {
      // Pathological input (one token longer than MAX_PENDING): commit all but a tail.
      const cut = Math.max(fromView, view.text.length - LOOK_BEHIND * 4);
      scan = { ...scanText(view.text.slice(0, cut), fromView, true, this.table, this.ctx.scan), commit: cut };
      commit = view.start(cut);
    }
    const applied = apply(this.ctx, window, from, commit, locate(view, scan.found));
    this.context = window.slice(Math.min(commit, view.start(Math.max(0, scan.commit - LOOK_BEHIND))), commit);
    this.pending = window.slice(commit);
    this.consumed += commit - from;
    this.table = scan.table;
    return applied;
  }

  private flush(final: boolean): MaskResult<string> {
    const input = this.consumed;
    const applied = this.flushApplied(final);
    const events = offsetEvents(applied, this.emitted, input);
    this.emitted += applied.text.length;
    return { value: applied.text, events };
  }
}
