/**
 * Server-Sent Events masking. Events are parsed and re-emitted one by one, and no line passes
 * unexamined: `event:` and `id:` lines are masked as text; comment lines (`: …`) lose their
 * text and fields no client reads are dropped (EventSource ignores both, and a value split over
 * several of them could not be read whole); `retry:` is kept only when it is a plausible
 * reconnection delay (at most seven digits, per the specification's digits-only rule), and
 * `data:` is masked as below. A `data:` payload that is JSON is masked structurally; token streams are
 * re-assembled first, because a name split across events ("Mar" | "ia Sil" | "va") is
 * invisible to any per-event look:
 *
 * - OpenAI chat completions (`choices[i].delta.content`, `.reasoning_content`, `.refusal`,
 *   `.tool_calls[j].function.arguments`) and legacy completions (`choices[i].text`);
 * - Anthropic messages (`content_block_delta`: `text`, `partial_json`, `thinking`);
 * - OpenAI Responses (`response.*.delta` events).
 *
 * Each such field feeds a text stream per choice/block/item; the event carries what that stream
 * releases (possibly nothing yet), and what it holds back is released in a synthetic delta
 * event, shaped like the stream's own, just before the event that ends it (a `finish_reason`,
 * `content_block_stop`, `*.done`, `[DONE]`) or at the end of the stream. Non-JSON data is
 * masked as one text stream across events, and digits broken over two `data:` lines of one
 * event (`529.982` | `.247-25`) are read as one number.
 *
 * Every event's `original` is the span of the masked value in the event stream as received (a
 * value split across events spans the framing between its parts).
 */
import { MaskingError } from './errors.js';
import { TextStream, maskWholeText, type Applied, type AppliedEvent, type MaskContext } from './engine.js';
import { maskJsonValue, serialisedOffset, stringifyWithOffsets, type JsonEvent } from './json.js';
import { parseJsonWithSpans, rawOffset, readJsonString, type ParsedJson, type StringSpan } from './jsonSpans.js';
import type { MaskingEvent, MaskResult, StreamMasker } from './types.js';

/** Longest line or event the stream buffers before refusing (fail closed). */
const MAX_SSE_LINE = 1024 * 1024;
const MAX_SSE_EVENT = 4 * 1024 * 1024;

type Json = Record<string, unknown>;

/** A line as received: its text (no terminator) and where it starts in the body. */
interface Line {
  readonly text: string;
  readonly at: number;
}

/** A masking event placed in an output line: `at` is the replacement's offset in that line. */
type LineEvent = Omit<MaskingEvent, 'location'> & { readonly at: number };

interface OutLine {
  readonly text: string;
  readonly events: readonly LineEvent[];
}

/** Maps an offset in some decoded text (0 … length) to an offset in the body as received. */
type ToBody = (index: number) => number;

/**
 * Where the input of a text stream came from in the body: one piece per pushed fragment. Lets
 * a stream's event (an offset and length in its own input) be told as a span of the body.
 */
class Origins {
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];
  private readonly maps: ToBody[] = [];
  private total = 0;

  add(length: number, toBody: ToBody): void {
    if (length === 0) return;
    this.starts.push(this.total);
    this.lengths.push(length);
    this.maps.push(toBody);
    this.total += length;
  }

  /** The body span of the stream input `[offset, offset + length)`. */
  span(offset: number, length: number): { offset: number; length: number } {
    const start = this.at(offset, false);
    const end = this.at(offset + length, true);
    return { offset: start, length: Math.max(0, end - start) };
  }

  /** Forgets pieces that end before `offset` (the stream has committed them). */
  forget(offset: number): void {
    let drop = 0;
    while (drop < this.starts.length - 1 && (this.starts[drop] ?? 0) + (this.lengths[drop] ?? 0) <= offset) drop++;
    if (drop === 0) return;
    this.starts.splice(0, drop);
    this.lengths.splice(0, drop);
    this.maps.splice(0, drop);
  }

  private at(offset: number, isEnd: boolean): number {
    for (let k = 0; k < this.starts.length; k++) {
      const start = this.starts[k] ?? 0;
      const end = start + (this.lengths[k] ?? 0);
      if (isEnd ? offset > start && offset <= end : offset >= start && offset < end) return this.maps[k]!(offset - start);
    }
    const last = this.maps.length - 1;
    return last >= 0 ? this.maps[last]!(this.lengths[last] ?? 0) : 0;
  }
}

