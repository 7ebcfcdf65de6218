// Max and average pooling over windows. 'same' average pooling divides by the number of real
// pixels in the window (TensorFlow's rule, which tfjs follows), not by the window size.

import * as tf from '@tensorflow/tfjs-core';
import type { PoolNode } from '../../../search/architecture/types.ts';
import type { OpDefinition } from '../op.ts';
import { featureMap, requireInputs, windowOutput } from '../shape.ts';

export const poolOp: OpDefinition<PoolNode> = {
  ops: ['maxPool', 'avgPool'],
  plan: (node, inputShapes) => {
    requireInputs(node.id, inputShapes, 1);
    const input = featureMap(node.id, inputShapes[0]);
    // The schema lets users omit strides; a missing stride means the window size (Keras's rule).
    const strides = (node.strides as PoolNode['strides'] | undefined) ?? node.pool;
    const [oh, ow] = windowOutput(node.id, input, node.pool, strides, [1, 1], node.padding);
    const pool = node.op === 'maxPool' ? tf.maxPool : tf.avgPool;
    return {
      outputShape: [oh, ow, input[2]],
      params: [],
      run: ([x]) =>
        pool(x as tf.Tensor4D, node.pool as [number, number], strides as [number, number], node.padding),
    };
  },
};
