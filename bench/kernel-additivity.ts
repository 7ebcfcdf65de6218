// Whether a device's network latency is the sum of its kernels' — the premise of nn-Meter's
// kernel-level predictors, measured before building one. Profiles the calibration networks at
// batch 1 (the calibration's own protocol), then a probe of each distinct kernel of theirs
// (exporter/onnx/kernel-probe.ts) with 1 and --copies copies; a kernel's time is the difference
// over the extra copies, free of the run call's fixed cost. Fits p50 = a + b·Σ kernel times +
// c·kernels (non-negative, relative weights) to the networks and prints the share within ±10%
// of the measured p50, with Kendall's tau: in-sample and leave-one-network-out. Even this
// oracle (every kernel measured, none predicted) bounds any kernel-level predictor from above.
//
//   npx tsx bench/kernel-additivity.ts [--models 40] [--seed 1] [--copies 8] [--browser] [--save FILE]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { kernelList } from '../app/calibrate/kernel-figures.ts';
import { calibrationProfile, profileForCalibration } from '../app/calibrate/run-calibration.ts';
import { type CalibrationTarget, openTarget } from '../app/calibrate/target.ts';
import { exportArchitecture } from '../exporter/export-model.ts';
import { kernelProbe } from '../exporter/onnx/kernel-probe.ts';
import { randomWeights } from '../search/architecture/random-weights.ts';
import type { FusedKernel } from '../search/calibration/fused-kernels.ts';
import { calibrationSet } from '../search/calibration/generate.ts';
import { pairAccuracy } from '../search/calibration/held-out.ts';
import { nnls } from '../search/calibration/nnls.ts';
import { sharesLine } from './calibration-report.ts';

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: '40' },
    seed: { type: 'string', default: '1' },
    copies: { type: 'string', default: '8' },
    browser: { type: 'boolean' },
    save: { type: 'string' },
  },
});

interface Network {
  readonly name: string;
  readonly kernels: readonly FusedKernel[];
  readonly p50: number;
}

/** A kernel's identity for probing: what its probe reproduces. */
const kernelKey = (k: FusedKernel): string =>
  JSON.stringify([
    k.kind,
    k.op,
    k.activation,
    k.inputs,
    k.inputDims,
    k.outputDims,
    k.window,
    k.stride,
    k.group,
  ]);

async function probeP50(target: CalibrationTarget, bytes: Uint8Array): Promise<number> {
  const { runs, warmup } = calibrationProfile(target.runtime);
  const r = await target.profile(bytes, { batches: [1], runs, warmup });
  return r.batches[0]!.latencyMs.p50;
}

async function measureNetworks(target: CalibrationTarget): Promise<Network[]> {
  const out: Network[] = [];
  for (const m of calibrationSet(Number(values.models), Number(values.seed))) {
    const { bytes } = exportArchitecture(m.arch, randomWeights(m.arch, m.weightSeed), { lean: m.lean });
    const { batches } = await profileForCalibration(target, bytes, {
      ...calibrationProfile(target.runtime),
      batches: [1],
    });
    out.push({ name: m.arch.name, kernels: kernelList(bytes), p50: batches[0]!.latencyMs.p50 });
    process.stderr.write(`network ${out.length} ${m.arch.name}\n`);
  }
  return out;
}

/** Per distinct kernel: (p50 with `copies` copies − p50 with one) / (copies − 1), ms. */
async function measureKernels(
  target: CalibrationTarget,
  networks: readonly Network[],
): Promise<Map<string, number>> {
  const copies = Number(values.copies);
  const times = new Map<string, number>();
  for (const k of networks.flatMap((n) => n.kernels)) {
    const key = kernelKey(k);
    const one = times.has(key) ? null : kernelProbe(k, 1);
    if (one === null) continue;
    const many = await probeP50(target, kernelProbe(k, copies)!);
    times.set(key, (many - (await probeP50(target, one))) / (copies - 1));
    if (times.size % 50 === 0) process.stderr.write(`kernel ${times.size}\n`);
  }
  return times;
}

/** Coefficients (a, b, c) fitted to `fitted`, then each of `predicted` as a + b·Σ + c·n. */
function fitAndPredict(
  rows: readonly number[][],
  y: readonly number[],
  fitted: readonly number[],
  predicted: readonly number[],
): number[] {
  const coef = nnls(
    fitted.map((i) => rows[i]!),
    fitted.map((i) => y[i]!),
    fitted.map((i) => 1 / y[i]!),
  );
  return predicted.map((i) => rows[i]!.reduce((s, v, j) => s + v * coef[j]!, 0));
}

function report(networks: readonly Network[], times: ReadonlyMap<string, number>): void {
  const rows = networks.map((n) => {
    const probed = n.kernels.filter((k) => times.has(kernelKey(k)));
    return [1, probed.reduce((s, k) => s + times.get(kernelKey(k))!, 0), n.kernels.length];
  });
  const y = networks.map((n) => n.p50);
  const all = networks.map((_, i) => i);
  const inSample = fitAndPredict(rows, y, all, all);
  const loo = all.map(
    (i) =>
      fitAndPredict(
        rows,
        y,
        all.filter((j) => j !== i),
        [i],
      )[0]!,
  );
  for (const [i, n] of networks.entries())
    console.log(
      `  ${n.name.padEnd(28)} p50 ${n.p50.toFixed(3)} ms  Σ kernels ${rows[i]![1]!.toFixed(3)} ms  fitted ${inSample[i]!.toFixed(3)} ms  (${n.kernels.length} kernels)`,
    );
  const pairs = (p: readonly number[]): { predicted: number; measured: number }[] =>
    p.map((predicted, i) => ({ predicted, measured: y[i]! }));
  console.log(sharesLine('sum of kernels, in-sample', pairAccuracy(pairs(inSample))));
  console.log(sharesLine('sum of kernels, leave-one-out', pairAccuracy(pairs(loo))));
}

const browserAgent = values.browser
  ? await (await import('../test/profiler-agent/browser/helpers.ts')).startBrowserAgent()
  : null;
const target = await openTarget(browserAgent === null ? { device: 'local' } : browserAgent.target);
const started = Date.now();
const networks = await measureNetworks(target);
const times = await measureKernels(target, networks);
console.log(
  `${target.name} (${target.runtime}): ${networks.length} networks, ${times.size} kernels probed at 1 and ${values.copies} copies, ${Math.round((Date.now() - started) / 1000)} s`,
);
report(networks, times);
if (values.save !== undefined) writeFileSync(values.save, JSON.stringify({ networks, kernels: [...times] }));
await browserAgent?.close();
