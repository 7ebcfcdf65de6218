// One measurement at one batch size, run inside a fresh process (child-entry.ts): page the
// runtime in with the trivial model, take the memory baseline, then load the real model (load
// peak), run it once (first latency), warm up (run peak after MEMORY_SETTLE_RUNS), and time the
// runs. The order is the protocol; every agent follows it so results are comparable.
import { readFileSync } from 'node:fs';
import { AgentError } from '../errors.ts';
import type { BatchMeasurement, MemoryMethod, RuntimeDescription, SessionOptions } from '../protocol.ts';
import type { RuntimeRegistry } from '../runtime/registry.ts';
import type { LoadedModel } from '../runtime/types.ts';
import { createMemoryProbe, type MemoryProbe } from './memory-probe.ts';
import { summarizeLatency } from './latency-summary.ts';
import { TRIVIAL_MODEL } from './trivial-model.ts';

export interface MeasureRequest {
  readonly modelPath: string;
  readonly batch: number;
  readonly runs: number;
  readonly warmup: number;
  readonly sessionOptions: SessionOptions;
  /** Registry name or 'auto'. */
  readonly runtime: string;
  /** Use the rss-sampling fallback even where /proc exists (tests the macOS path on Linux). */
  readonly forceRssSampling?: boolean;
}

export interface MeasureOutcome {
  readonly measurement: BatchMeasurement;
  readonly method: MemoryMethod;
  readonly runtime: RuntimeDescription;
}

function readModel(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (cause) {
    throw new AgentError(
      'FILE_NOT_FOUND',
      `cannot read the model file ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`,
      { cause },
    );
  }
}

/**
 * Lets go of JS garbage (the process runs with --expose-gc): before the baseline, and after
 * every run outside the timed region, so the previous run's output tensors are freed and the
 * peak is the runtime's need rather than the garbage collector's timing.
 */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

interface Timings {
  readonly firstMs: number;
  readonly latenciesMs: number[];
  /** CPU time of each timed run (user + system, every thread of this process). */
  readonly cpuTimesMs: number[];
}

/** Shortest warm-up, whatever the run count. */
const WARMUP_MIN_MS = 500;

/**
 * Warm-up runs after which the memory peak is read. The runtime's arena has grown to the model's
 * need by the end of the first run (the memory pattern is off by default; with it on, the planned
 * block comes at the second). Later runs add nothing of the model's, but the process keeps
 * creeping: measured on a 0.3 ms fire module at batch 8, 2.2 MB after 200 runs, 4.1–4.8 MB after
 * 500–1,000, from the JS engine's heap and the binding's per-run allocations. A time-based
 * warm-up runs sub-millisecond models a thousand times and slow ones a few, so reading the peak
 * at its end would charge fast models for how long they were timed.
 */
const MEMORY_SETTLE_RUNS = 4;

interface SequenceOptions {
  readonly batch: number;
  readonly warmup: number;
  readonly runs: number;
  readonly probe?: MemoryProbe;
  readonly warmupMinMs?: number;
  readonly onSettled?: () => void;
  /**
   * Keep collecting garbage after every run once the memory peak was read (the trivial model:
   * its sequence is what the baseline's JS heap is made of, so it stays as it always was). The
   * real model stops there: a forced full collection between timed runs evicted the model's
   * weights and buffers from the caches, so each run was timed cold — 2.4× the steady-state
   * time of a 0.2 ms model, and it moved with what the machine's other processes did to the
   * shared cache (docs/benchmarks.md, "Profile repeatability").
   */
  readonly collectAfterSettled: boolean;
}

/**
 * The timed runs, wall and CPU time of each. process.cpuUsage is read outside the wall-clock
 * interval so its system call is not timed; it counts every thread, the runtime's pool thread
 * included, so CPU time below wall time means the run waited (the core was taken away).
 */
async function timeRuns(run: () => Promise<unknown>, runs: number, collect: boolean) {
  const latenciesMs: number[] = [];
  const cpuTimesMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await run();
    latenciesMs.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    cpuTimesMs.push((cpu.user + cpu.system) / 1000);
    if (collect) collectGarbage();
  }
  return { latenciesMs, cpuTimesMs };
}

