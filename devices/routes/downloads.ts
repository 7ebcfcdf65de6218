// GET /downloads/memnas-agent.tgz: the agent package a device installs with
// `npm install -g http://HOST:PORT/downloads/memnas-agent.tgz`. Public like the agent page (npm
// sends no token; the package holds no secret, only the agent's code): mounted before the token
// check. Built on first request from this coordinator's own agent and kept in memory after.
import { Router } from 'express';
import { AGENT_TARBALL_NAME, type AgentTarball, agentTarball } from '../agent-package/agent-tarball.ts';

export const DOWNLOADS_PATH = '/downloads';

export interface DownloadOptions {
  /** Where built tarballs are kept (agent-tarball.ts defaultCacheDir when absent). */
  readonly cacheDir?: string;
}

export function downloadRoutes(options: DownloadOptions = {}): Router {
  let built: Promise<AgentTarball> | undefined;
  const tarball = (): Promise<AgentTarball> => {
    built ??= agentTarball(options.cacheDir).catch((e: unknown) => {
      built = undefined; // a fixed cause (npm installed, disk freed) is picked up on the next request
      throw e;
    });
    return built;
  };
  const router = Router();
  router.get(`${DOWNLOADS_PATH}/${AGENT_TARBALL_NAME}`, async (_req, res) => {
    const { bytes, version } = await tarball();
    res.setHeader('Content-Type', 'application/gzip');
    res.setHeader('Content-Length', String(bytes.length));
    res.setHeader('Content-Disposition', `attachment; filename="memnas-agent-${version}.tgz"`);
    // The same URL serves the next version after an upgrade: always revalidate.
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Memnas-Agent-Version', version);
    res.end(bytes);
  });
  return router;
}
