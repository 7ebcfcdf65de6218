// flatten: [h, w, c] → [h·w·c] in NHWC order (the exporter transposes to keep that order).
import type { FlattenNode } from '../types.ts';
import { noParams, product, type OpSpec } from './op-spec.ts';

export const flattenOp: OpSpec<FlattenNode> = {
  op: 'flatten',
  arity: { min: 1, max: 1 },
  outputShape: (_node, [input]) => [product(input!)],
  paramShapes: noParams,
  macs: () => 0,
};
