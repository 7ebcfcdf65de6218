// The per-device calibration model: measured peak memory and latency as non-negative linear
// combinations of a graph's analytic figures (features.ts), fitted to a device's measurements.
//
// Why this fit: the acceptance criterion is a relative one (±10% of the measured peak), so each
// row is weighted by 1/measured — the fit minimises squared relative error, and a 1 MB model
// counts as much as a 30 MB one. Why non-negative: every term is a physical cost (bytes a runtime
// holds, milliseconds a kernel takes); with ~60 rows and correlated features (best-order peak,
// sum of activations, concat bytes) an unconstrained fit cancels large opposite coefficients that
// extrapolate badly to graphs unlike the calibration set, while NNLS keeps each coefficient
// readable ("the runtime holds 3.1 bytes per conv weight byte") and simply drops features the
// device does not need. Linear, not log, space: the terms add up (fixed + weights + batch ×
// activations), and a log-space fit would make that sum a product.
import type { GraphFigures } from './figures.ts';
import { type Feature, LATENCY_FEATURES, MEMORY_FEATURES, featureRow } from './features.ts';
import { nnls } from './nnls.ts';
import { WASM_INITIAL_BYTES, type WasmGrowth, ladderGrowth, stepMiddle } from './wasm-growth.ts';

export const CALIBRATION_VERSION = 1;

/** One measurement of one model at one batch size. */
export interface CalibrationPoint {
  /** Which model (points of one model share it; held-out splits are by model). */
  readonly model: string;
  readonly figures: GraphFigures;
  readonly batch: number;
  /** Measured peak memory above the runtime's baseline, bytes. */
  readonly peakBytes: number;
  /** Measured warm latency (p50), milliseconds; null when not measured. */
  readonly latencyMs: number | null;
}

export interface LinearModel {
  readonly features: readonly string[];
  readonly coefficients: readonly number[];
}

export interface CalibrationFit {
  readonly version: typeof CALIBRATION_VERSION;
  /** The need in bytes (Node: the measured peak itself; browser: before the growth ladder). */
  readonly memory: LinearModel;
  /** Browser agents ('wasm-memory'): how the need becomes the measured growth; else null. */
  readonly growth: WasmGrowth | null;
  /** null when no point carried a latency. */
  readonly latency: LinearModel | null;
  /** Every point the fit was made from; `refine` adds to them. */
  readonly points: readonly CalibrationPoint[];
}

function fitLinear(
  features: readonly Feature[],
  points: readonly CalibrationPoint[],
  target: (p: CalibrationPoint) => number,
): LinearModel {
  const rows = points.map((p) => featureRow(features, p.figures, p.batch));
  const y = points.map(target);
  const coefficients = nnls(
    rows,
    y,
    y.map((v) => 1 / Math.max(v, 1e-9)),
  );
  return { features: features.map((f) => f.name), coefficients };
}

export interface FitOptions {
  /** The points are WebAssembly memory growths (the browser agent's 'wasm-memory'). */
  readonly wasmGrowth?: boolean;
}

/** Headroom candidates for a browser fit: 0 to the whole initial memory in 1/4 MiB steps. */
const HEADROOMS = Array.from({ length: 65 }, (_, i) => (i * WASM_INITIAL_BYTES) / 64);

function fitGrowth(points: readonly CalibrationPoint[]): { memory: LinearModel; growth: WasmGrowth } {
  const grown = points.filter((p) => p.peakBytes > 0);
  let best: { memory: LinearModel; growth: WasmGrowth; score: number } | undefined;
  for (const headroomBytes of HEADROOMS) {
    const memory = fitLinear(MEMORY_FEATURES, grown, (p) => stepMiddle(p.peakBytes) + headroomBytes);
    const growth = { initialBytes: WASM_INITIAL_BYTES, headroomBytes };
    const candidate = { version: CALIBRATION_VERSION, memory, growth, latency: null, points } as const;
    const score = points.filter((p) => {
      const predicted = predictPeakBytes(candidate, p.figures, p.batch);
      return p.peakBytes === 0 ? predicted === 0 : Math.abs(predicted / p.peakBytes - 1) <= 0.1;
    }).length;
    if (best === undefined || score > best.score) best = { memory, growth, score };
  }
  return { memory: best!.memory, growth: best!.growth };
}

/** Fits memory (and latency, from the points that carry one) to the points. Needs ≥ 1 point. */
export function fitCalibration(
  points: readonly CalibrationPoint[],
  options: FitOptions = {},
): CalibrationFit {
  const usable = points.filter((p) => p.peakBytes > 0);
  const timed = points.filter((p) => p.latencyMs !== null && p.latencyMs > 0);
  const memory =
    options.wasmGrowth === true && usable.length > 0
      ? fitGrowth(points)
      : {
          memory: fitLinear(MEMORY_FEATURES, usable.length > 0 ? usable : points, (p) => p.peakBytes),
          growth: null,
        };
  return {
    version: CALIBRATION_VERSION,
    ...memory,
    latency: timed.length === 0 ? null : fitLinear(LATENCY_FEATURES, timed, (p) => p.latencyMs!),
    points: [...points],
  };
}

/** The fit with one more measurement: refitted on all points (a few ms at these sizes). */
export function refine(fit: CalibrationFit, point: CalibrationPoint): CalibrationFit {
  return fitCalibration([...fit.points, point], { wasmGrowth: fit.growth !== null });
}

function evaluate(model: LinearModel, all: readonly Feature[], f: GraphFigures, batch: number): number {
  const byName = new Map(all.map((x) => [x.name, x]));
  return model.features.reduce((sum, name, i) => {
    const feature = byName.get(name);
    return feature === undefined ? sum : sum + model.coefficients[i]! * feature.value(f, batch);
  }, 0);
}

/**
 * Predicted peak memory above the runtime's baseline, bytes, at `batch`: on Node the VmHWM rise,
 * in a browser the WebAssembly memory's growth (wasm-growth.ts).
 */
export function predictPeakBytes(
  fit: Pick<CalibrationFit, 'memory' | 'growth'>,
  f: GraphFigures,
  batch = 1,
): number {
  const need = evaluate(fit.memory, MEMORY_FEATURES, f, batch);
  if (fit.growth === null || fit.growth === undefined) return Math.max(0, Math.round(need));
  return Math.round(ladderGrowth(need - fit.growth.headroomBytes, fit.growth.initialBytes));
}

/** Predicted warm latency (p50), milliseconds, at `batch`; null when the fit has no latency part. */
export function predictLatencyMs(fit: CalibrationFit, f: GraphFigures, batch = 1): number | null {
  return fit.latency === null ? null : Math.max(0, evaluate(fit.latency, LATENCY_FEATURES, f, batch));
}
