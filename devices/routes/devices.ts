// The device registry as users see it: every device with its description and liveness.
import { Router } from 'express';
import { HTTP_PATHS } from '../../profiler-agent/protocol-http.ts';
import type { JobService } from '../service/job-service.ts';
import { callerOf } from '../auth.ts';
import { requireFleet } from '../service/credentials.ts';

export function deviceRoutes(jobs: JobService): Router {
  const router = Router();
  router.get(HTTP_PATHS.devices, (_req, res) => {
    requireFleet(callerOf(res));
    res.json(jobs.devices());
  });
  return router;
}
