// add: element-wise sum; every input must have exactly the same shape (no broadcasting, so a
// mismatch in a hand-written architecture is caught here rather than at training time).
import type { AddNode } from '../types.ts';
import { noParams, product, shapeError, type OpSpec } from './op-spec.ts';

export const addOp: OpSpec<AddNode> = {
  op: 'add',
  arity: { min: 2, max: Infinity },
  outputShape(node, inputs) {
    const first = inputs[0]!;
    inputs.forEach((shape, i) => {
      if (shape.length !== first.length || shape.some((d, k) => d !== first[k])) {
        throw shapeError(
          node,
          `input '${node.inputs[i]}' has shape [${shape.join(', ')}] but '${node.inputs[0]}' has [${first.join(', ')}]`,
        );
      }
    });
    return first;
  },
  paramShapes: noParams,
  macs: (_node, inputs, output) => product(output) * (inputs.length - 1),
};
