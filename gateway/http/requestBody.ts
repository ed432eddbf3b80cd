/**
 * Reads a request body the gateway is about to inspect: the whole body, bounded, strictly
 * decoded. What comes out is what policy, masking and the record see, and what is forwarded
 * (re-serialised), so nothing the gateway did not read can reach an upstream.
 */
import type { IncomingMessage } from 'node:http';
import { GateError } from '../errors.js';
import type { BodyHold } from './bodyBudget.js';
import { syntaxOfMediaType, type TextSyntax } from '../masking/index.js';
import { hasForeignCharset, isJsonMediaType, parseMediaType, type MediaType } from './mediaType.js';
import { decodeUtf8Strict, parseStrictJson, StrictJsonError } from './strictJson.js';

export type InspectedBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'json'; readonly media: MediaType; readonly value: unknown; readonly bytes: number }
  | { readonly kind: 'text'; readonly media: MediaType; readonly text: string; readonly syntax: TextSyntax; readonly bytes: number }
  /** Bytes the gateway cannot read, admitted only where the upstream opted into raw pass-through. */
  | { readonly kind: 'raw'; readonly media: MediaType | undefined; readonly raw: Buffer; readonly bytes: number };

export interface BodyRules {
  readonly limitBytes: number;
  /** Text bodies (text/*, XML, forms) are read and masked as text (generic HTTP upstreams). */
  readonly acceptText: boolean;
  /** Anything else passes as bytes, recorded as metadata only (`uninspectable: passthrough`). */
  readonly acceptRaw: boolean;
  /** What to tell a client whose media type is refused (which types this route takes). */
  readonly accepts: string;
  /** The call's bytes in the budget of bodies in flight: the body holds its size there before it is read. */
  readonly hold?: BodyHold | undefined;
  /** The caller went away: stop waiting for room in the budget. */
  readonly signal?: AbortSignal | undefined;
}

/** True when the request carries a body (RFC 9112 §6.3). */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Reads the raw body, refusing past `limit` bytes (413) before buffering more. Its bytes are held
 * in the budget first: all of a declared length before reading, else chunk by chunk (the socket
 * is not read while a chunk waits for room).
 */
async function readBodyBytes(req: IncomingMessage, rules: BodyRules): Promise<Buffer> {
  const limit = rules.limitBytes;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (Number.isFinite(declared)) await rules.hold?.atLeast(declared, rules.signal);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      req.resume();
      throw tooLarge(limit);
    }
    const room = rules.hold?.atLeast(size, rules.signal);
    if (room) await room;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(limit: number): GateError {
  return new GateError(
    'payload_too_large',
    413,
    `The request body is larger than the ${limit} bytes the gateway accepts (server.bodyLimit).`,
  );
}

function unsupported(message: string): GateError {
  return new GateError('unsupported_media_type', 415, message);
}

const TEXT_ESSENCES = new Set(['application/xml', 'application/x-www-form-urlencoded', 'application/x-ndjson', 'application/yaml']);

function isText(media: MediaType): boolean {
  return media.type === 'text' || TEXT_ESSENCES.has(media.essence) || media.subtype.endsWith('+xml');
}

/** Reads and decodes the body of `req` under `rules`; throws the 400/413/415 to answer. */
export async function readInspectedBody(req: IncomingMessage, rules: BodyRules): Promise<InspectedBody> {
  if (!hasBody(req)) return { kind: 'none' };
  const header = req.headers['content-type'];
  const media = parseMediaType(header);
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding !== 'identity' && encoding !== '') {
    if (!rules.acceptRaw)
      throw unsupported(
        `Request bodies with Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} cannot be inspected; send them uncompressed.`,
      );
  }
  if (media === undefined || (!isJsonMediaType(media) && !(rules.acceptText && isText(media)))) {
    if (rules.acceptRaw) {
      const raw = await readBodyBytes(req, rules);
      return { kind: 'raw', media, raw, bytes: raw.length };
    }
    throw unsupported(
      header === undefined
        ? `The request has a body but no Content-Type; this route takes ${rules.accepts}.`
        : `This route takes ${rules.accepts}, not ${JSON.stringify(header.slice(0, 80))}: the gateway forwards only what it can inspect for personal data.`,
    );
  }
  if (hasForeignCharset(media))
    throw unsupported(`Only UTF-8 bodies are accepted, not charset ${JSON.stringify(media.parameters.get('charset')?.slice(0, 40))}.`);
  if (encoding !== 'identity' && encoding !== '')
    throw unsupported(`Compressed ${media.essence} bodies cannot be inspected; send them uncompressed.`);
  const bytes = await readBodyBytes(req, rules);
  try {
    if (isJsonMediaType(media)) return { kind: 'json', media, value: parseStrictJson(bytes), bytes: bytes.length };
    return { kind: 'text', media, text: decodeUtf8Strict(bytes), syntax: syntaxOfMediaType(media.essence), bytes: bytes.length };
  } catch (error) {
    if (error instanceof StrictJsonError) throw new GateError('bad_request', 400, `The request body was refused: ${error.message}.`);
    throw error;
  }
}
