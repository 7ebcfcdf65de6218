// Job submission and status for users: POST a job for a device or tag, GET it until it is done,
// DELETE it to cancel it.
import { Router } from 'express';
import { HTTP_PATHS } from '../../profiler-agent/protocol-http.ts';
import { MemnasError } from '../../search/errors.ts';
import { parseJobRequest } from '../service/job-request.ts';
import { DEFAULT_PAGE, type JobService, MAX_PAGE } from '../service/job-service.ts';
import { callerOf } from '../auth.ts';
import { requireFleet } from '../service/credentials.ts';
import type { JobState } from '../store/job-store.ts';

const STATES: readonly JobState[] = ['queued', 'running', 'done', 'failed'];

function stateFilter(value: unknown): JobState | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !STATES.includes(value as JobState)) {
    throw new MemnasError('REQUEST_INVALID', `state must be one of ${STATES.join(', ')}`);
  }
  return value as JobState;
}

function pageLimit(value: unknown): number {
  if (value === undefined) return DEFAULT_PAGE;
  const n = typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= MAX_PAGE))
    throw new MemnasError('REQUEST_INVALID', `limit must be a whole number 1–${MAX_PAGE}`);
  return n;
}

function cursor(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '' || value.length > 100)
    throw new MemnasError(
      'REQUEST_INVALID',
      'before must be the id of a job (the last one of the previous page)',
    );
  return value;
}

export function jobRoutes(jobs: JobService): Router {
  const router = Router();
  // Submitting, reading and cancelling jobs is the users' (fleet token), never a device's.
  router.use(HTTP_PATHS.jobs, (_req, res, next) => {
    requireFleet(callerOf(res));
    next();
  });
  router.post(HTTP_PATHS.jobs, (req, res) => {
    res.status(201).json(jobs.submit(parseJobRequest(req.body)));
  });
  router.get(HTTP_PATHS.jobs, (req, res) => {
    const state = stateFilter(req.query.state);
    const limit = pageLimit(req.query.limit);
    const before = cursor(req.query.before);
    const page = jobs.jobs({
      limit,
      ...(state === undefined ? {} : { state }),
      ...(before === undefined ? {} : { before }),
    });
    // The body stays the array it always was; the next page is a Link header (RFC 8288).
    if (page.next !== null) {
      const q = new URLSearchParams({
        ...(state === undefined ? {} : { state }),
        limit: String(limit),
        before: page.next,
      });
      res.setHeader('Link', `<${HTTP_PATHS.jobs}?${q.toString()}>; rel="next"`);
    }
    res.json(page.jobs);
  });
  router.get(`${HTTP_PATHS.jobs}/:id`, (req, res) => {
    res.json(jobs.job(req.params.id));
  });
  router.delete(`${HTTP_PATHS.jobs}/:id`, (req, res) => {
    res.json(jobs.cancel(req.params.id));
  });
  return router;
}