/**
 * First run, warm-up, timed runs; the same code for the trivial and the real model. Only the
 * real model warms up for WARMUP_MIN_MS: the trivial one runs before the baseline, and a longer
 * run there would grow the JS heap and hide a small model's own allocations in it.
 */
async function runSequence(model: LoadedModel, o: SequenceOptions): Promise<Timings> {
  const { probe } = o;
  const prepared = model.prepare(o.batch);
  probe?.sample();
  const start = performance.now();
  await prepared.run();
  const firstMs = performance.now() - start;
  probe?.sample();
  collectGarbage();
  let settled = false;
  const settle = (): void => {
    if (!settled) o.onSettled?.();
    settled = true;
  };
  // Warm up for the asked runs and at least WARMUP_MIN_MS: sub-millisecond models otherwise
  // time the CPU's clock ramp and cold caches, and p50 wanders by a third between processes.
  const warmupStart = performance.now();
  for (let i = 0; i < o.warmup || performance.now() - warmupStart < (o.warmupMinMs ?? 0); i++) {
    await prepared.run();
    if (!settled) probe?.sample();
    if (!settled || o.collectAfterSettled) collectGarbage();
    if (i + 1 === MEMORY_SETTLE_RUNS) settle();
  }
  settle();
  const timed = await timeRuns(() => prepared.run(), o.runs, o.collectAfterSettled);
  return { firstMs, ...timed };
}

export async function measureBatch(req: MeasureRequest, registry: RuntimeRegistry): Promise<MeasureOutcome> {
  const runtime = await registry.resolve(req.runtime);
  const bytes = readModel(req.modelPath);

  // Page the runtime in through the very code path the real model takes, as many times, so the
  // JS engine has compiled it before the baseline. The trivial session stays alive: freed, its
  // memory would be reused by the real model and hide part of the real model's cost.
  const trivial = await runtime.load(TRIVIAL_MODEL, req.sessionOptions);
  await runSequence(trivial, { batch: 1, warmup: req.warmup, runs: req.runs, collectAfterSettled: true });
  collectGarbage();

  const probe = createMemoryProbe(req.forceRssSampling ? 'rss-sampling' : undefined);
  const baselineBytes = probe.markBaseline();
  const baselineFileBytes = probe.residentFileBytes();
  const start = performance.now();
  const model = await runtime.load(bytes, req.sessionOptions);
  const loadMs = performance.now() - start;
  probe.sample();
  const loadPeakBytes = Math.max(0, probe.peak() - baselineBytes);
  // The running peak on its own: the load's transient copies are gone by now (or kept, and
  // then they are part of it), and calibration fits the two phases apart.
  probe.restartPeak();
  try {
    let runPeakBytes = 0;
    let fileRiseBytes: number | null = null;
    const { firstMs, latenciesMs, cpuTimesMs } = await runSequence(model, {
      batch: req.batch,
      warmup: req.warmup,
      runs: req.runs,
      probe,
      warmupMinMs: WARMUP_MIN_MS,
      collectAfterSettled: false,
      onSettled: () => {
        runPeakBytes = Math.max(0, probe.peak() - baselineBytes);
        // Read with the peak: file pages stay resident once touched, so their rise by now is
        // their share of the peak (unless the kernel reclaimed some, which only lowers it).
        const fileBytes = probe.residentFileBytes();
        if (fileBytes !== null && baselineFileBytes !== null)
          fileRiseBytes = Math.max(0, fileBytes - baselineFileBytes);
      },
    });
    const peakBytes = Math.max(loadPeakBytes, runPeakBytes);
    // Part of the peak, so never more than it.
    const codeBytes = fileRiseBytes === null ? null : Math.min(fileRiseBytes, peakBytes);
    return {
      measurement: {
        batch: req.batch,
        baselineBytes,
        peakBytes,
        loadPeakBytes,
        runPeakBytes,
        ...(codeBytes === null ? {} : { codeBytes }),
        loadMs,
        latencyMs: summarizeLatency(firstMs, latenciesMs, cpuTimesMs),
        latenciesMs,
        cpuTimesMs,
      },
      method: probe.method,
      runtime: { name: runtime.name, version: runtime.version },
    };
  } finally {
    await model.dispose();
    await trivial.dispose();
  }
}
