/**
 * `createMasker`: the masker of one profile. Every entry point fails closed: an internal error
 * surfaces as a MaskingError, and a stream that failed refuses every later chunk.
 */
import type { MaskingProfileConfig } from './config.js';
import { ASYNC_STEP, finish, finishAsync, maskContext, maskTextWork, textEvent, TextStream, type AppliedEvent } from './engine.js';
import { MaskingError, failClosed, failClosedAsync } from './errors.js';
import { maskJsonWork, type JsonEvent } from './json.js';
import { SseStream } from './sse.js';
import type { Masker, MaskingEvent, MaskingKeyring, MaskResult, StreamMasker, TextOptions } from './types.js';

export function createMasker(profile: MaskingProfileConfig, keyring: MaskingKeyring): Masker {
  const ctx = maskContext(profile, keyring);
  return {
    maskText: (text, options) =>
      failClosed('masking text', () => textResult(finish(maskTextWork(ctx, text, options?.syntax ?? 'plain', asEvent)))),
    maskJson: (value) => failClosed('masking JSON', () => jsonResult(finish(maskJsonWork(ctx, value)))),
    maskTextAsync: (text, options) =>
      failClosedAsync(
        'masking text',
        async () =>
          textResult(await finishAsync(maskTextWork(ctx, text, options?.syntax ?? 'plain', asEvent, ASYNC_STEP), options?.signal)),
        options?.signal,
      ),
    maskJsonAsync: (value, options) =>
      failClosedAsync(
        'masking JSON',
        async () => jsonResult(await finishAsync(maskJsonWork(ctx, value, ASYNC_STEP), options?.signal)),
        options?.signal,
      ),
    textStream: (options?: TextOptions) => guarded('masking a text stream', new TextStream(ctx, options?.syntax)),
    sseStream: () => guarded('masking an event stream', new SseStream(ctx)),
  };
}

const asEvent = (event: AppliedEvent): MaskingEvent => textEvent(event);

function textResult(masked: { text: string; events: MaskingEvent[] }): MaskResult<string> {
  return { value: masked.text, events: masked.events };
}

function jsonResult(masked: { value: unknown; events: JsonEvent[] }): MaskResult<unknown> {
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
