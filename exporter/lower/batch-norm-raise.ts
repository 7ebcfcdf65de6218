// ONNX BatchNormalization → batchNorm, the inverse of batch-norm.ts (scale, bias, mean, var are
// inputs 1–4). A lean export has folded most of them into their convolutions already.
import { floatAttr } from './onnx-attrs.ts';
import type { Raising } from './raising.ts';

export const raiseBatchNorm: Raising = {
  onnxOps: ['BatchNormalization'],
  raise(ctx) {
    ctx.add(
      { id: ctx.id, op: 'batchNorm', inputs: ctx.inputs, epsilon: floatAttr(ctx.node, 'epsilon', 1e-5) },
      {
        gamma: ctx.initializer(1),
        beta: ctx.initializer(2),
        movingMean: ctx.initializer(3),
        movingVariance: ctx.initializer(4),
      },
    );
  },
};
