// MaxPoolGrad for wasm, replacing the built-in one (~50 ms for a 3×3 pool of 64×16×16×32, 50×
// its forward; this loop ~2.5× faster): each window's gradient goes to the first position, in
// row-major order, whose input equals the window's output (the max) — tfjs's own tie rule, which
// matters after a ReLU, where zeros tie often. A JavaScript loop over the wasm heap; an XNNPACK
// formulation (per tap: shift, compare, mask, scatter) needs ~50 tensor ops and was no faster.

import { poolGeometry } from './pool-geometry.ts';
import { input, wasmKernelConfig } from './wasm-ops.ts';

export const maxPoolGradConfig = wasmKernelConfig('MaxPoolGrad', (inputs, attrs, ops) => {
  const dy = input(inputs, 'dy');
  const x = input(inputs, 'input');
  const y = input(inputs, 'output');
  const info = poolGeometry(x.shape, attrs);
  const c = info.inChannels;
  const dx = ops.zeros(x.shape.slice());
  const [xv, yv, dyv, dxv] = [ops.values(x), ops.values(y), ops.values(dy), ops.values(dx)];
  const offsets = new Int32Array(info.filterHeight * info.filterWidth);
  const { top, left } = info.padInfo;
  for (let n = 0; n < info.batchSize; n++)
    for (let i = 0; i < info.outHeight; i++)
      for (let j = 0; j < info.outWidth; j++) {
        // The window's in-range input positions, in row-major order.
        let taps = 0;
        for (let a = 0; a < info.filterHeight; a++) {
          const r = i * info.strideHeight + a - top;
          if (r < 0 || r >= info.inHeight) continue;
          for (let b = 0; b < info.filterWidth; b++) {
            const col = j * info.strideWidth + b - left;
            if (col >= 0 && col < info.inWidth)
              offsets[taps++] = ((n * info.inHeight + r) * info.inWidth + col) * c;
          }
        }
        const yBase = ((n * info.outHeight + i) * info.outWidth + j) * c;
        for (let k = 0; k < c; k++) {
          const max = yv[yBase + k];
          for (let t = 0; t < taps; t++) {
            const p = (offsets[t] as number) + k;
            if (xv[p] === max) {
              dxv[p] = (dxv[p] as number) + (dyv[yBase + k] as number);
              break;
            }
          }
        }
      }
  return dx;
});