interface Field {
  /** Stream key: one text stream per choice/block/item and field. */
  readonly key: string;
  readonly get: () => string;
  readonly set: (text: string) => void;
  /** JSON pointer of the field inside the event's data. */
  readonly pointer: string;
  /** A synthetic event carrying `text` in this field. */
  readonly make: (text: string) => Json;
}

interface Reassembly {
  readonly stream: TextStream;
  readonly origins: Origins;
  make: (text: string) => Json;
  readonly pointer: string;
  /** The event's `event:` line as masked, repeated on the synthetic events that release held-back text. */
  readonly eventLine: string | undefined;
  readonly group: string;
}

/** A token event's envelope: the text around its token field's string, as received and as masked. */
interface Template {
  readonly key: string;
  readonly pointer: string;
  readonly make: (text: string) => Json;
  /** The event's data up to the field's opening quote included, and from its closing quote on. */
  readonly rawBefore: string;
  readonly rawAfter: string;
  /** The masked event, serialised around the field (`serialisedAround`) only once an event matches. */
  readonly masked: unknown;
  out?: { readonly before: string; readonly after: string } | undefined;
}

/** The serialisation of `masked` before and after the string at `pointer` (the field's masked text). */
function serialisedAround(masked: unknown, pointer: string): { before: string; after: string } | undefined {
  const serialised = stringifyWithOffsets(masked);
  const at = serialised.valueAt.get(pointer);
  if (at === undefined) return undefined;
  const length = JSON.stringify(stringAt(masked, pointer)).length - 2;
  return { before: serialised.text.slice(0, at), after: serialised.text.slice(at + length) };
}

/** The data of one event joined as the specification joins it, and where each character came from. */
interface Payload {
  readonly text: string;
  readonly toBody: ToBody;
}

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A character that may continue a number over a line break: a digit or a number separator. */
function numberish(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d || c === 0x2f;
}

