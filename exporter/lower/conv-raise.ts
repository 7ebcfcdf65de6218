// ONNX Conv with group 1 → conv, the inverse of conv.ts: OIHW kernel back to HWIO, explicit pads
// back to 'same' or 'valid'. depthwise-conv-raise.ts reuses the window and bias readers.
import type { Padding, Pair } from '../../search/architecture/types.ts';
import type { WeightTensor } from '../../search/architecture/weights.ts';
import { oihwToHwio } from './layout.ts';
import { intAttr, intsAttr, pairAttr } from './onnx-attrs.ts';
import type { RaiseContext, Raising } from './raising.ts';
import { paddingOfPads } from './window-attrs.ts';

export interface ConvWindow {
  readonly kernel: Pair;
  readonly strides: Pair;
  readonly dilations: Pair;
  readonly padding: Padding;
}

/** The Conv's weight initializer, which must be 4-D [out, in / group, kh, kw]. */
export function convWeight(ctx: RaiseContext): WeightTensor & { shape: [number, number, number, number] } {
  const weight = ctx.initializer(1);
  const [o, i, h, w] = weight.shape;
  if (weight.shape.length !== 4 || o === undefined || i === undefined || h === undefined || w === undefined)
    throw ctx.unsupported(`weight dims [${weight.shape.join(', ')}] are not 4-D`);
  return { shape: [o, i, h, w], data: weight.data };
}

/** Kernel, strides, dilations and padding of a Conv (or a pool, with its own kernel). */
export function windowOf(ctx: RaiseContext, kernel: Pair, dilations: Pair): ConvWindow {
  const strides = pairAttr(ctx, 'strides', [1, 1]);
  const pads = intsAttr(ctx.node, 'pads', [0, 0, 0, 0]);
  const padding = paddingOfPads(pads, ctx.inputShape, kernel, strides, dilations);
  if (padding === undefined)
    throw ctx.unsupported(`pads [${pads.join(', ')}] are neither 'same' nor 'valid'`);
  return { kernel, strides, dilations, padding };
}

export function convWindow(ctx: RaiseContext, weight: { shape: readonly number[] }): ConvWindow {
  const [, , kh, kw] = weight.shape as [number, number, number, number];
  return windowOf(ctx, [kh, kw], pairAttr(ctx, 'dilations', [1, 1]));
}

/** The bias weights when the Conv has a third input, of `channels` values. */
export function convBias(ctx: RaiseContext, channels: number): { bias?: WeightTensor } {
  return ctx.hasInput(2) ? { bias: { shape: [channels], data: ctx.initializer(2).data } } : {};
}

export const raiseConv: Raising = {
  onnxOps: ['Conv'],
  accepts: (ctx) => intAttr(ctx.node, 'group', 1) === 1,
  raise(ctx) {
    const weight = convWeight(ctx);
    const filters = weight.shape[0];
    ctx.add(
      {
        id: ctx.id,
        op: 'conv',
        inputs: ctx.inputs,
        filters,
        ...convWindow(ctx, weight),
        useBias: ctx.hasInput(2),
      },
      { kernel: oihwToHwio(weight), ...convBias(ctx, filters) },
    );
  },
};
