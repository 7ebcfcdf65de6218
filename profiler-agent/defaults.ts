// Documented defaults of a measurement. The coordinator uses the same ones for jobs that do
// not say otherwise, so a local profile and a device profile are comparable out of the box.
import type { JobSpec, SessionOptions } from './protocol.ts';

/**
 * Session options every agent uses unless configured otherwise. One intra-op thread: the
 * result then does not depend on how many cores happen to be idle, and devices with different
 * core counts stay comparable. The CPU arena on (off, every tensor is a malloc and many an mmap:
 * ten times slower here) and the memory pattern off: with it on, the runtime keeps the first
 * run's arena chunks and then reserves one more block for the planned pattern, which measured
 * here 1.7× the peak at batch 8 (44 vs 26 MB for an inverted-residual stack) for the same
 * latency, and a peak that moves in steps rather than with the network (harder to predict).
 * A device can still be configured either way; deploy bundles run with the options measured.
 */
export const DEFAULT_SESSION_OPTIONS: SessionOptions = Object.freeze({
  graphOptimizationLevel: 'all',
  enableCpuMemArena: true,
  enableMemPattern: false,
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
});

/** Batches 1, 8, 32 (three points for the fixed + per-sample fit); 50 timed runs after 5 warm-up. */
export const DEFAULT_JOB: JobSpec = Object.freeze({
  batches: Object.freeze([1, 8, 32]),
  runs: 50,
  warmup: 5,
  timeoutMs: 600_000,
});

/** Warm latency statistics need at least this many timed runs (p99 of 50 runs is still coarse). */
export const MIN_RUNS = 50;

/** Largest model an agent accepts unless configured otherwise. */
export const DEFAULT_MAX_MODEL_BYTES = 256 * 1024 * 1024;