function digit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export class SseStream implements StreamMasker {
  private buffer = '';
  /** Body offset of `buffer[0]`. */
  private bufferAt = 0;
  private lines: Line[] = [];
  private eventSize = 0;
  private emitted = 0;
  private readonly streams = new Map<string, Reassembly>();
  private readonly plain: TextStream;
  private readonly plainOrigins = new Origins();
  /** The envelope of the last token event (see `remember`). */
  private template: Template | undefined;
  /** Plain-stream input offsets where a `data:` line break was read through (digits on both sides). */
  private plainBreaks: number[] = [];

  constructor(private readonly ctx: MaskContext) {
    this.plain = new TextStream(ctx);
  }

  push(chunk: string): MaskResult<string> {
    this.buffer += chunk;
    const out: OutLine[] = [];
    let start = 0;
    for (;;) {
      let nl = -1;
      let width = 1;
      for (let i = start; i < this.buffer.length; i++) {
        const c = this.buffer.charCodeAt(i);
        if (c === 0x0a) {
          nl = i;
          break;
        }
        if (c === 0x0d) {
          if (i + 1 >= this.buffer.length) break; // a CR at the end may be half of CRLF
          nl = i;
          width = this.buffer.charCodeAt(i + 1) === 0x0a ? 2 : 1;
          break;
        }
      }
      if (nl < 0) break;
      this.line({ text: this.buffer.slice(start, nl), at: this.bufferAt + start }, out);
      start = nl + width;
    }
    this.buffer = this.buffer.slice(start);
    this.bufferAt += start;
    if (this.buffer.length > MAX_SSE_LINE)
      throw new MaskingError(`an event-stream line exceeds ${MAX_SSE_LINE} characters; the stream was refused rather than passed unmasked`);
    return this.render(out);
  }

  end(): MaskResult<string> {
    const out: OutLine[] = [];
    if (this.buffer.length > 0) {
      this.line({ text: this.buffer.replace(/\r$/, ''), at: this.bufferAt }, out);
      this.bufferAt += this.buffer.length;
      this.buffer = '';
    }
    if (this.lines.length > 0) this.dispatch(out);
    this.flushStreams(() => true, out);
    const base = this.plain.committed;
    const tail = this.plainRelease(this.plain.flushApplied(true), base);
    if (tail.text.length > 0) out.push(...dataLines(tail.text, tail.events), blank());
    return this.render(out);
  }

  private line(line: Line, out: OutLine[]): void {
    if (line.text === '') {
      this.dispatch(out);
      return;
    }
    this.eventSize += line.text.length;
    if (this.eventSize > MAX_SSE_EVENT)
      throw new MaskingError(
        `an event-stream event exceeds ${MAX_SSE_EVENT} characters; the stream was refused rather than passed unmasked`,
      );
    this.lines.push(line);
  }

  private dispatch(out: OutLine[]): void {
    const lines = this.lines;
    this.lines = [];
    this.eventSize = 0;
    if (lines.length === 0) return;
    const data: Line[] = [];
    const before: OutLine[] = [];
    const after: OutLine[] = [];
    let eventLine: string | undefined;
    for (const line of lines) {
      const colon = line.text.indexOf(':');
      const name = colon < 0 ? line.text : line.text.slice(0, colon);
      let valueAt = colon < 0 ? line.text.length : colon + 1;
      if (line.text.charCodeAt(valueAt) === 0x20) valueAt++;
      if (colon !== 0 && name === 'data') {
        data.push({ text: line.text.slice(valueAt), at: line.at + valueAt });
        continue;
      }
      const kept = this.otherLine(line, colon, name, valueAt);
      if (colon !== 0 && name === 'event') eventLine = kept?.text;
      if (kept) (data.length === 0 ? before : after).push(kept);
    }
    if (data.length === 0) {
      out.push(...before, ...after, blank());
      return;
    }
    const payload = joinData(data);
    const trimmed = payload.text.trim();
    if (trimmed === '[DONE]') {
      this.flushStreams(() => true, out);
      out.push(...before, ...data.map((line) => plainLine(`data: ${line.text}`)), ...after, blank());
      return;
    }
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      if (this.templated(payload, data, before, after, out)) return;
      const parsed = parseJsonWithSpans(payload.text);
      if (parsed) {
        this.jsonEvent(parsed, payload, data, eventLine, before, after, out);
        return;
      }
    }
    const released = this.plainPush(data);
    out.push(...before, ...dataLines(released.text, released.events), ...after, blank());
  }

  /** A line other than `data:`: masked as text, emptied (a comment) or dropped. */
  private otherLine(line: Line, colon: number, name: string, valueAt: number): OutLine | undefined {
    if (colon === 0) return plainLine(':');
    if (name === 'retry') return /^\d{1,7}$/.test(line.text.slice(valueAt)) ? plainLine(line.text) : undefined;
    if (name !== 'event' && name !== 'id') return undefined;
    const applied = maskWholeText(this.ctx, line.text);
    return {
      text: applied.text,
      events: applied.events.map((event) => lineEvent(event, event.at, { offset: line.at + event.offset, length: event.length })),
    };
  }

  /** Pushes the data of a plain event into the stream shared by plain events; returns what it releases. */
  private plainPush(data: readonly Line[]): { text: string; events: LineEvent[] } {
    let text = '';
    for (let k = 0; k < data.length; k++) {
      const line = data[k]!;
      if (k > 0) {
        const prev = text.charCodeAt(text.length - 1);
        const next = line.text.charCodeAt(0);
        // A number broken over two data lines is read whole; the break is put back if it stays.
        if (numberish(prev) && numberish(next) && (digit(prev) || digit(next))) this.plainBreaks.push(this.plainPushed + text.length);
        else {
          const lineEnd = (data[k - 1]?.at ?? 0) + (data[k - 1]?.text.length ?? 0);
          this.plainOrigins.add(1, (i) => lineEnd + i);
          text += '\n';
        }
      }
      this.plainOrigins.add(line.text.length, (i) => line.at + i);
      text += line.text;
    }
    this.plainPushed += text.length;
    const base = this.plain.committed;
    return this.plainRelease(this.plain.flushAppliedAfterPush(text), base);
  }

  /** Plain-stream input pushed so far. */
  private plainPushed = 0;

  /** What the plain stream released (its input began at `base`), line breaks put back, events told in the body. */
  private plainRelease(applied: Applied, base: number): { text: string; events: LineEvent[] } {
    const end = this.plain.committed;
    const breaks = this.plainBreaks.filter((b) => b >= base && b < end).map((b) => b - base);
    this.plainBreaks = this.plainBreaks.filter((b) => b >= end);
    const restored = restoreBreaks(applied, breaks);
    const events = restored.events.map((event) => lineEvent(event, event.at, this.plainOrigins.span(base + event.offset, event.length)));
    this.plainOrigins.forget(end);
    return { text: restored.text, events };
  }

  private jsonEvent(
    parsed: ParsedJson,
    payload: Payload,
    data: readonly Line[],
    eventLine: string | undefined,
    before: readonly OutLine[],
    after: readonly OutLine[],
    out: OutLine[],
  ): void {
    const event = parsed.value;
    const fields = isObject(event) ? streamFields(event) : [];
    const ending = isObject(event) ? endingGroups(event) : [];
    const carried = new Set(fields.map((field) => field.key));
    // Held-back text of streams this event ends, and that it does not itself continue, goes out first.
    if (ending.length > 0) this.flushStreams((key, r) => !carried.has(key) && sseGroupMatches(r.group, ending), out);
    const originals = fields.map((field) => field.get());
    for (const field of fields) field.set('');
    const masked = maskJsonValue(this.ctx, event);
    const bodySpan = (pointer: string, inKey: boolean, offset: number, length: number): { offset: number; length: number } => {
      const span = (inKey ? parsed.keys : parsed.values).get(pointer);
      if (!span) return { offset: payload.toBody(0), length: 0 };
      const start = payload.toBody(rawOffset(span, offset));
      return { offset: start, length: payload.toBody(rawOffset(span, offset + length)) - start };
    };
    const events: JsonEvent[] = masked.events.map((e) => ({
      ...e,
      original: bodySpan(e.source, e.inKey, e.original.offset, e.original.length),
    }));
    const maskedFields = isObject(masked.value) ? streamFields(masked.value) : [];
    let changed = masked.events.length > 0;
    fields.forEach((field, index) => {
      const target = maskedFields[index];
      if (!target) return;
      let reassembly = this.streams.get(field.key);
      if (!reassembly) {
        reassembly = {
          stream: new TextStream(this.ctx),
          origins: new Origins(),
          make: field.make,
          pointer: field.pointer,
          eventLine,
          group: groupOf(field.key),
        };
        this.streams.set(field.key, reassembly);
      }
      reassembly.make = field.make;
      const text = originals[index] ?? '';
      const last = sseGroupMatches(reassembly.group, ending);
      const released = this.feed(reassembly, field.pointer, text, parsed.values.get(field.pointer), payload, last);
      if (last) this.streams.delete(field.key);
      if (released.text !== text) changed = true;
      target.set(released.text);
      events.push(...released.events);
    });
    if (fields.length === 1 && ending.length === 0 && masked.events.length === 0) this.remember(fields[0]!, parsed, payload, masked.value);
    if (!changed) {
      out.push(...before, ...data.map((line) => plainLine(`data: ${line.text}`)), ...after, blank());
      return;
    }
    // Offsets are only needed for events; without any, the engine's own serialiser is the same text.
    if (events.length === 0) {
      out.push(...before, plainLine(`data: ${JSON.stringify(masked.value)}`), ...after, blank());
      return;
    }
    out.push(...before, jsonDataLine(masked.value, events), ...after, blank());
  }

  /** Pushes a token field's text into its stream: what the stream releases, its events told in the body. */
  private feed(
    reassembly: Reassembly,
    pointer: string,
    text: string,
    span: StringSpan | undefined,
    payload: Payload,
    last: boolean,
  ): { text: string; events: JsonEvent[] } {
    if (span) reassembly.origins.add(text.length, (i) => payload.toBody(rawOffset(span, i)));
    const input = reassembly.stream.committed;
    const applied = reassembly.stream.flushAppliedAfterPush(text, last);
    const events = applied.events.map((e) => fieldEvent(pointer, e, reassembly.origins.span(input + e.offset, e.length)));
    reassembly.origins.forget(reassembly.stream.committed);
    return { text: applied.text, events };
  }

  /**
   * Remembers the envelope of a token event whose members other than its one token field
   * masked to nothing, as received and as masked. A token stream repeats its envelope on
   * every event (`id`, `model`, `choices[0].delta`…), and masking an envelope depends on
   * nothing but its text, so an event that differs only in the field's text is masked by
   * `templated` without parsing, walking and serialising the envelope again.
   */
  private remember(field: Field, parsed: ParsedJson, payload: Payload, masked: unknown): void {
    const span = parsed.values.get(field.pointer);
    if (!span) return;
    const rawBefore = payload.text.slice(0, span.start);
    const rawAfter = payload.text.slice(span.end);
    const known = this.template;
    if (known && known.key === field.key && known.rawBefore === rawBefore && known.rawAfter === rawAfter) return;
    // Not serialised yet: an envelope that changes on every event (a counter in it) never matches.
    this.template = { key: field.key, pointer: field.pointer, make: field.make, rawBefore, rawAfter, masked };
  }

  /**
   * Masks an event that is the remembered envelope around a new token text, as `jsonEvent`
   * would (the same output and events); false when it is not, or its stream has ended.
   */
  private templated(
    payload: Payload,
    data: readonly Line[],
    before: readonly OutLine[],
    after: readonly OutLine[],
    out: OutLine[],
  ): boolean {
    const template = this.template;
    if (!template) return false;
    const raw = payload.text;
    const close = raw.length - template.rawAfter.length;
    if (close < template.rawBefore.length || !raw.startsWith(template.rawBefore) || !raw.endsWith(template.rawAfter)) return false;
    const read = readJsonString(raw, template.rawBefore.length - 1);
    if (read === undefined || read.span.end !== close) return false;
    const reassembly = this.streams.get(template.key);
    if (!reassembly) return false;
    template.out ??= serialisedAround(template.masked, template.pointer);
    if (!template.out) {
      this.template = undefined;
      return false;
    }
    reassembly.make = template.make;
    const released = this.feed(reassembly, template.pointer, read.value, read.span, payload, false);
    if (released.text === read.value) {
      out.push(...before, ...data.map((line) => plainLine(`data: ${line.text}`)), ...after, blank());
      return true;
    }
    const escaped = (text: string): string => JSON.stringify(text).slice(1, -1);
    const line = `data: ${template.out.before}${escaped(released.text)}${template.out.after}`;
    const base = 6 + template.out.before.length;
    const events = released.events.map((e) => ({
      at: base + escaped(released.text.slice(0, e.at)).length,
      detector: e.detector,
      hmac: e.hmac,
      keyId: e.keyId,
      replacement: e.replacement,
      original: e.original,
    }));
    out.push(...before, { text: line, events }, ...after, blank());
    return true;
  }

  private flushStreams(which: (key: string, r: Reassembly) => boolean, out: OutLine[]): void {
    for (const [key, reassembly] of [...this.streams]) {
      if (!which(key, reassembly)) continue;
      this.streams.delete(key);
      const input = reassembly.stream.committed;
      const applied = reassembly.stream.flushApplied(true);
      if (applied.text.length === 0) continue;
      const value = reassembly.make(applied.text);
      const head = reassembly.eventLine === undefined ? [] : [plainLine(reassembly.eventLine)];
      if (applied.events.length === 0) {
        out.push(...head, plainLine(`data: ${JSON.stringify(value)}`), blank());
        continue;
      }
      const events = applied.events.map((e) => fieldEvent(reassembly.pointer, e, reassembly.origins.span(input + e.offset, e.length)));
      out.push(...head, jsonDataLine(value, events), blank());
    }
  }

  private render(out: readonly OutLine[]): MaskResult<string> {
    let text = '';
    const events: MaskingEvent[] = [];
    for (const line of out) {
      for (const { at, ...event } of line.events) events.push({ location: `offset:${this.emitted + text.length + at}`, ...event });
      text += `${line.text}\n`;
    }
    this.emitted += text.length;
    return { value: text, events };
  }
}

