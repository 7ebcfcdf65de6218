// Device memory in the loop (METHOD §4): before training, a candidate's memory on the device is
// predicted — from the device's stored calibration (`memnas calibrate`) when it has one, else by
// the upper edge of a band around a line from the analytic figure, fitted to every measurement
// so far (search/loop/device-line.ts); after training, the trained model is exported to ONNX and
// measured on the device, and that measurement replaces the prediction for the budget, the
// metric and the Pareto front. Each measurement also refines the stored calibration (refitted
// with the new point and written back).
import { exportArchitecture } from '../../exporter/export-model.ts';
import { lowerArchitecture } from '../../exporter/lower-architecture.ts';
import { dedupeInitializers } from '../../exporter/passes/dedupe-initializers.ts';
import { foldBatchNorm } from '../../exporter/passes/fold-batch-norm.ts';
import { serializeGraph } from '../../exporter/serialize.ts';
import type { Architecture } from '../../search/architecture/types.ts';
import { nodeFacts } from '../../search/architecture/shapes.ts';
import type { ArchitectureWeights, NodeWeights, ParamName } from '../../search/architecture/weights.ts';
import type { GraphFigures } from '../../search/calibration/figures.ts';
import { predictPeakBytes, refine } from '../../search/calibration/model.ts';
import { onnxFigures } from '../../exporter/onnx/analysis/onnx-figures.ts';
import {
  type CalibrationRecord,
  calibrationDrift,
  loadCalibration,
  saveCalibration,
} from '../calibrate/store.ts';
import type { ProfileResult } from '../../profiler-agent/protocol.ts';
import { hostRuntimeTables } from './runtime-tables.ts';
import { MemnasError, isMemnasError } from '../../search/errors.ts';
import { SEARCH_ORDER_BUDGET, analyticMemory } from '../../search/loop/analytic-oracle.ts';
import type { LatencyOracle } from '../../search/loop/latency-oracle.ts';
import type { MemoryOracle } from '../../search/loop/memory-oracle.ts';
import type { MemoryFigures } from '../../search/loop/types.ts';
import { type DevicePoint, deviceUpperEdge } from '../../search/loop/device-line.ts';
import {
  deviceLatency,
  emulatedLatencyError,
  isEmulated,
  latencyPredictorFor,
  structureKey,
} from './device-latency.ts';

export { fitDeviceMemory } from '../../search/loop/device-line.ts';

/** A batch-1 peak, with its load and run parts where the agent measured them apart. */
export interface PeakMeasurement {
  readonly peakBytes: number;
  readonly loadPeakBytes?: number;
  readonly runPeakBytes?: number;
  /** The batch-1 p50 of the same profile, milliseconds; absent where not measured. */
  readonly latencyMs?: number;
}

/** Measures ONNX bytes on the device; resolves to its batch-1 peak (a bare number: the peak alone). */
export type MeasurePeak = (onnx: Uint8Array) => Promise<number | PeakMeasurement>;

/** The batch-1 measurement of a profile: its peak, and the parts and p50 when batch 1 was measured. */
export function peakMeasurementOf(r: ProfileResult): PeakMeasurement {
  const b1 = r.batches.find((b) => b.batch === 1);
  return {
    peakBytes: r.peakMemoryBytes,
    ...(b1?.loadPeakBytes === undefined ? {} : { loadPeakBytes: b1.loadPeakBytes }),
    ...(b1?.runPeakBytes === undefined ? {} : { runPeakBytes: b1.runPeakBytes }),
    // An emulated device's p50 is the emulator's, not a device's: the search neither records
    // nor prints it (the candidate's latency stays not measured).
    ...(b1 === undefined || isEmulated(r.device) ? {} : { latencyMs: b1.latencyMs.p50 }),
  };
}

/** Few, short runs: without a latency budget search needs the memory peak, not latency percentiles. */
export const SEARCH_PROFILE = { batches: [1], runs: 5, warmup: 1 } as const;
/**
 * With a latency budget the p50 is a hard limit: more warm-up and runs (a candidate's batch-1
 * inference is about a millisecond here, so these add well under a second per measurement).
 */
export const LATENCY_SEARCH_PROFILE = { batches: [1], runs: 30, warmup: 10 } as const;

export interface DeviceOracleOptions {
  /**
   * The device's calibration; default: the stored one for `device` (loadCalibration), or null
   * (no calibration: the line stand-in).
   */
  readonly calibration?: CalibrationRecord | null;
  /** Write each refined fit back to the calibration store. Default true when loaded from it. */
  readonly persist?: boolean;
}

