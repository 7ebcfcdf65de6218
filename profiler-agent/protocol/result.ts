// Schemas of a measurement's ProfileResult and of an evaluate job's inputs and classes
// (protocol.ts holds the documented types derived from them).
import * as z from 'zod/mini';
import { deviceSchema, sessionOptionsSchema } from './device.ts';
import { finite, list, numberWhere, object, oneOf, sha256, str, whole } from './fields.ts';
import { PROTOCOL_VERSION } from './version.ts';

const nonNegative = () => numberWhere((x) => Number.isFinite(x) && x >= 0, 'must be a non-negative number');

export const latencySchema = object({
  first: finite(0),
  /**
   * The latency: with `estimator` 'median-of-block-minimums' (agents since issue 20) the median
   * of the blocks' fastest runs (measure/latency-estimator.ts); without it (older agents) the
   * plain median of the timed runs, which `runsP50` now carries.
   */
  p50: finite(0),
  p90: finite(0),
  p99: finite(0),
  mean: finite(0),
  /** Sample standard deviation (n − 1). */
  std: finite(0),
  /** How p50 was estimated; absent from older agents, whose p50 is the runs' median. */
  estimator: z.exactOptional(oneOf(['median-of-block-minimums'])),
  /** With `estimator`: how many consecutive timed runs each block holds, in run order. */
  blocks: z.exactOptional(list(whole(1))),
  /** With `estimator`: each block's fastest run, milliseconds, in run order. */
  blockMinimaMs: z.exactOptional(list(nonNegative())),
  /** The plain median of all timed runs (what p50 was before the estimator). */
  runsP50: z.exactOptional(finite(0)),
  /**
   * CPU time of the measuring process (user + system, every thread) per timed run, by the same
   * estimator as p50, milliseconds. Beside p50 it tells waiting (wall above CPU: the core was
   * taken away) from slower work (both rise). Absent where no CPU clock exists (browsers).
   */
  cpuP50: z.exactOptional(finite(0)),
  /** Mean CPU time per timed run, milliseconds (absent with cpuP50). */
  cpuMean: z.exactOptional(finite(0)),
}).check(z.refine((l) => l.p50 <= l.p90 && l.p90 <= l.p99, { error: 'must have p50 ≤ p90 ≤ p99' }));

const optionalBytes = () => z.exactOptional(whole(0));

export const batchMeasurementSchema = object({
  batch: whole(1),
  /** Resident bytes when the baseline was taken (runtime paged in, real model not yet loaded). */
  baselineBytes: whole(0),
  /**
   * High-water mark minus baseline over the load, the first inference and the first warm-up runs
   * (measure-batch.ts MEMORY_SETTLE_RUNS says why not later): the larger of loadPeakBytes and
   * runPeakBytes (browser: over every run, as its memory never shrinks).
   */
  peakBytes: whole(0),
  /**
   * The same read right after the model loaded, before any inference: the load's own peak
   * (parsed file, optimised graph, weight copies). Absent from agents before it existed.
   */
  loadPeakBytes: optionalBytes(),
  /**
   * The high-water mark from the end of the load over the first inferences, minus baseline (it
   * includes whatever the load kept). Where the mark cannot be restarted it equals peakBytes.
   */
  runPeakBytes: optionalBytes(),
  /**
   * Browser agent: growth of the WebAssembly memory's reserved size over the whole measurement
   * (it grows in ~20% steps and never shrinks; unwritten pages of it are not resident). Absent
   * on Node.
   */
  reservedPeakBytes: optionalBytes(),
  /**
   * Of the peak, the resident pages mapped from files that the process gained from the baseline
   * to the end of the first runs (Linux: RssFile of /proc/self/status): the code and read-only
   * data of the runtime's kernels this model is the first to use. Unlike the rest they are
   * shared with every process that maps the same library and the kernel can drop them under
   * memory pressure; for a small network they are most of the peak (measured: 0.59–0.92 MB of
   * onnxruntime-node's code on x86-64, for peaks of 0.7–2 MB). Absent where the system does not
   * say (macOS, browsers) and from agents before it existed.
   */
  codeBytes: optionalBytes(),
  loadMs: finite(0),
  latencyMs: latencySchema,
  /** Raw timed-run latencies in run order, milliseconds. */
  latenciesMs: list(numberWhere((x) => x >= 0, 'must be a non-negative number')),
  /**
   * CPU time of each timed run in run order, milliseconds (process.cpuUsage: user + system over
   * every thread of the measuring process). Node agents only; absent from older agents.
   */
  cpuTimesMs: z.exactOptional(list(nonNegative())),
});