/** The data lines of an event joined with line breaks, as the specification joins them. */
function joinData(data: readonly Line[]): Payload {
  const starts: number[] = [];
  let text = '';
  for (const line of data) {
    if (starts.length > 0) text += '\n';
    starts.push(text.length);
    text += line.text;
  }
  return {
    text,
    toBody: (index) => {
      let k = starts.length - 1;
      while (k > 0 && (starts[k] ?? 0) > index) k--;
      // The joining break of line k stands where that line's terminator was.
      return (data[k]?.at ?? 0) + index - (starts[k] ?? 0);
    },
  };
}

/**
 * Puts back, at the input offsets `breaks` (relative to `applied`'s input), the line breaks a
 * plain event's data had between digits; a break inside a masked value goes with the value.
 */
function restoreBreaks(applied: Applied, breaks: readonly number[]): Applied {
  if (breaks.length === 0) return applied;
  const positions: number[] = [];
  for (const b of breaks) {
    let shift = 0;
    let inside = false;
    for (const event of applied.events) {
      if (event.offset < b && b < event.offset + event.length) inside = true;
      else if (event.offset + event.length <= b) shift += event.replacement.length - event.length;
    }
    if (!inside) positions.push(b + shift);
  }
  let text = '';
  let last = 0;
  for (const position of positions) {
    text += `${applied.text.slice(last, position)}\n`;
    last = position;
  }
  text += applied.text.slice(last);
  const events = applied.events.map((event) => ({ ...event, at: event.at + positions.filter((p) => p <= event.at).length }));
  return { text, events };
}

