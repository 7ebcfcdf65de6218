// depthwiseConv → Conv with group = input channels.
import type { DepthwiseConvNode } from '../../search/architecture/types.ts';
import { attr } from '../onnx/model-builder.ts';
import { emitConv } from './conv.ts';
import type { Lowering } from './lowering.ts';
import { depthwiseToOihw, required } from './layout.ts';

export const lowerDepthwiseConv: Lowering = (n, ctx) => {
  const node = n as DepthwiseConvNode;
  emitConv(node, ctx, depthwiseToOihw(required(ctx.weights.kernel, `${node.id}.kernel`)), {
    group: attr.int(ctx.inputShapes[0]![2]!),
  });
};
