// The endpoints agents call over HTTP; each takes one protocol message and answers with one.
// Who may send what is the gate's (service/agent-gate.ts) to decide.
import { Router } from 'express';
import { HTTP_PATHS, parsePollRequest } from '../../profiler-agent/protocol-http.ts';
import { callerOf } from '../auth.ts';
import type { AgentGate } from '../service/agent-gate.ts';
import { agentMessage, jsonObject } from './body.ts';

export function agentRoutes(gate: AgentGate): Router {
  const router = Router();
  router.post(HTTP_PATHS.register, (req, res) => {
    res.json(gate.register(agentMessage(req.body, 'register'), callerOf(res)));
  });
  router.post(HTTP_PATHS.heartbeat, (req, res) => {
    res.json(gate.heartbeat(agentMessage(req.body, 'heartbeat'), callerOf(res)));
  });
  router.post(HTTP_PATHS.poll, (req, res) => {
    res.json(gate.poll(parsePollRequest(jsonObject(req.body)), callerOf(res), 'url'));
  });
  router.post(HTTP_PATHS.result, (req, res) => {
    res.json(gate.result(agentMessage(req.body, 'result'), callerOf(res)));
  });
  router.post(HTTP_PATHS.error, (req, res) => {
    res.json(gate.error(agentMessage(req.body, 'error'), callerOf(res)));
  });
  return router;
}
