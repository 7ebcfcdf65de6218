// Our wasm DepthwiseConv2dNative gradients (trainer/gradients/wasm) against the cpu backend's and a float64
// finite-difference gradient, over the grid in conv-cases.ts, to 1e-4 relative error.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../trainer/backend/index.ts';
import { caseName, convCases } from './conv-cases.ts';
import { caseInputs, numericalGradients, tfjsGradients } from './conv-grad-suite.ts';
import { relativeError } from './reference-conv.ts';

const TOLERANCE = 1e-4;

describe('wasm DepthwiseConv2dNative gradients', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  const cases = convCases(true);
  it.each(cases.map((c, i) => [caseName(c), c, i] as const))('%s', async (_name, c, i) => {
    const inputs = caseInputs(c, 1000 + i * 7);
    await tf.setBackend('cpu');
    const cpu = tfjsGradients(c, inputs, true);
    await tf.setBackend('wasm');
    const wasm = tfjsGradients(c, inputs);
    const numerical = numericalGradients(c, inputs);
    expect(relativeError(wasm.dx, cpu.dx)).toBeLessThan(TOLERANCE);
    expect(relativeError(wasm.df, cpu.df)).toBeLessThan(TOLERANCE);
    expect(relativeError(wasm.dx, numerical.dx)).toBeLessThan(TOLERANCE);
    expect(relativeError(wasm.df, numerical.df)).toBeLessThan(TOLERANCE);
  });
});
