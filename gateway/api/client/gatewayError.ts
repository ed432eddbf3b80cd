/**
 * What went wrong talking to the gateway, with the gateway's own error `code` (errors.ts of the
 * gateway: `denied_by_policy`, `invalid_token`, …) or one of the client's (`gateway_unreachable`,
 * `timeout`, `cancelled`, `bad_response`), the HTTP status and the request id to quote in a
 * support request. The message is the gateway's public message: safe to show.
 */

/** Codes the client itself produces; the gateway's codes pass through as strings. */
export type ClientErrorCode = 'gateway_unreachable' | 'timeout' | 'cancelled' | 'bad_response';

export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  constructor(
    /** The gateway's error code, or a {@link ClientErrorCode}. */
    readonly code: string,
    message: string,
    /** HTTP status; 0 when no response arrived. */
    readonly status: number,
    readonly requestId: string | undefined,
    /** Extra public fields of the error body (`ruleId`, `runId`, …). */
    readonly details: Readonly<Record<string, string | number | boolean | null | undefined>> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  get ruleId(): string | undefined {
    const value = this.details['ruleId'];
    return typeof value === 'string' ? value : undefined;
  }

  /** Seconds the gateway asked us to wait before retrying (`Retry-After`). */
  get retryAfterSeconds(): number | undefined {
    const value = this.details['retryAfter'];
    return typeof value === 'number' ? value : undefined;
  }
}

export function isGatewayError(error: unknown, ...codes: string[]): error is GatewayError {
  return error instanceof GatewayError && (codes.length === 0 || codes.includes(error.code));
}
