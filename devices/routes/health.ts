// GET /api/v1/health for any caller with a token (200 or 503 with what is wrong), and the guard
// that refuses every write request (503 UNAVAILABLE) while the database file is not the one the
// coordinator opened.
import { type RequestHandler, Router } from 'express';
import { HTTP_PATHS } from '../../profiler-agent/protocol-http.ts';
import { MemnasError } from '../../search/errors.ts';
import type { DatabaseWatch } from '../db/database-watch.ts';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function refuseWritesWhenUnhealthy(watch: DatabaseWatch): RequestHandler {
  return (req, _res, next) => {
    if (READS.has(req.method)) {
      next();
      return;
    }
    const state = watch.state();
    if (state !== 'ok') throw new MemnasError('UNAVAILABLE', watch.describe(state));
    next();
  };
}

export function healthRoutes(watch: DatabaseWatch): Router {
  const router = Router();
  router.get(HTTP_PATHS.health, (_req, res) => {
    const state = watch.state();
    res.status(state === 'ok' ? 200 : 503).json({
      status: state === 'ok' ? 'ok' : 'degraded',
      database: state,
      ...(state === 'ok' ? {} : { message: watch.describe(state) }),
    });
  });
  return router;
}
