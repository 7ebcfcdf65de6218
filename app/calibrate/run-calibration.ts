// `memnas calibrate` without the printing: generate the calibration set, export each member,
// profile it on the target, fit, evaluate on a held-out quarter, refit on everything, and return
// the record to store. Nothing is written here; the caller stores the record only when all of
// it succeeded.
import { exportArchitecture } from '../../exporter/export-model.ts';
import type { BatchMeasurement, ProfileResult } from '../../profiler-agent/protocol.ts';
import { randomWeights } from '../../search/architecture/random-weights.ts';
import { calibrationSet } from '../../search/calibration/generate.ts';
import { heldOutEvaluation } from '../../search/calibration/held-out.ts';
import { peakBand } from '../../search/calibration/peak-band.ts';
import {
  CALIBRATION_VERSION,
  type CalibrationPoint,
  fitCalibration,
} from '../../search/calibration/model.ts';
import {
  type Measured,
  type MeasurementStore,
  measureInPasses,
  type ModelToMeasure,
  type PassOptions,
} from './passes.ts';
import { deviceFigures, hostRuntimeGraph } from './runtime-kernels.ts';
import type { CalibrationRecord } from './store.ts';
import type { CalibrationTarget, ProfileRequest } from './target.ts';

/**
 * Batches and runs per calibration model: batches 1 and 8 give the fixed and per-sample parts on
 * either runtime (~1.5 s per batch and model on Node here; the browser's warm-up lasts at least
 * WARMUP_MIN_MS, and fewer timed runs keep a 40-model calibration at a few minutes). The browser
 * agent measures its heap's high-water mark ('wasm-heap'), which moves with every allocation, so
 * small batches are as informative as on Node.
 */
export function calibrationProfile(runtime: string, emulated = false): ProfileRequest {
  // An emulated device's timings are never fitted, and under emulation each timed run of a
  // batch of 8 costs seconds: the fewest runs, same warm-up (the memory peak is read there).
  if (emulated) return { batches: [1, 8], runs: 1, warmup: 2 };
  return runtime === 'ort-web'
    ? { batches: [1, 8], runs: 10, warmup: 2 }
    : { batches: [1, 8], runs: 20, warmup: 2 };
}

/**
 * Measurements of each calibration model (fresh processes on Node, fresh sessions in the browser),
 * taken in passes over the set (passes.ts). On Node the peak comes out in one of two modes from
 * process to process, ~5% apart (a search-space network: 3.88–3.93 or 4.11–4.15 MB over eleven
 * processes; neither glibc's arena count nor V8's young generation size decides it), and which mode
 * a calibration model and a test model happened to land in moved a test set's share within ±10%
 * between 81% and 100% over four calibrations; the peak of three is the upper mode nearly always
 * (7 in 8 where the modes are even). The browser agent's heap mark is the same from frame to
 * frame, but its p50 is not: measured once, two rounds of the test set agreed within 14% at worst;
 * as the lowest of three passes, within 2% (docs/benchmarks.md, Calibration).
 */
export const MEASUREMENTS_PER_MODEL = 3;

/** One model's measurements as the fit reads them: the first result and the merged batches. */
export interface MeasuredModel {
  readonly result: ProfileResult;
  readonly batches: BatchMeasurement[];
}

/**
 * One model's measurements merged: the first result (device, method), and per batch size the
 * highest peaks and the lowest p50 (latency fields from that measurement).
 *
 * Why the lowest p50: on a shared machine another process's time slices only ever add to a run's
 * wall time, so the quietest process's median is the model's own cost. Measured on this 2-vCPU
 * machine (16 test networks profiled twice, minutes apart, load 7–9): the median of three
 * processes' p50s agreed within ±10% between the two rounds for 3 of 16 networks (rank tau 0.17).
 */
export function mergeMeasurements(results: readonly ProfileResult[]): MeasuredModel {
  const first = results[0]!;
  const batches = first.batches.map((b) => {
    const same = results.map((r) => r.batches.find((x) => x.batch === b.batch) ?? b);
    const fastest = [...same].sort((x, y) => x.latencyMs.p50 - y.latencyMs.p50)[0]!;
    const highest = (k: 'loadPeakBytes' | 'runPeakBytes'): number => Math.max(...same.map((m) => m[k] ?? 0));
    return {
      ...fastest,
      peakBytes: Math.max(...same.map((m) => m.peakBytes)),
      ...(fastest.loadPeakBytes === undefined ? {} : { loadPeakBytes: highest('loadPeakBytes') }),
      ...(fastest.runPeakBytes === undefined ? {} : { runPeakBytes: highest('runPeakBytes') }),
    };
  });
  return { result: first, batches };
}

