// conv → Conv (group 1), kernel converted HWIO → OIHW.
import type { ConvNode } from '../../search/architecture/types.ts';
import type { Lowering } from './lowering.ts';
import { asInit, hwioToOihw, required } from './layout.ts';
import { windowAttrs } from './window-attrs.ts';

export const lowerConv: Lowering = (n, ctx) => {
  const node = n as ConvNode;
  const w = ctx.initializer(
    `${node.id}.weight`,
    hwioToOihw(required(ctx.weights.kernel, `${node.id}.kernel`)),
  );
  const inputs = [ctx.inputs[0]!, w];
  if (node.useBias)
    inputs.push(ctx.initializer(`${node.id}.bias`, asInit(required(ctx.weights.bias, `${node.id}.bias`))));
  ctx.emit({
    name: node.id,
    opType: 'Conv',
    inputs,
    outputs: [ctx.output],
    attrs: windowAttrs(ctx.inputShapes[0]!, node.kernel, node.strides, node.dilations, node.padding),
  });
};
