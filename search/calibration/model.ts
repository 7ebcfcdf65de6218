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
//
// Why two parts: the high-water mark is reached either while the runtime loads the model (file,
// initializers and their blocked or packed copies at once: 3–4× the weight bytes, whatever the
// batch) or while it runs a batch (the kept weights plus activations). A weight-heavy network's
// peak does not grow from batch 1 to 8, a light one's grows with the batch; one sum fits neither
// well. So the peak is max(load, run), each part linear and non-negative, fitted by alternating:
// assign each point to the larger part, refit each part on its points (max-affine regression).
import type { GraphFigures } from './figures.ts';
import { type Feature, LOAD_FEATURES, MEMORY_FEATURES, featureRow } from './features.ts';
import { fitLatency, fitRuntimeLatency, type LatencyModel, predictLatency } from './latency-fit.ts';
import { hasRuntimeTable } from './latency-features.ts';
import { nnls } from './nnls.ts';
import { WASM_INITIAL_BYTES, type WasmGrowth, ladderGrowth, stepMiddle } from './wasm-growth.ts';

/**
 * Changes when stored fits stop meaning what they meant. 2: the Node agent measures with glibc's
 * mmap threshold at one page (profiler-agent/measure/run-child.ts), so a version-1 fit predicts
 * peaks of a protocol no agent follows any more. 3: latency is fitted per fused-kernel class
 * (latency-fit.ts) on figures that carry the fused-kernel table; a version-2 record's memory fit
 * still holds and loads (app/calibrate/store.ts), its latency part does not.
 */
export const CALIBRATION_VERSION = 3;

/** One measurement of one model at one batch size. */
export interface CalibrationPoint {
  /** Which model (points of one model share it; held-out splits are by model). */
  readonly model: string;
  readonly figures: GraphFigures;
  readonly batch: number;
  /** Measured peak memory above the runtime's baseline, bytes. */
  readonly peakBytes: number;
  /**
   * The peak while loading and the peak while running, when the agent measured them apart
   * (peakBytes is the larger): the memory model then fits each part on its own measurement
   * instead of guessing which part each peak came from.
   */
  readonly loadPeakBytes?: number;
  readonly runPeakBytes?: number;
  /** Measured warm latency (p50), milliseconds; null when not measured. */
  readonly latencyMs: number | null;
}

export interface LinearModel {
  readonly features: readonly string[];
  readonly coefficients: readonly number[];
}

export interface CalibrationFit {
  readonly version: typeof CALIBRATION_VERSION;
  /**
   * The need in bytes while running (Node: the measured peak itself; browser: before the growth
   * ladder); the prediction is the larger of this and `load`.
   */
  readonly memory: LinearModel;
  /**
   * The need in bytes while loading (LOAD_FEATURES); null when no point was load-bound (absent in
   * records written before it existed: those predict from `memory` alone).
   */
  readonly load?: LinearModel | null;
  /** Browser agents ('wasm-memory'): how the need becomes the measured growth; else null. */
  readonly growth: WasmGrowth | null;
  /**
   * The points' run peaks include their load peaks (FitOptions.runIncludesLoad; 'wasm-heap'
   * agents): kept so that `refine` fits new points the same way. Absent means false.
   */
  readonly runIncludesLoad?: boolean;
  /**
   * The batch-1 p50 per fused-kernel class (latency-fit.ts); null when no batch-1 point carried a
   * latency and a fused-kernel table (an emulated device's calibration, whose timings are not
   * fitted).
   */
  readonly latency: LatencyModel | null;
  /**
   * The same p50 with the runtime's own kernels as well (latency-fit.ts fitRuntimeLatency): fitted
   * when every timed point carries the device runtime's kernel table, which this machine computes
   * only for a device whose runtime it reproduces (app/calibrate/runtime-kernels.ts). Predictions
   * use it for figures that carry that table. Absent in records written before it existed.
   */
  readonly runtimeLatency?: LatencyModel | null;
  /** Every point the fit was made from; `refine` adds to them. */
  readonly points: readonly CalibrationPoint[];
}

