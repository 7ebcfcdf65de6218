// Element-wise sum of two or more tensors of identical shape (the cell's merge).

import * as tf from '@tensorflow/tfjs-core';
import type { AddNode } from '../../../search/architecture/types.ts';
import type { OpDefinition } from '../op.ts';

export const addOp: OpDefinition<AddNode> = {
  plan: () => ({ params: [], run: (xs) => tf.addN(xs as tf.Tensor[]) }),
};