function lineEvent(event: AppliedEvent, at: number, original: { offset: number; length: number }): LineEvent {
  return { at, detector: event.detector, hmac: event.hmac, keyId: event.keyId, replacement: event.replacement, original };
}

/** A text stream's event inside a JSON field at `pointer`, with its span in the body. */
function fieldEvent(pointer: string, event: AppliedEvent, original: { offset: number; length: number }): JsonEvent {
  return {
    pointer,
    source: pointer,
    inKey: false,
    at: event.at,
    detector: event.detector,
    hmac: event.hmac,
    keyId: event.keyId,
    replacement: event.replacement,
    original,
  };
}

function plainLine(text: string): OutLine {
  return { text, events: [] };
}

function blank(): OutLine {
  return plainLine('');
}

/** `text` as `data:` lines, each event moved into the line that holds it. */
function dataLines(text: string, events: readonly LineEvent[]): OutLine[] {
  const lines: OutLine[] = [];
  let start = 0;
  for (const part of text.split('\n')) {
    const end = start + part.length;
    const own = events.filter((event) => event.at >= start && event.at < end + (part.length === 0 ? 1 : 0));
    lines.push({ text: `data: ${part}`, events: own.map((event) => ({ ...event, at: event.at - start + 6 })) });
    start = end + 1;
  }
  return lines;
}

