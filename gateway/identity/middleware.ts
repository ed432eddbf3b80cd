/**
 * Admits only callers with a verified bearer token. A refusal is a 401 with a
 * `WWW-Authenticate` challenge (RFC 6750) that says nothing about why; the reason goes to the
 * audit log. If the issuer's keys cannot be fetched the gateway cannot verify: 503.
 * `authenticate` serves HTTP requests (the middleware) and WebSocket upgrades alike.
 */
import type { RequestHandler } from 'express';
import { GateError } from '../errors.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { recordablePath } from '../pipeline/exchange.js';
import type { RejectionLog } from './rejections.js';
import type { Identity } from './types.js';
import { IdentityUnavailableError, TokenRejectedError, type TokenVerifier } from './verifier.js';

export interface IdentityMiddlewareOptions {
  readonly verifier: TokenVerifier;
  /** Where refusals are recorded (aggregated per client and reason). */
  readonly rejections: RejectionLog;
  readonly metrics: GatewayMetrics;
  /** `realm` of the challenge. */
  readonly realm?: string;
}

/** Where a credential came from, for the audit record of a refusal. */
export interface CredentialContext {
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  /** The client's address; refusals are aggregated per address. */
  readonly ip: string | undefined;
}

const BEARER = /^Bearer\s+([A-Za-z0-9\-._~+/]+=*)\s*$/i;

/** The token of an `Authorization: Bearer …` header; `null` when the header is something else. */
export function bearerToken(header: string | undefined): string | null | undefined {
  if (header === undefined) return undefined;
  return BEARER.exec(header)?.[1] ?? null;
}

/**
 * Verifies a credential. `token` undefined: none was sent; null: one was sent but is not a bearer
 * token. Resolves with the identity, or rejects with the GateError to answer (401/503), after
 * recording why in the audit log.
 */
export async function authenticate(
  options: IdentityMiddlewareOptions,
  token: string | null | undefined,
  context: CredentialContext,
): Promise<Identity> {
  const realm = options.realm ?? 'autogen-gate';
  try {
    if (!token)
      throw new TokenRejectedError(
        token === undefined ? 'missing_token' : 'malformed_token',
        token === undefined ? 'no bearer token' : 'authorization header is not a bearer token',
      );
    return await options.verifier.verify(token);
  } catch (error) {
    if (error instanceof TokenRejectedError) {
      options.metrics.authRejections.inc({ reason: error.reason });
      await options.rejections.record({
        client: context.ip ?? 'unknown',
        reason: error.reason,
        data: {
          requestId: context.requestId,
          detail: error.message,
          issuer: error.issuer ?? null,
          subject: error.subject ?? null,
          method: context.method,
          path: recordablePath(context.path),
        },
      });
      const challenge =
        error.reason === 'missing_token'
          ? `Bearer realm="${realm}"`
          : `Bearer realm="${realm}", error="invalid_token", error_description="The access token is missing, invalid or expired"`;
      throw new GateError('invalid_token', 401, 'Authentication required: send a valid bearer access token from a trusted issuer.', {
        headers: { 'WWW-Authenticate': challenge },
      });
    }
    if (error instanceof IdentityUnavailableError) {
      await options.rejections.record({
        client: context.ip ?? 'unknown',
        reason: 'identity_unavailable',
        data: {
          requestId: context.requestId,
          detail: error.message,
          issuer: error.issuer,
          method: context.method,
          path: recordablePath(context.path),
        },
      });
      throw new GateError(
        'identity_unavailable',
        503,
        'The gateway cannot verify tokens right now (identity provider unreachable); try again shortly.',
        { headers: { 'Retry-After': '5' }, detail: { message: error.message } },
      );
    }
    throw error;
  }
}

export function createIdentity(options: IdentityMiddlewareOptions): RequestHandler {
  return async (req, _res, next) => {
    try {
      req.identity = await authenticate(options, bearerToken(req.headers.authorization), {
        requestId: req.requestId,
        method: req.method,
        path: req.originalUrl.split('?')[0] ?? '',
        ip: req.ip,
      });
      next();
    } catch (error) {
      next(error);
    }
  };
}
