// Bearer-token authentication for every endpoint except the public agent page (a phone opens it
// before it has the token) and its join (routes/join.ts, mounted before this: a join code is its
// credential): the token names the caller (service/credentials.ts), kept in
// res.locals for the routes, which decide what that caller may do. Unknown tokens get 401.
import type { RequestHandler, Response } from 'express';
import { HTTP_PATHS } from '../profiler-agent/protocol-http.ts';
import { MemnasError } from '../search/errors.ts';
import type { Caller, Credentials } from './service/credentials.ts';

function isPublic(method: string, path: string): boolean {
  const page = HTTP_PATHS.agentPage;
  return (method === 'GET' || method === 'HEAD') && (path === page || path.startsWith(`${page}/`));
}

export function requireToken(credentials: Pick<Credentials, 'identify'>): RequestHandler {
  return (req, res, next) => {
    if (isPublic(req.method, req.path)) {
      next();
      return;
    }
    const header = req.get('authorization');
    if (header === undefined)
      throw new MemnasError('AUTH_FAILED', 'missing token: send the header Authorization: Bearer <token>');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null)
      throw new MemnasError('AUTH_FAILED', 'the Authorization header must be "Bearer <token>"');
    const caller = credentials.identify(match[1]!);
    if (caller === null) throw new MemnasError('AUTH_FAILED', 'wrong token');
    res.locals.caller = caller;
    next();
  };
}

/** The caller requireToken identified. */
export function callerOf(res: Response): Caller {
  const caller = res.locals.caller as Caller | undefined;
  if (caller === undefined) throw new MemnasError('AUTH_FAILED', 'missing token');
  return caller;
}
