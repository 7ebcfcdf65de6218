// The coordinator's express app: token check first (nothing is parsed for a stranger), then
// JSON bodies (bounded in size and depth), the routes, a JSON 404 and the one error middleware.
import express, { type Express } from 'express';
import { jsonBody } from './json-body.ts';
import type { CoordinatorConfig } from './config.ts';
import { requireToken } from './auth.ts';
import { mountBrowserAgent } from './browser-agent-route.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { errorMiddleware, notFound } from './errors-middleware.ts';
import { agentRoutes } from './routes/agents.ts';
import { deviceRoutes } from './routes/devices.ts';
import { downloadRoutes } from './routes/downloads.ts';
import { jobRoutes } from './routes/jobs.ts';
import { modelRoutes } from './routes/models.ts';
import type { DatabaseWatch } from './db/database-watch.ts';
import type { JoinCodes } from './join/join-codes.ts';
import { joinCodeRoutes, joinRoute } from './routes/join.ts';
import { healthRoutes, refuseWritesWhenUnhealthy } from './routes/health.ts';
import type { AgentGate } from './service/agent-gate.ts';
import type { JobService } from './service/job-service.ts';

export interface AppParts {
  readonly config: Pick<CoordinatorConfig, 'maxJsonBytes' | 'maxModelBytes' | 'log'>;
  readonly gate: AgentGate;
  readonly watch: DatabaseWatch;
  readonly jobs: JobService;
  /** The join codes phones trade for a device credential (routes/join.ts). */
  readonly joinCodes: JoinCodes;
}

export function createApp({ config, gate, jobs, watch, joinCodes }: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  // The dashboard checks its own session cookie (or Bearer token): a page load sends no header.
  app.use(dashboardRoutes({ credentials: gate.credentials, jobs }));
  // The agent package: public, for `npm install -g` on a device that has no token yet.
  app.use(downloadRoutes());
  // A phone joining has only its join code: the route checks that itself, throttled per address.
  app.use(joinRoute(gate, joinCodes));
  app.use(requireToken(gate.credentials));
  app.use(healthRoutes(watch));
  app.use(refuseWritesWhenUnhealthy(watch));
  app.use(jsonBody(config.maxJsonBytes));
  app.use(agentRoutes(gate));
  app.use(modelRoutes(jobs, gate, config.maxModelBytes));
  app.use(jobRoutes(jobs));
  app.use(deviceRoutes(jobs));
  app.use(joinCodeRoutes(joinCodes));
  // The browser agent's page and assets: public (auth.ts lets GET /agent/* through).
  mountBrowserAgent(app);
  app.use(notFound);
  app.use(errorMiddleware(config.log));
  return app;
}
