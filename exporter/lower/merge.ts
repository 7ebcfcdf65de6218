// add → Add (two inputs) or Sum (more); concat → Concat on the channel axis (NCHW axis 1).
import { attr } from '../onnx/model-builder.ts';
import type { Lowering } from './lowering.ts';

export const lowerAdd: Lowering = (node, ctx) => {
  ctx.emit({
    name: node.id,
    opType: ctx.inputs.length === 2 ? 'Add' : 'Sum',
    inputs: [...ctx.inputs],
    outputs: [ctx.output],
    attrs: {},
  });
};

export const lowerConcat: Lowering = (node, ctx) => {
  ctx.emit({
    name: node.id,
    opType: 'Concat',
    inputs: [...ctx.inputs],
    outputs: [ctx.output],
    attrs: { axis: attr.int(1) },
  });
};
