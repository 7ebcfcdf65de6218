// Conv2DBackpropInput for wasm, replacing the built-in one (about 10× slower than the forward
// conv). Stride 1: a forward convolution of the padded output gradient with the spatially
// flipped filter whose in/out channels are swapped. Equal strides > 1: the phase form
// (phase-filter.ts) — one stride-1 conv, then interleaving (depth-to-space.ts). Unequal strides: zero-stuffing.

import type { TensorInfo } from '@tensorflow/tfjs-core';
import { convGeometry, inputGradPads } from './conv-geometry.ts';
import type { ConvGeometry } from './conv-geometry.ts';
import { depthToSpaceCropped } from './depth-to-space.ts';
import { phaseAxis, phaseFilter } from './phase-filter.ts';
import { input, wasmKernelConfig } from './wasm-ops.ts';
import type { WasmOps } from './wasm-ops.ts';
import { zeroStuff } from './zero-stuff.ts';

function flippedConv(ops: WasmOps, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo {
  const flipped = ops.transpose(ops.reverse(filter, [0, 1]), [0, 1, 3, 2]);
  const stuffed = zeroStuff(ops, dy, g.stride[0], g.stride[1]);
  const pads = inputGradPads(g, stuffed.shape[1] as number, stuffed.shape[2] as number);
  return ops.conv2d(stuffed, flipped, [1, 1], g.dilation, pads);
}

function phaseConv(ops: WasmOps, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo {
  const s = g.stride[0];
  const ci = filter.shape[2] as number;
  const rows = phaseAxis(g.kh, s, g.padTop);
  const cols = phaseAxis(g.kw, s, g.padLeft);
  const combined = ops.zeros([rows.taps, cols.taps, filter.shape[3] as number, s * s * ci]);
  ops.values(combined).set(phaseFilter(ops.values(filter), filter.shape, s, rows, cols));
  const qh = Math.ceil(g.inH / s);
  const qw = Math.ceil(g.inW / s);
  const pads = {
    top: -rows.base,
    bottom: qh - 1 + rows.base + rows.taps - 1 - (g.outH - 1),
    left: -cols.base,
    right: qw - 1 + cols.base + cols.taps - 1 - (g.outW - 1),
  };
  const phases = ops.conv2d(dy, combined, [1, 1], [1, 1], pads);
  return depthToSpaceCropped(ops, phases, s, g.inH, g.inW);
}

export const conv2dBackpropInputConfig = wasmKernelConfig('Conv2DBackpropInput', (inputs, attrs, ops) => {
  const dy = input(inputs, 'dy');
  const filter = input(inputs, 'filter');
  const g = convGeometry(attrs['inputShape'] as number[], filter.shape, attrs, false);
  const [sh, sw] = g.stride;
  const usePhases = sh === sw && sh > 1 && g.dilation[0] === 1 && g.dilation[1] === 1;
  return usePhases ? phaseConv(ops, dy, filter, g) : flippedConv(ops, dy, filter, g);
});
