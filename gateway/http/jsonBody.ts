/**
 * The API's body parser: the same strict reading as the request path (requestBody.ts), so a
 * decision or a reason is parsed exactly as a run's input is: JSON only, UTF-8, no duplicate keys,
 * bounded in size and depth.
 */
import type { RequestHandler } from 'express';
import { readInspectedBody } from './requestBody.js';

export function strictJsonBody(limitBytes: number): RequestHandler {
  return (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      next();
      return;
    }
    readInspectedBody(req, { limitBytes, acceptText: false, acceptRaw: false, accepts: 'JSON (application/json)' }).then(
      (body) => {
        req.body = body.kind === 'json' ? body.value : undefined;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}