function fitLinear(
  features: readonly Feature[],
  points: readonly CalibrationPoint[],
  target: (p: CalibrationPoint) => number,
  scale: (p: CalibrationPoint) => number = target,
): LinearModel {
  const rows = points.map((p) => featureRow(features, p.figures, p.batch));
  const y = points.map(target);
  const coefficients = nnls(
    rows,
    y,
    points.map((p) => 1 / Math.max(scale(p), 1e-9)),
  );
  return { features: features.map((f) => f.name), coefficients };
}

/** Alternations of the max(load, run) fit; it settles in a few on calibration sets. */
const MAX_ROUNDS = 20;
/** A model whose largest-batch peak is within this of its smallest-batch one starts load-bound. */
const FLAT_SHARE = 0.05;

/** Features both parts name (one shared coefficient) and each part's own. */
interface FeatureSplit {
  readonly shared: readonly Feature[];
  readonly sharedNames: readonly string[];
  readonly loadOwn: readonly Feature[];
  readonly runOwn: readonly Feature[];
}

function featureSplit(): FeatureSplit {
  const runNames = MEMORY_FEATURES.map((f) => f.name);
  const shared = LOAD_FEATURES.filter((f) => runNames.includes(f.name));
  const loadOwn = LOAD_FEATURES.filter((f) => !runNames.includes(f.name));
  const sharedNames = shared.map((f) => f.name);
  const runOwn = MEMORY_FEATURES.filter((f) => !sharedNames.includes(f.name));
  return { shared, sharedNames, loadOwn, runOwn };
}

/**
 * Starting assignments: the models whose peak barely moves from their smallest to their largest
 * batch are load-bound; in a second start, so is every multi-batch model's smallest.
 */
function startingAssignments(
  points: readonly CalibrationPoint[],
  target: (p: CalibrationPoint) => number,
): boolean[][] {
  const byModel = new Map<string, CalibrationPoint[]>();
  for (const p of points) byModel.set(p.model, [...(byModel.get(p.model) ?? []), p]);
  const lowest = new Map<string, CalibrationPoint>();
  const flat = new Set<string>();
  for (const [model, ps] of byModel) {
    const sorted = [...ps].sort((a, b) => a.batch - b.batch);
    const [low, high] = [sorted[0]!, sorted.at(-1)!];
    if (high.batch === low.batch) continue;
    lowest.set(model, low);
    if (target(high) <= (1 + FLAT_SHARE) * target(low)) flat.add(model);
  }
  return [
    points.map((p) => flat.has(p.model)),
    points.map((p) => flat.has(p.model) || lowest.get(p.model) === p),
  ];
}

interface SplitRow {
  readonly shared: number[];
  readonly load: number[];
  readonly run: number[];
}

const dot = (c: readonly number[], x: readonly number[]): number =>
  x.reduce((sum, v, i) => sum + c[i]! * v, 0);

/** The coefficient vector cut into its shared, load-own and run-own parts. */
function cutCoefficients(c: readonly number[], split: FeatureSplit): [number[], number[], number[]] {
  const { shared, loadOwn } = split;
  return [
    c.slice(0, shared.length),
    c.slice(shared.length, shared.length + loadOwn.length),
    c.slice(shared.length + loadOwn.length),
  ];
}

/**
 * The alternation can cycle between a few assignments, and ends where it starts from: keep,
 * over both starts and every round, the coefficients whose max() fits best.
 */
function bestAlternation(
  rows: readonly SplitRow[],
  y: readonly number[],
  starts: readonly boolean[][],
  split: FeatureSplit,
): { c: number[]; isLoad: boolean[] } {
  let best: { c: number[]; isLoad: boolean[]; loss: number } | undefined;
  for (const start of starts) {
    let isLoad = start;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const c = nnls(
        rows.map((r, i) => [
          ...r.shared,
          ...r.load.map((v) => (isLoad[i] ? v : 0)),
          ...r.run.map((v) => (isLoad[i] ? 0 : v)),
        ]),
        y,
        y.map((v) => 1 / Math.max(v, 1e-9)),
      );
      const [cs, cl, cr] = cutCoefficients(c, split);
      const next = rows.map((r) => dot(cl, r.load) > dot(cr, r.run));
      const loss = rows.reduce((sum, r, i) => {
        const predicted = dot(cs, r.shared) + Math.max(dot(cl, r.load), dot(cr, r.run));
        return sum + (predicted / Math.max(y[i]!, 1e-9) - 1) ** 2;
      }, 0);
      if (best === undefined || loss < best.loss) best = { c, isLoad: next, loss };
      if (next.every((x, i) => x === isLoad[i])) break;
      isLoad = next;
    }
  }
  return best!;
}

