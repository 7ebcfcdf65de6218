// Global average or max pooling over height and width: [h, w, c] → [c].

import * as tf from '@tensorflow/tfjs-core';
import type { GlobalPoolNode } from '../../../search/architecture/types.ts';
import type { OpDefinition } from '../op.ts';

export const globalPoolOp: OpDefinition<GlobalPoolNode> = {
  plan: (node) => {
    const reduce = node.mode === 'max' ? tf.max : tf.mean;
    return { params: [], run: ([x]) => reduce(x as tf.Tensor, [1, 2]) };
  },
};
