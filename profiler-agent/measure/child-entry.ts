// The script forked once per measurement (run-child.ts). It takes one MeasureRequest over IPC,
// answers with one ChildReply, and exits, so each batch size starts from a fresh high-water mark.
// Runs from TypeScript source under tsx here and as dist/measure/child-entry.js on a device.
import { toErrorInfo } from '../errors.ts';
import { nodeRuntimes } from '../runtime/index.ts';
import type { ChildReply } from './child-reply.ts';
import { measureBatch, type MeasureRequest } from './measure-batch.ts';

async function handle(req: MeasureRequest): Promise<ChildReply> {
  try {
    return { ok: true, ...(await measureBatch(req, nodeRuntimes())) };
  } catch (e) {
    return { ok: false, error: toErrorInfo(e) };
  }
}

if (process.send === undefined) {
  console.error('child-entry is started by the profiler (child_process.fork), not by hand');
  process.exit(2);
}
process.once('message', (req: MeasureRequest) => {
  void handle(req).then((reply) => process.send!(reply, () => process.exit(0)));
});
