// [h, w, c] → [h·w·c] in NHWC order (the order the exporter's Flatten uses on NHWC data).

import * as tf from '@tensorflow/tfjs-core';
import type { FlattenNode } from '../../../search/architecture/types.ts';
import type { OpDefinition } from '../op.ts';

export const flattenOp: OpDefinition<FlattenNode> = {
  plan: (_node, facts) => {
    const size = facts.outputShape[0] ?? 0;
    return { params: [], run: ([x]) => tf.reshape(x as tf.Tensor, [-1, size]) };
  },
};
