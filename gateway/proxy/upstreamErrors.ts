/**
 * One map from what went wrong talking to an upstream to what the caller sees: unreachable and
 * refused answers are 502, a slow upstream is 504. The body names the upstream, never its
 * internal address or stack.
 */
import { GateError } from '../errors.js';

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'ECONNABORTED',
]);
const TIMEOUT = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'TimeoutError',
]);

/** The upstream answered, but not with something the gateway can use. */
export class UpstreamResponseError extends Error {
  override readonly name = 'UpstreamResponseError';
  readonly code = 'upstream_error';
  constructor(
    message: string,
    readonly upstreamStatus: number | undefined,
  ) {
    super(message);
  }
}

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, name } = current as { code?: unknown; name?: unknown };
    if (typeof code === 'string') codes.push(code);
    if (typeof name === 'string') codes.push(name);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

export function upstreamFailure(upstream: string, error: unknown): GateError {
  if (error instanceof GateError) return error;
  if (error instanceof UpstreamResponseError) {
    return new GateError('upstream_error', 502, `Upstream ${upstream} failed to produce a result.`, {
      cause: error,
      detail: { message: error.message, upstreamStatus: error.upstreamStatus },
      publicFields: { upstream, ...(error.upstreamStatus === undefined ? {} : { upstreamStatus: error.upstreamStatus }) },
    });
  }
  const codes = errorCodes(error);
  const detail = { message: error instanceof Error ? error.message : String(error), codes };
  if (codes.some((code) => TIMEOUT.has(code))) {
    return new GateError('upstream_timeout', 504, `Upstream ${upstream} did not answer in time.`, {
      cause: error,
      detail,
      publicFields: { upstream },
    });
  }
  // Anything else (refused, reset, DNS, TLS, a socket that died) means the upstream is not reachable.
  return new GateError('upstream_unreachable', 502, `Upstream ${upstream} is unreachable.`, {
    cause: error,
    detail: { ...detail, knownNetworkError: codes.some((code) => UNREACHABLE.has(code)) },
    publicFields: { upstream },
  });
}
