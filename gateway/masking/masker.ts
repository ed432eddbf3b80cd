/**
 * `createMasker`: the masker of one profile. Every entry point fails closed: an internal error
 * surfaces as a MaskingError, and a stream that failed refuses every later chunk.
 */
import type { MaskingProfileConfig } from './config.js';
import { maskContext, maskWholeText, offsetEvents, TextStream } from './engine.js';
import { MaskingError, failClosed } from './errors.js';
import { maskJsonValue } from './json.js';
import { SseStream } from './sse.js';
import type { Masker, MaskingKeyring, MaskResult, StreamMasker, TextOptions } from './types.js';

export function createMasker(profile: MaskingProfileConfig, keyring: MaskingKeyring): Masker {
  const ctx = maskContext(profile, keyring);
  return {
    maskText(text: string, options?: TextOptions): MaskResult<string> {
      return failClosed('masking text', () => {
        const applied = maskWholeText(ctx, text, options?.syntax);
        return { value: applied.text, events: offsetEvents(applied, 0, 0) };
      });
    },
    maskJson(value: unknown): MaskResult<unknown> {
      return failClosed('masking JSON', () => {
        const masked = maskJsonValue(ctx, value);
        return {
          value: masked.value,
          events: masked.events.map((event) => ({
            location: event.pointer,
            detector: event.detector,
            hmac: event.hmac,
            keyId: event.keyId,
            replacement: event.replacement,
            original: event.original,
          })),
        };
      });
    },
    textStream: (options?: TextOptions) => guarded('masking a text stream', new TextStream(ctx, options?.syntax)),
    sseStream: () => guarded('masking an event stream', new SseStream(ctx)),
  };
}

/** A stream that, once it failed, keeps refusing: half-masked output must not resume. */
function guarded(what: string, inner: StreamMasker): StreamMasker {
  let failed: MaskingError | undefined;
  const run = (work: () => MaskResult<string>): MaskResult<string> => {
    if (failed) throw failed;
    try {
      return failClosed(what, work);
    } catch (error) {
      failed = error instanceof MaskingError ? error : new MaskingError(`masking failed while ${what}`, { cause: error });
      throw failed;
    }
  };
  return {
    push: (chunk) => run(() => inner.push(chunk)),
    end: () => run(() => inner.end()),
  };
}
