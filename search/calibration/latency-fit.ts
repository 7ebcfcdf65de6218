// The latency part of a device's calibration: the batch-1 p50 as a non-negative combination of
// per-fused-kernel-class costs (latency-features.ts), fitted to the calibration models' measured
// p50s.
//
// Why relative weights: the targets are relative (±10% of the measured p50, and the rank order),
// so each row is weighted by 1/measured — a 0.2 ms network counts as much as a 20 ms one.
// Why non-negative: every term is a time (per MAC, per byte, per launch); with ~30 terms and ~40
// models, an unconstrained fit trades large opposite coefficients between correlated terms (a
// class's MACs and its bytes) that extrapolate badly. Why a ridge: several classes are rare in a
// calibration set (a global pool per network, a few concatenations), so their terms are barely
// determined; a small ridge on the unit-scaled columns keeps them near zero unless the data ask.
// Why batch 1 only: the budget and the targets are on the batch-1 p50, and larger
// batches run other code paths (blocked GEMM tiles, thread splits) whose costs would pull the
// fit away from batch 1.
import type { GraphFigures } from './figures.ts';
import { type Feature, featureRow } from './features.ts';
import {
  ALL_LATENCY_FEATURES,
  IM2COL_TERMS,
  LATENCY_FEATURES,
  ROWLESS_LATENCY_FEATURES,
  RUNTIME_LATENCY_FEATURES,
  RUNTIME_TERMS,
  hasIm2colRows,
  hasKernelTable,
  hasRuntimeTable,
} from './latency-features.ts';
import { nnls } from './nnls.ts';

/** A latency model: one coefficient (ms per unit) per named LATENCY_FEATURES term. */
export interface LatencyModel {
  readonly features: readonly string[];
  readonly coefficients: readonly number[];
}

/** One measured network: its figures and batch-1 p50. */
export interface LatencySample {
  readonly figures: GraphFigures;
  readonly batch: number;
  readonly latencyMs: number | null;
}

/**
 * The ridge on unit-scaled columns (nnls.ts). Leave-one-out over this machine's 40-model
 * calibrations (Node and browser) moved by at most a point or two from 1e-10 to 1e-2 (browser:
 * 35% within ±10%, tau 0.895–0.903): the data decide the costs; the ridge only keeps the rare
 * classes' terms from taking up noise when a calibration set has one or two of their kernels.
 */
export const LATENCY_RIDGE = 1e-3;

/** The samples the latency fit can use: batch 1, measured, with a fused-kernel table. */
export function latencySamples<T extends LatencySample>(points: readonly T[]): T[] {
  return points.filter(
    (p) => p.batch === 1 && p.latencyMs !== null && p.latencyMs > 0 && hasKernelTable(p.figures),
  );
}

/** The file-level terms for `samples`: the row-less ones when a sample's table counts no im2col rows. */
const fileLevelTerms = (samples: readonly LatencySample[]): readonly Feature[] =>
  samples.every((p) => hasIm2colRows(p.figures)) ? LATENCY_FEATURES : ROWLESS_LATENCY_FEATURES;

/** The fitted model on `terms` (default: the file-level ones), or null when no sample qualifies (latencySamples). */
export function fitLatency(
  points: readonly LatencySample[],
  ridge = LATENCY_RIDGE,
  terms?: readonly Feature[],
): LatencyModel | null {
  const samples = latencySamples(points);
  if (samples.length === 0) return null;
  const features = terms ?? fileLevelTerms(samples);
  const coefficients = nnls(
    samples.map((p) => featureRow(features, p.figures, 1)),
    samples.map((p) => p.latencyMs!),
    samples.map((p) => 1 / p.latencyMs!),
    ridge,
  );
  return { features: features.map((f) => f.name), coefficients };
}

/**
 * The runtime model (RUNTIME_LATENCY_FEATURES), fitted on the samples that carry the runtime's
 * kernel table (a sample without one would read as a graph without reorders; a search's refining
 * measurements have none), or null when no sample does.
 */
export function fitRuntimeLatency(
  points: readonly LatencySample[],
  ridge = LATENCY_RIDGE,
): LatencyModel | null {
  const samples = latencySamples(points).filter((p) => hasRuntimeTable(p.figures));
  return samples.length === 0 ? null : fitLatency(samples, ridge, RUNTIME_LATENCY_FEATURES);
}

/** Terms that only some figures carry, each group with the test that they do. */
const CARRIED_BY: readonly {
  readonly names: ReadonlySet<string>;
  readonly carried: (f: GraphFigures) => boolean;
}[] = [
  { names: new Set(RUNTIME_TERMS.map((t) => t.name)), carried: hasRuntimeTable },
  { names: new Set(IM2COL_TERMS.map((t) => t.name)), carried: hasIm2colRows },
];
const BY_NAME = new Map(ALL_LATENCY_FEATURES.map((x) => [x.name, x]));

/**
 * Predicted p50 in milliseconds at `batch`; null when the figures carry no fused-kernel table
 * (figures made without app/calibrate/kernel-figures.ts), a runtime model's figures no runtime
 * table, a model with im2col terms figures without rows (stored before), or the model names a
 * term this version does not compute.
 */
export function predictLatency(model: LatencyModel, f: GraphFigures, batch = 1): number | null {
  if (!hasKernelTable(f)) return null;
  if (CARRIED_BY.some((g) => !g.carried(f) && model.features.some((n) => g.names.has(n)))) return null;
  let sum = 0;
  for (const [i, name] of model.features.entries()) {
    const feature = BY_NAME.get(name);
    if (feature === undefined) return null;
    sum += model.coefficients[i]! * feature.value(f, batch);
  }
  return Math.max(0, sum);
}

/** Whether a stored latency model names only terms this version computes. */
export function knownLatencyModel(model: unknown): model is LatencyModel {
  if (typeof model !== 'object' || model === null) return false;
  const { features, coefficients } = model as Partial<LatencyModel>;
  const names = new Set(BY_NAME.keys());
  return (
    Array.isArray(features) &&
    Array.isArray(coefficients) &&
    features.length === coefficients.length &&
    features.every((n) => names.has(n))
  );
}
