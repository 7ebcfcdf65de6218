// Runs the benchmark network's training in tfjs (train-throughput.ts) and in PyTorch on one
// thread (train-pytorch.py) side by side, alternating --rounds times and keeping each side's best
// round (the machine is shared; the best round is the least disturbed), and prints the ratio.
// Usage: tsx bench/compare-pytorch.ts [--backend wasm] [--steps 30] [--warmup 5] [--rounds 2] [--json]
// Python: $MEMNAS_PYTHON, else /usr/bin/python3 (Debian's python3-torch), else python3 on PATH.
// Last line: {"backend", "imagesPerSecond", "threads", "pytorchImagesPerSecond", "ratio"}
// (the PyTorch fields are null, with a skip message before, where torch is not installed).

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    steps: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '2' },
    json: { type: 'boolean', default: false },
  },
});

interface Result {
  backend: string;
  imagesPerSecond: number;
  threads: number;
  imagesPerCpuSecond?: number;
}

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const python =
  process.env['MEMNAS_PYTHON'] ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const common = ['--steps', values.steps, '--warmup', values.warmup, '--json'];

function lastLine(output: string): string {
  return output.trim().split('\n').at(-1) ?? '';
}

function runTfjs(): Result {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', here('./train-throughput.ts'), '--backend', values.backend, ...common],
    { encoding: 'utf8' },
  );
  return JSON.parse(lastLine(out)) as Result;
}

/** The PyTorch result, or the skip message when torch (or python) is missing. */
function runPytorch(): Result | string {
  let out: string;
  try {
    out = execFileSync(python, [here('./train-pytorch.py'), ...common], { encoding: 'utf8' });
  } catch (e) {
    return `skip: could not run ${python} (${(e as Error).message.split('\n')[0] ?? ''})`;
  }
  const line = lastLine(out);
  return line.startsWith('skip') ? line : (JSON.parse(line) as Result);
}

let tfjs: Result | undefined;
let torch: Result | string | undefined;
// Every round's figures too: PyTorch's single-thread speed on this kind of machine is bimodal
// (seen: ~0.9–1.2k and ~4.6–6.5k images/s in alternating rounds), so the median is reported
// beside the best.
const tfjsRounds: number[] = [];
const torchRounds: number[] = [];
for (let round = 0; round < Number(values.rounds); round++) {
  const t = runPytorch();
  if (typeof t === 'object') torchRounds.push(t.imagesPerSecond);
  torch =
    typeof t === 'string' || typeof torch !== 'object' || t.imagesPerSecond > torch.imagesPerSecond
      ? t
      : torch;
  const j = runTfjs();
  tfjsRounds.push(j.imagesPerSecond);
  tfjs = tfjs === undefined || j.imagesPerSecond > tfjs.imagesPerSecond ? j : tfjs;
  if (!values.json) {
    const torchText = typeof t === 'string' ? 'pytorch skipped' : `pytorch ${t.imagesPerSecond} images/s`;
    console.log(
      `round ${round + 1}: ${j.backend} ${j.imagesPerSecond} images/s (${j.threads} thread(s)), ${torchText}`,
    );
  }
}
if (tfjs === undefined) throw new Error('--rounds must be at least 1');
const torchIps = typeof torch === 'object' ? torch.imagesPerSecond : null;
const round3 = (v: number): number => Math.round(v * 1000) / 1000;
const ratio = torchIps === null ? null : round3(tfjs.imagesPerSecond / torchIps);
// The same ratio per CPU-second of each process: less sensitive to other jobs than wall time.
const torchCpu = typeof torch === 'object' ? torch.imagesPerCpuSecond : undefined;
const cpuRatio =
  torchCpu === undefined || tfjs.imagesPerCpuSecond === undefined
    ? null
    : round3(tfjs.imagesPerCpuSecond / torchCpu);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const medianRatio = torchRounds.length === 0 ? null : round3(median(tfjsRounds) / median(torchRounds));
if (typeof torch === 'string') console.log(torch);
else if (!values.json) {
  console.log(
    `best: ${tfjs.backend} ${tfjs.imagesPerSecond} images/s vs pytorch ${torchIps} images/s (1 thread): ratio ${ratio} (per CPU-second: ${cpuRatio})`,
  );
  console.log(
    `median: ${tfjs.backend} ${median(tfjsRounds)} images/s vs pytorch ${median(torchRounds)} images/s: ratio ${medianRatio}`,
  );
}
console.log(
  JSON.stringify({
    ...tfjs,
    pytorchImagesPerSecond: torchIps,
    ratio,
    cpuRatio,
    rounds: { [tfjs.backend]: tfjsRounds, pytorch: torchRounds },
    medianRatio,
  }),
);
