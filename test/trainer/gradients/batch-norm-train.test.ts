// The fused training batch norm on wasm against the same computation written with tfjs ops
// (what other backends run): outputs, batch statistics and the gradients of x, gamma and beta.
// Channel counts cover whole blocks of 4, a remainder, and fewer than 4.

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../trainer/backend/index.ts';
import { BATCH_NORM_TRAIN } from '../../../trainer/gradients/wasm/batch-norm-train.ts';

const EPS = 1e-3;

function composite(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  return tf.add(tf.mul(tf.sub(x, mean), tf.mul(gamma, tf.rsqrt(tf.add(variance, EPS)))), beta);
}

function fused(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor[] {
  return tf
    .engine()
    .runKernel(BATCH_NORM_TRAIN, { x, gamma, beta }, { epsilon: EPS }) as unknown as tf.Tensor[];
}

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

function expectClose(got: number[], want: number[], tol: number): void {
  expect(got.length).toBe(want.length);
  const scale = Math.max(1, ...want.map(Math.abs));
  got.forEach((v, i) => expect(Math.abs(v - (want[i] ?? NaN))).toBeLessThan(tol * scale));
}

describe('fused training batch norm on wasm', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  for (const c of [8, 6, 3]) {
    it(`matches the op-by-op version with ${c} channels`, () => {
      const shape = [3, 5, 4, c];
      // A non-zero mean and uneven scale per channel, as after a conv.
      const x = tf.tidy(() => tf.add(tf.mul(tf.randomNormal(shape, 0, 1, 'float32', 7), 3), 1.5));
      const gamma = tf.randomUniform([c], 0.5, 1.5, 'float32', 8);
      const beta = tf.randomNormal([c], 0, 1, 'float32', 9);
      const r = tf.randomNormal(shape, 0, 1, 'float32', 10);

      const [y, mean, variance] = fused(x, gamma, beta) as [tf.Tensor, tf.Tensor, tf.Tensor];
      const ref = tf.moments(x, [0, 1, 2]);
      expectClose(values(y), values(composite(x, gamma, beta)), 1e-5);
      expectClose(values(mean), values(ref.mean), 1e-5);
      expectClose(values(variance), values(ref.variance), 1e-5);

      const loss =
        (f: (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.Tensor) =>
        (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(f(a, g, b), r));
      const want = tf.grads(loss(composite))([x, gamma, beta]);
      const got = tf.grads(loss((a, g, b) => fused(a, g, b)[0]!))([x, gamma, beta]);
      for (let i = 0; i < 3; i++) expectClose(values(got[i]!), values(want[i]!), 1e-4);
      tf.dispose([x, gamma, beta, r, y, mean, variance, ref.mean, ref.variance, ...want, ...got]);
    });
  }

  it('leaves no tensors behind in a training step', () => {
    const x = tf.randomNormal([2, 3, 3, 4]);
    const gamma = tf.variable(tf.ones([4]));
    const beta = tf.variable(tf.zeros([4]));
    const step = () =>
      tf.variableGrads(() => tf.sum(tf.square(fused(x, gamma, beta)[0]!)) as tf.Scalar, [gamma, beta]);
    tf.dispose(Object.values(step().grads));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const { value, grads } = step();
      tf.dispose([value, ...Object.values(grads)]);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, gamma, beta]);
  });
});
