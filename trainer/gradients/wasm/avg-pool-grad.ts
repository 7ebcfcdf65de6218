// AvgPoolGrad for wasm, replacing the built-in one (~16 ms for a 3×3 pool of 64×16×16×32, 20× its
// forward): scale dy by 1 / (the window's count of real, unpadded inputs — the divisor the
// forward pass used), then spread it back over each window with the transposed depthwise
// convolution of an all-ones filter (our DepthwiseConv2dNativeBackpropInput).
// Note: tfjs's cpu AvgPoolGrad divides by the full window size even where 'same' padding cut the
// window short, so it differs from the true gradient (and from this one) at the borders.

import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import { poolGeometry } from './pool-geometry.ts';
import { input, wasmKernelConfig } from './wasm-ops.ts';

export const avgPoolGradConfig = wasmKernelConfig('AvgPoolGrad', (inputs, attrs, ops) => {
  const dy = input(inputs, 'dy');
  const x = input(inputs, 'input');
  const info = poolGeometry(x.shape, attrs);
  const { top, left } = info.padInfo;
  const counts = ops.empty([1, info.outHeight, info.outWidth, 1]);
  const cv = ops.values(counts);
  const span = (start: number, size: number, limit: number): number =>
    Math.min(limit, start + size) - Math.max(0, start);
  for (let i = 0; i < info.outHeight; i++)
    for (let j = 0; j < info.outWidth; j++) {
      const rows = span(i * info.strideHeight - top, info.filterHeight, info.inHeight);
      const cols = span(j * info.strideWidth - left, info.filterWidth, info.inWidth);
      cv[i * info.outWidth + j] = 1 / (rows * cols);
    }
  const ones = ops.empty([info.filterHeight, info.filterWidth, info.inChannels, 1]);
  ops.values(ones).fill(1);
  const scaled = ops.run('Multiply', { a: dy, b: counts });
  const attrsDw: NamedAttrMap = {
    strides: [info.strideHeight, info.strideWidth],
    dilations: [1, 1],
    pad: attrs['pad'] as NamedAttrMap[string],
    dimRoundingMode: attrs['dimRoundingMode'] as NamedAttrMap[string],
    inputShape: x.shape.slice(),
  };
  return ops.run('DepthwiseConv2dNativeBackpropInput', { dy: scaled, filter: ones }, attrsDw);
});
