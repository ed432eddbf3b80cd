/**
 * Masks a request body before it leaves for an upstream: whatever reaches a runtime or a model
 * provider through the gateway carries no personal data (a Studio task is sent on to a model; a
 * prompt to a provider abroad is an international transfer, LGPD Art. 33). Masking is the
 * default: every string is masked, wherever it sits, except the fields a kind names as its own
 * vocabulary (ids, roles, component providers, tool names), which must stay exact for the API to
 * work. A string that is itself JSON (tool-call arguments) is masked as JSON and written back.
 */
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

/** Masks `body` for an upstream, locating events as `request:POINTER#offset`. */
export function maskRequestBody(body: unknown, masker: Masker, walk: MaskingWalk): MaskedRequest {
  const events: PendingMaskingEvent[] = [];
  const note = (found: readonly PendingMaskingEvent[], pointer: string): void => {
    for (const event of found) events.push({ ...event, location: `request:${pointer}#${event.location}` });
  };
  const maskString = (text: string, pointer: string): string => {
    const masked = masker.maskText(text);
    note(masked.events, pointer);
    return masked.value;
  };
  const maskJsonString = (text: string, pointer: string): string => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return maskString(text, pointer);
    }
    if (typeof parsed !== 'object' || parsed === null) return maskString(text, pointer);
    const masked = masker.maskJson(parsed);
    note(masked.events, pointer);
    return JSON.stringify(masked.value);
  };
  const visit = (value: unknown, pointer: string, key: string | undefined, parentKey: string | undefined): unknown => {
    if (typeof value === 'string') {
      if (key !== undefined && walk.keep(key, parentKey, value)) return value;
      if (key !== undefined && walk.jsonStrings?.has(key)) return maskJsonString(value, pointer);
      return maskString(value, pointer);
    }
    if (Array.isArray(value)) return value.map((item: unknown, index) => visit(item, `${pointer}/${index}`, key, parentKey));
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    if (walk.visitObject?.(record) === 'keep') return record;
    const out: Record<string, unknown> = {};
    for (const [childKey, child] of Object.entries(record))
      out[childKey] = visit(child, `${pointer}/${escapePointer(childKey)}`, childKey, key);
    return out;
  };
  return { body: visit(body, '', undefined, undefined), events };
}
