/**
 * Structural JSON masking: a member whose key names personal data (`nome`, `cpf`,
 * `dataNascimento`, a profile's extra keys…) has its whole value masked, every other string
 * goes through the text detectors, and the shape stays: same keys in the same order, same
 * array lengths, same types, except a number under a sensitive key, which becomes the
 * replacement string (a label cannot be a number, and a fake number would pass for data).
 */
import type { DetectorId } from './config.js';
import {
  apply,
  finish,
  maskTextWork,
  replaceValue,
  scansClean,
  SLICE,
  type AppliedEvent,
  type Found,
  type MaskContext,
  type Work,
} from './engine.js';
import { checkedDocument, valueFits } from './text/fit.js';
import { LearntKeys, memoryKeyId, refuses, rememberedFits, teaches } from './text/keyMemory.js';
import { classifyKey, keyWords, placeKey, serverKey, typeWrapperKey, type KeyClass } from './text/keys.js';
import { personsLogin, userKey } from './text/handles.js';
import { validCnpj, validCpf } from './text/validate.js';
import { normaliseView } from './text/view.js';

export interface JsonEvent {
  /** JSON pointer of the member or element (with masked keys). */
  readonly pointer: string;
  /** The same pointer with the original keys (where the value was in the input). */
  readonly source: string;
  /** True when the replacement is inside the member's key rather than its value. */
  readonly inKey: boolean;
  /** Offset of the replacement inside the (masked) string. */
  readonly at: number;
  readonly detector: DetectorId;
  readonly hmac: string;
  readonly keyId: string;
  readonly replacement: string;
  /** The original value's span in the original string (or key). */
  readonly original: { readonly offset: number; readonly length: number };
}

