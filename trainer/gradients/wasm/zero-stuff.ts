// Zero-stuffing: spreads the output gradient of a strided convolution back onto the input grid
// (s − 1 zeros after every value), so the input gradient becomes a stride-1 convolution.

import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmOps } from './wasm-ops.ts';

/** [N, H, W, C] → [N, H·sh, W·sw, C] with each value at (i·sh, j·sw) and zeros elsewhere. */
export function zeroStuff(ops: WasmOps, dy: TensorInfo, sh: number, sw: number): TensorInfo {
  if (sh === 1 && sw === 1) return dy;
  const [n, h, w, c] = dy.shape as [number, number, number, number];
  const spread = ops.reshape(dy, [n, h, 1, w, 1, c]);
  const padded = ops.pad(spread, [
    [0, 0],
    [0, 0],
    [0, sh - 1],
    [0, 0],
    [0, sw - 1],
    [0, 0],
  ]);
  return ops.reshape(padded, [n, h * sh, w * sw, c]);
}
