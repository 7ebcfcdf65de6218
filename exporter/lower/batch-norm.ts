// batchNorm → BatchNormalization (inference form). The lean export folds it into the preceding
// convolution instead (passes/fold-batch-norm.ts).
import type { BatchNormNode } from '../../search/architecture/types.ts';
import { attr } from '../onnx/model-builder.ts';
import type { Lowering } from './lowering.ts';
import { asInit, required } from './layout.ts';

export const lowerBatchNorm: Lowering = (n, ctx) => {
  const node = n as BatchNormNode;
  const p = (param: 'gamma' | 'beta' | 'movingMean' | 'movingVariance', suffix: string): string =>
    ctx.initializer(`${node.id}.${suffix}`, asInit(required(ctx.weights[param], `${node.id}.${param}`)));
  ctx.emit({
    name: node.id,
    opType: 'BatchNormalization',
    inputs: [
      ctx.inputs[0]!,
      p('gamma', 'scale'),
      p('beta', 'bias'),
      p('movingMean', 'mean'),
      p('movingVariance', 'var'),
    ],
    outputs: [ctx.output],
    attrs: { epsilon: attr.float(node.epsilon) },
  });
};
