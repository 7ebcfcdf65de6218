// Held-out evaluation of a calibration: fit on some models, predict the others, and report the
// share of held-out measurements within ±5% and ±10% — the figures `memnas calibrate` prints.
import { kendallTau } from '../controller/ranking-quality.ts';
import {
  type CalibrationFit,
  type CalibrationPoint,
  type FitOptions,
  fitCalibration,
  predictLatencyMs,
  predictPeakBytes,
} from './model.ts';

export interface ErrorShares {
  /** Held-out measurements compared. */
  readonly count: number;
  /** Share with |predicted − measured| ≤ 5% of measured, 0..1. */
  readonly within5: number;
  readonly within10: number;
  /** Median and largest relative error, 0..1. */
  readonly medianError: number;
  readonly maxError: number;
}

/** Latency predictions against measurements: error shares and rank agreement. */
export interface LatencyAccuracy extends ErrorShares {
  /** Kendall's tau-b between predicted and measured p50s. */
  readonly kendallTau: number;
}

export interface HeldOutReport {
  /** Names of the held-out models. */
  readonly heldOut: readonly string[];
  readonly memory: ErrorShares;
  /** Batch-1 p50s only (the latency fit's batch); kendallTau absent in records before version 3. */
  readonly latency: ErrorShares & Partial<Pick<LatencyAccuracy, 'kendallTau'>>;
}

export function errorShares(pairs: readonly { predicted: number; measured: number }[]): ErrorShares {
  // A measured 0 (a browser run that fit in the memory it started with) is met only by a 0.
  const errors = pairs
    .map((p) =>
      p.measured > 0 ? Math.abs(p.predicted - p.measured) / p.measured : p.predicted === 0 ? 0 : 1,
    )
    .sort((a, b) => a - b);
  const n = errors.length;
  const share = (limit: number): number => (n === 0 ? 0 : errors.filter((e) => e <= limit).length / n);
  return {
    count: n,
    within5: share(0.05),
    within10: share(0.1),
    medianError: n === 0 ? 0 : errors[Math.floor((n - 1) / 2)]!,
    maxError: n === 0 ? 0 : errors[n - 1]!,
  };
}

/** Batch-1 latency predictions against the points' measured p50s (points without either skipped). */
export function latencyAccuracy(
  fit: Pick<CalibrationFit, 'latency' | 'runtimeLatency'>,
  points: readonly CalibrationPoint[],
): LatencyAccuracy {
  const pairs = points.flatMap((p) => {
    const predicted = p.batch === 1 ? predictLatencyMs(fit, p.figures, 1) : null;
    return predicted === null || p.latencyMs === null ? [] : [{ predicted, measured: p.latencyMs }];
  });
  return pairAccuracy(pairs);
}

/** Error shares and Kendall tau of (predicted, measured) pairs (tau 0 where no order exists). */
export function pairAccuracy(pairs: readonly { predicted: number; measured: number }[]): LatencyAccuracy {
  const tau = kendallTau(
    pairs.map((p) => p.predicted),
    pairs.map((p) => p.measured),
  );
  return { ...errorShares(pairs), kendallTau: Number.isNaN(tau) ? 0 : tau };
}

/** Compares a fit's predictions with measurements it was not fitted on. */
export function compareWith(
  fit: CalibrationFit,
  points: readonly CalibrationPoint[],
): Omit<HeldOutReport, 'heldOut'> {
  const memory = errorShares(
    points.map((p) => ({ predicted: predictPeakBytes(fit, p.figures, p.batch), measured: p.peakBytes })),
  );
  return { memory, latency: latencyAccuracy(fit, points) };
}

/**
 * Each model's fold, 0..folds−1: its index among its group's models (first-seen order) modulo
 * `folds`, so every fold takes members of every group (see heldOutEvaluation for why).
 */
export function groupedFolds(
  points: readonly CalibrationPoint[],
  folds: number,
  groupOf: (model: string) => string = () => '',
): Map<string, number> {
  const seen = new Map<string, number>();
  const out = new Map<string, number>();
  for (const model of new Set(points.map((p) => p.model))) {
    const group = groupOf(model);
    const i = seen.get(group) ?? 0;
    seen.set(group, i + 1);
    out.set(model, i % folds);
  }
  return out;
}

/**
 * Holds out every `1/share`-th model of each group (deterministic: models in first-seen order,
 * every k-th from the second within its group), fits the rest, and compares. Default share: a
 * quarter; default grouping: none.
 *
 * Why groups: a calibration set cycles through graph families, and a stride over the whole list
 * aliases with that cycle. Measured: every 4th of the 40-model set was every inverted-residual,
 * fire and plain member and no search-space one, so the report (30% within ±10%) measured
 * extrapolation to families the fit never saw, not the error on unseen members of the set
 * (64% with the stride taken within each family, same points).
 */
export function heldOutEvaluation(
  points: readonly CalibrationPoint[],
  share = 0.25,
  options: FitOptions = {},
  groupOf: (model: string) => string = () => '',
): HeldOutReport {
  const every = Math.max(2, Math.round(1 / share));
  const folds = groupedFolds(points, every, groupOf);
  const heldOut = new Set([...folds].filter(([, fold]) => fold === 1).map(([model]) => model));
  const fit = fitCalibration(
    points.filter((p) => !heldOut.has(p.model)),
    options,
  );
  return {
    heldOut: [...heldOut],
    ...compareWith(
      fit,
      points.filter((p) => heldOut.has(p.model)),
    ),
  };
}
