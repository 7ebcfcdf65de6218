// The browser agent's evaluate jobs (job-runner.ts `Evaluate`): the model loaded with
// onnxruntime-web in the page itself (the page's local ort/ files, the profile's session options),
// the input blob classified by evaluate/classify.ts in batches, with a yield to the event loop
// before every batch so the page keeps painting, heartbeating and hearing its stop signal.
import { Stopped } from '../agent/backoff.ts';
import type { Evaluate } from '../agent/job-runner.ts';
import { classifyBlob, EVALUATE_BATCH } from '../evaluate/classify.ts';
import type { Evaluation } from '../protocol.ts';
import type { FloatTensor, InferenceRuntime, LoadedModel } from '../runtime/types.ts';
import { createOrtWebEntry } from './ort-web.ts';

export interface BrowserEvaluateSettings {
  /** Directory URL of onnxruntime-web's files, ending in '/'. */
  readonly ortBaseUrl: string;
  /** env.wasm.numThreads; the session options' intraOpNumThreads. */
  readonly threads: number;
  /** Samples per inference call; default EVALUATE_BATCH. */
  readonly batch?: number;
  /** Called after each batch with the samples classified so far, e.g. for the page's log. */
  readonly onProgress?: (done: number, total: number) => void;
  /** The runtime to use; default onnxruntime-web from `ortBaseUrl`, loaded on first use. */
  readonly runtime?: () => Promise<InferenceRuntime>;
}

/**
 * One turn of the event loop: a MessageChannel message, not setTimeout(0), which browsers clamp
 * to 4 ms once timers nest (a 10 000-image job would lose 0.4 s to it).
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * The model with a yield, a stop check and a progress call around every inference: classifyBlob
 * stays runtime-agnostic, the page stays responsive. A stop between batches rejects with Stopped.
 */
export function yieldingModel(
  model: LoadedModel,
  signal: AbortSignal | undefined,
  onBatch: (samples: number) => void = () => {},
): LoadedModel {
  return {
    inputs: model.inputs,
    prepare: (batch) => model.prepare(batch),
    dispose: () => model.dispose(),
    async infer(feeds: Readonly<Record<string, FloatTensor>>) {
      await yieldToEventLoop();
      if (signal?.aborted === true) throw new Stopped();
      const outputs = await model.infer(feeds);
      onBatch(Object.values(feeds)[0]?.dims[0] ?? 0);
      return outputs;
    },
  };
}

/** The browser agent's `Evaluate`: classifies in the page with onnxruntime-web. */
export function browserEvaluate(settings: BrowserEvaluateSettings): Evaluate {
  let runtime: Promise<InferenceRuntime> | undefined;
  const load = settings.runtime ?? (() => createOrtWebEntry(settings.ortBaseUrl, settings.threads).load());
  return async (model, blob, input, device, signal): Promise<Evaluation> => {
    runtime ??= load().catch((e: unknown) => {
      runtime = undefined; // a page reload may fix it; try again on the next job
      throw e;
    });
    const loaded = await (await runtime).load(model, device.sessionOptions);
    const total = input.dims[0] ?? 0;
    let done = 0;
    try {
      return await classifyBlob(
        yieldingModel(loaded, signal, (n) => {
          done += n;
          settings.onProgress?.(done, total);
        }),
        blob,
        input,
        settings.batch ?? EVALUATE_BATCH,
      );
    } finally {
      await loaded.dispose();
    }
  };
}
