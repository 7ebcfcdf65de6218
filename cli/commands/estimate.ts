// `memnas estimate`: the analytic memory model for an architecture JSON or any ONNX file.
import { parseArchitecture } from '../../search/architecture/parse.ts';
import { analyzeMemory } from '../../search/memory/analyze.ts';
import { architectureMemoryGraph } from '../../search/memory/from-architecture.ts';
import type { MemoryAnalysis } from '../../search/memory/graph.ts';
import { MemnasError } from '../../search/errors.ts';
import { estimateOnnx } from '../../exporter/onnx/to-memory-graph.ts';
import { USAGE as USAGES } from './usage.ts';
import { parseFlags, positiveInt } from '../args.ts';
import { formatBytes, table } from '../format.ts';
import { looksLikeJson, parseJson, readBytes } from '../read-input.ts';
import { exportArchitecture } from '../../exporter/export-model.ts';
import { randomWeights } from '../../search/architecture/random-weights.ts';
import { predictLatencyMs, predictPeakBytes } from '../../search/calibration/model.ts';
import { peakRange } from '../../search/calibration/peak-band.ts';
import { onnxFigures } from '../../exporter/onnx/analysis/onnx-figures.ts';
import {
  calibrationDrift,
  calibrationPath,
  loadCalibration,
  requireCalibration,
} from '../../app/calibrate/store.ts';

const USAGE = USAGES.estimate;

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
  readonly calibration: { readonly path: string; readonly updatedAt: string; readonly runtime: string };
}

/** The ONNX bytes the device would run: the file itself, or the architecture's lean export. */
function deviceBytes(path: string): Uint8Array {
  const bytes = readBytes(path);
  if (!(path.endsWith('.json') || looksLikeJson(bytes))) return bytes;
  const arch = parseArchitecture(parseJson(bytes, path));
  return exportArchitecture(arch, randomWeights(arch, 0)).bytes;
}

/** Predictions from the device's stored calibration; CALIBRATION_MISSING names the fix. */
export function predictOnDevice(path: string, device: string, batch: number): DevicePrediction {
  const record = requireCalibration(device);
  const figures = onnxFigures(deviceBytes(path));
  const latency = predictLatencyMs(record.fit, figures, batch);
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
    },
  };
}

/**
 * This machine can say, without measuring anything, whether its stored calibration still
 * describes it (runtime version, session options, CPU): one line on stderr when it does not.
 * A named device would have to be asked through the coordinator; `search --device` checks those
 * at their first measurement.
 */
async function warnOnLocalDrift(): Promise<void> {
  const record = loadCalibration('local');
  if (record === null) return;
  const { describeLocalDevice } = await import('../../profiler-agent/local.ts');
  let now;
  try {
    now = await describeLocalDevice();
  } catch {
    return; // no runtime here: the prediction stands on its own, and profile says why
  }
  const drift = calibrationDrift(record, now);
  if (drift !== null) console.error(`memnas: warning: ${drift}`);
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

function printSummary(r: EstimateReport & Partial<DevicePrediction>): void {
  const live = r.liveAtPeak.slice(0, 12).map((t) => [`  ${t.tensor}`, formatBytes(t.bytes)]);
  console.log(`${r.file}: ${r.kind}, ${r.nodeCount} nodes, batch ${r.batch}\n`);
  console.log(
    table([
      ['parameters', formatBytes(r.paramBytes)],
      [`peak activations (best order, ${r.orderSearch.method})`, formatBytes(r.peakActivationBytes)],
      ['peak activations (file order)', formatBytes(r.fileOrderPeakActivationBytes)],
      ["peak activations (MemNAS paper's rule)", formatBytes(r.methodPeakActivationBytes)],
      ['total (parameters + best-order peak)', formatBytes(r.totalBytes)],
      ...(r.constantBytes
        ? [['constant-node values (not in parameters)', formatBytes(r.constantBytes)]]
        : []),
    ]),
  );
  if (r.predictedPeakMemoryBytes !== undefined) {
    const low = r.predictedPeakMemoryLowBytes ?? null;
    const high = r.predictedPeakMemoryHighBytes ?? null;
    console.log(
      `\non device '${r.device}' (calibration of ${r.calibration?.updatedAt ?? '?'}, ${r.calibration?.runtime ?? ''}):`,
    );
    console.log(
      table([
        ['predicted peak memory (above the runtime baseline)', formatBytes(r.predictedPeakMemoryBytes)],
        ...(low === null || high === null
          ? []
          : [
              [
                "likely range (the calibration's 90% band)",
                `${formatBytes(low).split(' (')[0]} – ${formatBytes(high).split(' (')[0]}`,
              ],
            ]),
        [
          'predicted latency (p50)',
          r.predictedLatencyMs === null || r.predictedLatencyMs === undefined
            ? 'not calibrated'
            : `${r.predictedLatencyMs.toFixed(2)} ms`,
        ],
      ]),
    );
  }
  console.log(`\nalive at the peak (while '${r.peakNode}' runs):`);
  console.log(table(live));
  if (r.liveAtPeak.length > live.length)
    console.log(`  … and ${r.liveAtPeak.length - live.length} smaller tensors`);
}

export async function runEstimate(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      batch: { type: 'string' },
      json: { type: 'boolean' },
      'order-budget': { type: 'string' },
      device: { type: 'string' },
    },
    USAGE,
  );
  if (positionals.length !== 1) throw new MemnasError('USAGE', `expected one model file (usage: ${USAGE})`);
  const batch = positiveInt(values.batch, '--batch', 1);
  const budget =
    values['order-budget'] === undefined
      ? undefined
      : positiveInt(values['order-budget'], '--order-budget', 1);
  const analytic = estimateFile(positionals[0]!, batch, budget);
  const device = values.device?.trim();
  if (device === '') throw new MemnasError('USAGE', '--device needs a device name, or local');
  const report =
    device === undefined ? analytic : { ...analytic, ...predictOnDevice(positionals[0]!, device, batch) };
  if (device === 'local') await warnOnLocalDrift();
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printSummary(report);
  return 0;
}
