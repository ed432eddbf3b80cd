/**
 * Strict JSON parsing (RFC 8259, what JSON.parse accepts) that also says where every string,
 * value or key, sits in the raw text, escapes included. The SSE masker needs it: its events
 * carry the original offset of a masked value in the event stream as received, and a string's
 * decoded characters (`\u00e1`, `\"`) are not where its raw ones are.
 */
import { escapePointer } from './json.js';

/** Where a string's characters are in the raw text. */
export interface StringSpan {
  /** Raw offset just after the opening quote. */
  readonly start: number;
  /** Raw offset of the closing quote. */
  readonly end: number;
  /** Pairs (decoded index, raw offset) after each escape; undefined when the string has none. */
  readonly breaks: readonly number[] | undefined;
}

export interface ParsedJson {
  readonly value: unknown;
  /** Spans of string values by JSON pointer. */
  readonly values: ReadonlyMap<string, StringSpan>;
  /** Spans of keys by the JSON pointer of their member. */
  readonly keys: ReadonlyMap<string, StringSpan>;
}

/** Deeper documents are not parsed here (the caller masks them as text). */
const MAX_DEPTH = 256;

/** Raw offset of the decoded character `index` of a string (index may be its length). */
export function rawOffset(span: StringSpan, index: number): number {
  const breaks = span.breaks;
  if (breaks === undefined) return span.start + index;
  let decoded = 0;
  let raw = span.start;
  for (let k = 0; k < breaks.length && (breaks[k] ?? 0) <= index; k += 2) {
    decoded = breaks[k] ?? 0;
    raw = breaks[k + 1] ?? 0;
  }
  return raw + index - decoded;
}

/**
 * The JSON string whose opening quote is at `quote`: its decoded value, its span, and the offset
 * just after its closing quote; undefined when it is not a strict JSON string.
 */
export function readJsonString(text: string, quote: number): { value: string; span: StringSpan; next: number } | undefined {
  const n = text.length;
  let p = quote + 1;
  const start = p;
  let breaks: number[] | undefined;
  let out = '';
  let last = p;
  for (;;) {
    if (p >= n) return undefined;
    const c = text.charCodeAt(p);
    if (c === 0x22) break;
    if (c < 0x20) return undefined;
    if (c !== 0x5c) {
      p++;
      continue;
    }
    out += text.slice(last, p);
    const e = text.charCodeAt(p + 1);
    let decoded: string;
    let width = 2;
    switch (e) {
      case 0x22:
        decoded = '"';
        break;
      case 0x5c:
        decoded = '\\';
        break;
      case 0x2f:
        decoded = '/';
        break;
      case 0x62:
        decoded = '\b';
        break;
      case 0x66:
        decoded = '\f';
        break;
      case 0x6e:
        decoded = '\n';
        break;
      case 0x72:
        decoded = '\r';
        break;
      case 0x74:
        decoded = '\t';
        break;
      case 0x75: {
        const hex = text.slice(p + 2, p + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
        decoded = String.fromCharCode(parseInt(hex, 16));
        width = 6;
        break;
      }
      default:
        return undefined;
    }
    out += decoded;
    p += width;
    last = p;
    (breaks ??= []).push(out.length, p);
  }
  const value = breaks === undefined ? text.slice(start, p) : out + text.slice(last, p);
  return { value, span: { start, end: p, breaks }, next: p + 1 };
}

class NotJson extends Error {}

/** The parsed value with its string spans, or undefined when `text` is not strict JSON. */
export function parseJsonWithSpans(text: string): ParsedJson | undefined {
  const values = new Map<string, StringSpan>();
  const keys = new Map<string, StringSpan>();
  let p = 0;
  const n = text.length;
  const fail = (): never => {
    throw new NotJson();
  };
  const space = (): void => {
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) p++;
      else break;
    }
  };
  const string = (): { value: string; span: StringSpan } => {
    const read = readJsonString(text, p);
    if (read === undefined) return fail();
    p = read.next;
    return read;
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const value = (pointer: string, depth: number): unknown => {
    if (depth > MAX_DEPTH) fail();
    space();
    const c = text.charCodeAt(p);
    if (c === 0x22) {
      const { value: s, span } = string();
      values.set(pointer, span);
      return s;
    }
    if (c === 0x7b) {
      p++;
      const object: Record<string, unknown> = {};
      space();
      if (text.charCodeAt(p) === 0x7d) {
        p++;
        return object;
      }
      for (;;) {
        space();
        if (text.charCodeAt(p) !== 0x22) fail();
        const { value: key, span } = string();
        const child = `${pointer}/${escapePointer(key)}`;
        keys.set(child, span);
        space();
        if (text.charCodeAt(p) !== 0x3a) fail();
        p++;
        const item = value(child, depth + 1);
        // As JSON.parse: `__proto__` is an own member, never the prototype. Other keys are
        // assigned, which makes the same own property: defineProperty on every member was a
        // fifth of an SSE stream's masking time.
        if (key === '__proto__') Object.defineProperty(object, key, { value: item, enumerable: true, writable: true, configurable: true });
        else object[key] = item;
        space();
        const next = text.charCodeAt(p++);
        if (next === 0x7d) return object;
        if (next !== 0x2c) fail();
      }
    }
    if (c === 0x5b) {
      p++;
      const array: unknown[] = [];
      space();
      if (text.charCodeAt(p) === 0x5d) {
        p++;
        return array;
      }
      for (;;) {
        array.push(value(`${pointer}/${array.length}`, depth + 1));
        space();
        const next = text.charCodeAt(p++);
        if (next === 0x5d) return array;
        if (next !== 0x2c) fail();
      }
    }
    if (text.startsWith('true', p)) {
      p += 4;
      return true;
    }
    if (text.startsWith('false', p)) {
      p += 5;
      return false;
    }
    if (text.startsWith('null', p)) {
      p += 4;
      return null;
    }
    NUMBER.lastIndex = p;
    const m = NUMBER.exec(text);
    if (!m) return fail();
    p += m[0].length;
    return Number(m[0]);
  };
  try {
    const parsed = value('', 0);
    space();
    if (p !== n) return undefined;
    return { value: parsed, values, keys };
  } catch (error) {
    if (error instanceof NotJson || error instanceof RangeError) return undefined;
    throw error;
  }
}
