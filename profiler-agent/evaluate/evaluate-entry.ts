// The script forked for one evaluation (run-evaluate.ts): it takes the model, the input blob and
// its layout over IPC, loads the runtime, classifies every sample, answers once and exits, so the
// runtime's memory never stays in the agent's (or the CLI's) own process.
import { isAgentError, toErrorInfo } from '../errors.ts';
import { nodeRuntimes } from '../runtime/index.ts';
import { classifyBlob } from './classify.ts';
import type { EvaluateReply, EvaluateRequest } from './run-evaluate.ts';

async function handle(req: EvaluateRequest): Promise<EvaluateReply> {
  try {
    const runtime = await nodeRuntimes().resolve(req.runtime);
    const model = await runtime.load(req.model, req.sessionOptions);
    try {
      return { ok: true, evaluation: await classifyBlob(model, req.blob, req.layout, req.batch) };
    } finally {
      await model.dispose();
    }
  } catch (e) {
    return { ok: false, error: isAgentError(e) ? e.toInfo() : toErrorInfo(e) };
  }
}

if (process.send === undefined) {
  console.error('evaluate-entry is started by the agent (child_process.fork), not by hand');
  process.exit(2);
}
process.once('message', (req: EvaluateRequest) => {
  void handle(req).then((reply) => process.send!(reply, () => process.exit(0)));
});
