/**
 * The one place errors become responses: GateErrors keep their status and public message; any
 * other error is a 500 that reveals nothing; details go to the log with the request id.
 */
import type { ErrorRequestHandler, Request, Response } from 'express';
import { GateError, toGateError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import type { ErrorResponse } from './wire.js';

export function sendError(req: Request, res: Response, error: GateError): void {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  const body: ErrorResponse = {
    error: { ...error.publicFields, code: error.code, message: error.message, requestId: req.requestId },
  };
  res
    .status(error.status)
    .type('application/json')
    .send(`${JSON.stringify(body)}\n`);
}

/** Turns body-parser and other framework errors into coded client errors. */
function fromFrameworkError(error: unknown): GateError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const type = (error as { type?: unknown }).type;
  if (type === 'entity.parse.failed') return new GateError('bad_request', 400, 'The request body is not valid JSON.');
  if (type === 'entity.too.large') return new GateError('payload_too_large', 413, 'The request body is larger than the gateway accepts.');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return new GateError('unsupported_media_type', 415, 'The request body encoding is not supported.');
  return undefined;
}

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const gateError = fromFrameworkError(error) ?? toGateError(error);
    const level = gateError.status >= 500 ? 'error' : 'info';
    logger[level](
      {
        requestId: req.requestId,
        code: gateError.code,
        status: gateError.status,
        detail: gateError.detail,
        err: gateError.status >= 500 ? (gateError.cause ?? gateError) : undefined,
      },
      'request failed',
    );
    if (res.headersSent) {
      // The response is already streaming: the only honest thing left is to cut it.
      res.destroy();
      return;
    }
    sendError(req, res, gateError);
  };
}
