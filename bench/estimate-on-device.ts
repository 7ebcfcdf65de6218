// How a device's stored calibration predicts networks it never saw, the way a user meets it:
// `memnas estimate --device X` (predictOnDevice) against `memnas profile --device X` of the same
// file at batch 1, for every .onnx in a folder (e.g. scripts/torchvision-exports.py's output).
// Prints each network's predicted and measured peak and the share within ±10%.
//
//   npx tsx bench/estimate-on-device.ts FOLDER --device pi-emu --coordinator URL --token T
//     [--results DIR]   keep each profile as DIR/profile-<name>[-k].json and reuse it on a rerun
//     [--measurements N] profile each network N times (fresh processes) and take the highest
//                       peak, as calibration does (MEASUREMENTS_PER_MODEL: 3): the peak
//                       comes out in one of two modes from process to process. Default 1.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { predictOnDevice } from '../app/estimate/estimate.ts';
import { profileOnCoordinator } from '../devices/client.ts';
import type { ProfileResult } from '../profiler-agent/protocol.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    device: { type: 'string' },
    coordinator: { type: 'string', default: process.env.MEMNAS_COORDINATOR },
    token: { type: 'string', default: process.env.MEMNAS_TOKEN },
    results: { type: 'string' },
    measurements: { type: 'string', default: '1' },
  },
});
const folder = positionals[0];
const device = values.device;
if (folder === undefined || device === undefined) {
  console.error(
    'usage: bench/estimate-on-device.ts FOLDER --device NAME --coordinator URL --token T [--results DIR]',
  );
  process.exit(2);
}

const measurements = Number(values.measurements);
if (!Number.isInteger(measurements) || measurements < 1) {
  console.error(`--measurements takes a whole number ≥ 1, got '${values.measurements}'`);
  process.exit(2);
}

/** The k-th measurement of `path` (k = 0 keeps the single-measurement file name). */
async function measuredOnce(path: string, k: number): Promise<ProfileResult> {
  const suffix = k === 0 ? '' : `-${k}`;
  const saved =
    values.results === undefined
      ? undefined
      : join(values.results, `profile-${basename(path, '.onnx')}${suffix}.json`);
  if (saved !== undefined && existsSync(saved))
    return JSON.parse(readFileSync(saved, 'utf8')) as ProfileResult;
  if (values.coordinator === undefined || values.token === undefined)
    throw new Error('--coordinator and --token are needed to profile');
  const result = await profileOnCoordinator(readFileSync(path), {
    coordinator: values.coordinator,
    token: values.token,
    device: device!,
    batches: [1],
  });
  if (saved !== undefined) {
    mkdirSync(values.results!, { recursive: true });
    writeFileSync(saved, JSON.stringify(result));
  }
  return result;
}

/** The measurement with the highest peak of `measurements` fresh ones. */
async function measured(path: string): Promise<ProfileResult> {
  const all: ProfileResult[] = [];
  for (let k = 0; k < measurements; k++) all.push(await measuredOnce(path, k));
  return all.reduce((a, b) => (b.peakMemoryBytes > a.peakMemoryBytes ? b : a));
}

const files = readdirSync(folder)
  .filter((f) => f.endsWith('.onnx'))
  .sort();
let within = 0;
const mb = (b: number): string => (b / 1e6).toFixed(2);
console.log(`network                   predicted MB  measured MB  error   (device ${device}, batch 1)`);
for (const f of files) {
  const path = join(folder, f);
  const m = await measured(path);
  const p = await predictOnDevice(path, device, 1);
  const error = p.predictedPeakMemoryBytes / m.peakMemoryBytes - 1;
  if (Math.abs(error) <= 0.1) within++;
  console.log(
    `${f.replace(/\.onnx$/, '').padEnd(25)} ${mb(p.predictedPeakMemoryBytes).padStart(12)} ${mb(m.peakMemoryBytes).padStart(12)}  ${(error * 100).toFixed(1).padStart(5)}%`,
  );
}
console.log(`within ±10%: ${within} of ${files.length} (${((100 * within) / files.length).toFixed(0)}%)`);
