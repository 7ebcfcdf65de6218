// Our wasm MaxPoolGrad / AvgPoolGrad (and the Tile used by the batch-norm gradient) against the
// cpu backend's gradients and float64 finite differences: 3×3 windows, strides 1/2, 'same'/'valid',
// odd and even sizes, batch 2, to 1e-4 relative error. The cpu AvgPoolGrad divides by the whole
// window even where 'same' padding cut it short, so for 'same' averages only the numerical
// gradient is the reference.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../trainer/backend/index.ts';
import { numericalGradient, randomValues, relativeError } from './reference-conv.ts';
import { distinctValues, poolLoss, poolOut } from './reference-pool.ts';
import type { PoolCase } from './reference-pool.ts';

const TOLERANCE = 1e-4;

const cases: PoolCase[] = [];
for (const type of ['max', 'avg'] as const)
  for (const stride of [1, 2])
    for (const pad of ['same', 'valid'] as const)
      for (const [h, w] of [
        [7, 6],
        [6, 7],
      ] as const)
        cases.push({ n: 2, h, w, c: 3, k: 3, stride, pad, type });

function tfjsGradient(p: PoolCase, x: ArrayLike<number>, r: ArrayLike<number>): Float32Array {
  const g = poolOut(p);
  return tf.tidy(() => {
    const xt = tf.tensor4d(Float32Array.from(x), [p.n, p.h, p.w, p.c]);
    const rt = tf.tensor4d(Float32Array.from(r), [p.n, g.outH, g.outW, p.c]);
    const pool = (t: tf.Tensor): tf.Tensor =>
      p.type === 'max'
        ? tf.maxPool(t as tf.Tensor4D, p.k, p.stride, p.pad)
        : tf.avgPool(t as tf.Tensor4D, p.k, p.stride, p.pad);
    return tf
      .grad((t: tf.Tensor) => tf.sum(tf.mul(pool(t), rt)))(xt)
      .dataSync() as Float32Array;
  });
}

async function onBackend<T>(name: string, f: () => T): Promise<T> {
  await tf.setBackend(name);
  return f();
}

describe('wasm pooling gradients', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it.each(
    cases.map(
      (p, i) =>
        [`${p.type}Pool 3×3 stride ${p.stride} ${p.pad} on ${p.n}×${p.h}×${p.w}×${p.c}`, p, i] as const,
    ),
  )('%s', async (_name, p, i) => {
    const g = poolOut(p);
    const x = distinctValues(p.n * p.h * p.w * p.c, 11 + i);
    const r = randomValues(p.n * g.outH * g.outW * p.c, 97 + i);
    const wasm = await onBackend('wasm', () => tfjsGradient(p, x, r));
    const numerical = numericalGradient(x, () => poolLoss(p, x, r));
    expect(relativeError(wasm, numerical)).toBeLessThan(TOLERANCE);
    if (p.type === 'max' || p.pad === 'valid') {
      const cpu = await onBackend('cpu', () => tfjsGradient(p, x, r));
      expect(relativeError(wasm, cpu)).toBeLessThan(TOLERANCE);
    }
  });

  it('routes a tied max to the first position, as the cpu backend does', async () => {
    const p: PoolCase = { n: 2, h: 6, w: 5, c: 3, k: 3, stride: 1, pad: 'same', type: 'max' };
    const x = Array.from(randomValues(p.n * p.h * p.w * p.c, 5), (v) => Math.max(0, v)); // ReLU-like: many zeros tie
    const r = randomValues(p.n * p.h * p.w * p.c, 6);
    const wasm = await onBackend('wasm', () => tfjsGradient(p, x, r));
    const cpu = await onBackend('cpu', () => tfjsGradient(p, x, r));
    expect(relativeError(wasm, cpu)).toBeLessThan(TOLERANCE);
  });

  it('gives the batch-norm gradient (which tiles per-channel vectors) as the cpu backend does', async () => {
    const x = randomValues(2 * 5 * 4 * 3, 8);
    const grads = (): Float32Array[] =>
      tf.tidy(() => {
        const xt = tf.tensor4d(Float32Array.from(x), [2, 5, 4, 3]);
        const scale = tf.tensor1d([0.5, 1, 2]);
        const offset = tf.tensor1d([0.1, 0, -0.1]);
        const loss = (t: tf.Tensor, s: tf.Tensor): tf.Tensor => {
          const { mean, variance } = tf.moments(t, [0, 1, 2]);
          return tf.sum(
            tf.square(tf.batchNorm(t as tf.Tensor4D, mean, variance, offset, s as tf.Tensor1D, 1e-3)),
          );
        };
        return tf
          .grads(loss)([xt, scale])
          .map((t) => t.dataSync() as Float32Array);
      });
    const [wasmX, wasmScale] = await onBackend('wasm', grads);
    const [cpuX, cpuScale] = await onBackend('cpu', grads);
    expect(relativeError(wasmX ?? [], cpuX ?? [1])).toBeLessThan(TOLERANCE);
    expect(relativeError(wasmScale ?? [], cpuScale ?? [1])).toBeLessThan(TOLERANCE);
  });

  it('still tiles non-broadcast shapes through the original kernel', async () => {
    const tiled = await onBackend('wasm', () =>
      tf.tile(tf.tensor2d([1, 2, 3, 4], [2, 2]), [2, 3]).arraySync(),
    );
    expect(tiled).toEqual([
      [1, 2, 1, 2, 1, 2],
      [3, 4, 3, 4, 3, 4],
      [1, 2, 1, 2, 1, 2],
      [3, 4, 3, 4, 3, 4],
    ]);
  });
});
