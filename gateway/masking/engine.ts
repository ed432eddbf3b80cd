/**
 * Shared by every masker: the text is normalised into the view the detectors read (text/view.ts),
 * scanned, and each candidate mapped back to its whole original span, which the replacement
 * takes; plus the incremental text stream built on the scanner's commit point.
 */
import type { DetectorId, MaskingProfileConfig, MaskingStrategy } from './config.js';
import { detector } from './detectors/registry.js';
import { replacementFor } from './replace.js';
import { extraKeyTable } from './text/keys.js';
import { STREAM_CONTEXT } from './text/behind.js';
import { LOOK_BEHIND, scanText, type Candidate, type ScanOptions } from './text/scanner.js';
import { NO_STATE, type ScanState } from './text/structures.js';
import { normaliseView, type TextSyntax, type TextView } from './text/view.js';
import { sequential } from './text/scanHelpers.js';
import type { MaskingEvent, MaskingKeyring, MaskResult, StreamMasker } from './types.js';

/** A stream holds back at most this much input; past it, it commits what it has (documented limit). */
const MAX_PENDING = 64 * 1024;

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

/** What a scan of a text's view found: candidates in view offsets, mapped back when applied. */
export interface Found {
  readonly view: TextView;
  readonly candidates: readonly Candidate[];
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

/** Every value in a whole text. */
function findAll(ctx: MaskContext, text: string, syntax: TextSyntax = 'plain'): Found {
  const view = normaliseView(text, syntax, true);
  return { view, candidates: scanText(view.text, 0, true, NO_STATE, ctx.scan).found };
}

/** Strings up to this length that scan clean are remembered; the set is dropped whole when full. */
const CLEAN_MAX_LENGTH = 64;
const CLEAN_LIMIT = 4096;

/** What a whole string holds to mask, or undefined when nothing (remembered for short strings). */
export function scansClean(ctx: MaskContext, text: string): Found | undefined {
  const short = text.length <= CLEAN_MAX_LENGTH;
  if (short && ctx.clean.has(text)) return undefined;
  const found = findAll(ctx, text);
  if (found.candidates.length > 0) return found;
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
  const made: Replaced = { replacement: replacementFor(strategy, id, value, hmac, ctx.keyring), hmac, keyId };
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

/**
 * Rewrites `source[from, to)` with what the scan found: each candidate's whole original span is
 * replaced, the value as the detectors read it is what the HMAC and replacement are made from.
 * Event `at` counts from `outBase`, event `offset` from `inBase` (relative to `from`).
 */
export function apply(ctx: MaskContext, source: string, from: number, to: number, found: Found, outBase = 0, inBase = 0): Applied {
  const { view } = found;
  // Matchers add in reading order, nearly always; one that adds behind an earlier value (a record's
  // check after its fields) must not see its value skipped as an overlap: order them first.
  const candidates = inOrder(found.candidates);
  const identity = view.identity;
  let text = '';
  let last = from;
  const events: AppliedEvent[] = [];
  for (const candidate of candidates) {
    const start = identity ? candidate.start : view.start(candidate.start);
    const end = identity ? candidate.end : view.end(candidate.end);
    if (start < last || end > to) continue;
    const { replacement, hmac, keyId } = replaceValue(ctx, candidate.detector, view.text.slice(candidate.start, candidate.end));
    text += source.slice(last, start);
    events.push({
      at: outBase + text.length,
      offset: inBase + start - from,
      length: end - start,
      detector: candidate.detector,
      hmac,
      keyId,
      replacement,
    });
    text += replacement;
    last = end;
  }
  text += source.slice(last, to);
  return { text, events };
}

/** The candidates by start, the longer first at one start: the same array when they already are. */
function inOrder(candidates: Found['candidates']): Found['candidates'] {
  for (let k = 1; k < candidates.length; k++) {
    if ((candidates[k]?.start ?? 0) < (candidates[k - 1]?.start ?? 0))
      return [...candidates].sort((a, b) => a.start - b.start || b.end - a.end);
  }
  return candidates;
}

/**
 * Work that can pause: a generator that yields where it may be suspended (between slices of a
 * long text, every few hundred JSON members) and returns its result. `finish` runs it through
 * at once; `finishAsync` lets the event loop run whenever it has worked for a few milliseconds.
 */
export type Work<T> = Generator<void, T, void>;

export function finish<T>(work: Work<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/** How long masking may hold the event loop before it lets other work run. */
const BUDGET_MS = 3;

/** Runs `work` through, pausing as it goes; an aborted `signal` ends it at its next pause (rejecting with its reason). */
export async function finishAsync<T>(work: Work<T>, signal?: AbortSignal): Promise<T> {
  let since = performance.now();
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    if (performance.now() - since >= BUDGET_MS) {
      await new Promise<void>((resume) => setImmediate(resume));
      if (signal?.aborted) {
        // Nobody waits for the result: stop here, so abandoned work does not pile up.
        work.return(undefined as never);
        throw signal.reason;
      }
      since = performance.now();
    }
  }
}

/**
 * A whole text, masked slice by slice (one slice when it is short), pausing between slices;
 * each slice's events are turned into the caller's form (`as`) at once, so the intermediate
 * ones die young.
 */
export function* maskTextWork<E>(
  ctx: MaskContext,
  text: string,
  syntax: TextSyntax,
  as: (event: AppliedEvent) => E,
  step = SLICE,
): Work<{ text: string; events: E[] }> {
  if (text.length <= SLICE) {
    // Plain short texts the gateway masks on every call (its path, the answer's header values)
    // are mostly the same few clean strings: the memo the JSON walk uses spares their scan.
    const found = syntax === 'plain' ? scansClean(ctx, text) : findAll(ctx, text, syntax);
    if (found === undefined) return { text, events: [] };
    const applied = apply(ctx, text, 0, text.length, found);
    return { text: applied.text, events: applied.events.map(as) };
  }
  const stream = new TextStream(ctx, syntax);
  let out = '';
  const events: E[] = [];
  for (let at = 0; at < text.length; at += step) {
    const applied = stream.flushAppliedAfterPush(text.slice(at, at + step), at + step >= text.length, out.length, stream.committed);
    for (const event of applied.events) events.push(as(event));
    out += applied.text;
    yield;
  }
  return { text: out, events };
}

/**
 * Texts longer than this are masked slice by slice through a stream (the same output, by the
 * stream's own guarantee): every string the engine builds stays small, and the work can pause.
 */
export const SLICE = 32 * 1024;

/** Input pushed between two pauses of a long text when other work waits: small enough that a dense one stays within BUDGET_MS. */
export const ASYNC_STEP = 4 * 1024;

export function maskWholeText(ctx: MaskContext, text: string, syntax: TextSyntax = 'plain'): Applied {
  return finish(maskTextWork(ctx, text, syntax, (event) => event));
}

/** A text event as the API gives it: `offset:N` into the output, the original span into the input. */
export function textEvent(event: AppliedEvent, outputBase = 0, inputBase = 0): MaskingEvent {
  return {
    location: `offset:${outputBase + event.at}`,
    detector: event.detector,
    hmac: event.hmac,
    keyId: event.keyId,
    replacement: event.replacement,
    original: { offset: inputBase + event.offset, length: event.length },
  };
}

/**
 * Incremental text masking. Keeps the input not yet committed plus STREAM_CONTEXT characters of
 * context before it; each push normalises and rescans only that, so memory stays bounded by the
 * longest open construct (a name, an address, a table row) and MAX_PENDING. What a stream
 * releases equals what `maskText` of the whole input gives, events included.
 */
export class TextStream implements StreamMasker {
  private pending = '';
  private context = '';
  private state: ScanState = NO_STATE;
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
  flushAppliedAfterPush(chunk: string, final = false, outBase = 0, inBase = 0): Applied {
    this.pending += chunk;
    return this.flushApplied(final, outBase, inBase);
  }

  /**
   * What is committed so far (everything when `final`). Event `at` is relative to this call's
   * output; event `offset` to the start of this call's input (`committed` before the call).
   */
  flushApplied(final: boolean, outBase = 0, inBase = 0): Applied {
    if (this.pending.length === 0) return { text: '', events: [] };
    // Flat, not a rope of context and chunks: normalisation and the scan read it char by char.
    const window = sequential(this.context + this.pending);
    const from = this.context.length;
    const view = normaliseView(window, this.syntax, final);
    const fromView = view.toView(from);
    let scan = scanText(view.text, fromView, final, this.state, this.ctx.scan);
    let commit = scan.commit >= view.text.length ? view.stable : view.start(scan.commit);
    if (!final && window.length - commit > MAX_PENDING) {
      // Pathological input (one token longer than MAX_PENDING): commit all but a tail.
      const cut = Math.max(fromView, view.text.length - LOOK_BEHIND * 4);
      scan = { ...scanText(view.text.slice(0, cut), fromView, true, this.state, this.ctx.scan), commit: cut };
      commit = view.start(cut);
    }
    const applied = apply(this.ctx, window, from, commit, { view, candidates: scan.found }, outBase, inBase);
    this.context = window.slice(Math.min(commit, view.start(Math.max(0, scan.commit - STREAM_CONTEXT))), commit);
    this.pending = window.slice(commit);
    this.consumed += commit - from;
    this.state = scan.state;
    return applied;
  }

  private flush(final: boolean): MaskResult<string> {
    const input = this.consumed;
    const applied = this.flushApplied(final);
    const events = applied.events.map((event) => textEvent(event, this.emitted, input));
    this.emitted += applied.text.length;
    return { value: applied.text, events };
  }
}
