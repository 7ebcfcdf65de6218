// The GRU and the network's shapes, against a plain-JS reference GRU; and the transpose-free
// matMul gradient against tfjs-core's own.
import { beforeAll, describe, expect, it } from 'vitest';
import { getTf, initBackend } from '../../../trainer/backend/index.ts';
import { gruSequence } from '../../../trainer/controller/gru.ts';
import { plainMatMul } from '../../../trainer/controller/mat-mul.ts';
import { scoreSequences } from '../../../trainer/controller/network.ts';
import { createParams, disposeParams } from '../../../trainer/controller/params.ts';
import { encodingLayout } from '../../../search/controller/encoding.ts';

const tf = getTf();
beforeAll(async () => {
  await initBackend('wasm');
});

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** Reference reset-after GRU, one sequence, weights as row-major arrays. */
function referenceGru(
  x: number[][],
  wx: number[],
  uzr: number[],
  un: number[],
  bias: number[],
  hidden: number,
): number[][] {
  let h = new Array<number>(hidden).fill(0);
  const out: number[][] = [];
  for (const xt of x) {
    const px = (j: number): number => bias[j]! + xt.reduce((s, v, i) => s + v * wx[i * 3 * hidden + j]!, 0);
    const hz = (j: number): number => h.reduce((s, v, i) => s + v * uzr[i * 2 * hidden + j]!, 0);
    const hn = (j: number): number => h.reduce((s, v, i) => s + v * un[i * hidden + j]!, 0);
    const z = Array.from({ length: hidden }, (_, j) => sigmoid(px(j) + hz(j)));
    const r = Array.from({ length: hidden }, (_, j) => sigmoid(px(hidden + j) + hz(hidden + j)));
    const n = Array.from({ length: hidden }, (_, j) => Math.tanh(px(2 * hidden + j) + r[j]! * hn(j)));
    h = h.map((hv, j) => (1 - z[j]!) * n[j]! + z[j]! * hv);
    out.push(h);
  }
  return out;
}

describe('gruSequence', () => {
  it('matches a plain-JS GRU step by step', () => {
    const hidden = 3;
    const values = (n: number, seed: number): number[] =>
      Array.from({ length: n }, (_, i) => Math.sin(seed * 7.1 + i * 1.3) * 0.8);
    const wx = values(2 * 3 * hidden, 1);
    const uzr = values(hidden * 2 * hidden, 2);
    const un = values(hidden * hidden, 3);
    const bias = values(3 * hidden, 4);
    const x = [
      [0.5, -1],
      [1, 0.25],
      [-0.3, 0.7],
      [0, 0],
    ];
    const p = {
      wx: tf.variable(tf.tensor2d(wx, [2, 3 * hidden])),
      uzr: tf.variable(tf.tensor2d(uzr, [hidden, 2 * hidden])),
      un: tf.variable(tf.tensor2d(un, [hidden, hidden])),
      bias: tf.variable(tf.tensor1d(bias)),
    };
    const states = tf.tidy(() =>
      gruSequence(tf, p, tf.tensor3d([x], [1, 4, 2])).map((s) => Array.from(s.dataSync())),
    );
    Object.values(p).forEach((v) => v.dispose());
    const want = referenceGru(x, wx, uzr, un, bias, hidden);
    expect(states).toHaveLength(4);
    states.forEach((s, t) => s.forEach((v, j) => expect(v).toBeCloseTo(want[t]![j]!, 5)));
  });
});

describe('plainMatMul', () => {
  it('has the same value and gradients as tf.matMul', () => {
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tf.tensor2d([0.5, -1, 2, 0, 1, 3], [3, 2]);
    const f = (mm: (x: typeof a, y: typeof b) => typeof a) =>
      tf.grads((x, y) => tf.sum(tf.square(mm(x as typeof a, y as typeof b))));
    const ours = f(plainMatMul(tf))([a, b]);
    const theirs = f((x, y) => tf.matMul(x, y))([a, b]);
    ours.forEach((g, i) => expect(Array.from(g.dataSync())).toEqual(Array.from(theirs[i]!.dataSync())));
    tf.dispose([a, b, ...ours, ...theirs]);
  });
});

describe('scoreSequences', () => {
  it('maps [sequences, 1 + length, features] to one score per candidate', () => {
    const layout = encodingLayout(3);
    const p = createParams(tf, { blockFeatures: layout.blockFeatures, embeddingUnits: 8, hiddenUnits: 5 }, 0);
    const before = tf.memory().numTensors;
    const shape = tf.tidy(() => scoreSequences(tf, p, tf.zeros([4, 7, layout.candidateFeatures])).shape);
    expect(shape).toEqual([4, 6]);
    expect(tf.memory().numTensors).toBe(before);
    disposeParams(p);
  });
});
