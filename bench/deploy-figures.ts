// Do a deploy bundle's figures hold in the deployed process? For each model: profile it here as
// `memnas deploy --device local` does (under the agent's protocol, and at batch 1 in a plain
// process), write its bundle, then start the runner as the bundle's README says — `npm start`,
// and plainly `node run-node.mjs` — and read its peak from outside the process (VmHWM of
// /proc/PID/status over the paged-in baseline, test/app/deploy/outside-peak.ts), the median of
// three starts each. Linux only. Last line: one JSON object.
//
//   npx tsx bench/deploy-figures.ts [MODEL.onnx:HxWxC ...]     (default: the two test classifiers)
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { bundleFiles } from '../app/deploy/bundle.ts';
import { plainPeakOf } from '../app/deploy/plain-peak.ts';
import { measuredProcess } from '../app/deploy/start-command.ts';
import { profileLocal } from '../profiler-agent/local.ts';
import { formatBytes } from '../profiler-agent/report.ts';
import { convClassifier } from '../test/app/deploy/classifier-models.ts';
import { measureFromOutside } from '../test/app/deploy/outside-peak.ts';

interface Model {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly input: { height: number; width: number; channels: number };
  readonly classes: number;
}

function modelsFromArgs(args: readonly string[]): Model[] {
  if (args.length === 0)
    return [
      {
        name: 'conv 32-64-128',
        bytes: convClassifier(3, [32, 64, 128]),
        input: { height: 32, width: 32, channels: 3 },
        classes: 10,
      },
      {
        name: 'conv 64-128-256-256',
        bytes: convClassifier(3, [64, 128, 256, 256]),
        input: { height: 32, width: 32, channels: 3 },
        classes: 10,
      },
    ];
  return args.map((a) => {
    const m = /^(.+):(\d+)x(\d+)x(\d+)$/.exec(a);
    if (m === null) throw new Error(`expected MODEL.onnx:HxWxC, got ${a}`);
    const input = { height: Number(m[2]), width: Number(m[3]), channels: Number(m[4]) };
    return { name: basename(m[1]!), bytes: readFileSync(m[1]!), input, classes: 1000 };
  });
}

async function median(times: number, f: () => Promise<number>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < times; i++) xs.push(await f());
  return xs.sort((a, b) => a - b)[Math.floor(times / 2)]!;
}

async function measure(m: Model, dir: string) {
  const profile = await profileLocal(m.bytes, { batches: [1] });
  const plain = plainPeakOf(await profileLocal(m.bytes, { batches: [1], environment: 'plain' }));
  const measured = measuredProcess(profile);
  const labels = Array.from({ length: m.classes }, (_, i) => `class-${i}`);
  const files = bundleFiles(m.bytes, labels, m.input, {
    ...{ runName: m.name, dataset: 'none', testImages: 0, onDeviceAccuracy: 0, hostAccuracy: 0 },
    ...{
      hostBackend: 'none',
      disagreements: 0,
      latencyMs: profile.latencyMs.p50,
      latencyP90Ms: profile.latencyMs.p90,
    },
    peakMemoryBytes: profile.peakMemoryBytes,
    plainPeakMemoryBytes: plain.bytes,
    memoryMethod: profile.memory.method,
    ...(measured === undefined ? {} : { measuredProcess: measured }),
    device: profile.device,
    analytic: { paramBytes: 0, peakActivationBytes: 0, totalBytes: 0 },
  });
  for (const [f, body] of Object.entries(files)) writeFileSync(join(dir, f), body);
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
  const { height, width, channels } = m.input;
  writeFileSync(
    join(dir, 'sample.raw'),
    Uint8Array.from({ length: height * width * channels }, (_, i) => (i * 37) % 256),
  );
  const outside = (cmd: string, args: string[]) => () =>
    measureFromOutside(cmd, args, { cwd: dir }).then((r) => r.riseBytes);
  return {
    model: m.name,
    peakMemoryBytes: profile.peakMemoryBytes,
    npmStartBytes: await median(3, outside('npm', ['start', '--', 'sample.raw'])),
    plainPeakMemoryBytes: plain.bytes,
    plainMeasuredBytes: await median(3, outside('node', ['run-node.mjs', 'sample.raw'])),
  };
}

const rows = [];
for (const m of modelsFromArgs(process.argv.slice(2))) {
  const dir = mkdtempSync(join(tmpdir(), 'memnas-deploy-figures-'));
  try {
    rows.push(await measure(m, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const off = (a: number, b: number | null): string =>
  b === null ? 'n/a' : `${(100 * (a / b - 1)).toFixed(1)}%`;
console.log('| model | protocol peak | `npm start`, measured | plain peak | `node run-node.mjs`, measured |');
console.log('|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.model} | ${formatBytes(r.peakMemoryBytes)} | ${formatBytes(r.npmStartBytes)} (${off(r.npmStartBytes, r.peakMemoryBytes)}) | ${r.plainPeakMemoryBytes === null ? 'n/a' : formatBytes(r.plainPeakMemoryBytes)} | ${formatBytes(r.plainMeasuredBytes)} (${off(r.plainMeasuredBytes, r.plainPeakMemoryBytes)}) |`,
  );
console.log(JSON.stringify({ rows }));
