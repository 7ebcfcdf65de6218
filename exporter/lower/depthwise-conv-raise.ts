// ONNX Conv with group = input channels and one input channel per group → depthwiseConv, the
// inverse of depthwise-conv.ts. It takes every Conv that conv-raise.ts does not (group ≠ 1) and
// refuses the grouped convolutions memnas does not write.
import { convBias, convWeight, convWindow } from './conv-raise.ts';
import { oihwToDepthwise } from './layout.ts';
import { intAttr } from './onnx-attrs.ts';
import type { Raising } from './raising.ts';

export const raiseDepthwiseConv: Raising = {
  onnxOps: ['Conv'],
  raise(ctx) {
    const group = intAttr(ctx.node, 'group', 1);
    const weight = convWeight(ctx);
    if (group !== ctx.inputShape[2] || weight.shape[1] !== 1)
      throw ctx.unsupported(`group ${group} is neither 1 nor depthwise`);
    const channels = weight.shape[0];
    ctx.add(
      {
        id: ctx.id,
        op: 'depthwiseConv',
        inputs: ctx.inputs,
        ...convWindow(ctx, weight),
        multiplier: channels / group,
        useBias: ctx.hasInput(2),
      },
      { kernel: oihwToDepthwise(weight, group), ...convBias(ctx, channels) },
    );
  },
};
