// Profiles a slice of the calibration set or of the separate test set and writes its points
// (figures with the fused-kernel table, peaks, p50s) to a JSON file, so that a calibration's
// measurements can be taken in short runs on a shared machine — each under the timing lock,
// others timing in between — and evaluated together by
// `npm run bench:calibration -- --points FILE...`. A test slice measured twice (two --round
// values) gives the measurement's own run-to-run noise beside the predictor's error.
//
//   npx tsx bench/calibration-points.ts --set calibration|test --from 0 --to 8 --out FILE
//     [--models 40] [--test 16] [--seed 1] [--round 1] [--browser]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { exportArchitecture } from '../exporter/export-model.ts';
import { calibrationFigures } from '../app/calibrate/kernel-figures.ts';
import { calibrationProfile, measureSet, pointsOf } from '../app/calibrate/run-calibration.ts';
import { openTarget } from '../app/calibrate/target.ts';
import { randomWeights } from '../search/architecture/random-weights.ts';
import { calibrationSet } from '../search/calibration/generate.ts';
import { calibrationTestSet } from '../test/fixtures/onnx/calibration-test-set.ts';
import type { PointsFile } from './calibration-points-file.ts';

const { values } = parseArgs({
  options: {
    set: { type: 'string', default: 'calibration' },
    from: { type: 'string', default: '0' },
    to: { type: 'string' },
    models: { type: 'string', default: '40' },
    test: { type: 'string', default: '16' },
    seed: { type: 'string', default: '1' },
    round: { type: 'string', default: '1' },
    browser: { type: 'boolean' },
    out: { type: 'string' },
  },
});
if (values.out === undefined || (values.set !== 'calibration' && values.set !== 'test')) {
  console.error('usage: calibration-points.ts --set calibration|test --from I --to J --out FILE');
  process.exit(2);
}

/** The slice's models as ONNX bytes: calibration members exported as `memnas calibrate` does. */
function slice(): { name: string; bytes: Uint8Array }[] {
  const from = Number(values.from);
  const to = values.to === undefined ? undefined : Number(values.to);
  if (values.set === 'test') return calibrationTestSet(Number(values.test)).slice(from, to);
  const members = calibrationSet(Number(values.models), Number(values.seed));
  return members.slice(from, to).map((m) => ({
    name: m.arch.name,
    bytes: exportArchitecture(m.arch, randomWeights(m.arch, m.weightSeed), { lean: m.lean }).bytes,
  }));
}

const browserAgent = values.browser
  ? await (await import('../test/profiler-agent/browser/helpers.ts')).startBrowserAgent()
  : null;
const target = await openTarget(
  browserAgent === null ? { device: 'local', coordinator: undefined, token: undefined } : browserAgent.target,
);
const out: PointsFile = {
  set: values.set as PointsFile['set'],
  round: Number(values.round),
  runtime: target.runtime,
  method: null,
  points: [],
};
// In passes over the slice, as a calibration measures (app/calibrate/passes.ts).
const models = slice();
const measured = await measureSet(target, models, calibrationProfile(target.runtime));
for (const [i, m] of models.entries()) {
  const { result, batches } = measured[i]!;
  out.method ??= result.memory.method;
  out.points.push(...pointsOf(m.name, calibrationFigures(m.bytes), { batches }));
  const b1 = batches.find((b) => b.batch === 1);
  process.stderr.write(`${m.name} p50 ${b1?.latencyMs.p50.toFixed(3) ?? '?'} ms\n`);
}
writeFileSync(values.out, JSON.stringify(out));
await browserAgent?.close();