/**
 * Weights whose values do not matter, only their shapes, and that no two tensors share (so the
 * de-duplication pass keeps every one, as it does for trained weights): a fraction of a
 * millisecond where seeded normal draws take tens.
 */
function placeholderWeights(arch: Architecture): ArchitectureWeights {
  let k = 0;
  const out: Record<string, NodeWeights> = {};
  for (const f of nodeFacts(arch)) {
    const params: NodeWeights = {};
    for (const [name, shape] of Object.entries(f.paramShapes) as [ParamName, readonly number[]][]) {
      const data = new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1);
      data[0] = 1 + ++k; // distinct from every other tensor; positive, so variances stay valid
      params[name] = { shape: [...shape], data };
    }
    if (Object.keys(params).length > 0) out[f.node.id] = params;
  }
  return out;
}

/**
 * The candidate's exported graph figures, cheaply: the lean export's graph (batch norms folded,
 * duplicates removed) without its memory reordering, whose node order the calibration's features
 * do not read, and the search's order budget — the loop estimates hundreds of candidates a round.
 */
function candidateFigures(arch: Architecture): GraphFigures {
  const graph = dedupeInitializers(foldBatchNorm(lowerArchitecture(arch, placeholderWeights(arch))));
  return onnxFigures(serializeGraph(graph), SEARCH_ORDER_BUDGET);
}

/** The device's oracle, and what the command says about it. */
export interface DeviceMemoryOracle extends MemoryOracle {
  /**
   * Whether predictions come from a calibration (stored, or passed in the options). False: from
   * the upper edge of the band around the measurements so far (noCalibrationWarning).
   */
  readonly calibrated: boolean;
  /** The device's batch-1 p50: predicted (calibration, else the line), measured with each peak. */
  readonly latency: LatencyOracle;
  measure(arch: Architecture, weights: ArchitectureWeights): Promise<number>;
  /**
   * Measures untrained networks (placeholder weights: a peak depends on shapes, not values), e.g.
   * spreadProbes of the seeds, so that an uncalibrated line has a slope before any training.
   * Resolves to their peaks, bytes.
   */
  probe(archs: readonly Architecture[]): Promise<number[]>;
}

/** The one line to print at the start of a search whose device has no calibration. */
export function noCalibrationWarning(device: string): string {
  return `no calibration stored for device '${device}': memory is predicted from the measurements so far with a safety margin; run \`memnas calibrate --device ${device}\` for predictions within ~10%`;
}

/** Exports and measures one network; a failure names the network and the device. */
async function measureExport(
  device: string,
  measurePeak: MeasurePeak,
  arch: Architecture,
  weights: ArchitectureWeights,
): Promise<{ bytes: Uint8Array; measurement: PeakMeasurement }> {
  const { bytes } = exportArchitecture(arch, weights);
  try {
    const m = await measurePeak(bytes);
    return { bytes, measurement: typeof m === 'number' ? { peakBytes: m } : m };
  } catch (e) {
    // A refusal (e.g. an emulated device under --latency-budget) is already the one line to print.
    if (isMemnasError(e) && e.code === 'USAGE') throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new MemnasError(
      isMemnasError(e) ? e.code : 'JOB_FAILED',
      `measuring ${arch.name} on device '${device}' failed: ${why}`,
      { cause: e },
    );
  }
}

/** A device figure of `total` bytes, split as the analytic figures split it. */
function deviceFigures(a: MemoryFigures, total: number): MemoryFigures {
  const totalBytes = Math.max(a.paramBytes, Math.round(total));
  return {
    paramBytes: a.paramBytes,
    peakActivationBytes: totalBytes - a.paramBytes,
    totalBytes,
    source: 'device',
  };
}

/** `f` computed once per network structure (structureKey): its figures do not depend on more. */
function perStructure<T>(f: (arch: Architecture) => T): (arch: Architecture) => T {
  const known = new Map<string, T>();
  return (arch) => {
    const key = structureKey(arch);
    if (!known.has(key)) known.set(key, f(arch));
    return known.get(key)!;
  };
}

