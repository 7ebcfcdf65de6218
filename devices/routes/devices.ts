// The device registry as users see it: every device with its description and liveness.
import { Router } from 'express';
import { HTTP_PATHS } from '../../profiler-agent/protocol-http.ts';
import type { JobService } from '../service/job-service.ts';

export function deviceRoutes(jobs: JobService): Router {
  const router = Router();
  router.get(HTTP_PATHS.devices, (_req, res) => {
    res.json(jobs.devices());
  });
  return router;
}
