// Training throughput of the benchmark network (benchmark-network.ts): batch 64 of random
// 32×32×3 images, SGD lr 0.05, softmax cross-entropy. Trains --warmup steps, then times --steps.
// Usage: tsx bench/train-throughput.ts [--backend auto|tfjs-node|wasm|cpu] [--steps 30]
//        [--warmup 5] [--profile] [--json]
// The last line printed is {"backend", "imagesPerSecond", "threads"}.

import { parseArgs } from 'node:util';
import { isMemnasError } from '../search/errors.ts';
import { getTf, initBackend } from '../trainer/backend/index.ts';
import type { BackendPreference } from '../trainer/backend/index.ts';
import type { Scalar, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import { benchmarkNetwork } from './benchmark-network.ts';
import { profileStep } from './profile-step.ts';

const BATCH = 64;

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'auto' },
    steps: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    profile: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const info = await initBackend(values.backend as BackendPreference).catch((e: unknown) => {
  // A backend that cannot load is a usage problem here: one line, non-zero exit.
  if (!isMemnasError(e)) throw e;
  console.error(`memnas: ${e.message}`);
  process.exit(2);
});
const tf = getTf();
const net = benchmarkNetwork(tf);
const images = tf.randomUniform([BATCH, 32, 32, 3], 0, 1, 'float32', 1) as Tensor4D;
const labels = tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32', 2), 10) as Tensor2D;
const optimizer = tf.train.sgd(0.05);

const step = (): number => {
  const loss = optimizer.minimize(
    () => tf.losses.softmaxCrossEntropy(labels, net.forward(images)) as Scalar,
    true,
    net.variables,
  );
  const value = loss === null ? NaN : (loss.dataSync()[0] ?? NaN);
  loss?.dispose();
  return value;
};

const warmup = Number(values.warmup);
const steps = Number(values.steps);
for (let i = 0; i < warmup; i++) step();
const tensorsBefore = tf.memory().numTensors;
// Buffers the backend holds, which would also count intermediates a kernel forgot to free.
const buffersBefore = tf.engine().backend.numDataIds();
const start = performance.now();
const cpuStart = process.cpuUsage();
let lastLoss = NaN;
for (let i = 0; i < steps; i++) lastLoss = step();
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuStart);
const imagesPerSecond = (steps * BATCH) / seconds;
// Images per CPU-second (all of this process's threads): steadier than wall time on a shared machine.
const imagesPerCpuSecond = (steps * BATCH) / ((cpu.user + cpu.system) / 1e6);
const leaked = tf.memory().numTensors - tensorsBefore;
const leakedBuffers = tf.engine().backend.numDataIds() - buffersBefore;

if (values.profile) await profileStep(tf, step);
if (!values.json) {
  console.log(
    `backend ${info.name} (${info.threads} thread${info.threads === 1 ? '' : 's'}), batch ${BATCH}, ${steps} steps after ${warmup} warm-up`,
  );
  console.log(
    `${((seconds * 1000) / steps).toFixed(1)} ms/step, ${imagesPerSecond.toFixed(0)} images/s (${imagesPerCpuSecond.toFixed(0)} per CPU-second), final loss ${lastLoss.toFixed(4)}, tensors leaked ${leaked}, backend buffers leaked ${leakedBuffers}`,
  );
}
const round1 = (v: number): number => Math.round(v * 10) / 10;
console.log(
  JSON.stringify({
    backend: info.name,
    imagesPerSecond: round1(imagesPerSecond),
    threads: info.threads,
    imagesPerCpuSecond: round1(imagesPerCpuSecond),
  }),
);
