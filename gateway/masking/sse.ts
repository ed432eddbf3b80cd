/**
 * Server-Sent Events masking. Events are parsed and re-emitted one by one; comments, `id:`,
 * `event:` and `retry:` lines pass through. A `data:` payload that is JSON is masked
 * structurally; token streams are re-assembled first, because a name split across events
 * ("Mar" | "ia Sil" | "va") is invisible to any per-event look:
 *
 * - OpenAI chat completions (`choices[i].delta.content`, `.reasoning_content`, `.refusal`,
 *   `.tool_calls[j].function.arguments`) and legacy completions (`choices[i].text`);
 * - Anthropic messages (`content_block_delta`: `text`, `partial_json`, `thinking`);
 * - OpenAI Responses (`response.*.delta` events).
 *
 * Each such field feeds a text stream per choice/block; the event carries what that stream
 * releases (possibly nothing yet), and what it holds back is released in a synthetic delta
 * event, shaped like the stream's own, just before the event that ends it (a `finish_reason`,
 * `content_block_stop`, `*.done`, `[DONE]`) or at the end of the stream. Non-JSON data is
 * masked as one text stream across events.
 */
import { MaskingError } from './errors.js';
import { TextStream, type Applied, type MaskContext } from './engine.js';
import { maskJsonValue, serialisedOffset, stringifyWithOffsets, type JsonEvent } from './json.js';
import type { MaskingEvent, MaskResult, StreamMasker } from './types.js';

/** Longest line or event the stream buffers before refusing (fail closed). */
export const MAX_SSE_LINE = 1024 * 1024;
export const MAX_SSE_EVENT = 4 * 1024 * 1024;

type Json = Record<string, unknown>;

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
  make: (text: string) => Json;
  readonly pointer: string;
  readonly eventName: string | undefined;
  readonly group: string;
}

interface OutEvent {
  readonly lines: readonly string[];
  /** Index in `lines` of the first data line, and the masked data with its events. */
  readonly dataLine: number;
  readonly data:
    | {
        readonly kind: 'json';
        readonly serialised: ReturnType<typeof stringifyWithOffsets>;
        readonly masked: unknown;
        readonly events: JsonEvent[];
      }
    | { readonly kind: 'text'; readonly applied: Applied }
    | undefined;
}

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

export class SseStream implements StreamMasker {
  private buffer = '';
  private lines: string[] = [];
  private eventSize = 0;
  private emitted = 0;
  private readonly streams = new Map<string, Reassembly>();
  private readonly plain: TextStream;

  constructor(private readonly ctx: MaskContext) {
    this.plain = new TextStream(ctx);
  }

