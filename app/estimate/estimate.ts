// Estimating a model's memory from a frozen config: the analytic model of an architecture JSON
// or any ONNX file, plus (with a device) that device's calibrated predictions.
// cli/commands/estimate.ts parses the flags and prints.
import { parseArchitecture } from '../../search/architecture/parse.ts';
import { analyzeMemory } from '../../search/memory/analyze.ts';
import { architectureMemoryGraph } from '../../search/memory/from-architecture.ts';
import type { MemoryAnalysis } from '../../search/memory/graph.ts';
import { estimateOnnx } from '../../exporter/onnx/to-memory-graph.ts';
import { exportArchitecture } from '../../exporter/export-model.ts';
import { randomWeights } from '../../search/architecture/random-weights.ts';
import { predictLatencyMs, predictPeakBytes } from '../../search/calibration/model.ts';
import { peakRange } from '../../search/calibration/peak-band.ts';
import { deviceFigures, hostRuntimeGraph } from '../calibrate/runtime-kernels.ts';
import {
  calibrationDrift,
  calibrationPath,
  loadCalibration,
  requireCalibration,
} from '../calibrate/store.ts';
import { looksLikeJson, parseJson, readBytes } from '../read-input.ts';

export interface EstimateConfig {
  readonly file: string;
  readonly batch: number;
  readonly orderBudget: number | undefined;
  /** A device name or 'local' for its calibrated predictions; undefined for the analytic model alone. */
  readonly device: string | undefined;
}

export interface EstimateReport extends MemoryAnalysis {
  readonly file: string;
  readonly kind: 'architecture' | 'onnx';
  readonly batch: number;
  readonly nodeCount: number;
  /** ONNX only: bytes of Constant-node values (not in paramBytes). */
  readonly constantBytes?: number;
}

/** What `--device` adds: the device's calibrated predictions at the report's batch. */
export interface DevicePrediction {
  readonly device: string;
  /** Predicted peak memory above the runtime's baseline, bytes (what `memnas profile` measures). */
  readonly predictedPeakMemoryBytes: number;
  /**
   * The range the measured peak is likely in (the calibration's band: where 90% of its
   * cross-validated measurements fell around their predictions); null when the calibration has
   * no band (too few models, or stored before bands existed).
   */
  readonly predictedPeakMemoryLowBytes: number | null;
  readonly predictedPeakMemoryHighBytes: number | null;
  /** Predicted warm latency (p50), milliseconds; null when the calibration has no latency part. */
  readonly predictedLatencyMs: number | null;
  readonly calibration: {
    readonly path: string;
    readonly updatedAt: string;
    readonly runtime: string;
    /** The device is emulated: its latency is neither fitted nor predicted. Absent for real ones. */
    readonly emulated?: true;
  };
}

/** The ONNX bytes the device would run: the file itself, or the architecture's lean export. */
function deviceBytes(path: string): Uint8Array {
  const bytes = readBytes(path);
  if (!(path.endsWith('.json') || looksLikeJson(bytes))) return bytes;
  const arch = parseArchitecture(parseJson(bytes, path));
  return exportArchitecture(arch, randomWeights(arch, 0)).bytes;
}

/**
 * Predictions from the device's stored calibration; CALIBRATION_MISSING names the fix. The latency
 * reads the device runtime's own kernels when the calibration fitted them and this machine
 * reproduces the device's runtime (app/calibrate/runtime-kernels.ts).
 */
export async function predictOnDevice(
  path: string,
  device: string,
  batch: number,
): Promise<DevicePrediction> {
  const record = requireCalibration(device);
  const graphs = (record.fit.runtimeLatency ?? null) === null ? null : await hostRuntimeGraph(record.device);
  const figures = await deviceFigures(deviceBytes(path), graphs);
  // An emulated device's fit has no latency part; a record from before that rule may still have one.
  const emulated = record.device.emulated === true;
  const latency = emulated ? null : predictLatencyMs(record.fit, figures, batch);
  const peak = predictPeakBytes(record.fit, figures, batch);
  const range = record.band === null || record.band === undefined ? null : peakRange(peak, record.band);
  return {
    device,
    predictedPeakMemoryBytes: peak,
    predictedPeakMemoryLowBytes: range?.lowBytes ?? null,
    predictedPeakMemoryHighBytes: range?.highBytes ?? null,
    predictedLatencyMs: latency === null ? null : Math.round(latency * 1000) / 1000,
    calibration: {
      path: calibrationPath(device),
      updatedAt: record.updatedAt,
      runtime: `${record.device.runtime.name} ${record.device.runtime.version}`,
      ...(emulated ? { emulated: true as const } : {}),
    },
  };
}

/**
 * This machine can say, without measuring anything, whether its stored calibration still
 * describes it (runtime version, session options, CPU): what changed, or null.
 * A named device would have to be asked through the coordinator; `search --device` checks those
 * at their first measurement.
 */
export async function localDrift(): Promise<string | null> {
  const record = loadCalibration('local');
  if (record === null) return null;
  const { describeLocalDevice } = await import('../../profiler-agent/local.ts');
  let now;
  try {
    now = await describeLocalDevice();
  } catch {
    return null; // no runtime here: the prediction stands on its own, and profile says why
  }
  return calibrationDrift(record, now);
}

export function estimateFile(path: string, batch: number, orderBudget?: number): EstimateReport {
  const bytes = readBytes(path);
  const options = orderBudget === undefined ? {} : { orderBudget };
  if (path.endsWith('.json') || looksLikeJson(bytes)) {
    const arch = parseArchitecture(parseJson(bytes, path));
    const { graph, paramBytes } = architectureMemoryGraph(arch, batch);
    const analysis = analyzeMemory(graph, paramBytes, options);
    return { file: path, kind: 'architecture', batch, nodeCount: graph.nodes.length, ...analysis };
  }
  const onnx = estimateOnnx(bytes, { batch, ...options });
  return { file: path, kind: 'onnx', batch, ...onnx };
}

/** The analytic report, with the device's predictions when the config names one. */
export async function estimate(c: EstimateConfig): Promise<EstimateReport & Partial<DevicePrediction>> {
  const analytic = estimateFile(c.file, c.batch, c.orderBudget);
  return c.device === undefined
    ? analytic
    : { ...analytic, ...(await predictOnDevice(c.file, c.device, c.batch)) };
}