export function escapePointer(segment: string): string {
  // Most keys need no escaping; skip the two replacements for them.
  if (!segment.includes('~') && !segment.includes('/')) return segment;
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Keys whose numeric values are identifiers or amounts, never a CPF: id, order_id, total, timestamp… */
const NUMERIC_NOT_PERSONAL =
  /^(ID|.*ID|IDS|COUNT|TOTAL|AMOUNT|VALOR|PRICE|PRECO|QTD|QUANTIDADE|TIMESTAMP|TS|CREATED|UPDATED|TIME|DURATION|SIZE|BYTES|LENGTH|INDEX|SEQ|VERSION|CODE|STATUS|PORT|PEDIDO|ORDER|NUMEROPEDIDO|PROTOCOLO|NF|NOTA)$/;
const numericKeys = new Map<string, boolean>();

/** Whether an integer under `key` may be a CPF or CNPJ (remembered: streams repeat `index`, `created`…). */
function numericMayBePersonal(key: string): boolean {
  let may = numericKeys.get(key);
  if (may === undefined) {
    if (numericKeys.size > 10_000) numericKeys.clear();
    may = !NUMERIC_NOT_PERSONAL.test(keyWords(key).join(''));
    numericKeys.set(key, may);
  }
  return may;
}

/** The JSON walk as pausable work (see `Work`); `maskJsonValue` runs it through. */
export function maskJsonWork(ctx: MaskContext, value: unknown, step = SLICE): Work<{ value: unknown; events: JsonEvent[] }> {
  return new JsonWalk(ctx, step).run(value);
}

export function maskJsonValue(ctx: MaskContext, value: unknown): { value: unknown; events: JsonEvent[] } {
  return finish(maskJsonWork(ctx, value));
}

/** Members and elements between two pauses of the walk. */
const STEPS_PER_PAUSE = 256;

class JsonWalk {
  private readonly events: JsonEvent[] = [];
  private steps = 0;
  /** Keys that held a kind of personal data earlier in this document (keyMemory.ts), by `memoryKeyId`; no positions, as a walk is in order. */
  private readonly known = new LearntKeys();

  constructor(
    private readonly ctx: MaskContext,
    /** Characters of a long string masked between two pauses. */
    private readonly sliceStep: number,
  ) {}

  *run(value: unknown): Work<{ value: unknown; events: JsonEvent[] }> {
    const masked = yield* this.walk(value, '', '', undefined, undefined);
    return { value: masked, events: this.events };
  }

  /** A pause point, every STEPS_PER_PAUSE members. */
  private *step(): Work<void> {
    if (++this.steps % STEPS_PER_PAUSE === 0) yield;
  }

  private *walk(node: unknown, pointer: string, source: string, key: string | undefined, forced: KeyClass | undefined): Work<unknown> {
    if (typeof node === 'string') return yield* this.string(node, pointer, source, forced, key);
    if (typeof node === 'number') return this.number(node, pointer, source, key, forced);
    if (Array.isArray(node)) {
      // A notebook's output or a list of printed lines: a table's header in one string is the cue for the rows in the next.
      if (!forced && printedLines(node)) {
        const lines = yield* this.lines(node, pointer, source);
        if (lines !== undefined) return lines;
      }
      const out: unknown[] = [];
      for (let index = 0; index < node.length; index++) {
        out.push(yield* this.walk(node[index], `${pointer}/${index}`, `${source}/${index}`, key, forced));
        yield* this.step();
      }
      return out;
    }
    // A role key (`"cliente": {…}`) says who the object is about; its members classify themselves.
    // A type's wrapper (`{"string": "…"}`) keeps the key's class, a role key's too.
    if (node !== null && typeof node === 'object') {
      const members = node as Record<string, unknown>;
      return yield* this.object(members, pointer, source, key, forced?.generic && !typeWrapper(members) ? undefined : forced);
    }
    return node;
  }

  private *string(text: string, pointer: string, source: string, forced: KeyClass | undefined, key: string | undefined): Work<string> {
    const ctx = this.ctx;
    // An organisation's own contact under its key (`"endereco_empresa"`) names no one.
    if (forced?.organisation) return text;
    if (forced) {
      const value = normaliseView(text).text;
      let detector = valueFits(forced, value, true);
      // A person's name under a generic `name` key teaches it (rememberedName).
      if (detector === 'name' && forced.generic && key !== undefined && teaches('name', value)) {
        const id = memoryKeyId(key);
        if (id !== undefined) this.remember(id, 'name');
      }
      detector ??= this.rememberedName(forced, key, value);
      if (detector !== undefined && ctx.strategies.has(detector)) return this.whole(detector, value, text.length, pointer, source);
    }
    if (text.length > SLICE) {
      // A long string (a whole prompt) is masked slice by slice, pausing between slices.
      const masked = yield* maskTextWork(ctx, text, 'plain', (event) => jsonEvent(pointer, source, false, event), this.sliceStep);
      for (const event of masked.events) this.events.push(event);
      return masked.text;
    }
    // A login spelled from a person's name under a user key (`"user": "paulo.henrique"`).
    if ((!forced || forced.generic) && key !== undefined && ctx.strategies.has('name') && userKey(key) && personsLogin(text)) {
      return this.whole('name', text, text.length, pointer, source);
    }
    const id = !forced && key !== undefined ? memoryKeyId(key) : undefined;
    const kind = id === undefined ? undefined : this.known.kindAt(undefined, id, 0);
    if (id !== undefined && kind === undefined && refuses(text)) this.known.refuse(undefined, id, 0);
    if (kind !== undefined) {
      const value = normaliseView(text).text;
      const own = checkedDocument(value.trim(), kind);
      if (own !== undefined && ctx.strategies.has(own)) return this.whole(own, value, text.length, pointer, source);
      if (ctx.strategies.has(kind) && rememberedFits(kind, value.trim())) return this.whole(kind, value, text.length, pointer, source);
    }
    let found = scansClean(ctx, text);
    // A town under `cidade` or `municipio` (Gaspar, Maria Helena) is a place, whatever first name it spells.
    // A server's address under `host` or `upstream` is the system's own.
    const left =
      found === undefined || key === undefined || forced ? undefined : placeKey(key) ? 'name' : serverKey(key) ? 'ip' : undefined;
    if (found !== undefined && left !== undefined) {
      const candidates = found.candidates.filter((candidate) => candidate.detector !== left);
      found = candidates.length > 0 ? { view: found.view, candidates } : undefined;
    }
    if (found === undefined) return text;
    if (id !== undefined && kind === undefined) this.learn(id, found);
    const applied = apply(ctx, text, 0, text.length, found);
    for (const event of applied.events) this.events.push(jsonEvent(pointer, source, false, event));
    return applied.text;
  }

  /**
   * The strings of `node` masked as one text, then cut back at the line breaks that ended them;
   * undefined when masking changed how many there are (a value across two strings), so each is
   * masked on its own.
   */
  private *lines(node: readonly string[], pointer: string, source: string): Work<string[] | undefined> {
    const starts: number[] = [];
    let length = 0;
    for (const line of node) {
      starts.push(length);
      length += line.length;
    }
    const joined = node.join('');
    const masked = yield* maskTextWork(this.ctx, joined, 'plain', (event) => event, this.sliceStep);
    const out: string[] = [];
    const maskedStarts: number[] = [];
    let from = 0;
    for (let k = 0; k < node.length; k++) {
      maskedStarts.push(from);
      if (k === node.length - 1) {
        out.push(masked.text.slice(from));
        break;
      }
      const end = masked.text.indexOf('\n', from);
      if (end < 0) return undefined;
      out.push(masked.text.slice(from, end + 1));
      from = end + 1;
    }
    // Each string must still end where its line did: the same line breaks, in the same strings.
    for (let k = 0; k < node.length; k++) if (countBreaks(out[k] ?? '') !== countBreaks(node[k] ?? '')) return undefined;
    for (const event of masked.events) {
      let k = node.length - 1;
      while (k > 0 && (starts[k] ?? 0) > event.offset) k--;
      this.events.push(
        jsonEvent(`${pointer}/${k}`, `${source}/${k}`, false, {
          ...event,
          offset: event.offset - (starts[k] ?? 0),
          at: event.at - (maskedStarts[k] ?? 0),
        }),
      );
    }
    return out;
  }

  private number(num: number, pointer: string, source: string, key: string | undefined, forced: KeyClass | undefined): unknown {
    const ctx = this.ctx;
    if (!Number.isFinite(num)) return num;
    const text = Number.isInteger(num) ? BigInt(num).toString() : String(num);
    let detector: DetectorId | undefined;
    const id = !forced && key !== undefined ? memoryKeyId(key) : undefined;
    const kind = id === undefined ? undefined : this.known.kindAt(undefined, id, 0);
    if (forced) detector = valueFits(forced, text, true);
    else if (kind !== undefined) detector = checkedDocument(text, kind) ?? (rememberedFits(kind, text) ? kind : undefined);
    else if (Number.isInteger(num) && key !== undefined && numericMayBePersonal(key)) {
      // A bare CPF or CNPJ stored as a number under an unnamed key still has its check digits.
      if (text.length === 11 && validCpf(text)) detector = 'cpf';
      else if (text.length === 14 && validCnpj(text)) detector = 'cnpj';
      if (detector !== undefined && id !== undefined) this.remember(id, detector);
    }
    if (detector === undefined || !ctx.strategies.has(detector)) return num;
    return this.whole(detector, text, text.length, pointer, source);
  }

  /**
   * Under a generic `name` key: learns the key from a person's name (`"name": "Maria Souza"`), or
   * refuses it on a firm's or a place's; once learnt, a rare name of a person's shape is a name
   * under it too. Returns `'name'` for such a value.
   */
  private rememberedName(forced: KeyClass, key: string | undefined, value: string): DetectorId | undefined {
    if (forced.detector !== 'name' || !forced.generic || key === undefined) return undefined;
    const id = memoryKeyId(key);
    if (id === undefined) return undefined;
    if (this.known.kindAt(undefined, id, 0) === 'name') return rememberedFits('name', value.trim()) ? 'name' : undefined;
    if (refuses(value)) this.known.refuse(undefined, id, 0);
    return undefined;
  }

  /** Learns the key `id` when one value the engine's own matchers found fills its string whole. */
  private learn(id: string, found: Found): void {
    const [candidate, more] = found.candidates;
    if (candidate === undefined || more !== undefined) return;
    const text = found.view.text;
    let s = 0;
    let e = text.length;
    while (s < e && text.charCodeAt(s) === 0x20) s++;
    while (e > s && text.charCodeAt(e - 1) === 0x20) e--;
    if (candidate.start === s && candidate.end === e && teaches(candidate.detector, text.slice(s, e)))
      this.remember(id, candidate.detector);
  }

  private remember(id: string, kind: DetectorId): void {
    this.known.learn(undefined, id, kind, 0);
  }

  /** The whole value at `pointer` replaced (its key said what it is); `length`: of the original. */
  private whole(detector: DetectorId, value: string, length: number, pointer: string, source: string): string {
    const { replacement, hmac, keyId } = replaceValue(this.ctx, detector, value);
    this.events.push({ pointer, source, inKey: false, at: 0, detector, hmac, keyId, replacement, original: { offset: 0, length } });
    return replacement;
  }

  private *object(
    node: Record<string, unknown>,
    pointer: string,
    source: string,
    parentKey: string | undefined,
    forced: KeyClass | undefined,
  ): Work<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    const keys = Object.keys(node);
    const classes = keys.map((key) => forced ?? classifyKey(key, parentKey, this.ctx.scan.extraKeys));
    // `{"apelido": {"string": "Mazinho"}}` (Avro, DynamoDB): the wrapped value is its parent key's.
    const wrapped = parentKey !== undefined && typeWrapper(node);
    // numero/complemento/bairro are address parts only beside a street.
    const hasStreet = classes.some((kc) => kc?.detector === 'address');
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index]!;
      let kc = classes[index];
      if (kc?.detector === 'address_part' && !hasStreet && !forced) kc = undefined;
      const child = `${source}/${escapePointer(key)}`;
      const maskedKey = this.key(key, pointer, child, out);
      const item = yield* this.walk(node[key], `${pointer}/${escapePointer(maskedKey)}`, child, wrapped ? parentKey : key, kc);
      // As JSON.parse does: a `__proto__` member is an own property, never the prototype. Other
      // keys are assigned, which makes the same own property far more cheaply than defineProperty.
      if (maskedKey === '__proto__')
        Object.defineProperty(out, maskedKey, { value: item, enumerable: true, writable: true, configurable: true });
      else out[maskedKey] = item;
      yield* this.step();
    }
    return out;
  }

  /** Keys can hold personal data too (a map keyed by e-mail); masked keys that collide get a suffix. */
  private key(key: string, pointer: string, source: string, siblings: Record<string, unknown>): string {
    const found = scansClean(this.ctx, key);
    if (found === undefined) return key;
    const applied = apply(this.ctx, key, 0, key.length, found);
    let masked = applied.text;
    for (let n = 2; Object.prototype.hasOwnProperty.call(siblings, masked); n++) masked = `${applied.text}_${n}`;
    for (const event of applied.events) this.events.push(jsonEvent(`${pointer}/${escapePointer(masked)}`, source, true, event));
    return masked;
  }
}

