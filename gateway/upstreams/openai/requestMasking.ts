/**
 * Masks a model-API request before it leaves for a model provider (LGPD Art. 33: a prompt sent
 * abroad is an international transfer). Masking is the default: every string in the body is
 * masked, wherever it sits and whatever the endpoint (chat, completions, embeddings, responses,
 * assistants and threads, speech, moderations, tool definitions and arguments, `user`,
 * `metadata`), except a short list of fields that are the program's own vocabulary and must stay
 * exact for the API to work (model, role, type, tool and function names, ids, enums). A string
 * that is itself JSON (tool-call arguments) is masked as JSON and written back. Images and audio
 * inside a prompt cannot be read for personal data, so they are refused.
 */
import { GateError } from '../../errors.js';
import type { Masker } from '../../masking/index.js';
import type { PendingMaskingEvent } from '../../recording/sessionRecorder.js';

/** Keys whose string values are never personal data, wherever they appear. */
const KEEP_ANYWHERE = new Set([
  'model',
  'role',
  'type',
  'object',
  'id',
  'status',
  'tool_choice',
  'encoding_format',
  'voice',
  'format',
  'response_format',
  'reasoning_effort',
  'effort',
  'service_tier',
  'truncation',
  'detail',
  'finish_reason',
  'order',
  'after',
  'before',
]);

/** Keys kept only right under a tool or function definition or call (their names are code identifiers). */
const NAME_PARENTS = new Set(['function', 'function_call', 'tools', 'functions', 'tool_calls', 'json_schema', 'named_tool_choice']);

/** `*_id`, `*_ids`: references to the provider's own objects. */
const ID_KEY = /(^|_)ids?$/;

/** Strings that are JSON documents in the API (tool-call arguments). */
const JSON_STRING_KEYS = new Set(['arguments']);

/** Prompt parts the gateway cannot read. */
const UNREADABLE_PARTS = new Set(['image_url', 'input_image', 'input_audio', 'input_file', 'file', 'image_file']);

export interface MaskedModelRequest {
  readonly body: unknown;
  readonly events: PendingMaskingEvent[];
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `passUnreadable`: the upstream opted into raw pass-through (images and audio then go as sent). */
export function maskModelRequest(body: unknown, masker: Masker, passUnreadable = false): MaskedModelRequest {
  const events: PendingMaskingEvent[] = [];
  const maskString = (text: string, pointer: string): string => {
    const masked = masker.maskText(text);
    for (const event of masked.events) events.push({ ...event, location: `request:${pointer}#${event.location}` });
    return masked.value;
  };
  const visit = (value: unknown, pointer: string, key: string | undefined, parentKey: string | undefined): unknown => {
    if (typeof value === 'string') {
      if (key !== undefined && keeps(key, parentKey, value)) return value;
      if (key !== undefined && JSON_STRING_KEYS.has(key)) return maskJsonString(value, pointer);
      return maskString(value, pointer);
    }
    if (Array.isArray(value)) return value.map((item: unknown, index) => visit(item, `${pointer}/${index}`, key, parentKey));
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    const partType = record['type'];
    if (typeof partType === 'string' && UNREADABLE_PARTS.has(partType) && isDataPart(record)) {
      if (passUnreadable) return record;
      throw new GateError(
        'unsupported_media_type',
        415,
        `The request carries a ${partType} part, which the gateway cannot inspect for personal data; send text, or use an upstream configured with uninspectable: passthrough.`,
      );
    }
    const out: Record<string, unknown> = {};
    for (const [childKey, child] of Object.entries(record))
      out[childKey] = visit(child, `${pointer}/${escapePointer(childKey)}`, childKey, key);
    return out;
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
    for (const event of masked.events) events.push({ ...event, location: `request:${pointer}#${event.location}` });
    return JSON.stringify(masked.value);
  };
  return { body: visit(body, '', undefined, undefined), events };
}

function keeps(key: string, parentKey: string | undefined, value: string): boolean {
  if (KEEP_ANYWHERE.has(key)) return true;
  if (ID_KEY.test(key) && /^[A-Za-z0-9_.:-]{1,128}$/.test(value)) return true;
  return key === 'name' && parentKey !== undefined && NAME_PARENTS.has(parentKey);
}

/** An image or audio given inline (base64, a data: URL) or by a URL the provider will fetch. */
function isDataPart(part: Record<string, unknown>): boolean {
  return Object.keys(part).some((key) => key !== 'type');
}
