// The spatial arithmetic Conv, ConvTranspose and the pools share: kernel, strides, dilations,
// explicit pads and auto_pad (SAME_UPPER, SAME_LOWER, VALID, NOTSET).
import { windowOutput } from './helpers.ts';
import type { ShapeContext } from './types.ts';

export interface Window {
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  /** Total padding per spatial axis (begin + end); ignored when autoPad is SAME_*. */
  readonly padTotals: readonly number[];
  readonly padBegins: readonly number[];
  readonly autoPad: string;
}

/** What the window arithmetic reads of a node: its attributes, and how to fail naming it. */
export type WindowContext = Pick<ShapeContext, 'attrs' | 'fail'>;

/** Reads the window attributes for `spatial` axes; `kernel` comes from kernel_shape or the caller. */
export function readWindow(ctx: WindowContext, spatial: number, kernelFallback?: readonly number[]): Window {
  const kernel =
    ctx.attrs.ints('kernel_shape') ?? kernelFallback ?? ctx.fail("attribute 'kernel_shape' is missing");
  if (kernel.length !== spatial)
    ctx.fail(`kernel has ${kernel.length} axes but the input has ${spatial} spatial axes`);
  const strides = ctx.attrs.ints('strides') ?? new Array<number>(spatial).fill(1);
  const dilations = ctx.attrs.ints('dilations') ?? new Array<number>(spatial).fill(1);
  const pads = ctx.attrs.ints('pads') ?? new Array<number>(2 * spatial).fill(0);
  if (strides.length !== spatial || dilations.length !== spatial || pads.length !== 2 * spatial) {
    ctx.fail('strides, dilations or pads do not match the number of spatial axes');
  }
  const autoPad = ctx.attrs.string('auto_pad') ?? 'NOTSET';
  const padTotals = kernel.map((_, i) => (pads[i] ?? 0) + (pads[i + spatial] ?? 0));
  const padBegins = kernel.map((_, i) => pads[i] ?? 0);
  return { kernel, strides, dilations, padTotals, padBegins, autoPad };
}

/** Output spatial sizes of a convolution or pooling window over `inSpatial`. */
export function windowOutputDims(
  ctx: WindowContext,
  w: Window,
  inSpatial: readonly number[],
  ceil: boolean,
): number[] {
  return inSpatial.map((inSize, i) => {
    const k = w.kernel[i] ?? 1;
    const s = w.strides[i] ?? 1;
    const d = w.dilations[i] ?? 1;
    let out: number;
    switch (w.autoPad) {
      case 'SAME_UPPER':
      case 'SAME_LOWER':
        out = Math.ceil(inSize / s);
        break;
      case 'VALID':
        out = windowOutput(inSize, k, s, d, 0, ceil);
        break;
      case 'NOTSET':
      case '':
        out = windowOutput(inSize, k, s, d, w.padTotals[i] ?? 0, ceil);
        // With ceil_mode, a last window that would start inside the end padding is dropped
        // (PyTorch's and onnxruntime's rule).
        if (ceil && (out - 1) * s >= inSize + (w.padBegins[i] ?? 0)) out -= 1;
        break;
      default:
        ctx.fail(`unknown auto_pad '${w.autoPad}'`);
    }
    if (out <= 0) ctx.fail(`window of ${k} (dilation ${d}) does not fit in an input of size ${inSize}`);
    return out;
  });
}
