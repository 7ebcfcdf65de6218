// conv → Conv (group 1), kernel converted HWIO → OIHW. depthwise-conv.ts reuses `emitConv` with
// its own kernel layout and a group.
import type { ConvNode, DepthwiseConvNode } from '../../search/architecture/types.ts';
import type { IrInitializer } from '../graph-ir.ts';
import type { AttrValue } from '../onnx/model-builder.ts';
import type { LowerContext, Lowering } from './lowering.ts';
import { asInit, hwioToOihw, required } from './layout.ts';
import { windowAttrs } from './window-attrs.ts';

/** One ONNX Conv from a conv-like node: weight initializer, optional bias, window attributes. */
export function emitConv(
  node: ConvNode | DepthwiseConvNode,
  ctx: LowerContext,
  weight: IrInitializer,
  extra: Readonly<Record<string, AttrValue>> = {},
): void {
  const inputs = [ctx.inputs[0]!, ctx.initializer(`${node.id}.weight`, weight)];
  if (node.useBias)
    inputs.push(ctx.initializer(`${node.id}.bias`, asInit(required(ctx.weights.bias, `${node.id}.bias`))));
  ctx.emit({
    name: node.id,
    opType: 'Conv',
    inputs,
    outputs: [ctx.output],
    attrs: {
      ...windowAttrs(ctx.inputShapes[0]!, node.kernel, node.strides, node.dilations, node.padding),
      ...extra,
    },
  });
}

export const lowerConv: Lowering = (n, ctx) => {
  const node = n as ConvNode;
  emitConv(node, ctx, hwioToOihw(required(ctx.weights.kernel, `${node.id}.kernel`)));
};
