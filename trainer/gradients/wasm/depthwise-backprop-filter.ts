// DepthwiseConv2dNativeBackpropFilter for wasm, which has none: a direct loop over the wasm heap
// (depthwise-filter-loop.ts). Measured alternatives through XNNPACK were slower, because
// XNNPACK's depthwise fast paths exist only for 4-, 9- and 25-tap kernels and a filter gradient
// needs Ho × Wo taps: the channels × batch trick (one depthwise conv of the input [1, H, W, C·N]
// by dy as an Ho × Wo filter) ran ~1.3× slower than the loop on the benchmark's 16×16 layer, and
// putting the rows into the channels (1 × Wo taps, in chunks of 9) 2–25× slower. Other kernel sizes also hit a
// memory-access fault in this XNNPACK build (4×4 taps on 32k channels), another reason to stay off it.

import { convGeometry } from './conv-geometry.ts';
import { depthwiseFilterLoop } from './depthwise-filter-loop.ts';
import { input, wasmKernelConfig } from './wasm-ops.ts';

export const depthwiseBackpropFilterConfig = wasmKernelConfig(
  'DepthwiseConv2dNativeBackpropFilter',
  (inputs, attrs, ops) => {
    const x = input(inputs, 'x');
    const dy = input(inputs, 'dy');
    const shape = attrs['filterShape'] as [number, number, number, number];
    return depthwiseFilterLoop(ops, x, dy, shape, convGeometry(x.shape, shape, attrs, true));
  },
);
