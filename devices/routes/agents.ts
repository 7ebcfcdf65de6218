// The endpoints agents call over HTTP; each takes one protocol message and answers with one.
import { Router } from 'express';
import { HTTP_PATHS, parsePollRequest } from '../../profiler-agent/protocol-http.ts';
import type { AgentService } from '../service/agent-service.ts';
import { agentMessage, jsonObject } from './body.ts';

export function agentRoutes(agents: AgentService): Router {
  const router = Router();
  router.post(HTTP_PATHS.register, (req, res) => {
    res.json(agents.register(agentMessage(req.body, 'register')));
  });
  router.post(HTTP_PATHS.heartbeat, (req, res) => {
    res.json(agents.heartbeat(agentMessage(req.body, 'heartbeat')));
  });
  router.post(HTTP_PATHS.poll, (req, res) => {
    res.json(agents.poll(parsePollRequest(jsonObject(req.body)), 'url'));
  });
  router.post(HTTP_PATHS.result, (req, res) => {
    res.json(agents.result(agentMessage(req.body, 'result')));
  });
  router.post(HTTP_PATHS.error, (req, res) => {
    res.json(agents.error(agentMessage(req.body, 'error')));
  });
  return router;
}
