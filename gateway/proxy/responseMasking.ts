/**
 * Masks an upstream HTTP response on its way to the client, by content type: JSON is buffered
 * (up to a limit) and masked structurally; Server-Sent Events and text are masked as they
 * stream, with bounded memory; anything the gateway cannot inspect is refused, never passed.
 * Compressed bodies are decoded first. The caller gets the masked bytes, events and a capped
 * copy of the masked body for the record.
 */
import type { IncomingMessage } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { GateError } from '../errors.js';
import type { BodyHold } from '../http/bodyBudget.js';
import { syntaxOfMediaType, type Masker, type StreamMasker } from '../masking/index.js';
import type { PendingMaskingEvent } from '../recording/sessionRecorder.js';

/** How much of a streamed masked body the session record keeps. */
export const RECORDED_BODY_LIMIT = 1024 * 1024;

export type BodyKind = 'json' | 'sse' | 'text' | 'empty' | 'binary';

export function bodyKindOf(contentType: string | undefined, statusCode: number, method: string): BodyKind {
  if (method === 'HEAD' || statusCode === 204 || statusCode === 304) return 'empty';
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === '') return 'text';
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'text/event-stream') return 'sse';
  if (
    type.startsWith('text/') ||
    type === 'application/x-ndjson' ||
    type === 'application/jsonl' ||
    type === 'application/xml' ||
    type.endsWith('+xml') ||
    type === 'application/yaml' ||
    type === 'application/x-yaml' ||
    type === 'application/javascript' ||
    type === 'application/x-www-form-urlencoded'
  ) {
    return 'text';
  }
  return 'binary';
}

/** The upstream body as a decoded byte stream (gzip, deflate and br undone). */
export function decodedBody(response: IncomingMessage): Readable {
  const encoding = String(response.headers['content-encoding'] ?? 'identity')
    .toLowerCase()
    .trim();
  switch (encoding) {
    case 'identity':
    case '':
      return response;
    case 'gzip':
    case 'x-gzip':
      return response.pipe(createGunzip());
    case 'deflate':
      return response.pipe(createInflate());
    case 'br':
      return response.pipe(createBrotliDecompress());
    default:
      throw new GateError(
        'upstream_uninspectable',
        502,
        `The upstream answered with a content encoding (${encoding}) the gateway cannot inspect, so the response was withheld.`,
      );
  }
}

function offsetEvents(events: ReadonlyArray<PendingMaskingEvent>): PendingMaskingEvent[] {
  // One literal, not `{ ...event, location }`: past a few thousand events the spread gave each
  // copy a hidden class of its own (measured: twice the bytes per event).
  return events.map((event) => ({
    location: `response${event.location.startsWith('/') ? '' : ':'}${event.location}`,
    detector: event.detector,
    hmac: event.hmac,
    keyId: event.keyId,
    replacement: event.replacement,
    original: event.original,
  }));
}

export interface MaskedJson {
  readonly body: string;
  readonly value: unknown;
  readonly events: PendingMaskingEvent[];
}

export interface JsonMaskingOptions {
  /** Drops what the caller may not see before masking (rows of a filtered table). */
  readonly filter?: ((value: unknown) => unknown) | undefined;
  /**
   * Waits for this response's turn to be masked (admission, see MaskingQueue): the body is read
   * first, then decoded, parsed and masked once this resolves.
   */
  readonly turn?: ((bytes: number) => Promise<void>) | undefined;
  /** The caller went away: leave the queue, or stop masking at the next pause. */
  readonly signal?: AbortSignal | undefined;
  /**
   * The call's bytes in the budget of bodies in flight: the body holds `declaredBytes` there before
   * it is read (its Content-Length, when not compressed), and grows its holding as it is read.
   */
  readonly hold?: BodyHold | undefined;
  readonly declaredBytes?: number | undefined;
}

/** Reads a whole JSON body (refusing beyond `limit` bytes), drops what `filter` removes, and masks it. */
export async function maskJsonBody(
  body: Readable,
  masker: Masker | undefined,
  limit: number,
  options: JsonMaskingOptions = {},
): Promise<MaskedJson> {
  // While it waits its turn a response holds only its bytes; it is decoded and parsed in its turn.
  if (options.declaredBytes !== undefined) await options.hold?.atLeast(Math.min(options.declaredBytes, limit), options.signal);
  const raw = { bytes: (await readLimited(body, limit, options)) as Buffer | undefined };
  if (masker && options.turn) await options.turn(raw.bytes?.length ?? 0);
  return maskRawJson(raw, masker, options);
}

