// Runs one convolution case on a tfjs backend and in the float64 reference, returning the
// gradients with respect to input and filter from each, for the two gradient test files.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../trainer/backend/index.ts';
import { caseName, convCases } from './conv-cases.ts';
import {
  filterShape,
  geometry,
  loss,
  numericalGradient,
  randomValues,
  relativeError,
} from './reference-conv.ts';
import type { ConvCase } from './reference-conv.ts';

export interface Gradients {
  readonly dx: ArrayLike<number>;
  readonly df: ArrayLike<number>;
}

interface Inputs {
  readonly x: Float64Array;
  readonly f: Float64Array;
  readonly r: Float64Array;
}

export function caseInputs(c: ConvCase, seed: number): Inputs {
  const g = geometry(c);
  return {
    x: randomValues(c.n * c.h * c.w * c.cin, seed),
    f: randomValues(c.kh * c.kw * c.cin * c.cout, seed + 1),
    r: randomValues(c.n * g.outH * g.outW * g.outC, seed + 2),
  };
}

export function numericalGradients(c: ConvCase, v: Inputs): Gradients {
  const fn = (): number => loss(c, v.x, v.f, v.r);
  return { dx: numericalGradient(v.x, fn), df: numericalGradient(v.f, fn) };
}

function conv(c: ConvCase, x: tf.Tensor4D, f: tf.Tensor4D, dilation: number): tf.Tensor4D {
  return c.depthwise
    ? tf.depthwiseConv2d(x, f, c.stride, c.pad, 'NHWC', dilation)
    : tf.conv2d(x, f, c.stride, c.pad, 'NHWC', dilation);
}

/** The filter with (dilation − 1) zeros between taps: an undilated conv equal to the dilated one. */
function expandFilter(c: ConvCase, f: Float64Array): [Float32Array, [number, number, number, number]] {
  const d = c.dilation;
  const eh = (c.kh - 1) * d + 1;
  const ew = (c.kw - 1) * d + 1;
  const inner = c.cin * c.cout;
  const out = new Float32Array(eh * ew * inner);
  for (let a = 0; a < c.kh; a++)
    for (let b = 0; b < c.kw; b++)
      for (let k = 0; k < inner; k++)
        out[(a * d * ew + b * d) * inner + k] = f[(a * c.kw + b) * inner + k] as number;
  return [out, [eh, ew, c.cin, c.cout]];
}

function shrinkFilterGrad(c: ConvCase, grad: Float32Array): Float32Array {
  const d = c.dilation;
  const ew = (c.kw - 1) * d + 1;
  const inner = c.cin * c.cout;
  const out = new Float32Array(c.kh * c.kw * inner);
  for (let a = 0; a < c.kh; a++)
    for (let b = 0; b < c.kw; b++)
      for (let k = 0; k < inner; k++)
        out[(a * c.kw + b) * inner + k] = grad[(a * d * ew + b * d) * inner + k] as number;
  return out;
}

/**
 * Gradients of sum(conv(x, f) · r) on the current tfjs backend. With `undilated`, a dilated
 * conv runs as the equivalent undilated conv with a zero-expanded filter — how the cpu
 * backend, whose tfjs gradient rejects dilation, gives a reference for dilated cases.
 */
export function tfjsGradients(c: ConvCase, v: Inputs, undilated = false): Gradients {
  const g = geometry(c);
  const expand = undilated && c.dilation > 1;
  const [fValues, fShape] = expand ? expandFilter(c, v.f) : [Float32Array.from(v.f), filterShape(c)];
  return tf.tidy(() => {
    const x = tf.tensor4d(Float32Array.from(v.x), [c.n, c.h, c.w, c.cin]);
    const f = tf.tensor4d(fValues, fShape);
    const r = tf.tensor4d(Float32Array.from(v.r), [c.n, g.outH, g.outW, g.outC]);
    const lossOf = (...[xt, ft]: tf.Tensor[]): tf.Tensor =>
      tf.sum(tf.mul(conv(c, xt as tf.Tensor4D, ft as tf.Tensor4D, expand ? 1 : c.dilation), r));
    const [dx, df] = tf.grads(lossOf)([x, f]);
    const dfValues = (df as tf.Tensor).dataSync() as Float32Array;
    return {
      dx: (dx as tf.Tensor).dataSync() as Float32Array,
      df: expand ? shrinkFilterGrad(c, dfValues) : dfValues,
    };
  });
}

/**
 * The whole check for one kernel family: every case of conv-cases.ts, wasm gradients against the
 * cpu backend's and the float64 finite differences, to `tolerance` relative error.
 */
export function describeGradientSuite(title: string, depthwise: boolean, tolerance = 1e-4): void {
  describe(title, () => {
    beforeAll(async () => {
      await initBackend('wasm');
    });

    const cases = convCases(depthwise);
    it.each(cases.map((c, i) => [caseName(c), c, i] as const))('%s', async (_name, c, i) => {
      const inputs = caseInputs(c, 1000 + i * 7);
      await tf.setBackend('cpu');
      const cpu = tfjsGradients(c, inputs, true);
      await tf.setBackend('wasm');
      const wasm = tfjsGradients(c, inputs);
      const numerical = numericalGradients(c, inputs);
      expect(relativeError(wasm.dx, cpu.dx)).toBeLessThan(tolerance);
      expect(relativeError(wasm.df, cpu.df)).toBeLessThan(tolerance);
      expect(relativeError(wasm.dx, numerical.dx)).toBeLessThan(tolerance);
      expect(relativeError(wasm.df, numerical.df)).toBeLessThan(tolerance);
    });
  });
}
