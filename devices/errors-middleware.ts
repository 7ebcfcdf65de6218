// The one place an error becomes an HTTP response (hono's errorHandler shape): routes throw typed
// errors, express 5 forwards them (async ones included) here. Unexpected errors are logged with
// their stack once per cause (failure-log.ts) and answered with a generic 500, so the
// coordinator keeps serving.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { MemnasError } from '../search/errors.ts';
import { FailureLog } from './failure-log.ts';
import { toHttpError } from './http-errors.ts';

export function errorMiddleware(log: (line: string) => void): ErrorRequestHandler {
  const failures = new FailureLog(log);
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const { status, body } = toHttpError(err);
    if (status >= 500) failures.record(`${req.method} ${req.path}`, err);
    if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(status).json(body);
  };
}

/** Last route: anything not matched is a 404 in the same `{ code, message }` shape. */
export const notFound: RequestHandler = (req) => {
  throw new MemnasError('NOT_FOUND', `no endpoint ${req.method} ${req.path}`);
};
