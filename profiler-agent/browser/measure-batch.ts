// One measurement at one batch size inside a fresh realm (an iframe, measure-frame.ts), in the
// Node agent's order (measure/measure-batch.ts): run the trivial model through the same steps to
// initialise the runtime, take the WebAssembly memory's size as the baseline, then load the
// real model (load time), run it once (first latency), warm up, time the runs, and read the
// memory's growth. Latency is defined exactly as on Node; memory is the 'wasm-memory' method.
import type { BatchMeasurement, RuntimeDescription, SessionOptions } from '../protocol.ts';
import { summarizeLatency } from '../measure/stats.ts';
import { TRIVIAL_MODEL } from '../measure/trivial-model.ts';
import type { InferenceRuntime, LoadedModel } from '../runtime/types.ts';
import type { WasmMemoryCapture } from './wasm-memory.ts';

export interface BrowserMeasureRequest {
  readonly model: Uint8Array;
  readonly batch: number;
  readonly runs: number;
  readonly warmup: number;
  readonly sessionOptions: SessionOptions;
}

export interface BrowserMeasureOutcome {
  readonly measurement: BatchMeasurement;
  readonly runtime: RuntimeDescription;
}

interface Timings {
  readonly firstMs: number;
  readonly latenciesMs: number[];
}

/** First run, warm-up, timed runs; the same code for the trivial and the real model. */
async function runSequence(model: LoadedModel, batch: number, warmup: number, runs: number, sample: () => void): Promise<Timings> {
  const prepared = model.prepare(batch);
  sample();
  let start = performance.now();
  await prepared.run();
  const firstMs = performance.now() - start;
  sample();
  for (let i = 0; i < warmup; i++) {
    await prepared.run();
    sample();
  }
  const latenciesMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    start = performance.now();
    await prepared.run();
    latenciesMs.push(performance.now() - start);
    sample();
  }
  return { firstMs, latenciesMs };
}

export async function measureBatchInBrowser(req: BrowserMeasureRequest, runtime: InferenceRuntime, memory: WasmMemoryCapture): Promise<BrowserMeasureOutcome> {
  // As on Node, the trivial session stays alive so its memory is not handed to the real model.
  const trivial = await runtime.load(TRIVIAL_MODEL, req.sessionOptions);
  await runSequence(trivial, 1, req.warmup, req.runs, () => {});

  const baselineBytes = memory.bytes();
  // The memory only grows, so its size at any moment is the peak so far; sampling after each
  // step still guards against a runtime that replaces its memory with a larger one.
  let high = baselineBytes;
  const sample = (): void => {
    high = Math.max(high, memory.bytes());
  };
  const start = performance.now();
  const model = await runtime.load(req.model, req.sessionOptions);
  const loadMs = performance.now() - start;
  sample();
  try {
    const { firstMs, latenciesMs } = await runSequence(model, req.batch, req.warmup, req.runs, sample);
    return {
      measurement: {
        batch: req.batch,
        baselineBytes,
        peakBytes: high - baselineBytes,
        loadMs,
        latencyMs: summarizeLatency(firstMs, latenciesMs),
        latenciesMs,
      },
      runtime: { name: runtime.name, version: runtime.version },
    };
  } finally {
    await model.dispose();
    await trivial.dispose();
  }
}
