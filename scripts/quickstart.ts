// `npm start`: the main job on embedded defaults — train the MobileNetV2-style example on
// Fashion-MNIST, export it lean and verified, estimate its memory, profile it on this machine.
// Each step is the real `memnas` command, so the output shows exactly what a user would run.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/memnas.js', import.meta.url));
const out = 'runs/quickstart';
const arch = 'examples/mobilenetv2-28.json';

const steps: string[][] = [
  ['train', arch, '--dataset', 'fashion-mnist', '--epochs', '1', '--out', out],
  ['export', arch, '--weights', `${out}/weights.bin`, '-o', `${out}/model.onnx`, '--verify', '--reference', `${out}/reference.json`],
  ['estimate', `${out}/model.onnx`],
  ['profile', `${out}/model.onnx`, '--device', 'local'],
];

for (const args of steps) {
  console.log(`\n$ memnas ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
console.log(`\nDone: ${out}/ holds the weights, the verified ONNX model and its reference batch.`);