export function deviceOracle(
  device: string,
  measurePeak: MeasurePeak,
  options: DeviceOracleOptions = {},
): DeviceMemoryOracle {
  const points: DevicePoint[] = [];
  let record = options.calibration === undefined ? loadCalibration(device) : options.calibration;
  const persist = options.persist ?? options.calibration === undefined;
  // A network's peak depends on its shapes, not on its weights or name: one measured (a probe or
  // a trained candidate) is known, whatever the line says.
  const measuredPeaks = new Map<string, number>();
  const figuresOf = perStructure(candidateFigures);
  // Refitted only when a measurement arrives: the loop estimates hundreds of candidates a round.
  let edge: ((analytic: number) => number) | null = null;
  const latency = deviceLatency(
    latencyPredictorFor(
      record === null ? null : () => record!.fit,
      figuresOf,
      hostRuntimeTables(record?.device),
    ),
  );
  const measure = async (arch: Architecture, weights: ArchitectureWeights): Promise<number> => {
    const { bytes, measurement } = await measureExport(device, measurePeak, arch, weights);
    const measured = measurement.peakBytes;
    if (measurement.latencyMs !== undefined) latency.record(arch, measurement.latencyMs);
    points.push({ analytic: analyticMemory(arch).totalBytes, measured });
    if (measured > 0) measuredPeaks.set(structureKey(arch), measured);
    edge = null;
    if (record !== null && measured > 0) {
      const point = { model: `search:${arch.name}`, batch: 1, ...measurement, latencyMs: null };
      const fit = refine(record.fit, { ...point, figures: onnxFigures(bytes, SEARCH_ORDER_BUDGET) });
      record = { ...record, fit, updatedAt: new Date().toISOString() };
      if (persist) saveCalibration(record);
    }
    return measured;
  };
  return {
    calibrated: record !== null,
    latency: latency.oracle,
    estimate(arch): MemoryFigures {
      const a = analyticMemory(arch);
      const known = measuredPeaks.get(structureKey(arch));
      if (known !== undefined) return deviceFigures(a, known);
      if (record !== null) return deviceFigures(a, predictPeakBytes(record.fit, figuresOf(arch), 1));
      if (points.length === 0) return a;
      edge ??= deviceUpperEdge(points);
      return deviceFigures(a, edge(a.totalBytes));
    },
    measure,
    async probe(archs) {
      const peaks: number[] = [];
      for (const arch of archs) peaks.push(await measure(arch, placeholderWeights(arch)));
      return peaks;
    },
  };
}

/**
 * The measurement for `--device`: this machine, or a device behind the coordinator. With
 * `latency` (a latency budget) each profile runs longer (LATENCY_SEARCH_PROFILE) and an emulated
 * device is refused in one line, before anything trains.
 */
export async function devicePeakMeasurer(
  device: string,
  coordinator: string | undefined,
  token: string | undefined,
  warn: (line: string) => void = () => {},
  options: { readonly latency?: boolean } = {},
): Promise<MeasurePeak> {
  const latency = options.latency === true;
  if (latency && isEmulated(loadCalibration(device)?.device)) throw emulatedLatencyError(device);
  const profile = latency ? LATENCY_SEARCH_PROFILE : SEARCH_PROFILE;
  const how = { batches: [...profile.batches], runs: profile.runs, warmup: profile.warmup };
  // The first measurement says what the device runs now; a stored calibration fitted on another
  // runtime, session options or CPU gets one warning (it is still refined with every measurement).
  let checked = false;
  const peakOf = (r: ProfileResult): PeakMeasurement => {
    if (latency && isEmulated(r.device)) throw emulatedLatencyError(device);
    if (!checked) {
      checked = true;
      const record = loadCalibration(device);
      const drift = record === null ? null : calibrationDrift(record, r.device);
      if (drift !== null) warn(drift);
    }
    return peakMeasurementOf(r);
  };
  if (device === 'local') {
    const { profileLocal } = await import('../../profiler-agent/local.ts');
    return async (onnx) => peakOf(await profileLocal(onnx, how));
  }
  if (coordinator === undefined || token === undefined) {
    throw new MemnasError(
      'USAGE',
      `--device ${device} needs a coordinator: pass --coordinator URL and --token T (or set MEMNAS_COORDINATOR and MEMNAS_TOKEN), or use --device local`,
    );
  }
  const { parseDeviceTarget, profileOnCoordinator } = await import('../../devices/client.ts');
  const target = parseDeviceTarget(device);
  return async (onnx) => peakOf(await profileOnCoordinator(onnx, { coordinator, token, ...target, ...how }));
}
