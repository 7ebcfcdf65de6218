// batchNorm: per-channel scale and shift with moving statistics (4 stored values per channel;
// the exporter folds them into the preceding convolution where it can).
import type { BatchNormNode } from '../types.ts';
import { type OpSpec } from './op-spec.ts';

export const batchNormOp: OpSpec<BatchNormNode> = {
  op: 'batchNorm',
  arity: { min: 1, max: 1 },
  outputShape: (_node, [input]) => input!,
  paramShapes(_node, [input]) {
    const c = [input![input!.length - 1]!];
    return { gamma: c, beta: c, movingMean: c, movingVariance: c };
  },
  macs: (_node, _inputs, output) => output.reduce((a, b) => a * b, 1),
};
