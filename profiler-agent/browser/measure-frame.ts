/// <reference lib="dom" />
// The script of the measuring frame (GET /agent/measure.html): one fresh realm per batch size,
// like the Node agent's fresh process. It installs the WebAssembly memory capture before
// anything loads onnxruntime-web, says it is ready, measures the one request it gets and answers.
// It runs on the page's thread (not in a worker) so that the page's CPU conditions, DevTools
// CPU throttling included, apply to the measurement as they would to an app's inference.
import { toErrorInfo } from '../errors.ts';
import type { FrameReply, FrameRequest } from './frame-messages.ts';
import { measureBatchInBrowser } from './measure-batch.ts';
import { createOrtWebEntry } from './ort-web.ts';
import { installWasmMemoryCapture } from './wasm-memory.ts';

const memory = installWasmMemoryCapture(WebAssembly);

async function handle(req: FrameRequest): Promise<FrameReply> {
  try {
    const runtime = await createOrtWebEntry(req.ortBaseUrl, req.threads).load();
    const outcome = await measureBatchInBrowser(
      {
        model: new Uint8Array(req.model),
        batch: req.batch,
        runs: req.runs,
        warmup: req.warmup,
        warmupMinMs: req.warmupMinMs,
        sessionOptions: req.sessionOptions,
      },
      runtime,
      memory,
    );
    return { type: 'done', ok: true, ...outcome };
  } catch (e) {
    return { type: 'done', ok: false, error: toErrorInfo(e) };
  }
}

let busy = false;
window.addEventListener('message', (event: MessageEvent<FrameRequest>) => {
  if (
    event.source !== window.parent ||
    event.origin !== location.origin ||
    busy ||
    event.data?.type !== 'measure'
  )
    return;
  busy = true; // one measurement per realm: a second would start above the first one's peak
  void handle(event.data).then((reply) => window.parent.postMessage(reply, location.origin));
});
window.parent.postMessage({ type: 'ready' } satisfies FrameReply, location.origin);
