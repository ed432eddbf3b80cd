/**
 * Express middleware that admits only callers with a verified bearer token. A refusal is a 401
 * with a `WWW-Authenticate` challenge (RFC 6750) that says nothing about why; the reason goes to
 * the audit log. If the issuer's keys cannot be fetched the gateway cannot verify: 503.
 */
import type { RequestHandler } from 'express';
import { GateError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { Store } from '../store/types.js';
import { IdentityUnavailableError, TokenRejectedError, type TokenVerifier } from './verifier.js';

export interface IdentityMiddlewareOptions {
  readonly verifier: TokenVerifier;
  readonly store: Store;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  /** `realm` of the challenge. */
  readonly realm?: string;
}

const BEARER = /^Bearer\s+([A-Za-z0-9\-._~+/]+=*)\s*$/i;

export function createIdentity(options: IdentityMiddlewareOptions): RequestHandler {
  const realm = options.realm ?? 'autogen-gate';
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    const match = header === undefined ? null : BEARER.exec(header);
    try {
      if (!match?.[1]) {
        throw new TokenRejectedError(header === undefined ? 'missing_token' : 'malformed_token', header === undefined ? 'no bearer token' : 'authorization header is not a bearer token');
      }
      req.identity = await options.verifier.verify(match[1]);
      next();
    } catch (error) {
      if (error instanceof TokenRejectedError) {
        options.metrics.authRejections.inc({ reason: error.reason });
        await recordRejection(options, req.requestId, {
          reason: error.reason,
          detail: error.message,
          issuer: error.issuer ?? null,
          subject: error.subject ?? null,
          method: req.method,
          path: req.originalUrl.split('?')[0] ?? '',
          ip: req.ip ?? null,
        });
        const challenge =
          error.reason === 'missing_token'
            ? `Bearer realm="${realm}"`
            : `Bearer realm="${realm}", error="invalid_token", error_description="The access token is missing, invalid or expired"`;
        next(new GateError('invalid_token', 401, 'Authentication required: send a valid bearer access token from a trusted issuer.', { headers: { 'WWW-Authenticate': challenge } }));
        return;
      }
      if (error instanceof IdentityUnavailableError) {
        await recordRejection(options, req.requestId, { reason: 'identity_unavailable', detail: error.message, issuer: error.issuer, method: req.method, path: req.originalUrl.split('?')[0] ?? '' });
        next(new GateError('identity_unavailable', 503, 'The gateway cannot verify tokens right now (identity provider unreachable); try again shortly.', { headers: { 'Retry-After': '5' }, detail: { message: error.message } }));
        return;
      }
      next(error);
    }
  };
}

async function recordRejection(options: IdentityMiddlewareOptions, requestId: string, data: Record<string, unknown>): Promise<void> {
  try {
    await options.store.transact((tx) => tx.appendAudit({ type: 'auth.rejected', actor: 'anonymous', data: { ...data, requestId } }));
  } catch (error) {
    // The request is refused either way; losing the record of a refusal is logged loudly.
    options.logger.error({ requestId, err: error }, 'could not record an authentication refusal in the audit log');
  }
}
