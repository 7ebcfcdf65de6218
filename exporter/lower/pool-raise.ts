// ONNX MaxPool / AveragePool → maxPool / avgPool, the inverse of pool.ts.
import { windowOf } from './conv-raise.ts';
import { pairAttr } from './onnx-attrs.ts';
import type { Raising } from './raising.ts';

export const raisePool: Raising = {
  onnxOps: ['MaxPool', 'AveragePool'],
  raise(ctx) {
    const { kernel, strides, padding } = windowOf(ctx, pairAttr(ctx, 'kernel_shape'), [1, 1]);
    ctx.add({
      id: ctx.id,
      op: ctx.opType === 'MaxPool' ? 'maxPool' : 'avgPool',
      inputs: ctx.inputs,
      pool: kernel,
      strides,
      padding,
    });
  },
};
