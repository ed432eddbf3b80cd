/**
 * The one error masking throws. The gateway fails closed on it: the response is refused and the
 * refusal recorded, because returning text the engine could not mask would leak what it guards.
 */
export class MaskingError extends Error {
  override readonly name = 'MaskingError';
  readonly code = 'masking_failed';

  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** Runs `work`, turning anything it throws into a MaskingError (kept as is when it already is one). */
export function failClosed<T>(what: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof MaskingError) throw error;
    throw new MaskingError(`masking failed while ${what}; nothing was returned unmasked`, { cause: error });
  }
}

/** `failClosed` for async work: a rejection is a MaskingError, never partly masked output. */
export async function failClosedAsync<T>(what: string, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // Stopped because its caller went away: no failure of masking, and nothing is returned either.
    if (error instanceof MaskingError || (signal?.aborted === true && error === signal.reason)) throw error;
    throw new MaskingError(`masking failed while ${what}; nothing was returned unmasked`, { cause: error });
  }
}
