// globalPool: average or max over height and width, [h, w, c] → [c].
import type { GlobalPoolNode } from '../types.ts';
import { featureMap, noParams, product, type OpSpec } from './op-spec.ts';

export const globalPoolOp: OpSpec<GlobalPoolNode> = {
  op: 'globalPool',
  arity: { min: 1, max: 1 },
  outputShape: (node, [input]) => [featureMap(node, input)[2]],
  paramShapes: noParams,
  macs: (_node, [input]) => product(input!),
};
