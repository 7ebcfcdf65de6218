// `memnas estimate`: parses the flags (declared in cli/specs/estimate.ts) into a frozen
// EstimateConfig, estimates with app/estimate/estimate.ts, and prints the report.
import {
  type DevicePrediction,
  estimate,
  type EstimateConfig,
  type EstimateReport,
  localDrift,
} from '../../app/estimate/estimate.ts';
import { MemnasError } from '../../search/errors.ts';
import { parseFlags, positiveInt } from '../args.ts';
import { synopsis } from '../flags.ts';
import { formatBytes, table } from '../format.ts';
import { estimateSpec } from '../specs/estimate.ts';

export type { DevicePrediction, EstimateReport } from '../../app/estimate/estimate.ts';
export { estimateFile, predictOnDevice } from '../../app/estimate/estimate.ts';

const USAGE = synopsis(estimateSpec);

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
          r.calibration?.emulated === true
            ? 'not predicted (emulated device)'
            : r.predictedLatencyMs === null || r.predictedLatencyMs === undefined
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

export function parseEstimateConfig(argv: readonly string[]): EstimateConfig & { readonly json: boolean } {
  const { values, positionals } = parseFlags(argv, estimateSpec);
  if (positionals.length !== 1) throw new MemnasError('USAGE', `expected one model file (usage: ${USAGE})`);
  const batch = positiveInt(values.batch, '--batch', 1);
  const orderBudget =
    values['order-budget'] === undefined
      ? undefined
      : positiveInt(values['order-budget'], '--order-budget', 1);
  const device = values.device?.trim();
  if (device === '') throw new MemnasError('USAGE', '--device needs a device name, or local');
  return Object.freeze({
    file: positionals[0]!,
    batch,
    orderBudget,
    device,
    json: values.json === true,
  });
}

export async function runEstimate(argv: readonly string[]): Promise<number> {
  const c = parseEstimateConfig(argv);
  const full = await estimate(c);
  if (c.device === 'local') {
    const drift = await localDrift();
    if (drift !== null) console.error(`memnas: warning: ${drift}`);
  }
  if (c.json) console.log(JSON.stringify(full, null, 2));
  else printSummary(full);
  return 0;
}