/** Whether `node` only wraps one value in its type's name (`{"string": "…"}`, `{"S": "…"}`). */
function typeWrapper(node: Record<string, unknown>): boolean {
  let count = 0;
  let first = '';
  for (const key in node) {
    if (++count > 1) return false;
    first = key;
  }
  return count === 1 && typeWrapperKey(first);
}

/** Whether an array is printed lines: two strings or more, each but the last ending its line, none holding another line break. */
function printedLines(node: readonly unknown[]): node is string[] {
  if (node.length < 2 || node.length > 10_000) return false;
  for (let k = 0; k < node.length; k++) {
    const line = node[k];
    if (typeof line !== 'string') return false;
    const breaks = countBreaks(line);
    if (k < node.length - 1 ? breaks !== 1 || !line.endsWith('\n') : breaks > 1 || (breaks === 1 && !line.endsWith('\n'))) return false;
  }
  return true;
}

function countBreaks(text: string): number {
  let count = 0;
  for (let q = text.indexOf('\n'); q >= 0; q = text.indexOf('\n', q + 1)) count++;
  return count;
}

/** A JSON event from a text event inside the string (or key) at `pointer`. */
function jsonEvent(pointer: string, source: string, inKey: boolean, event: AppliedEvent): JsonEvent {
  return {
    pointer,
    source,
    inKey,
    at: event.at,
    detector: event.detector,
    hmac: event.hmac,
    keyId: event.keyId,
    replacement: event.replacement,
    original: { offset: event.offset, length: event.length },
  };
}