export const memoryFitSchema = object({
  fixedBytes: finite(),
  perSampleBytes: finite(),
  /** Coefficient of determination; 1 when the fit passes through every sample. */
  r2: finite(),
  /** Largest |measured − fitted| over the samples. */
  maxResidualBytes: finite(0),
});

export const memoryMethodSchema = oneOf(['vmhwm-reset', 'vmhwm', 'rss-sampling', 'wasm-heap', 'wasm-memory']);

export const evaluationSchema = object({
  samples: whole(0),
  predictions: list(
    numberWhere((x) => Number.isInteger(x) && x >= 0, 'must be a class index (whole number ≥ 0)'),
  ),
  /** Wall-clock milliseconds of all the inference (batches of `batch`), load excluded. */
  inferenceMs: finite(0),
  batch: whole(1),
}).check(
  z.superRefine((e, ctx) => {
    if (e.predictions.length !== e.samples)
      ctx.addIssue({
        code: 'custom',
        path: ['predictions'],
        message: `must hold one class per sample (${e.samples})`,
        input: e.predictions,
      });
  }),
);

/**
 * The process a Node agent measured in (measure/measuring-environment.ts): the environment
 * variables it set for the measuring child and the node flags the child ran with. A deploy
 * bundle's start script is written from it, so the deployed process runs as the measured one.
 */
export const measuringEnvironmentSchema = object({
  /** 'protocol' (the agent's pinned settings) or 'plain' (the defaults). */
  name: oneOf(['protocol', 'plain']),
  env: z.record(str(), str(), { error: 'must be an object' }),
  nodeFlags: list(str()),
});

/** The runtime a result was measured with, as the measuring side names it. */
const resultRuntimeSchema = object({ name: str(), version: str() });

export const profileResultSchema = object({
  protocol: z.literal(PROTOCOL_VERSION, { error: `must be ${PROTOCOL_VERSION}` }),
  modelSha256: sha256(),
  modelBytes: whole(1),
  device: deviceSchema,
  runtime: resultRuntimeSchema,
  sessionOptions: sessionOptionsSchema,
  /** Batch of the top-level loadMs and latencyMs (1 unless the job did not measure batch 1). */
  latencyBatch: whole(1),
  loadMs: finite(0),
  latencyMs: latencySchema,
  /** Peak memory at batch 1: measured when batch 1 was, else the fit's fixed + perSample. */
  peakMemoryBytes: finite(0),
  memory: object({
    method: memoryMethodSchema,
    /** null when fewer than two distinct batch sizes were measured. */
    fixedBytes: z.nullable(finite()),
    perSampleBytes: z.nullable(finite()),
    fit: z.nullable(memoryFitSchema),
    samples: list(object({ batch: whole(1), peakBytes: whole(0) })),
  }),
  runs: whole(1),
  warmup: whole(0),
  /** One entry per batch size, in the order measured, with the raw latencies. */
  batches: list(batchMeasurementSchema).check(
    z.minLength(1, { error: 'must hold at least one measurement' }),
  ),
  /** ISO 8601 time the measurement finished. */
  measuredAt: str(),
  /** Caveats a reader needs (fallback memory method, extrapolated batch-1 peak, …). */
  notes: list(str()),
  /**
   * Node agents: the measuring process's environment variables and node flags. Absent from the
   * browser agent (one environment, the page's) and from agents before it was reported.
   */
  measuringEnvironment: z.exactOptional(measuringEnvironmentSchema),
  /** Present for an evaluate job only: the model's top-1 class of every input sample. */
  evaluation: z.exactOptional(evaluationSchema),
});