async function maskRawJson(
  raw: { bytes: Buffer | undefined },
  masker: Masker | undefined,
  options: JsonMaskingOptions,
): Promise<MaskedJson> {
  const text = raw.bytes?.toString('utf8') ?? '';
  raw.bytes = undefined;
  const parsed = parseJson(text);
  if (parsed === undefined) {
    // Declared JSON that does not parse is still masked, as text.
    if (!masker) return { body: text, value: text, events: [] };
    const masked = await masker.maskTextAsync(text, { signal: options.signal });
    return { body: masked.value, value: masked.value, events: offsetEvents(masked.events) };
  }
  const filter = options.filter;
  const value = filter ? filter(parsed.value) : parsed.value;
  if (!masker) return { body: filter ? JSON.stringify(value) : text, value, events: [] };
  // The text is not needed past here: only the parsed value is kept while it is masked.
  return maskParsed(value, masker, options.signal);
}

async function maskParsed(value: unknown, masker: Masker, signal: AbortSignal | undefined): Promise<MaskedJson> {
  // Large answers are masked in slices, so other requests are not stalled meanwhile.
  const masked = await masker.maskJsonAsync(value, { signal });
  return { body: JSON.stringify(masked.value), value: masked.value, events: offsetEvents(masked.events) };
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

async function readLimited(body: Readable, limit: number, options: JsonMaskingOptions): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    // The upstream is not read while a chunk waits for room.
    const room = size <= limit ? options.hold?.atLeast(size, options.signal) : undefined;
    if (room) await room;
    if (size > limit) {
      body.destroy();
      throw new GateError(
        'upstream_uninspectable',
        502,
        `The upstream response is larger than the ${limit} bytes the gateway masks, so it was withheld.`,
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, size);
}

/** Incremental masking of a text or SSE body: UTF-8 safe across chunk boundaries. */
export class StreamingBodyMasker {
  private readonly decoder = new StringDecoder('utf8');
  private readonly stream: StreamMasker | undefined;
  private recorded = '';
  private truncated = false;
  readonly events: PendingMaskingEvent[] = [];
  bytesIn = 0;
  bytesOut = 0;

  constructor(masker: Masker | undefined, kind: 'sse' | 'text', contentType?: string) {
    this.stream =
      masker === undefined
        ? undefined
        : kind === 'sse'
          ? masker.sseStream()
          : masker.textStream({ syntax: syntaxOfMediaType(contentType) });
  }

  /** Masks one chunk; returns the text safe to send now. */
  push(chunk: Buffer): string {
    this.bytesIn += chunk.length;
    const text = this.decoder.write(chunk);
    return this.emit(this.stream ? this.stream.push(text) : { value: text, events: [] });
  }

  /** Flushes what was held back. */
  end(): string {
    const tail = this.decoder.end();
    if (!this.stream) return this.emit({ value: tail, events: [] });
    const pushed = tail === '' ? '' : this.emit(this.stream.push(tail));
    return pushed + this.emit(this.stream.end());
  }

  /** Hands over the events gathered so far (a long stream records them as it goes). */
  takeEvents(): PendingMaskingEvent[] {
    return this.events.splice(0, this.events.length);
  }

  /** The masked body as recorded (capped). */
  recordedBody(): { body: string; truncated: boolean } {
    return { body: this.recorded, truncated: this.truncated };
  }

  private emit(result: { value: string; events: ReadonlyArray<PendingMaskingEvent> }): string {
    this.events.push(...offsetEvents(result.events));
    this.bytesOut += Buffer.byteLength(result.value);
    if (!this.truncated) {
      const room = RECORDED_BODY_LIMIT - this.recorded.length;
      if (result.value.length > room) {
        this.recorded += result.value.slice(0, room);
        this.truncated = true;
      } else {
        this.recorded += result.value;
      }
    }
    return result.value;
  }
}