/** One `data:` line holding `value` as JSON, its events placed at their replacements. */
function jsonDataLine(value: unknown, events: readonly JsonEvent[]): OutLine {
  const serialised = stringifyWithOffsets(value);
  return {
    text: `data: ${serialised.text}`,
    events: events.map((e) => {
      const maskedString = e.inKey ? unescapeLast(e.pointer) : stringAt(value, e.pointer);
      return {
        at: 6 + serialisedOffset(serialised, e, maskedString),
        detector: e.detector,
        hmac: e.hmac,
        keyId: e.keyId,
        replacement: e.replacement,
        original: e.original,
      };
    }),
  };
}

function unescapeLast(pointer: string): string {
  return pointer
    .slice(pointer.lastIndexOf('/') + 1)
    .replace(/~1/g, '/')
    .replace(/~0/g, '~');
}

function stringAt(value: unknown, pointer: string): string {
  let node: unknown = value;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isObject(node)) node = node[segment];
    else return '';
  }
  return typeof node === 'string' ? node : '';
}

function groupOf(key: string): string {
  return key.slice(0, key.indexOf('|'));
}

const DELTA_FIELDS = ['content', 'reasoning_content', 'reasoning', 'refusal'] as const;

/** The token-stream fields of one event, by provider shape. */
function streamFields(event: Json): Field[] {
  const fields: Field[] = [];
  const choices = event['choices'];
  if (Array.isArray(choices)) {
    const envelope = (choice: Json): Json => {
      const copy: Json = {};
      for (const key of ['id', 'object', 'created', 'model', 'system_fingerprint']) if (key in event) copy[key] = event[key];
      return { ...copy, choices: [choice] };
    };
    choices.forEach((choice, position) => {
      if (!isObject(choice)) return;
      const index = typeof choice['index'] === 'number' ? choice['index'] : position;
      const delta = choice['delta'];
      if (isObject(delta)) {
        for (const name of DELTA_FIELDS) {
          if (typeof delta[name] !== 'string') continue;
          fields.push({
            key: `choice:${index}|${name}`,
            get: () => delta[name] as string,
            set: (text) => (delta[name] = text),
            pointer: `/choices/${position}/delta/${name}`,
            make: (text) => envelope({ index, delta: { [name]: text }, finish_reason: null }),
          });
        }
        const calls = delta['tool_calls'];
        if (Array.isArray(calls)) {
          calls.forEach((call, k) => {
            if (!isObject(call) || !isObject(call['function']) || typeof call['function']['arguments'] !== 'string') return;
            const fn = call['function'];
            const callIndex = typeof call['index'] === 'number' ? call['index'] : k;
            fields.push({
              key: `choice:${index}|tool:${callIndex}`,
              get: () => fn['arguments'] as string,
              set: (text) => (fn['arguments'] = text),
              pointer: `/choices/${position}/delta/tool_calls/${k}/function/arguments`,
              make: (text) =>
                envelope({ index, delta: { tool_calls: [{ index: callIndex, function: { arguments: text } }] }, finish_reason: null }),
            });
          });
        }
      } else if (typeof choice['text'] === 'string') {
        fields.push({
          key: `choice:${index}|text`,
          get: () => choice['text'] as string,
          set: (text) => (choice['text'] = text),
          pointer: `/choices/${position}/text`,
          make: (text) => envelope({ index, text, finish_reason: null }),
        });
      }
    });
    return fields;
  }
  const type = event['type'];
  const delta = event['delta'];
  if (type === 'content_block_delta' && isObject(delta)) {
    for (const name of ['text', 'partial_json', 'thinking']) {
      if (typeof delta[name] !== 'string') continue;
      const index = event['index'];
      const deltaType = delta['type'];
      fields.push({
        key: `block:${String(index)}|${name}`,
        get: () => delta[name] as string,
        set: (text) => (delta[name] = text),
        pointer: `/delta/${name}`,
        make: (text) => ({ type: 'content_block_delta', index, delta: { type: deltaType, [name]: text } }),
      });
    }
    return fields;
  }
  if (typeof type === 'string' && type.endsWith('.delta') && typeof delta === 'string') {
    const itemId = event['item_id'];
    const copy: Json = {};
    for (const key of ['item_id', 'output_index', 'content_index', 'summary_index']) if (key in event) copy[key] = event[key];
    fields.push({
      key: `item:${String(itemId)}|${type}:${String(event['content_index'] ?? '')}`,
      get: () => event['delta'] as string,
      set: (text) => (event['delta'] = text),
      pointer: '/delta',
      make: (text) => ({ type, ...copy, delta: text }),
    });
  }
  return fields;
}

/** Stream groups an event closes: a finished choice, a stopped block, a done item. */
function endingGroups(event: Json): string[] {
  const groups: string[] = [];
  const choices = event['choices'];
  if (Array.isArray(choices)) {
    choices.forEach((choice, position) => {
      if (isObject(choice) && choice['finish_reason'] !== null && choice['finish_reason'] !== undefined) {
        groups.push(`choice:${typeof choice['index'] === 'number' ? choice['index'] : position}`);
      }
    });
  }
  const type = event['type'];
  if (type === 'content_block_stop') groups.push(`block:${String(event['index'])}`);
  if (type === 'message_stop' || type === 'response.completed' || type === 'response.failed' || type === 'response.incomplete')
    groups.push('*');
  if (typeof type === 'string' && type.endsWith('.done') && 'item_id' in event) groups.push(`item:${String(event['item_id'])}`);
  return groups;
}

function sseGroupMatches(group: string, ending: readonly string[]): boolean {
  return ending.includes(group) || ending.includes('*');
}
