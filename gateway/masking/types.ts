/** Public types of the masking engine. */
import type { DetectorId } from './config.js';
import type { TextSyntax } from './text/view.js';

export type { TextSyntax };

/** One masked value, provable later without the value itself. */
export interface MaskingEvent {
  /**
   * Where the replacement is: an RFC 6901 JSON pointer for `maskJson` (into the masked value,
   * so a pointer never carries a masked key in clear), or `offset:N` for text and streams, N
   * being the UTF-16 offset of the replacement in the *masked output* (so
   * `output.slice(N, N + replacement.length) === replacement` holds for the stored body).
   */
  readonly location: string;
  readonly detector: DetectorId;
  /** Hex HMAC-SHA256, under `keyId`, of the value normalised as `normaliseForLookup` does. */
  readonly hmac: string;
  readonly keyId: string;
  readonly replacement: string;
  /** Where the original value was in the text that was masked (UTF-16 code units): for text,
   *  offsets into the input text; for streams, into the whole stream's input; for JSON, into the
   *  original string at `location`'s pointer (a masked key: the key's text). Never the value. */
  readonly original: { readonly offset: number; readonly length: number };
}

export interface MaskResult<T> {
  readonly value: T;
  readonly events: MaskingEvent[];
}

/** Incremental masker: what `push` returns is final; `end` flushes what was held back. */
export interface StreamMasker {
  push(chunk: string): MaskResult<string>;
  end(): MaskResult<string>;
}

export interface TextOptions {
  /**
   * How the text is written (`syntaxOfMediaType(contentType)`): `markup` also reads through
   * inline tags, `form` takes `+` for a space. Default `plain`, which already decodes character
   * references, percent-escapes and backslash escapes.
   */
  readonly syntax?: TextSyntax;
}

export interface AsyncOptions {
  /**
   * Stops the work at its next pause (the caller went away): the promise rejects with the
   * signal's reason and nothing masked or unmasked is returned.
   */
  readonly signal?: AbortSignal | undefined;
}

export interface Masker {
  maskText(text: string, options?: TextOptions): MaskResult<string>;
  maskJson(value: unknown): MaskResult<unknown>;
  /**
   * The same output as `maskText`, for large bodies: the work is done in slices and the event
   * loop runs between them whenever masking has held it for a few milliseconds.
   */
  maskTextAsync(text: string, options?: TextOptions & AsyncOptions): Promise<MaskResult<string>>;
  /** The same output as `maskJson`, yielding to the event loop as `maskTextAsync` does. */
  maskJsonAsync(value: unknown, options?: AsyncOptions): Promise<MaskResult<unknown>>;
  textStream(options?: TextOptions): StreamMasker;
  sseStream(): StreamMasker;
}

export interface KeyedHmac {
  readonly keyId: string;
  readonly hmac: string;
}

export interface MaskingKeyring {
  /** Id of the current key (the first configured). */
  readonly currentKeyId: string;
  /** Every key id, current first. */
  readonly keyIds: readonly string[];
  /** HMAC under the current key of an already-normalised value. */
  hmac(normalisedValue: string): KeyedHmac;
  /** HMAC under every key, current first: data-subject look-ups find events made before a rotation. */
  hmacAll(normalisedValue: string): KeyedHmac[];
}
