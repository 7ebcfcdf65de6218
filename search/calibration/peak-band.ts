// The range a calibrated peak-memory prediction is likely to fall in, learned from the
// calibration itself: each model's peak is predicted by a fit that did not see it (grouped
// cross-validation, every fold holding out members of every family), and the band is the central
// share of those measured ÷ predicted ratios.
//
// Why: on onnxruntime-node the point prediction is within ±10% for about four in five networks
// it was not fitted on, and the misses are small networks whose peak is mostly what the session
// leaves on the C heap after loading — a quantity that follows the allocator's state more than
// the graph (README, "Calibration"). A user deciding whether a model fits a device needs to know
// how far the figure can be off on that device; a budget checked against the band's upper end
// holds for nine models in ten. Measured here: the 4-fold band of a 40-model calibration was
// 0.85–1.27× the prediction and held 16 of 16 test networks at batch 1 and 7 of 7 torchvision
// exports.
import { groupedFolds } from './held-out.ts';
import { type CalibrationPoint, type FitOptions, fitCalibration, predictPeakBytes } from './model.ts';

export interface PeakBand {
  /** measured ÷ predicted at the low end of the band. */
  readonly lowRatio: number;
  /** measured ÷ predicted at the high end of the band. */
  readonly highRatio: number;
  /** Share of the cross-validated predictions inside the band, 0..1 (0.9: 5th to 95th percentile). */
  readonly coverage: number;
  /** Cross-validated predictions the band was drawn from. */
  readonly count: number;
  /** Folds of the cross-validation. */
  readonly folds: number;
}

export const BAND_COVERAGE = 0.9;
/** Four folds: each fit sees three quarters of the set, as the held-out report's does. */
export const BAND_FOLDS = 4;
/** Below this many cross-validated predictions a 5th percentile is one point's noise: no band. */
export const MIN_BAND_PREDICTIONS = 10;

/** The q-quantile (0..1) of ascending `sorted`, interpolated between neighbours. */
function quantile(sorted: readonly number[], q: number): number {
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/**
 * The band of `points` by grouped k-fold cross-validation, or null when there are too few
 * predictions (or models) for one. Points measured or predicted at 0 (a browser run that stayed in
 * the memory it started with) have no ratio and are left out.
 */
export function peakBand(
  points: readonly CalibrationPoint[],
  options: FitOptions = {},
  groupOf: (model: string) => string = () => '',
  folds = BAND_FOLDS,
  coverage = BAND_COVERAGE,
): PeakBand | null {
  const foldOf = groupedFolds(points, folds, groupOf);
  if (new Set(foldOf.values()).size < 2) return null;
  const ratios: number[] = [];
  for (let k = 0; k < folds; k++) {
    const held = points.filter((p) => foldOf.get(p.model) === k);
    const kept = points.filter((p) => foldOf.get(p.model) !== k);
    if (held.length === 0 || kept.length === 0) continue;
    const fit = fitCalibration(kept, options);
    for (const p of held) {
      const predicted = predictPeakBytes(fit, p.figures, p.batch);
      if (predicted > 0 && p.peakBytes > 0) ratios.push(p.peakBytes / predicted);
    }
  }
  if (ratios.length < MIN_BAND_PREDICTIONS) return null;
  ratios.sort((a, b) => a - b);
  const tail = (1 - coverage) / 2;
  return {
    lowRatio: quantile(ratios, tail),
    highRatio: quantile(ratios, 1 - tail),
    coverage,
    count: ratios.length,
    folds,
  };
}

/** Whether a measured peak lies in the band around its prediction. */
export function withinBand(predictedBytes: number, measuredBytes: number, band: PeakBand): boolean {
  const { lowBytes, highBytes } = peakRange(predictedBytes, band);
  return measuredBytes >= lowBytes && measuredBytes <= highBytes;
}

/** The band around one prediction, in bytes. */
export function peakRange(predictedBytes: number, band: PeakBand): { lowBytes: number; highBytes: number } {
  return {
    lowBytes: Math.round(predictedBytes * band.lowRatio),
    highBytes: Math.round(predictedBytes * band.highRatio),
  };
}
