// What one depthwise convolution costs on a runtime: profiles single-convolution graphs (16–512
// channels, 3×3 and 5×5, 4–32 pixels, strides 1 and 2, each with a fused ReLU) and a bare ReLU
// for the fixed cost, then fits the p50 above that cost to MACs, activation elements, im2col rows
// (channels × kernel elements × output rows) and channels, with and without the rows, printing
// each fit's share within ±10%. The evidence for the latency model's im2col terms
// (search/calibration/fused-kernels.ts, im2colRows): where MLAS has no direct depthwise kernel (the
// WebAssembly build) every row costs a loop's setup.
//
//   npx tsx bench/im2col-rows.ts [--browser] [--save FILE]
//
// --browser measures the browser agent (headless Chromium at /usr/bin/chromium, onnxruntime-web);
// without it, this machine (onnxruntime-node).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { measureSet } from '../app/calibrate/run-calibration.ts';
import { openTarget } from '../app/calibrate/target.ts';
import { nnls } from '../search/calibration/nnls.ts';
import { FixtureNet } from '../test/fixtures/onnx/fixture-net.ts';

const { values } = parseArgs({ options: { browser: { type: 'boolean' }, save: { type: 'string' } } });

interface Conv {
  readonly channels: number;
  readonly kernel: number;
  readonly size: number;
  readonly stride: number;
}

const outSize = (c: Conv): number =>
  Math.floor((c.size + 2 * Math.floor(c.kernel / 2) - c.kernel) / c.stride) + 1;
const name = (c: Conv): string => `dw-c${c.channels}-k${c.kernel}-h${c.size}-s${c.stride}`;

function depthwiseGraph(c: Conv): Uint8Array {
  const net = new FixtureNet(c.channels + c.kernel + c.size + c.stride);
  const y = net.relu(
    net.conv('x', c.channels, c.channels, c.kernel, { group: c.channels, stride: c.stride }),
  );
  const o = outSize(c);
  net.builder.input('x', ['N', c.channels, c.size, c.size]).output(y, ['N', c.channels, o, o]);
  return net.builder.toBytes();
}

/** The fixed cost's graph: one ReLU on a 4-element tensor. */
function bareGraph(): Uint8Array {
  const net = new FixtureNet(1);
  const y = net.relu('x');
  net.builder.input('x', ['N', 1, 2, 2]).output(y, ['N', 1, 2, 2]);
  return net.builder.toBytes();
}

/** Every combination, up to 512 channels at 16×16 (larger ones take seconds in the browser). */
function grid(): Conv[] {
  const convs: Conv[] = [];
  for (const channels of [16, 64, 256, 512])
    for (const kernel of [3, 5])
      for (const size of [4, 8, 16, 32])
        for (const stride of [1, 2])
          if (channels * size * size <= 512 * 16 * 16) convs.push({ channels, kernel, size, stride });
  return convs;
}

const TERMS: Record<string, (c: Conv) => number> = {
  macs: (c) => c.channels * c.kernel ** 2 * outSize(c) ** 2,
  activations: (c) => c.channels * (c.size ** 2 + outSize(c) ** 2),
  im2colRows: (c) => c.channels * c.kernel ** 2 * outSize(c),
  channels: (c) => c.channels,
};

/** Fits p50 − fixed to `terms` (weighted by 1/p50, non-negative) and prints it. */
function printFit(
  terms: readonly string[],
  convs: readonly Conv[],
  p50: readonly number[],
  fixed: number,
): void {
  const rows = convs.map((c) => terms.map((t) => TERMS[t]!(c)));
  const w = nnls(
    rows,
    p50.map((t) => t - fixed),
    p50.map((t) => 1 / t),
    1e-9,
  );
  const errors = rows.map((r, i) => (fixed + r.reduce((s, v, j) => s + v * w[j]!, 0)) / p50[i]! - 1);
  const within = errors.filter((e) => Math.abs(e) <= 0.1).length;
  const costs = terms.map((t, j) => `${t} ${(w[j]! * 1e6).toFixed(2)} ns`).join(', ');
  const worst = Math.max(...errors.map(Math.abs));
  console.log(
    `${costs}: ${within} of ${convs.length} within ±10%, largest error ${(100 * worst).toFixed(0)}%`,
  );
}

const agent = values.browser
  ? await (await import('../test/profiler-agent/browser/helpers.ts')).startBrowserAgent()
  : null;
const target = await openTarget(agent === null ? { device: 'local' } : agent.target);
const convs = grid();
const models = [
  { name: 'bare', bytes: bareGraph() },
  ...convs.map((c) => ({ name: name(c), bytes: depthwiseGraph(c) })),
];
const measured = await measureSet(
  target,
  models,
  { batches: [1], runs: 30, warmup: 3 },
  {
    onMeasured: (m) =>
      process.stderr.write(`pass ${m.pass + 1}/${m.passes} ${m.index + 1}/${m.total} ${m.name}\n`),
  },
);
const p50 = measured.map((m) => m.batches[0]!.latencyMs.p50);
console.log(`${target.name} (${target.runtime}): fixed cost ${p50[0]!.toFixed(3)} ms; per unit above it:`);
for (const [i, c] of convs.entries()) console.log(`  ${name(c).padEnd(22)} p50 ${p50[i + 1]!.toFixed(4)} ms`);
printFit(['macs', 'activations', 'channels'], convs, p50.slice(1), p50[0]!);
printFit(['macs', 'activations', 'im2colRows', 'channels'], convs, p50.slice(1), p50[0]!);
if (values.save !== undefined)
  writeFileSync(values.save, JSON.stringify(models.map((m, i) => ({ name: m.name, p50: p50[i] }))));
await agent?.close();
