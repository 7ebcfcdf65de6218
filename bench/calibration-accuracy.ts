// How well a device's calibration predicts graphs it never saw: calibrates the device (default
// this machine) with --models generated models, then profiles a separate test set — public-
// architecture-like ONNX graphs (inverted residuals, dense blocks, fire modules, ResNet blocks,
// written the way PyTorch exports them) and search-space members from unused seeds — --rounds
// times (the second round gives the measurement's own run-to-run noise), plus every .onnx file in
// the folder given as argument, and prints the shares within ±5% and ±10% of the measured peak
// memory (per batch size) and batch-1 p50 latency, with Kendall's tau between predicted and
// measured p50s. --second measures a second test set as well (calibrationSecondSet: 18 networks
// never used to choose the latency model's terms). Nothing is stored.
//
//   npx tsx bench/calibration-accuracy.ts [FOLDER] [--models 40] [--test 16] [--seed 1] [--rounds 2] [--second]
//     [--device local|NAME --coordinator URL --token T | --browser] [--save points.json]
//   npx tsx bench/calibration-accuracy.ts --points FILE... (files of bench/calibration-points.ts)
//
// --browser starts a coordinator in this process and the browser agent page in headless Chromium
// (/usr/bin/chromium), and calibrates that agent (onnxruntime-web, memory = the high-water mark of
// its WebAssembly heap; batches 1 and 8 as on Node). --points fits and evaluates measurements
// taken slice by slice (on a shared machine, each slice under a timing lock) instead.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { deviceFigures, hostRuntimeGraph } from '../app/calibrate/runtime-kernels.ts';
import {
  calibrationProfile,
  measureSet,
  pointsOf,
  runCalibration,
} from '../app/calibrate/run-calibration.ts';
import { type CalibrationTarget, openTarget } from '../app/calibrate/target.ts';
import { type CalibrationPoint, fitCalibration } from '../search/calibration/model.ts';
import {
  calibrationSecondSet,
  calibrationTestSet,
  type TestModel,
} from '../test/fixtures/onnx/calibration-test-set.ts';
import type { PointsFile } from './calibration-points-file.ts';
import { pointLine, printTestSet, sharesLine } from './calibration-report.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    models: { type: 'string', default: '40' },
    test: { type: 'string', default: '16' },
    seed: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '2' },
    device: { type: 'string', default: 'local' },
    coordinator: { type: 'string' },
    token: { type: 'string' },
    browser: { type: 'boolean' },
    points: { type: 'boolean' },
    second: { type: 'boolean' },
    /** Write every point (calibration, test set rounds, folder) as JSON, to refit offline. */
    save: { type: 'string' },
  },
});

/**
 * Profiles `models` as a calibration does (in passes over the set); a model whose figures cannot
 * be computed is skipped with a line.
 */
async function measure(target: CalibrationTarget, models: readonly TestModel[]): Promise<CalibrationPoint[]> {
  const graphs = await hostRuntimeGraph(target.description);
  const kept: { model: TestModel; figures: CalibrationPoint['figures'] }[] = [];
  for (const model of models) {
    try {
      kept.push({ model, figures: await deviceFigures(model.bytes, graphs) });
    } catch (e) {
      console.log(`${model.name}: skipped, ${(e as Error).message}`);
    }
  }
  const measured = await measureSet(
    target,
    kept.map((k) => k.model),
    calibrationProfile(target.runtime),
  );
  return measured.flatMap((m, i) => pointsOf(kept[i]!.model.name, kept[i]!.figures, m));
}

/** Fits the points files' calibration slices and evaluates their test rounds. */
function fromPoints(files: readonly string[]): void {
  const read = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as PointsFile);
  const calibration = read.filter((f) => f.set === 'calibration').flatMap((f) => f.points);
  const method = read.find((f) => f.method !== null)?.method ?? null;
  const fit = fitCalibration(calibration, {
    wasmGrowth: method === 'wasm-memory',
    runIncludesLoad: method === 'wasm-heap',
  });
  const roundNumbers = [...new Set(read.filter((f) => f.set === 'test').map((f) => f.round))].sort();
  const rounds = roundNumbers.map((r) =>
    read.filter((f) => f.set === 'test' && f.round === r).flatMap((f) => f.points),
  );
  console.log(
    `${read[0]?.runtime ?? '?'}: ${new Set(calibration.map((p) => p.model)).size} calibration models, test rounds ${roundNumbers.join(', ')}`,
  );
  for (const p of rounds[0] ?? []) console.log(pointLine(fit, p));
  printTestSet('test set', fit, null, rounds);
}

async function calibrateAndTest(): Promise<void> {
  const browserAgent = values.browser
    ? await (await import('../test/profiler-agent/browser/helpers.ts')).startBrowserAgent()
    : null;
  const target = await openTarget(
    browserAgent === null
      ? {
          device: values.device,
          coordinator: values.coordinator ?? process.env.MEMNAS_COORDINATOR,
          token: values.token ?? process.env.MEMNAS_TOKEN,
        }
      : browserAgent.target,
  );
  const started = Date.now();
  const record = await runCalibration(target, {
    models: Number(values.models),
    seed: Number(values.seed),
    onMeasured: (m) =>
      process.stderr.write(
        `calibration pass ${m.pass + 1}/${m.passes} ${m.index + 1}/${m.total} ${m.name}\n`,
      ),
  });
  console.log(
    `${record.deviceName}: ${record.device.cpuModel}, ${record.device.runtime.name} ${record.device.runtime.version}, ${record.models} models, batches ${record.profile.batches.join('/') || 'per model'}, ${Math.round((Date.now() - started) / 1000)} s`,
  );
  console.log(sharesLine('held-out memory', record.heldOut.memory));
  console.log(sharesLine('held-out latency b1', record.heldOut.latency));
  const band = record.band ?? null;
  const rounds: CalibrationPoint[][] = [];
  const second: CalibrationPoint[][] = [];
  for (let r = 0; r < Number(values.rounds); r++) {
    rounds.push(await measure(target, calibrationTestSet(Number(values.test))));
    if (values.second === true) second.push(await measure(target, calibrationSecondSet()));
  }
  for (const p of rounds[0] ?? []) console.log(pointLine(record.fit, p));
  printTestSet('test set', record.fit, band, rounds);
  for (const p of second[0] ?? []) console.log(pointLine(record.fit, p));
  printTestSet('second set', record.fit, band, second);
  const folder = positionals[0];
  const external =
    folder === undefined
      ? []
      : await measure(
          target,
          readdirSync(folder)
            .filter((f) => f.endsWith('.onnx'))
            .sort()
            .map((file) => ({ name: file, bytes: new Uint8Array(readFileSync(join(folder, file))) })),
        );
  for (const p of external) console.log(pointLine(record.fit, p));
  printTestSet('folder', record.fit, band, [external]);
  if (values.save !== undefined)
    writeFileSync(
      values.save,
      JSON.stringify({ calibration: record.fit.points, test: rounds, second, folder: external }),
    );
  await browserAgent?.close();
}

if (values.points === true) fromPoints(positionals);
else await calibrateAndTest();
