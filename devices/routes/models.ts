// Model upload (raw .onnx bytes, size-limited, stored by sha256) and download (for agents).
import express, { type RequestHandler, Router } from 'express';
import { HTTP_PATHS } from '../../profiler-agent/protocol-http.ts';
import { MemnasError } from '../../search/errors.ts';
import { declaresMoreThan } from '../json-body.ts';
import { callerOf } from '../auth.ts';
import type { AgentGate } from '../service/agent-gate.ts';
import { requireFleet } from '../service/credentials.ts';
import type { JobService } from '../service/job-service.ts';

/** express.raw with the model limit; its "too large" becomes MODEL_TOO_LARGE (413) naming the limit. */
function modelBody(maxBytes: number): RequestHandler {
  const raw = express.raw({ type: () => true, limit: maxBytes });
  const tooLarge = (): MemnasError =>
    new MemnasError(
      'MODEL_TOO_LARGE',
      `the model is over this coordinator's limit of ${maxBytes} bytes (memnas serve --max-model-bytes)`,
    );
  return (req, res, next) => {
    if (declaresMoreThan(req, res, maxBytes)) {
      next(tooLarge());
      return;
    }
    raw(req, res, (err?: unknown) => {
      if ((err as { type?: unknown } | undefined)?.type === 'entity.too.large') {
        next(tooLarge());
      } else {
        next(err);
      }
    });
  };
}

export function modelRoutes(jobs: JobService, gate: AgentGate, maxModelBytes: number): Router {
  const router = Router();
  // Uploads are the users' (fleet token), checked before a byte of the body is read.
  const fleetOnly: RequestHandler = (_req, res, next) => {
    requireFleet(callerOf(res));
    next();
  };
  router.post(HTTP_PATHS.models, fleetOnly, modelBody(maxModelBytes), (req, res) => {
    if (!Buffer.isBuffer(req.body)) {
      throw new MemnasError(
        'REQUEST_INVALID',
        'send the .onnx file itself as the request body (Content-Type: application/octet-stream)',
      );
    }
    // ?kind=inputs: an evaluate job's input blob (service/evaluate-spec.ts), stored without the ONNX check.
    const stored = req.query.kind === 'inputs' ? jobs.putInputs(req.body) : jobs.putModel(req.body);
    res.status(stored.created ? 201 : 200).json(stored);
  });
  router.get(`${HTTP_PATHS.models}/:sha256`, (req, res) => {
    const bytes = gate.model(req.params.sha256, callerOf(res));
    res.type('application/octet-stream').send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
  return router;
}
