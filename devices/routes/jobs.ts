// Job submission and status for users: POST a job for a device or tag, GET it until it is done.
import { Router } from 'express';
import { HTTP_PATHS } from '../../profiler-agent/protocol-http.ts';
import { MemnasError } from '../../search/errors.ts';
import { parseJobRequest } from '../service/job-request.ts';
import type { JobService } from '../service/job-service.ts';
import type { JobState } from '../store/job-store.ts';

const STATES: readonly JobState[] = ['queued', 'running', 'done', 'failed'];

function stateFilter(value: unknown): JobState | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !STATES.includes(value as JobState)) {
    throw new MemnasError('REQUEST_INVALID', `state must be one of ${STATES.join(', ')}`);
  }
  return value as JobState;
}

export function jobRoutes(jobs: JobService): Router {
  const router = Router();
  router.post(HTTP_PATHS.jobs, (req, res) => {
    res.status(201).json(jobs.submit(parseJobRequest(req.body)));
  });
  router.get(HTTP_PATHS.jobs, (req, res) => {
    res.json(jobs.jobs(stateFilter(req.query.state)));
  });
  router.get(`${HTTP_PATHS.jobs}/:id`, (req, res) => {
    res.json(jobs.job(req.params.id));
  });
  return router;
}
