/**
 * What the gateway's middleware learns about a request, attached to express's Request:
 * a request id (echoed as `X-Request-Id`), the start time, and the verified identity.
 */
import type { Identity } from '../identity/types.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by the first middleware: a fresh id, or a sane incoming `X-Request-Id`. */
    requestId: string;
    /** `performance.now()` when the request arrived. */
    startedAt: number;
    /** Set by the identity middleware once the bearer token verified. */
    identity?: Identity;
    /** The policy effect for this request once decided (for metrics). */
    decision?: 'allow' | 'deny' | 'approval';
  }
}

export {};