/**
 * Profiles one model `MEASUREMENTS_PER_MODEL` times, back to back, merged. A set of models is
 * measured in passes instead (`measureSet`): back-to-back processes share a slow phase.
 */
export async function profileForCalibration(
  target: CalibrationTarget,
  bytes: Uint8Array,
  request: ProfileRequest,
): Promise<MeasuredModel> {
  return (await measureSet(target, [{ name: 'model', bytes }], request))[0]!;
}

/** Every model measured `MEASUREMENTS_PER_MODEL` times in passes over the set (passes.ts), merged. */
export async function measureSet(
  target: CalibrationTarget,
  models: readonly ModelToMeasure[],
  request: ProfileRequest,
  options: Omit<PassOptions, 'passes'> = {},
): Promise<MeasuredModel[]> {
  const results = await measureInPasses(target, models, request, {
    ...options,
    passes: MEASUREMENTS_PER_MODEL,
  });
  return results.map(mergeMeasurements);
}

/**
 * The points one profile contributes: one per batch size, latency = p50 — or none (null) when
 * `timed` is false: an emulated device's timings are the emulator's, which no fit may learn.
 */
export function pointsOf(
  model: string,
  figures: CalibrationPoint['figures'],
  r: Pick<ProfileResult, 'batches'>,
  timed = true,
): CalibrationPoint[] {
  return r.batches.map((b) => ({
    model,
    figures,
    batch: b.batch,
    peakBytes: b.peakBytes,
    ...(b.loadPeakBytes === undefined ? {} : { loadPeakBytes: b.loadPeakBytes }),
    ...(b.runPeakBytes === undefined ? {} : { runPeakBytes: b.runPeakBytes }),
    latencyMs: timed ? b.latencyMs.p50 : null,
  }));
}

export interface CalibrateOptions {
  readonly models: number;
  readonly seed: number;
  /** Called after each measurement (a model is measured once per pass). */
  readonly onMeasured?: (m: Measured) => void;
  /** Measurements kept from an earlier, unfinished run of the same calibration (progress.ts). */
  readonly progress?: MeasurementStore;
}

export async function runCalibration(
  target: CalibrationTarget,
  options: CalibrateOptions,
): Promise<CalibrationRecord> {
  const members = calibrationSet(options.models, options.seed);
  const graphs = await hostRuntimeGraph(target.description);
  const exported = members.map((m) => ({
    name: m.arch.name,
    bytes: exportArchitecture(m.arch, randomWeights(m.arch, m.weightSeed), { lean: m.lean }).bytes,
  }));
  const figures: CalibrationPoint['figures'][] = [];
  for (const m of exported) figures.push(await deviceFigures(m.bytes, graphs));
  const measured = await measureSet(
    target,
    exported,
    calibrationProfile(target.runtime, target.emulated === true),
    {
      ...(options.progress === undefined ? {} : { store: options.progress }),
      ...(options.onMeasured === undefined ? {} : { onMeasured: options.onMeasured }),
    },
  );
  const { result } = measured[0]!;
  const emulated = target.emulated === true || result.device?.emulated === true;
  const points = measured.flatMap((m, i) => pointsOf(exported[i]!.name, figures[i]!, m, !emulated));
  return recordOf(target, members, options.seed, points, result);
}

/** The stored record: the fit, its held-out evaluation and peak band, from the points. */
function recordOf(
  target: CalibrationTarget,
  members: ReturnType<typeof calibrationSet>,
  seed: number,
  points: CalibrationPoint[],
  first: ProfileResult,
): CalibrationRecord {
  const familyOf = new Map(members.map((m) => [m.arch.name, m.family]));
  const family = (model: string): string => familyOf.get(model) ?? '';
  const now = new Date().toISOString();
  const method = first.memory.method;
  // The browser agent's heap mark cannot be restarted after the load, so its run peaks include
  // the load's. Browser agents before 'wasm-heap' measured the memory's reserved size: fitted
  // through its growth ladder (and `refine` keeps doing so for such a fit).
  const fitOptions = { wasmGrowth: method === 'wasm-memory', runIncludesLoad: method === 'wasm-heap' };
  return {
    version: CALIBRATION_VERSION,
    deviceName: target.name,
    device: first.device,
    profile: calibrationProfile(target.runtime, target.emulated === true),
    models: members.length,
    seed,
    heldOut: heldOutEvaluation(points, 0.25, fitOptions, family),
    band: peakBand(points, fitOptions, family),
    fit: fitCalibration(points, fitOptions),
    createdAt: now,
    updatedAt: now,
  };
}
