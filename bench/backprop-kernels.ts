// Per-layer timing of the benchmark network's convolutions on one backend: forward, filter
// gradient and input gradient kernels, each the least of several runs (the machine is shared).
// Usage: tsx bench/backprop-kernels.ts [--backend wasm] [--reps 8]

import { parseArgs } from 'node:util';
import { getTf, initBackend } from '../trainer/backend/index.ts';
import type { BackendPreference } from '../trainer/backend/index.ts';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';

const { values } = parseArgs({
  options: { backend: { type: 'string', default: 'wasm' }, reps: { type: 'string', default: '8' } },
});
await initBackend(values.backend as BackendPreference);
const tf = getTf();
const reps = Number(values.reps);

function time(label: string, f: () => Tensor): void {
  for (let i = 0; i < 2; i++) f().dispose();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    const r = f();
    r.dataSync();
    r.dispose();
    best = Math.min(best, performance.now() - t);
  }
  console.log(`${label.padEnd(40)} ${best.toFixed(2).padStart(8)} ms`);
}

const LAYERS = [
  { name: 'conv 3×3 3→16', x: [64, 32, 32, 3], w: [3, 3, 3, 16], stride: 1, depthwise: false },
  { name: 'conv 3×3 16→32 stride 2', x: [64, 32, 32, 16], w: [3, 3, 16, 32], stride: 2, depthwise: false },
  { name: 'depthwise 3×3 32', x: [64, 16, 16, 32], w: [3, 3, 32, 1], stride: 1, depthwise: true },
  { name: 'depthwise 3×3 32 stride 2', x: [64, 16, 16, 32], w: [3, 3, 32, 1], stride: 2, depthwise: true },
  { name: 'conv 1×1 32→64', x: [64, 8, 8, 32], w: [1, 1, 32, 64], stride: 1, depthwise: false },
] as const;

for (const layer of LAYERS) {
  const x = tf.randomNormal([...layer.x]) as Tensor4D;
  const w = tf.randomNormal([...layer.w]) as Tensor4D;
  const pad = layer.w[0] === 1 ? 'valid' : 'same';
  const forward = (): Tensor4D =>
    layer.depthwise ? tf.depthwiseConv2d(x, w, layer.stride, pad) : tf.conv2d(x, w, layer.stride, pad);
  const y = forward();
  const dy = tf.randomNormal(y.shape) as Tensor4D;
  const attrs = { strides: layer.stride, pad, dataFormat: 'NHWC', dilations: 1 };
  const [filterKernel, inputKernel] = layer.depthwise
    ? ['DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput']
    : ['Conv2DBackpropFilter', 'Conv2DBackpropInput'];
  time(`${layer.name} forward`, forward);
  time(
    `${layer.name} filter gradient`,
    () => tf.engine().runKernel(filterKernel, { x, dy }, { ...attrs, filterShape: [...layer.w] }) as Tensor,
  );
  time(
    `${layer.name} input gradient`,
    () =>
      tf.engine().runKernel(inputKernel, { dy, filter: w }, { ...attrs, inputShape: [...layer.x] }) as Tensor,
  );
  tf.dispose([x, w, y, dy]);
}
