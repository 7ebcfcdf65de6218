// `memnas calibrate`: fits a device's memory and latency model from a generated calibration set
// profiled on that device, reports its error on held-out members and the band its predictions
// are likely off by (peak-band.ts), and stores it for `memnas estimate --device` and `memnas
// search --device`.
import { type CalibrateConfig, calibrateDevice } from '../../app/calibrate/calibrate.ts';
import type { CalibrationRecord } from '../../app/calibrate/store.ts';
import { DEFAULT_CALIBRATION_MODELS, MAX_CALIBRATION_MODELS } from '../../search/calibration/generate.ts';
import type { ErrorShares } from '../../search/calibration/held-out.ts';
import type { PeakBand } from '../../search/calibration/peak-band.ts';
import { MemnasError } from '../../search/errors.ts';
import { nonNegativeInt, parseFlags, positiveInt } from '../args.ts';
import { synopsis } from '../flags.ts';
import { formatBytes } from '../format.ts';
import { calibrateSpec, MIN_CALIBRATION_MODELS as MIN_MODELS } from '../specs/calibrate.ts';

const USAGE = synopsis(calibrateSpec);

const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;
const bandLine = (b: PeakBand | null | undefined): string =>
  b === null || b === undefined
    ? 'no band (too few models to cross-validate)'
    : `measured ${b.lowRatio.toFixed(2)}–${b.highRatio.toFixed(2)}× the prediction for ${pct(b.coverage)} of ${b.count} cross-validated measurements`;
const shares = (s: ErrorShares): string =>
  `${pct(s.within5)} within ±5%, ${pct(s.within10)} within ±10% (median error ${pct(s.medianError)}, largest ${pct(s.maxError)}, ${s.count} measurements)`;

export function parseCalibrateConfig(argv: readonly string[]): CalibrateConfig & { readonly json: boolean } {
  const { values, positionals } = parseFlags(argv, calibrateSpec);
  if (positionals.length !== 0)
    throw new MemnasError('USAGE', `unexpected argument '${positionals[0]}' (usage: ${USAGE})`);
  if (values.device === undefined || values.device.trim() === '')
    throw new MemnasError('USAGE', `--device NAME|local is required (usage: ${USAGE})`);
  const models = positiveInt(values.models, '--models', DEFAULT_CALIBRATION_MODELS);
  if (models < MIN_MODELS || models > MAX_CALIBRATION_MODELS) {
    throw new MemnasError(
      'USAGE',
      `--models takes ${MIN_MODELS}..${MAX_CALIBRATION_MODELS} (a quarter is held out to measure the error), got ${models}`,
    );
  }
  return Object.freeze({
    target: {
      device: values.device.trim(),
      coordinator: values.coordinator ?? (process.env.MEMNAS_COORDINATOR || undefined),
      token: values.token ?? (process.env.MEMNAS_TOKEN || undefined),
    },
    models,
    seed: nonNegativeInt(values.seed, '--seed', 1),
    json: values.json === true,
  });
}

export async function runCalibrate(argv: readonly string[]): Promise<number> {
  const c = parseCalibrateConfig(argv);
  const { record, path, seconds } = await calibrateDevice(c, {
    onStart: (target, resumed) => {
      if (c.json) return;
      console.error(`calibrating '${target.name}' (${target.runtime}) with ${c.models} generated models…`);
      if (resumed > 0) console.error(`  resuming: ${resumed} measurements of an unfinished run are kept`);
    },
    onMeasured: ({ pass, passes, index, total, name, result: r }) => {
      // An emulated device's timings are the emulator's: not shown, as they are not fitted.
      const ms = (b: (typeof r.batches)[number]): string =>
        r.device.emulated === true ? '' : ` ${b.latencyMs.p50.toFixed(2)} ms`;
      const batches = r.batches
        .map((b) => `b${b.batch} ${formatBytes(b.peakBytes).split(' (')[0]}${ms(b)}`)
        .join(', ');
      const of = passes > 1 ? `pass ${pass + 1}/${passes}, ` : '';
      console.error(`  [${of}${index + 1}/${total}] ${name}: ${batches}`);
    },
  });
  if (c.json) printJson(record, path);
  else printResult(record, path, seconds);
  return 0;
}

/** Which kernels the latency model reads: the runtime's own graph (model.ts runtimeLatency) or the file's. */
function latencyKernels(record: CalibrationRecord): 'runtime' | 'file' | null {
  if ((record.fit.runtimeLatency ?? null) !== null) return 'runtime';
  return record.fit.latency === null ? null : 'file';
}

function printJson(record: CalibrationRecord, path: string): void {
  const { heldOut } = record;
  console.log(
    JSON.stringify(
      {
        device: record.deviceName,
        runtime: record.device.runtime,
        models: record.models,
        heldOut: heldOut.heldOut.length,
        memory: heldOut.memory,
        latency: record.device.emulated === true ? null : heldOut.latency,
        latencyKernels: latencyKernels(record),
        ...(record.device.emulated === true ? { emulated: true } : {}),
        band: record.band ?? null,
        path,
      },
      null,
      2,
    ),
  );
}

function printResult(record: CalibrationRecord, path: string, seconds: number): void {
  const { heldOut } = record;
  console.log(
    `'${record.deviceName}' (${record.device.cpuModel}, ${record.device.runtime.name} ${record.device.runtime.version}): ${record.models} models in ${Math.round(seconds)} s, ${heldOut.heldOut.length} held out`,
  );
  console.log(`  peak memory: ${shares(heldOut.memory)}`);
  console.log(
    record.device.emulated === true
      ? `  latency:     not fitted: '${record.deviceName}' is emulated, its timings are the emulator's, not a device's`
      : `  latency:     ${shares(heldOut.latency)}${latencyKernels(record) === 'runtime' ? ' (with the kernels onnxruntime runs on this machine)' : ''}`,
  );
  console.log(`  peak band:   ${bandLine(record.band)}`);
  console.log(`stored in ${path}`);
}
