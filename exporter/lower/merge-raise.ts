// ONNX Add / Sum → add and Concat on the channel axis → concat, the inverses of merge.ts.
import { intAttr } from './onnx-attrs.ts';
import type { Raising } from './raising.ts';

export const raiseAdd: Raising = {
  onnxOps: ['Add', 'Sum'],
  raise(ctx) {
    ctx.add({ id: ctx.id, op: 'add', inputs: ctx.inputs });
  },
};

export const raiseConcat: Raising = {
  onnxOps: ['Concat'],
  raise(ctx) {
    if (intAttr(ctx.node, 'axis', 1) !== 1) throw ctx.unsupported('only channel concatenation is imported');
    ctx.add({ id: ctx.id, op: 'concat', inputs: ctx.inputs });
  },
};
