// The grid of convolutions the gradient tests cover: kernels 1/3/5/7 and 1×7/7×1, strides 1/2,
// dilation 1/2 (tfjs rejects stride and dilation both > 1), 'same'/'valid', odd and even sizes,
// batch 2; 2 or 5 input channels.

import type { ConvCase } from './reference-conv.ts';

const KERNELS: readonly [number, number][] = [
  [1, 1],
  [3, 3],
  [5, 5],
  [7, 7],
  [1, 7],
  [7, 1],
];
const STRIDE_DILATION: readonly [number, number][] = [
  [1, 1],
  [2, 1],
  [1, 2],
];
const PADS = ['same', 'valid'] as const;

/** Smallest size of the given parity (0 even, 1 odd) that leaves a 'valid' output of ≥ 2. */
function size(effective: number, parity: number): number {
  const s = effective + 1;
  return s % 2 === parity ? s : s + 1;
}

export function convCases(depthwise: boolean): ConvCase[] {
  const cases: ConvCase[] = [];
  for (const [kh, kw] of KERNELS)
    for (const [stride, dilation] of STRIDE_DILATION)
      for (const pad of PADS)
        for (const parity of [0, 1]) {
          const h = size((kh - 1) * dilation + 1, parity);
          const w = size((kw - 1) * dilation + 1, 1 - parity);
          // Depthwise: multiplier 1 (what the search space uses) on 5 channels, which covers the
          // filter-gradient loop's blocks of 4 and its remainder; multiplier 2 on 2 channels.
          const cout = depthwise ? 1 + parity : 3;
          const cin = depthwise && parity === 0 ? 5 : 2;
          cases.push({ n: 2, h, w, cin, cout, kh, kw, stride, dilation, pad, depthwise });
        }
  return cases;
}

export function caseName(c: ConvCase): string {
  const op = c.depthwise ? `depthwise ×${c.cout}` : `conv2d →${c.cout}`;
  return `${op} ${c.kh}×${c.kw} stride ${c.stride} dilation ${c.dilation} ${c.pad} on ${c.n}×${c.h}×${c.w}×${c.cin}`;
}
