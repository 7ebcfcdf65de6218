// Element-wise sum of two or more tensors of identical shape (the cell's merge).

import * as tf from '@tensorflow/tfjs-core';
import type { AddNode } from '../../../search/architecture/types.ts';
import { MemnasError } from '../../../search/errors.ts';
import type { OpDefinition } from '../op.ts';
import { requireInputs } from '../shape.ts';

export const addOp: OpDefinition<AddNode> = {
  ops: ['add'],
  plan: (node, inputShapes) => {
    requireInputs(node.id, inputShapes, 'many');
    const first = inputShapes[0] ?? [];
    for (const shape of inputShapes) {
      if (shape.join(',') !== first.join(',')) {
        throw new MemnasError(
          'ARCH_SHAPE_MISMATCH',
          `node ${node.id} adds [${first.join(', ')}] and [${shape.join(', ')}]; shapes must be equal`,
        );
      }
    }
    return { outputShape: first, params: [], run: (xs) => tf.addN(xs as tf.Tensor[]) };
  },
};
