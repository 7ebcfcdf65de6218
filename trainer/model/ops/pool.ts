// Max and average pooling over windows. 'same' average pooling divides by the number of real
// pixels in the window (TensorFlow's rule, which tfjs follows), not by the window size.

import * as tf from '@tensorflow/tfjs-core';
import type { PoolNode } from '../../../search/architecture/types.ts';
import type { OpDefinition } from '../op.ts';

export const poolOp: OpDefinition<PoolNode> = {
  plan: (node) => {
    // The schema lets users omit strides; a missing stride means the window size (Keras's rule).
    const strides = (node.strides as PoolNode['strides'] | undefined) ?? node.pool;
    const pool = node.op === 'maxPool' ? tf.maxPool : tf.avgPool;
    return {
      params: [],
      run: ([x]) =>
        pool(x as tf.Tensor4D, node.pool as [number, number], strides as [number, number], node.padding),
    };
  },
};
