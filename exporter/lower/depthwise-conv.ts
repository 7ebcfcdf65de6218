// depthwiseConv → Conv with group = input channels.
import type { DepthwiseConvNode } from '../../search/architecture/types.ts';
import { attr } from '../onnx/model-builder.ts';
import type { Lowering } from './lowering.ts';
import { asInit, depthwiseToOihw, required } from './layout.ts';
import { windowAttrs } from './window-attrs.ts';

export const lowerDepthwiseConv: Lowering = (n, ctx) => {
  const node = n as DepthwiseConvNode;
  const w = ctx.initializer(
    `${node.id}.weight`,
    depthwiseToOihw(required(ctx.weights.kernel, `${node.id}.kernel`)),
  );
  const inputs = [ctx.inputs[0]!, w];
  if (node.useBias)
    inputs.push(ctx.initializer(`${node.id}.bias`, asInit(required(ctx.weights.bias, `${node.id}.bias`))));
  ctx.emit({
    name: node.id,
    opType: 'Conv',
    inputs,
    outputs: [ctx.output],
    attrs: {
      ...windowAttrs(ctx.inputShapes[0]!, node.kernel, node.strides, node.dilations, node.padding),
      group: attr.int(ctx.inputShapes[0]![2]!),
    },
  });
};
