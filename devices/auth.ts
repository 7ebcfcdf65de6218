// Bearer-token authentication for every endpoint except the public agent page (a phone opens it
// before it has the token). The comparison is constant-time over digests of equal length.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HTTP_PATHS } from '../profiler-agent/protocol-http.ts';
import { MemnasError } from '../search/errors.ts';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

function isPublic(method: string, path: string): boolean {
  const page = HTTP_PATHS.agentPage;
  return (method === 'GET' || method === 'HEAD') && (path === page || path.startsWith(`${page}/`));
}

export function requireToken(token: string): RequestHandler {
  const expected = digest(token);
  return (req, _res, next) => {
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
    if (!timingSafeEqual(digest(match[1]!), expected)) throw new MemnasError('AUTH_FAILED', 'wrong token');
    next();
  };
}
