// Global average or max pooling over height and width: [h, w, c] → [c].

import * as tf from '@tensorflow/tfjs-core';
import type { GlobalPoolNode } from '../../../search/architecture/types.ts';
import type { OpDefinition } from '../op.ts';
import { featureMap, requireInputs } from '../shape.ts';

export const globalPoolOp: OpDefinition<GlobalPoolNode> = {
  ops: ['globalPool'],
  plan: (node, inputShapes) => {
    requireInputs(node.id, inputShapes, 1);
    const [, , c] = featureMap(node.id, inputShapes[0]);
    const reduce = node.mode === 'max' ? tf.max : tf.mean;
    return { outputShape: [c], params: [], run: ([x]) => reduce(x as tf.Tensor, [1, 2]) };
  },
};
