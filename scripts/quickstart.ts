// `npm start`: the main job on embedded defaults — a short grow-trim search on Fashion-MNIST
// (300 KB budget, λ 0.5, a few minutes on a 2-core machine), then the winner measured on this
// machine and estimated by the analytic model. Each step is the real `memnas` command, so the
// output shows exactly what a user would run.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/memnas.js', import.meta.url));
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
const out = `runs/quickstart-${stamp}`;

const steps: string[][] = [
  ['search', '--dataset', 'fashion-mnist', '--out', out],
  ['estimate', `${out}/best.onnx`],
  ['profile', `${out}/best.onnx`, '--device', 'local'],
];

for (const args of steps) {
  console.log(`\n$ memnas ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
console.log(`\nDone: ${out}/ holds summary.json, pareto.svg, every candidate's architecture and best.onnx.`);
