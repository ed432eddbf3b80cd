/**
 * Masks a request body before it leaves for an upstream: whatever reaches a runtime or a model
 * provider through the gateway carries no personal data (a Studio task is sent on to a model; a
 * prompt to a provider abroad is an international transfer, LGPD Art. 33). Masking is the
 * default: every string is masked, wherever it sits, except the fields a kind names as its own
 * vocabulary (ids, roles, component providers, tool names), which must stay exact for the API to
 * work. A string that is itself JSON (tool-call arguments) is masked as JSON and written back.
 */
import { performance } from 'node:perf_hooks';
import type { Masker } from '../masking/index.js';
import type { PendingMaskingEvent } from '../recording/sessionRecorder.js';

/** Whether the string at `key` (under `parentKey`) stays exact. */
export type KeepRule = (key: string, parentKey: string | undefined, value: string) => boolean;

export interface MaskingWalk {
  readonly keep: KeepRule;
  /** Keys whose strings are JSON documents in the API. */
  readonly jsonStrings?: ReadonlySet<string>;
  /** Called for every object before its fields (e.g. to refuse what cannot be read); may return it as is. */
  readonly visitObject?: (record: Readonly<Record<string, unknown>>) => 'walk' | 'keep';
}

export interface MaskedRequest {
  readonly body: unknown;
  readonly events: PendingMaskingEvent[];
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `*_id`, `*_ids`, `id`: references to the upstream's own objects, when they look like ids. */
export function isIdField(key: string, value: string): boolean {
  return /(^|_)ids?$/.test(key) && /^[A-Za-z0-9_.:-]{1,128}$/.test(value);
}

/** A string leaf to mask, and where its result goes in the copy. */
interface Leaf {
  readonly text: string;
  readonly pointer: string;
  readonly json: boolean;
  readonly put: (value: string) => void;
}

/** Strings longer than this are masked in slices (the event loop runs between them). */
const LARGE_STRING = 16 * 1024;
/** How long small strings are masked in a row before the event loop gets a turn. */
const SLICE_MS = 3;

/**
 * Masks `body` for an upstream, locating events as `request:POINTER#offset`. A copy of the body
 * is made first, with every string to mask noted; then they are masked, large ones in slices,
 * so a 1 MB prompt does not hold the event loop (other requests keep moving).
 */
export async function maskRequestBody(body: unknown, masker: Masker, walk: MaskingWalk): Promise<MaskedRequest> {
  const leaves: Leaf[] = [];
  const copy = (
    value: unknown,
    pointer: string,
    key: string | undefined,
    parentKey: string | undefined,
    put: (value: unknown) => void,
  ): void => {
    if (typeof value === 'string') {
      if (key !== undefined && walk.keep(key, parentKey, value)) put(value);
      else leaves.push({ text: value, pointer, json: key !== undefined && walk.jsonStrings?.has(key) === true, put });
      return;
    }
    if (Array.isArray(value)) {
      const out: unknown[] = new Array<unknown>(value.length);
      value.forEach((item: unknown, index) => copy(item, `${pointer}/${index}`, key, parentKey, (masked) => (out[index] = masked)));
      put(out);
      return;
    }
    if (value === null || typeof value !== 'object') {
      put(value);
      return;
    }
    const record = value as Record<string, unknown>;
    if (walk.visitObject?.(record) === 'keep') {
      put(record);
      return;
    }
    const out: Record<string, unknown> = {};
    for (const [childKey, child] of Object.entries(record)) {
      copy(child, `${pointer}/${escapePointer(childKey)}`, childKey, key, (masked) => (out[childKey] = masked));
    }
    put(out);
  };
  let result: unknown;
  copy(body, '', undefined, undefined, (value) => (result = value));

  const events: PendingMaskingEvent[] = [];
  const note = (found: readonly PendingMaskingEvent[], pointer: string): void => {
    for (const event of found) events.push({ ...event, location: `request:${pointer}#${event.location}` });
  };
  let sliceStart = performance.now();
  for (const leaf of leaves) {
    const parsed = leaf.json ? jsonDocument(leaf.text) : undefined;
    if (parsed !== undefined) {
      const masked = leaf.text.length > LARGE_STRING ? await masker.maskJsonAsync(parsed) : masker.maskJson(parsed);
      note(masked.events, leaf.pointer);
      leaf.put(JSON.stringify(masked.value));
    } else {
      const masked = leaf.text.length > LARGE_STRING ? await masker.maskTextAsync(leaf.text) : masker.maskText(leaf.text);
      note(masked.events, leaf.pointer);
      leaf.put(masked.value);
    }
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
  return { body: result, events };
}

/** A string that holds a JSON object or array (tool-call arguments), else undefined. */
function jsonDocument(text: string): object | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}
