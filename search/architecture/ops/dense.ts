// dense: fully connected layer on a flat input.
import type { DenseNode } from '../types.ts';
import { shapeError, type OpSpec } from './op-spec.ts';

export const denseOp: OpSpec<DenseNode> = {
  op: 'dense',
  arity: { min: 1, max: 1 },
  outputShape(node, [input]) {
    if (input!.length !== 1) {
      throw shapeError(
        node,
        `expects a flat input (add a globalPool or flatten before it), got [${input!.join(', ')}]`,
      );
    }
    return [node.units];
  },
  paramShapes(node, [input]) {
    const kernel = [input![0]!, node.units];
    return node.useBias ? { kernel, bias: [node.units] } : { kernel };
  },
  macs: (node, [input]) => input![0]! * node.units,
};
