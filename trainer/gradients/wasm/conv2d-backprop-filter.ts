// Conv2DBackpropFilter for wasm, which has none. Both paths are one XNNPACK GEMM over the
// N·Ho·Wo output positions:
// - 1×1, stride 1: dW = xᵀ · dy as a matmul ([Ci, P] · [P, Co]), ~2.5× faster than the conv form.
// - otherwise: a convolution of the input with channels as batch, [Ci, H, W, N], by the output
//   gradient as the filter, [Ho, Wo, N, Co], with stride and dilation swapped. Most of its time
//   goes to wasm's Conv2D re-laying-out and packing that large fresh "filter" (~2× the GEMM).
//   Tried instead: swapping the roles at stride 1 (dy as the input, x as the filter, so the
//   smaller tensor is packed) — no measurable gain even for a 1-channel stem; and a matmul of
//   the stacked shifted inputs [kh·kw·Ci, P] by dy — no faster at stride 1, and ~25× slower at
//   stride 2 because wasm's StridedSlice is a scalar loop.

import type { TensorInfo } from '@tensorflow/tfjs-core';
import { convGeometry, filterGradPads } from './conv-geometry.ts';
import type { ConvGeometry } from './conv-geometry.ts';
import { input, wasmKernelConfig } from './wasm-ops.ts';
import type { WasmOps } from './wasm-ops.ts';

function isPointwise(g: ConvGeometry): boolean {
  return g.kh === 1 && g.kw === 1 && g.stride.every((s) => s === 1) && g.padTop === 0 && g.padLeft === 0;
}

function pointwise(ops: WasmOps, x: TensorInfo, dy: TensorInfo): TensorInfo {
  const ci = x.shape[3] as number;
  const co = dy.shape[3] as number;
  const positions = x.shape.slice(0, 3).reduce((p, v) => p * v, 1);
  const xt = ops.transpose(ops.reshape(x, [positions, ci]), [1, 0]);
  return ops.reshape(ops.matMul(xt, ops.reshape(dy, [positions, co])), [1, 1, ci, co]);
}

function asConvolution(ops: WasmOps, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo {
  const xt = ops.nhwcToCHWN(x);
  const dyt = ops.nhwcToHWNC(dy);
  const grad = ops.conv2d(xt, dyt, g.dilation, g.stride, filterGradPads(g));
  return ops.transpose(grad, [1, 2, 0, 3]);
}

export const conv2dBackpropFilterConfig = wasmKernelConfig('Conv2DBackpropFilter', (inputs, attrs, ops) => {
  const x = input(inputs, 'x');
  const dy = input(inputs, 'dy');
  const g = convGeometry(x.shape, attrs['filterShape'] as number[], attrs, false);
  return isPointwise(g) ? pointwise(ops, x, dy) : asConvolution(ops, x, dy, g);
});