  push(chunk: string): MaskResult<string> {
    this.buffer += chunk;
    const out: OutEvent[] = [];
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
      this.line(this.buffer.slice(start, nl), out);
      start = nl + width;
    }
    this.buffer = this.buffer.slice(start);
    if (this.buffer.length > MAX_SSE_LINE)
      throw new MaskingError(`an event-stream line exceeds ${MAX_SSE_LINE} characters; the stream was refused rather than passed unmasked`);
    return this.render(out);
  }

  end(): MaskResult<string> {
    const out: OutEvent[] = [];
    if (this.buffer.length > 0) {
      this.line(this.buffer.replace(/\r$/, ''), out);
      this.buffer = '';
    }
    if (this.lines.length > 0) this.dispatch(out);
    this.flushStreams(() => true, out);
    const tail = this.plain.flushApplied(true);
    if (tail.text.length > 0) out.push(this.textEvent([], tail));
    return this.render(out);
  }

  private line(line: string, out: OutEvent[]): void {
    if (line === '') {
      this.dispatch(out);
      return;
    }
    this.eventSize += line.length;
    if (this.eventSize > MAX_SSE_EVENT)
      throw new MaskingError(
        `an event-stream event exceeds ${MAX_SSE_EVENT} characters; the stream was refused rather than passed unmasked`,
      );
    this.lines.push(line);
  }

  private dispatch(out: OutEvent[]): void {
    const lines = this.lines;
    this.lines = [];
    this.eventSize = 0;
    const dataLines: number[] = [];
    const data: string[] = [];
    let eventName: string | undefined;
    lines.forEach((line, index) => {
      if (line.startsWith(':')) return;
      const colon = line.indexOf(':');
      const name = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (name === 'data') {
        dataLines.push(index);
        data.push(value);
      } else if (name === 'event') eventName = value;
    });
    if (dataLines.length === 0) {
      if (lines.length > 0) out.push({ lines: [...lines, ''], dataLine: -1, data: undefined });
      return;
    }
    const others = lines.filter((_, index) => !dataLines.includes(index));
    const firstData = dataLines[0] ?? 0;
    const before = lines.slice(0, firstData).filter((_, index) => !dataLines.includes(index));
    const after = others.slice(before.length);
    const payload = data.join('\n');
    const trimmed = payload.trim();
    if (trimmed === '[DONE]') {
      this.flushStreams(() => true, out);
      out.push({ lines: [...lines, ''], dataLine: -1, data: undefined });
      return;
    }
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      let parsed: unknown;
      let ok = true;
      try {
        parsed = JSON.parse(payload);
      } catch {
        ok = false;
      }
      if (ok) {
        this.jsonEvent(parsed, eventName, before, after, lines, out);
        return;
      }
    }
    const applied = this.plain.flushAppliedAfterPush(payload);
    out.push(this.textEvent(before, applied, after));
  }

  private textEvent(before: readonly string[], applied: Applied, after: readonly string[] = []): OutEvent {
    const dataLines = applied.text.split('\n').map((part) => `data: ${part}`);
    return { lines: [...before, ...dataLines, ...after, ''], dataLine: before.length, data: { kind: 'text', applied } };
  }

  private jsonEvent(
    parsed: unknown,
    eventName: string | undefined,
    before: readonly string[],
    after: readonly string[],
    original: readonly string[],
    out: OutEvent[],
  ): void {
    const fields = isObject(parsed) ? streamFields(parsed) : [];
    const ending = isObject(parsed) ? endingGroups(parsed) : [];
    const carried = new Set(fields.map((field) => field.key));
    // Held-back text of streams this event ends, and that it does not itself continue, goes out first.
    if (ending.length > 0) this.flushStreams((key, r) => !carried.has(key) && sseGroupMatches(r.group, ending), out);
    const originals = fields.map((field) => field.get());
    for (const field of fields) field.set('');
    const masked = maskJsonValue(this.ctx, parsed);
    const events: JsonEvent[] = [...masked.events];
    const maskedFields = isObject(masked.value) ? streamFields(masked.value) : [];
    let changed = masked.events.length > 0;
    fields.forEach((field, index) => {
      const target = maskedFields[index];
      if (!target) return;
      let reassembly = this.streams.get(field.key);
      if (!reassembly) {
        reassembly = { stream: new TextStream(this.ctx), make: field.make, pointer: field.pointer, eventName, group: groupOf(field.key) };
        this.streams.set(field.key, reassembly);
      }
      reassembly.make = field.make;
      const text = originals[index] ?? '';
      const last = sseGroupMatches(reassembly.group, ending);
      const applied = reassembly.stream.flushAppliedAfterPush(text, last);
      if (last) this.streams.delete(field.key);
      if (applied.text !== text) changed = true;
      target.set(applied.text);
      for (const event of applied.events) events.push({ pointer: field.pointer, inKey: false, ...event });
    });
    if (!changed) {
      out.push({ lines: [...original, ''], dataLine: -1, data: undefined });
      return;
    }
    // Offsets are only needed for events; without any, the engine's own serialiser is the same text.
    if (events.length === 0) {
      out.push({ lines: [...before, `data: ${JSON.stringify(masked.value)}`, ...after, ''], dataLine: -1, data: undefined });
      return;
    }
    const serialised = stringifyWithOffsets(masked.value);
    out.push({
      lines: [...before, `data: ${serialised.text}`, ...after, ''],
      dataLine: before.length,
      data: { kind: 'json', serialised, masked: masked.value, events },
    });
  }

  private flushStreams(which: (key: string, r: Reassembly) => boolean, out: OutEvent[]): void {
    for (const [key, reassembly] of [...this.streams]) {
      if (!which(key, reassembly)) continue;
      this.streams.delete(key);
      const applied = reassembly.stream.flushApplied(true);
      if (applied.text.length === 0) continue;
      const value = reassembly.make(applied.text);
      const head = reassembly.eventName === undefined ? [] : [`event: ${reassembly.eventName}`];
      if (applied.events.length === 0) {
        out.push({ lines: [...head, `data: ${JSON.stringify(value)}`, ''], dataLine: -1, data: undefined });
        continue;
      }
      const serialised = stringifyWithOffsets(value);
      const events: JsonEvent[] = applied.events.map((event) => ({ pointer: reassembly.pointer, inKey: false, ...event }));
      out.push({
        lines: [...head, `data: ${serialised.text}`, ''],
        dataLine: head.length,
        data: { kind: 'json', serialised, masked: value, events },
      });
    }
  }

  private render(out: readonly OutEvent[]): MaskResult<string> {
    let text = '';
    const events: MaskingEvent[] = [];
    for (const event of out) {
      const lineStart =
        this.emitted + text.length + event.lines.slice(0, Math.max(0, event.dataLine)).reduce((sum, line) => sum + line.length + 1, 0);
      const data = event.data;
      if (data?.kind === 'json') {
        for (const e of data.events) {
          const maskedString = e.inKey ? unescapeLast(e.pointer) : stringAt(data.masked, e.pointer);
          const offset = lineStart + 6 + serialisedOffset(data.serialised, e, maskedString);
          events.push({ location: `offset:${offset}`, detector: e.detector, hmac: e.hmac, keyId: e.keyId, replacement: e.replacement });
        }
      } else if (data?.kind === 'text') {
        for (const e of data.applied.events) {
          const newlines = countNewlines(data.applied.text, e.at);
          events.push({
            location: `offset:${lineStart + 6 + e.at + 6 * newlines}`,
            detector: e.detector,
            hmac: e.hmac,
            keyId: e.keyId,
            replacement: e.replacement,
          });
        }
      }
      text += event.lines.join('\n') + '\n';
    }
    this.emitted += text.length;
    return { value: text, events };
  }
}

function countNewlines(text: string, before: number): number {
  let count = 0;
  for (let i = 0; i < before; i++) if (text.charCodeAt(i) === 0x0a) count++;
  return count;
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

export function sseGroupMatches(group: string, ending: readonly string[]): boolean {
  return ending.includes(group) || ending.includes('*');
}
