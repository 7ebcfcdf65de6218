// One measurement at one batch size inside a fresh realm (an iframe, measure-frame.ts), in the
// Node agent's order (measure/measure-batch.ts): run the trivial model through the same steps to
// initialise the runtime, take the WebAssembly heap's high-water mark as the baseline, then load
// the real model (load time), run it once (first latency), warm up, time the runs, and read how
// far the high-water mark rose. Latency is defined as on Node (p50 by the same estimator,
// measure/latency-estimator.ts; no CPU time: a page has no CPU clock), with a longer minimum
// warm-up (WARMUP_MIN_MS, for the browser's optimizing compiler); memory is 'wasm-heap'
// (wasm-memory.ts says why the highest written byte and not the memory's size).
import type { BatchMeasurement, RuntimeDescription, SessionOptions } from '../protocol.ts';
import { summarizeLatency } from '../measure/latency-summary.ts';
import { TRIVIAL_MODEL } from '../measure/trivial-model.ts';
import type { InferenceRuntime, LoadedModel } from '../runtime/types.ts';
import type { WasmMemoryCapture } from './wasm-memory.ts';

export interface BrowserMeasureRequest {
  readonly model: Uint8Array;
  readonly batch: number;
  readonly runs: number;
  readonly warmup: number;
  readonly sessionOptions: SessionOptions;
  /** Warm-up lasts at least this long as well as `warmup` runs (default WARMUP_MIN_MS). */
  readonly warmupMinMs?: number;
}

/**
 * The least warm-up time. A browser compiles WebAssembly twice: quickly at load (V8's Liftoff),
 * then the hot functions again, optimized, on background threads (TurboFan). Until that lands,
 * runs are 2–3× slower (measured here: ~7 ms → ~2.6 ms per run of a small MobileNetV2 at batch
 * 16), so a warm-up counted in runs alone can end before the code an app would run in steady
 * state exists. The drift check in assemble.ts reports it when even this was not enough.
 */
export const WARMUP_MIN_MS = 1_000;

export interface BrowserMeasureOutcome {
  readonly measurement: BatchMeasurement;
  readonly runtime: RuntimeDescription;
}

interface Timings {
  readonly firstMs: number;
  readonly latenciesMs: number[];
}

/**
 * Lets queued tasks run (the page's heartbeat timer above all): ort-web's run() resolves through
 * microtasks, so a loop of runs would otherwise hold the page's only thread for the whole
 * measurement, and a slow (or throttled) device would look dead to the coordinator.
 */
function yieldToTasks(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(0);
  });
}

/** First run, warm-up, timed runs; the same code for the trivial and the real model. */
async function runSequence(
  model: LoadedModel,
  batch: number,
  warmup: number,
  warmupMinMs: number,
  runs: number,
  sample: () => void,
): Promise<Timings> {
  const prepared = model.prepare(batch);
  sample();
  let start = performance.now();
  await prepared.run();
  const firstMs = performance.now() - start;
  sample();
  const warmupStart = performance.now();
  for (let i = 0; i < warmup || performance.now() - warmupStart < warmupMinMs; i++) {
    await yieldToTasks();
    await prepared.run();
    sample();
  }
  const latenciesMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    await yieldToTasks();
    start = performance.now();
    await prepared.run();
    latenciesMs.push(performance.now() - start);
    sample();
  }
  return { firstMs, latenciesMs };
}

export async function measureBatchInBrowser(
  req: BrowserMeasureRequest,
  runtime: InferenceRuntime,
  memory: WasmMemoryCapture,
): Promise<BrowserMeasureOutcome> {
  // As on Node, the trivial session stays alive so its memory is not handed to the real model.
  const trivial = await runtime.load(TRIVIAL_MODEL, req.sessionOptions);
  await runSequence(trivial, 1, req.warmup, 0, req.runs, () => {});

  // The high-water mark is read between steps only (a scan costs milliseconds); it never falls,
  // so the read after the last run covers every run. The reserved size is sampled after every
  // step as well: it only grows, but a runtime could replace its memory with a larger one.
  const baselineBytes = memory.touchedBytes();
  const reservedBaseline = memory.bytes();
  let reserved = reservedBaseline;
  const sample = (): void => {
    reserved = Math.max(reserved, memory.bytes());
  };
  const start = performance.now();
  const model = await runtime.load(req.model, req.sessionOptions);
  const loadMs = performance.now() - start;
  sample();
  const loadPeakBytes = Math.max(0, memory.touchedBytes() - baselineBytes);
  try {
    const { firstMs, latenciesMs } = await runSequence(
      model,
      req.batch,
      req.warmup,
      req.warmupMinMs ?? WARMUP_MIN_MS,
      req.runs,
      sample,
    );
    // A written byte stays written: the run's mark includes the load's and cannot be restarted.
    const peakBytes = Math.max(loadPeakBytes, memory.touchedBytes() - baselineBytes);
    return {
      measurement: {
        batch: req.batch,
        baselineBytes,
        peakBytes,
        loadPeakBytes,
        runPeakBytes: peakBytes,
        reservedPeakBytes: reserved - reservedBaseline,
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
