/**
 * What stays exact in a model-API request (LGPD Art. 33: a prompt sent abroad is an
 * international transfer, so everything else is masked, on every endpoint: chat, completions,
 * embeddings, responses, assistants and threads, speech, moderations, tool definitions and
 * arguments, `user`, `metadata`): model, role, type, ids, enums, and the names of tools and
 * functions. Images and audio inside a prompt cannot be read for personal data, so they are
 * refused.
 */
import { GateError } from '../../errors.js';
import type { Masker } from '../../masking/index.js';
import { isIdField, maskRequestBody, type MaskedRequest } from '../requestMasking.js';

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

/** Strings that are JSON documents in the API (tool-call arguments). */
const JSON_STRING_KEYS = new Set(['arguments']);

/** Prompt parts the gateway cannot read. */
const UNREADABLE_PARTS = new Set(['image_url', 'input_image', 'input_audio', 'input_file', 'file', 'image_file']);

/** `passUnreadable`: the upstream opted into raw pass-through (images and audio then go as sent). */
export function maskModelRequest(body: unknown, masker: Masker, passUnreadable = false): Promise<MaskedRequest> {
  return maskRequestBody(body, masker, {
    keep,
    jsonStrings: JSON_STRING_KEYS,
    visitObject: (record) => {
      const partType = record['type'];
      if (typeof partType !== 'string' || !UNREADABLE_PARTS.has(partType) || !isDataPart(record)) return 'walk';
      if (passUnreadable) return 'keep';
      throw new GateError(
        'unsupported_media_type',
        415,
        `The request carries a ${partType} part, which the gateway cannot inspect for personal data; send text, or use an upstream configured with uninspectable: passthrough.`,
      );
    },
  });
}

function keep(key: string, parentKey: string | undefined, value: string): boolean {
  if (KEEP_ANYWHERE.has(key) || isIdField(key, value)) return true;
  return key === 'name' && parentKey !== undefined && NAME_PARENTS.has(parentKey);
}

/** An image or audio given inline (base64, a data: URL) or by a URL the provider will fetch. */
function isDataPart(part: Readonly<Record<string, unknown>>): boolean {
  return Object.keys(part).some((key) => key !== 'type');
}