/**
 * The memory fit: shared + max(load, run). The terms both parts name (fixed, per node, parameter
 * bytes: the session and the kept weights exist in both phases) get one coefficient; the others
 * are the load's or the run's own. From a starting assignment of points to parts it alternates:
 * one weighted NNLS in which each point sees only its part's own terms, then reassign each point
 * to the part that predicts more, until no point moves.
 */
function fitMemory(
  points: readonly CalibrationPoint[],
  target: (p: CalibrationPoint) => number,
): { memory: LinearModel; load: LinearModel | null } {
  const starts = startingAssignments(points, target);
  const split = featureSplit();
  const { shared, sharedNames, loadOwn, runOwn } = split;
  const rows = points.map((p) => ({
    shared: featureRow(shared, p.figures, p.batch),
    load: featureRow(loadOwn, p.figures, p.batch),
    run: featureRow(runOwn, p.figures, p.batch),
  }));
  const { c, isLoad } = bestAlternation(rows, points.map(target), starts, split);
  const [cs, cl, cr] = cutCoefficients(c, split);
  const model = (features: readonly Feature[], own: readonly number[]): LinearModel => ({
    features: features.map((f) => f.name),
    coefficients: features.map((f) => {
      const s = sharedNames.indexOf(f.name);
      if (s >= 0) return cs[s]!;
      return own[(features === LOAD_FEATURES ? loadOwn : runOwn).indexOf(f)]!;
    }),
  });
  return {
    memory: model(MEMORY_FEATURES, cr),
    load: isLoad.some((x) => x) ? model(LOAD_FEATURES, cl) : null,
  };
}

/**
 * The memory fit when every point carries its load and run peaks: two independent weighted NNLS
 * fits, LOAD_FEATURES on the load peaks and MEMORY_FEATURES on the run peaks. No shared terms:
 * the run peak is measured from the end of the load, so what the load leaves behind (the kept
 * weights, heap holes of the small copies it freed) is the run part's to explain. Errors of
 * either part count relative to the point's whole peak, the criterion the fit serves: a tiny
 * load peak (a few pages, or none where the load reused the baseline's free memory) would
 * otherwise weigh a million times more than the rest and pin the load part to zero.
 */
function fitMemoryApart(
  points: readonly CalibrationPoint[],
  runIncludesLoad: boolean,
): { memory: LinearModel; load: LinearModel } {
  const peak = (p: CalibrationPoint): number => p.peakBytes;
  // Where the run's mark includes the load's, a run that stayed inside the holes the load freed
  // says only that its need was at most the load peak: the run part is fitted on the runs that
  // raised the mark (all of them if none did).
  const raised = points.filter((p) => p.runPeakBytes! > p.loadPeakBytes!);
  const runPoints = runIncludesLoad && raised.length > 0 ? raised : points;
  return {
    memory: fitLinear(MEMORY_FEATURES, runPoints, (p) => p.runPeakBytes ?? 0, peak),
    load: fitLinear(LOAD_FEATURES, points, (p) => p.loadPeakBytes ?? 0, peak),
  };
}

const measuredApart = (p: CalibrationPoint): boolean =>
  p.loadPeakBytes !== undefined && p.runPeakBytes !== undefined;

export interface FitOptions {
  /** The points are WebAssembly memory growths (the browser agent's 'wasm-memory'). */
  readonly wasmGrowth?: boolean;
  /**
   * Each point's run peak includes its load peak: the mark cannot be restarted after the load
   * (the browser agent's 'wasm-heap', where a written byte stays written).
   */
  readonly runIncludesLoad?: boolean;
}