/**
 * JSON.stringify's output, also reporting where each string (value or key) starts, so stream
 * events can carry exact offsets into the serialised text.
 */
export function stringifyWithOffsets(value: unknown): { text: string; valueAt: Map<string, number>; keyAt: Map<string, number> } {
  const valueAt = new Map<string, number>();
  const keyAt = new Map<string, number>();
  let text = '';
  const write = (node: unknown, pointer: string): void => {
    if (typeof node === 'string') {
      valueAt.set(pointer, text.length + 1);
      text += JSON.stringify(node);
    } else if (Array.isArray(node)) {
      text += '[';
      node.forEach((item, index) => {
        if (index > 0) text += ',';
        if (item === undefined || typeof item === 'function') text += 'null';
        else write(item, `${pointer}/${index}`);
      });
      text += ']';
    } else if (node !== null && typeof node === 'object') {
      text += '{';
      let first = true;
      for (const [key, item] of Object.entries(node as Record<string, unknown>)) {
        if (item === undefined || typeof item === 'function') continue;
        if (!first) text += ',';
        first = false;
        const child = `${pointer}/${escapePointer(key)}`;
        keyAt.set(child, text.length + 1);
        text += `${JSON.stringify(key)}:`;
        write(item, child);
      }
      text += '}';
    } else {
      text += JSON.stringify(node) ?? 'null';
    }
  };
  write(value, '');
  return { text, valueAt, keyAt };
}

/** Offset, in the serialised JSON, of an event's replacement. */
export function serialisedOffset(serialised: ReturnType<typeof stringifyWithOffsets>, event: JsonEvent, maskedString: string): number {
  const base = (event.inKey ? serialised.keyAt : serialised.valueAt).get(event.pointer) ?? 0;
  return base + JSON.stringify(maskedString.slice(0, event.at)).length - 2;
}
