/**
 * Errors with a stable `code`, an HTTP status and a public message kept apart from internal
 * detail. The API's error middleware is the only place that turns them into responses, so a 5xx
 * never reveals more than its public message.
 */

/** Every code the gateway can answer with; clients (extension, CLI) switch on these. */
export type GateErrorCode =
  | 'bad_request'
  | 'invalid_token'
  | 'identity_unavailable'
  | 'forbidden'
  | 'denied_by_policy'
  | 'approval_required'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'store_unavailable'
  | 'masking_failed'
  /** Too many responses wait for masking; retry later (Retry-After). Nothing was passed unmasked. */
  | 'masking_busy'
  /** The gateway holds as many request and response bodies as it may (server.bodyBytesInFlight); retry later (Retry-After). */
  | 'body_budget_busy'
  /** The gateway holds as many masking events waiting for the store as it may (server.eventBytesInFlight); retry later (Retry-After). */
  | 'recording_busy'
  | 'upstream_unreachable'
  | 'upstream_timeout'
  | 'upstream_error'
  | 'upstream_uninspectable'
  | 'shutting_down'
  | 'rate_limited'
  /** The client went away before the upstream answered; recorded, never sent. */
  | 'client_closed'
  // Approvals
  | 'own_request'
  | 'not_an_approver'
  | 'approval_expired'
  | 'approval_closed'
  | 'already_decided'
  | 'nothing_to_revoke'
  | 'too_many_streams'
  | 'internal';

export interface GateErrorOptions {
  /** Internal detail for logs and the audit record; never sent to the caller. */
  readonly detail?: Readonly<Record<string, unknown>>;
  /** Extra public fields for the response body (e.g. the rule id of a denial). */
  readonly publicFields?: Readonly<Record<string, string | number | boolean | null>>;
  readonly cause?: unknown;
  /** Extra response headers (e.g. `WWW-Authenticate`). */
  readonly headers?: Readonly<Record<string, string>>;
}

export class GateError extends Error {
  override readonly name = 'GateError';
  readonly code: GateErrorCode;
  readonly status: number;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly publicFields: Readonly<Record<string, string | number | boolean | null>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: GateErrorCode, status: number, publicMessage: string, options: GateErrorOptions = {}) {
    super(publicMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = status;
    this.detail = options.detail ?? {};
    this.publicFields = options.publicFields ?? {};
    this.headers = options.headers ?? {};
  }
}

/** Wraps anything thrown into a GateError, hiding the original behind a generic 500. */
export function toGateError(error: unknown): GateError {
  if (error instanceof GateError) return error;
  return new GateError('internal', 500, 'The gateway hit an internal error; the request was not completed.', {
    cause: error,
    detail: { message: error instanceof Error ? error.message : String(error) },
  });
}
