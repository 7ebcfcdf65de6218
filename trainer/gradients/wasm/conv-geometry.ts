// Geometry shared by the backprop kernels: the forward convolution's padding, strides and
// dilations, and the paddings that turn each gradient into a plain forward convolution.

import { backend_util } from '@tensorflow/tfjs-core';
import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import type { Pads } from './wasm-ops.ts';

export interface ConvGeometry {
  readonly batch: number;
  readonly inH: number;
  readonly inW: number;
  readonly outH: number;
  readonly outW: number;
  readonly kh: number;
  readonly kw: number;
  readonly stride: [number, number];
  readonly dilation: [number, number];
  readonly padTop: number;
  readonly padLeft: number;
}

type Pad = 'valid' | 'same' | number | backend_util.ExplicitPadding;

function pair(v: unknown): [number, number] {
  if (Array.isArray(v)) return [Number(v[0]), Number(v[1])];
  const n = v === undefined || v === null ? 1 : Number(v);
  return [n, n];
}

/** The forward convolution's geometry from a backprop kernel's attributes. */
export function convGeometry(
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: NamedAttrMap,
  depthwise: boolean,
): ConvGeometry {
  const stride = pair(attrs['strides']);
  const dilation = pair(attrs['dilations']);
  const info = backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    stride,
    dilation,
    attrs['pad'] as Pad,
    attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
    depthwise,
  );
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    outH: info.outHeight,
    outW: info.outWidth,
    kh: info.filterHeight,
    kw: info.filterWidth,
    stride,
    dilation,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/**
 * Paddings of the input for the filter gradient, computed as a convolution of the input (stride =
 * forward dilation, dilation = forward stride) with the output gradient as the filter, so that
 * the result is exactly kh × kw. Negative values mean rows/columns the forward pass never read.
 */
export function filterGradPads(g: ConvGeometry): Pads {
  const [sh, sw] = g.stride;
  const [dh, dw] = g.dilation;
  return {
    top: g.padTop,
    bottom: (g.kh - 1) * dh + (g.outH - 1) * sh + 1 - g.inH - g.padTop,
    left: g.padLeft,
    right: (g.kw - 1) * dw + (g.outW - 1) * sw + 1 - g.inW - g.padLeft,
  };
}

/**
 * Paddings of the (zero-stuffed, length stuffedH × stuffedW) output gradient for the input
 * gradient, a stride-1 convolution with the flipped filter whose result is exactly inH × inW.
 */
export function inputGradPads(g: ConvGeometry, stuffedH: number, stuffedW: number): Pads {
  const top = (g.kh - 1) * g.dilation[0] - g.padTop;
  const left = (g.kw - 1) * g.dilation[1] - g.padLeft;
  return {
    top,
    bottom: g.inH + (g.kh - 1) * g.dilation[0] - top - stuffedH,
    left,
    right: g.inW + (g.kw - 1) * g.dilation[1] - left - stuffedW,
  };
}
