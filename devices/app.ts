// The coordinator's express app: token check first (nothing is parsed for a stranger), then
// JSON bodies, the routes, a JSON 404 and the one error middleware.
import express, { type Express } from 'express';
import type { CoordinatorConfig } from './config.ts';
import { requireToken } from './auth.ts';
import { mountBrowserAgent } from './browser-agent-route.ts';
import { errorMiddleware, notFound } from './errors-middleware.ts';
import { agentRoutes } from './routes/agents.ts';
import { deviceRoutes } from './routes/devices.ts';
import { jobRoutes } from './routes/jobs.ts';
import { modelRoutes } from './routes/models.ts';
import type { AgentService } from './service/agent-service.ts';
import type { JobService } from './service/job-service.ts';

export interface AppParts {
  readonly config: Pick<CoordinatorConfig, 'token' | 'maxJsonBytes' | 'maxModelBytes' | 'log'>;
  readonly agents: AgentService;
  readonly jobs: JobService;
}

export function createApp({ config, agents, jobs }: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requireToken(config.token));
  app.use(express.json({ limit: config.maxJsonBytes }));
  app.use(agentRoutes(agents));
  app.use(modelRoutes(jobs, agents, config.maxModelBytes));
  app.use(jobRoutes(jobs));
  app.use(deviceRoutes(jobs));
  // The browser agent's page and assets: public (auth.ts lets GET /agent/* through).
  mountBrowserAgent(app);
  app.use(notFound);
  app.use(errorMiddleware(config.log));
  return app;
}