/** Headroom candidates for a browser fit: 0 to the whole initial memory in 1/4 MiB steps. */
const HEADROOMS = Array.from({ length: 65 }, (_, i) => (i * WASM_INITIAL_BYTES) / 64);

function fitGrowth(points: readonly CalibrationPoint[]): {
  memory: LinearModel;
  load: LinearModel | null;
  growth: WasmGrowth;
} {
  const grown = points.filter((p) => p.peakBytes > 0);
  let best: { memory: LinearModel; load: LinearModel | null; growth: WasmGrowth; score: number } | undefined;
  for (const headroomBytes of HEADROOMS) {
    const { memory, load } = fitMemory(grown, (p) => stepMiddle(p.peakBytes) + headroomBytes);
    const growth = { initialBytes: WASM_INITIAL_BYTES, headroomBytes };
    const candidate = { memory, load, growth } as const;
    const score = points.filter((p) => {
      const predicted = predictPeakBytes(candidate, p.figures, p.batch);
      return p.peakBytes === 0 ? predicted === 0 : Math.abs(predicted / p.peakBytes - 1) <= 0.1;
    }).length;
    if (best === undefined || score > best.score) best = { memory, load, growth, score };
  }
  return { memory: best!.memory, load: best!.load, growth: best!.growth };
}

/** Fits memory (and latency, from the points that carry one) to the points. Needs ≥ 1 point. */
export function fitCalibration(
  points: readonly CalibrationPoint[],
  options: FitOptions = {},
): CalibrationFit {
  const usable = points.filter((p) => p.peakBytes > 0);
  const fitted = usable.length > 0 ? usable : points;
  const memory =
    options.wasmGrowth === true && usable.length > 0
      ? fitGrowth(points)
      : fitted.every(measuredApart)
        ? { ...fitMemoryApart(fitted, options.runIncludesLoad === true), growth: null }
        : { ...fitMemory(fitted, (p) => p.peakBytes), growth: null };
  return {
    version: CALIBRATION_VERSION,
    ...memory,
    ...(options.runIncludesLoad === true ? { runIncludesLoad: true } : {}),
    latency: fitLatency(points),
    runtimeLatency: fitRuntimeLatency(points),
    points: [...points],
  };
}

/** The fit with one more measurement: refitted on all points (a few ms at these sizes). */
export function refine(fit: CalibrationFit, point: CalibrationPoint): CalibrationFit {
  return fitCalibration([...fit.points, point], {
    wasmGrowth: fit.growth !== null,
    runIncludesLoad: fit.runIncludesLoad === true,
  });
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
 * in a browser the rise of the WebAssembly heap's high-water mark ('wasm-heap'; calibrations
 * from 'wasm-memory' agents: the memory's growth, wasm-growth.ts).
 */
export function predictPeakBytes(
  fit: Pick<CalibrationFit, 'memory' | 'load' | 'growth'>,
  f: GraphFigures,
  batch = 1,
): number {
  const need = Math.max(
    evaluate(fit.memory, MEMORY_FEATURES, f, batch),
    fit.load === null || fit.load === undefined ? 0 : evaluate(fit.load, LOAD_FEATURES, f, batch),
  );
  if (fit.growth === null || fit.growth === undefined) return Math.max(0, Math.round(need));
  return Math.round(ladderGrowth(need - fit.growth.headroomBytes, fit.growth.initialBytes));
}

/**
 * Predicted warm latency (p50), milliseconds, at `batch` (fitted at batch 1): by the runtime model
 * when the fit has one and the figures carry the runtime's kernel table, else by the file-level
 * one; null when the fit has no latency part or the figures no fused-kernel table
 * (app/calibrate/kernel-figures.ts).
 */
export function predictLatencyMs(
  fit: Pick<CalibrationFit, 'latency' | 'runtimeLatency'>,
  f: GraphFigures,
  batch = 1,
): number | null {
  const runtime = fit.runtimeLatency ?? null;
  if (runtime !== null && hasRuntimeTable(f)) return predictLatency(runtime, f, batch);
  return fit.latency === null ? null : predictLatency(fit.latency, f, batch);
}
