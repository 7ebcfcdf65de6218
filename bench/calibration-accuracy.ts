// How well a device's calibration predicts graphs it never saw: calibrates the device (default
// this machine) with --models generated models, then profiles a separate test set — public-
// architecture-like ONNX graphs (inverted residuals, dense blocks, fire modules, ResNet blocks,
// written the way PyTorch exports them) and search-space members from unused seeds — plus every
// .onnx file in the folder given as argument, and prints the shares within ±5% and ±10% of the
// measured peak memory (per batch size) and latency. Nothing is stored.
//
//   npx tsx bench/calibration-accuracy.ts [FOLDER] [--models 40] [--test 16] [--seed 1]
//     [--device local|NAME --coordinator URL --token T | --browser] [--save points.json]
//
// --browser starts a coordinator in this process and the browser agent page in headless Chromium
// (/usr/bin/chromium), and calibrates that agent (onnxruntime-web, memory = the high-water mark of
// its WebAssembly heap; batches 1 and 8 as on Node).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { onnxFigures } from '../exporter/onnx/analysis/onnx-figures.ts';
import {
  calibrationProfile,
  pointsOf,
  profileForCalibration,
  runCalibration,
} from '../app/calibrate/run-calibration.ts';
import { openTarget } from '../app/calibrate/target.ts';
import { compareWith, type ErrorShares } from '../search/calibration/held-out.ts';
import { type CalibrationPoint, predictLatencyMs, predictPeakBytes } from '../search/calibration/model.ts';
import { withinBand } from '../search/calibration/peak-band.ts';
import { calibrationTestSet, type TestModel } from '../test/fixtures/onnx/calibration-test-set.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    models: { type: 'string', default: '40' },
    test: { type: 'string', default: '16' },
    seed: { type: 'string', default: '1' },
    device: { type: 'string', default: 'local' },
    coordinator: { type: 'string' },
    token: { type: 'string' },
    browser: { type: 'boolean' },
    /** Write every point (calibration, test set, folder) as JSON, to refit offline. */
    save: { type: 'string' },
  },
});

const browserAgent = values.browser
  ? await (await import('../test/profiler-agent/browser/helpers.ts')).startBrowserAgent()
  : null;

const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;
const line = (label: string, s: ErrorShares): string =>
  `${label.padEnd(28)} n=${String(s.count).padStart(3)}  ±5%: ${pct(s.within5).padStart(4)}  ±10%: ${pct(s.within10).padStart(4)}  median ${pct(s.medianError)}, max ${pct(s.maxError)}`;

const target = await openTarget(
  browserAgent === null
    ? {
        device: values.device,
        coordinator: values.coordinator ?? process.env.MEMNAS_COORDINATOR,
        token: values.token ?? process.env.MEMNAS_TOKEN,
      }
    : { device: browserAgent.device, coordinator: browserAgent.url, token: browserAgent.token },
);
const started = Date.now();
const record = await runCalibration(target, {
  models: Number(values.models),
  seed: Number(values.seed),
  onModel: (i, n, name) => process.stderr.write(`calibration ${i + 1}/${n} ${name}\n`),
});
console.log(
  `${record.deviceName}: ${record.device.cpuModel}, ${record.device.runtime.name} ${record.device.runtime.version}, ${record.models} models, batches ${record.profile.batches.join('/') || 'per model'}, ${Math.round((Date.now() - started) / 1000)} s`,
);
console.log(line('held-out memory', record.heldOut.memory));
console.log(line('held-out latency', record.heldOut.latency));
const band = record.band ?? null;
console.log(
  band === null
    ? 'peak band: none (too few models)'
    : `peak band: measured ${band.lowRatio.toFixed(3)}–${band.highRatio.toFixed(3)}× predicted (${pct(band.coverage)} of ${band.count} cross-validated measurements, ${band.folds} folds)`,
);

const models: TestModel[] = calibrationTestSet(Number(values.test));
const folder = positionals[0];
if (folder !== undefined) {
  for (const file of readdirSync(folder)
    .filter((f) => f.endsWith('.onnx'))
    .sort())
    models.push({ name: file, bytes: new Uint8Array(readFileSync(join(folder, file))) });
}
const points: CalibrationPoint[] = [];
const external: CalibrationPoint[] = [];
for (const m of models) {
  let figures;
  try {
    figures = onnxFigures(m.bytes);
  } catch (e) {
    console.log(`${m.name}: skipped, ${(e as Error).message}`);
    continue;
  }
  const { batches } = await profileForCalibration(target, m.bytes, calibrationProfile(target.runtime));
  const ps = pointsOf(m.name, figures, { batches });
  (models.indexOf(m) < Number(values.test) ? points : external).push(...ps);
  for (const p of ps) {
    const mem = predictPeakBytes(record.fit, figures, p.batch);
    const lat = predictLatencyMs(record.fit, figures, p.batch) ?? 0;
    console.log(
      `  ${m.name.padEnd(32)} b${String(p.batch).padEnd(4)} peak ${(p.peakBytes / 1e6).toFixed(2).padStart(7)} MB predicted ${(mem / 1e6).toFixed(2).padStart(7)} MB (${pct(mem / p.peakBytes - 1).padStart(5)})  p50 ${p.latencyMs!.toFixed(2).padStart(7)} ms predicted ${lat.toFixed(2).padStart(7)} ms (${pct(lat / p.latencyMs! - 1).padStart(5)})`,
    );
  }
}
for (const [label, set] of [
  ['test set', points],
  ['folder', external],
] as const) {
  if (set.length === 0) continue;
  const groups = [...new Set(set.map((p) => p.batch))].map(
    (b) => [`batch ${b}`, set.filter((p) => p.batch === b)] as const,
  );
  for (const [which, group] of groups) {
    const c = compareWith(record.fit, group);
    console.log(line(`${label} memory, ${which}`, c.memory));
    if (band !== null) {
      const inside = group.filter((p) =>
        withinBand(predictPeakBytes(record.fit, p.figures, p.batch), p.peakBytes, band),
      ).length;
      console.log(`${`${label} in band, ${which}`.padEnd(28)} ${inside}/${group.length}`);
    }
    console.log(line(`${label} latency, ${which}`, c.latency));
  }
}
if (values.save !== undefined)
  writeFileSync(
    values.save,
    JSON.stringify({ calibration: record.fit.points, test: points, folder: external }),
  );
await browserAgent?.close();
