// `memnas calibrate` without the printing: generate the calibration set, export each member,
// profile it on the target, fit, evaluate on a held-out quarter, refit on everything, and return
// the record to store. Nothing is written here; the caller stores the record only when all of
// it succeeded.
import { exportArchitecture } from '../../exporter/export-model.ts';
import type { ProfileResult } from '../../profiler-agent/protocol.ts';
import { randomWeights } from '../../search/architecture/random-weights.ts';
import { calibrationSet } from '../../search/calibration/generate.ts';
import { heldOutEvaluation } from '../../search/calibration/held-out.ts';
import {
  CALIBRATION_VERSION,
  type CalibrationPoint,
  fitCalibration,
} from '../../search/calibration/model.ts';
import type { GraphFigures } from '../../search/calibration/figures.ts';
import { onnxFigures } from './onnx-figures.ts';
import type { CalibrationRecord } from './store.ts';
import type { CalibrationTarget, ProfileRequest } from './target.ts';

/** Batch activations the browser calibration aims at: past the 16 MiB WebAssembly memory starts with. */
const WEB_TARGET_BYTES = [24e6, 48e6, 96e6];
const WEB_MAX_BATCH = 512;

/**
 * Batches per runtime. onnxruntime-node: 1 and 8 give the fixed and per-sample parts (~1.5 s per
 * batch and model here). onnxruntime-web: its WebAssembly memory starts at 16 MiB and grows only
 * when a run needs more, so small batches measure no growth at all; the batches are chosen per
 * model so that its activations (all intermediate tensors) reach ~24, 48 and 96 MB, which grows
 * the memory of any network without running a large one at batch 256 for minutes. The fit is
 * made from the measurements that grew it (fitCalibration ignores zero peaks).
 */
export function calibrationProfile(runtime: string, figures?: GraphFigures): ProfileRequest {
  if (runtime !== 'ort-web') return { batches: [1, 8], runs: 20, warmup: 2 };
  const perSample = Math.max(1, figures?.sumActivationBytes ?? 256e3);
  const batches = WEB_TARGET_BYTES.map((t) =>
    Math.min(WEB_MAX_BATCH, Math.max(1, Math.round(t / perSample))),
  );
  return { batches: [...new Set(batches)], runs: 10, warmup: 2 };
}

/** The points one profile contributes: one per batch size, latency = p50. */
export function pointsOf(
  model: string,
  figures: CalibrationPoint['figures'],
  r: ProfileResult,
): CalibrationPoint[] {
  return r.batches.map((b) => ({
    model,
    figures,
    batch: b.batch,
    peakBytes: b.peakBytes,
    ...(b.loadPeakBytes === undefined ? {} : { loadPeakBytes: b.loadPeakBytes }),
    ...(b.runPeakBytes === undefined ? {} : { runPeakBytes: b.runPeakBytes }),
    latencyMs: b.latencyMs.p50,
  }));
}

export interface CalibrateOptions {
  readonly models: number;
  readonly seed: number;
  /** Called after each model is profiled. */
  readonly onModel?: (index: number, total: number, name: string, r: ProfileResult) => void;
}

export async function runCalibration(
  target: CalibrationTarget,
  options: CalibrateOptions,
): Promise<CalibrationRecord> {
  const members = calibrationSet(options.models, options.seed);
  const points: CalibrationPoint[] = [];
  let device: ProfileResult['device'] | undefined;
  let method: ProfileResult['memory']['method'] | undefined;
  for (const [i, m] of members.entries()) {
    const { bytes } = exportArchitecture(m.arch, randomWeights(m.arch, m.weightSeed), { lean: m.lean });
    const figures = onnxFigures(bytes);
    const result = await target.profile(bytes, calibrationProfile(target.runtime, figures));
    device ??= result.device;
    method ??= result.memory.method;
    points.push(...pointsOf(m.arch.name, figures, result));
    options.onModel?.(i, members.length, m.arch.name, result);
  }
  const now = new Date().toISOString();
  // The browser agent measures WebAssembly memory growth: fitted through its growth ladder.
  const fitOptions = { wasmGrowth: method === 'wasm-memory' };
  return {
    version: CALIBRATION_VERSION,
    deviceName: target.name,
    device: device!,
    // Browser batches are chosen per model (calibrationProfile): recorded as an empty list.
    profile: {
      ...calibrationProfile(target.runtime),
      ...(target.runtime === 'ort-web' ? { batches: [] } : {}),
    },
    models: members.length,
    seed: options.seed,
    heldOut: heldOutEvaluation(points, 0.25, fitOptions),
    fit: fitCalibration(points, fitOptions),
    createdAt: now,
    updatedAt: now,
  };
}
