// Our wasm Slice / SplitV (used by the gradient of a channel concat) against the cpu backend:
// short and long innermost rows, ranks 1–5, uneven splits, and dtypes that fall back.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../trainer/backend/index.ts';
import { randomValues } from './reference-conv.ts';

async function both<T>(f: () => T): Promise<[T, T]> {
  await tf.setBackend('wasm');
  const wasm = f();
  await tf.setBackend('cpu');
  const cpu = f();
  return [wasm, cpu];
}

function values(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(
    Float32Array.from(
      randomValues(
        shape.reduce((a, b) => a * b, 1),
        seed,
      ),
    ),
    shape,
  );
}

describe('wasm slice and split', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  const slices: [number[], number[], number[]][] = [
    [[7], [2], [4]],
    [
      [5, 70],
      [1, 3],
      [3, 66],
    ],
    [
      [2, 5, 4, 6],
      [0, 1, 1, 2],
      [2, 3, 3, 3],
    ],
    [
      [2, 3, 4, 5, 6],
      [1, 0, 2, 1, 0],
      [1, 3, 2, 3, 6],
    ],
    [
      [2, 4, 4, 130],
      [0, 1, 0, 0],
      [2, 2, 4, 130],
    ],
  ];
  it.each(slices)('slices %j from %j size %j as the cpu backend does', async (shape, begin, size) => {
    const [wasm, cpu] = await both(() => tf.tidy(() => tf.slice(values(shape, 3), begin, size).arraySync()));
    expect(wasm).toEqual(cpu);
  });

  it('slices int32 through the original kernel', async () => {
    const [wasm, cpu] = await both(() =>
      tf.slice(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32'), [0, 1], [2, 2]).arraySync(),
    );
    expect(wasm).toEqual(cpu);
  });

  it('splits unevenly along channels as the cpu backend does', async () => {
    const [wasm, cpu] = await both(() =>
      tf.tidy(() => tf.split(values([2, 3, 4, 7], 4), [2, 4, 1], 3).map((t) => t.arraySync())),
    );
    expect(wasm).toEqual(cpu);
  });

  it('gives the gradient of a channel concat as the cpu backend does', async () => {
    const [wasm, cpu] = await both(() =>
      tf.tidy(() => {
        const a = values([2, 3, 4, 5], 5);
        const b = values([2, 3, 4, 3], 6);
        const r = values([2, 3, 4, 8], 7);
        return tf
          .grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.concat([x, y], 3), r)))([a, b])
          .map((t) => t.arraySync());
      }),
    );
    expect(wasm).toEqual(cpu);
  });
});
