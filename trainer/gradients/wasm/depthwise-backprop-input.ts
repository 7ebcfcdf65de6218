// DepthwiseConv2dNativeBackpropInput for wasm, which has none: a depthwise convolution of the
// zero-stuffed, padded output gradient (C·M channels) with the flipped filter, then, for a
// channel multiplier M > 1, a sum over the M outputs that each input channel fed.

import { convGeometry, inputGradPads } from './conv-geometry.ts';
import { input, wasmKernelConfig } from './wasm-ops.ts';
import { zeroStuff } from './zero-stuff.ts';

export const depthwiseBackpropInputConfig = wasmKernelConfig(
  'DepthwiseConv2dNativeBackpropInput',
  (inputs, attrs, ops) => {
    const dy = input(inputs, 'dy');
    const filter = input(inputs, 'filter');
    const [kh, kw, c, m] = filter.shape as [number, number, number, number];
    const g = convGeometry(attrs['inputShape'] as number[], filter.shape, attrs, true);
    const flipped = ops.reshape(ops.reverse(filter, [0, 1]), [kh, kw, c * m, 1]);
    const stuffed = zeroStuff(ops, dy, g.stride[0], g.stride[1]);
    const pads = inputGradPads(g, stuffed.shape[1] as number, stuffed.shape[2] as number);
    const perOutput = ops.depthwise(stuffed, flipped, [1, 1], g.dilation, pads);
    if (m === 1) return perOutput;
    return ops.sum(ops.reshape(perOutput, [g.batch, g.inH, g.inW, c, m]), [4]);
  },
);
