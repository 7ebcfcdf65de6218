// Convolutions with both a stride and a dilation above 1 (which tfjs refuses) are computed by
// padding, a stride-1 convolution and subsampling; check them against a direct loop, for odd and
// even sizes. Also checks 'same' average pooling divides by the in-bounds count. Runs on every
// built-in backend: each must give TensorFlow's numbers.

import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendName } from '../../../trainer/backend/index.ts';
import * as tf from '@tensorflow/tfjs-core';
import { ArchitectureBuilder } from '../../../search/architecture/builder.ts';
import { initBackend } from '../../../trainer/backend/index.ts';
import { buildModel } from '../../../trainer/model/build-model.ts';
import { samePadding } from '../../../search/architecture/ops/spatial.ts';

/** Direct NHWC convolution of one sample, TensorFlow 'same' padding, depthwise when asked. */
function reference(
  x: Float32Array,
  [h, w, c]: [number, number, number],
  k: Float32Array,
  kernel: number,
  filters: number,
  stride: number,
  dilation: number,
  depthwise: boolean,
): number[] {
  const [pt] = samePadding(h, kernel, stride, dilation);
  const [pl] = samePadding(w, kernel, stride, dilation);
  const oh = Math.ceil(h / stride);
  const ow = Math.ceil(w / stride);
  const outC = depthwise ? c : filters;
  const out: number[] = [];
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      for (let o = 0; o < outC; o++) {
        let sum = 0;
        for (let a = 0; a < kernel; a++) {
          for (let b = 0; b < kernel; b++) {
            const r = i * stride - pt + a * dilation;
            const s = j * stride - pl + b * dilation;
            if (r < 0 || s < 0 || r >= h || s >= w) continue;
            if (depthwise) sum += (x[(r * w + s) * c + o] ?? 0) * (k[(a * kernel + b) * c + o] ?? 0);
            else
              for (let ci = 0; ci < c; ci++)
                sum += (x[(r * w + s) * c + ci] ?? 0) * (k[((a * kernel + b) * c + ci) * filters + o] ?? 0);
          }
        }
        out.push(sum);
      }
    }
  }
  return out;
}

describe.each<BackendName>(['cpu', 'wasm'])('stride and dilation together on %s', (backend) => {
  beforeAll(async () => {
    await initBackend(backend);
  });

  // Dilation 2 = stride runs as a conv on the subsampled input; 3 as a dense conv, subsampled.
  for (const [size, kernel, dilation] of [
    [9, 3, 2],
    [10, 3, 2],
    [11, 5, 2],
    [10, 3, 3],
    [11, 3, 3],
  ] as const) {
    for (const depthwise of [false, true]) {
      it(`${depthwise ? 'depthwise' : 'conv'} ${kernel}×${kernel} stride 2 dilation ${dilation} on ${size}×${size}`, () => {
        const b = new ArchitectureBuilder('sd', [size, size, 3], 3);
        const conv = depthwise
          ? b.depthwise(b.input, kernel, { strides: 2, dilations: dilation })
          : b.conv(b.input, 3, kernel, { strides: 2, dilations: dilation });
        const arch = b.build(b.globalPool(conv));
        const model = buildModel(arch, { seed: 3 });
        const kernelData = model.getWeights()[conv]?.kernel?.data ?? new Float32Array();
        const xData = Float32Array.from({ length: size * size * 3 }, (_, i) => Math.sin(i * 0.37));
        const x = tf.tensor4d(xData, [1, size, size, 3]);
        const got = tf.tidy(() => Array.from(model.forwardNodes(x, false).get(conv)?.dataSync() ?? []));
        const want = reference(xData, [size, size, 3], kernelData, kernel, 3, 2, dilation, depthwise);
        expect(got.length).toBe(want.length);
        got.forEach((v, i) => expect(v).toBeCloseTo(want[i] ?? NaN, 4));
        x.dispose();
        model.dispose();
      });
    }
  }

  it("'same' average pooling divides by the number of real pixels", () => {
    const b = new ArchitectureBuilder('avg', [2, 2, 1], 4);
    const arch = b.build(b.flatten(b.pool(b.input, 'avg', 3, 1, 'same')));
    const model = buildModel(arch);
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const y = tf.tidy(() => Array.from(model.forward(x, false).dataSync()));
    expect(y).toEqual([2.5, 2.5, 2.5, 2.5]);
    x.dispose();
    model.dispose();
  });
});
