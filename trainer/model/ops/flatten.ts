// [h, w, c] → [h·w·c] in NHWC order (the order the exporter's Flatten uses on NHWC data).

import * as tf from '@tensorflow/tfjs-core';
import type { FlattenNode } from '../../../search/architecture/types.ts';
import type { OpDefinition } from '../op.ts';
import { requireInputs } from '../shape.ts';

export const flattenOp: OpDefinition<FlattenNode> = {
  ops: ['flatten'],
  plan: (node, inputShapes) => {
    requireInputs(node.id, inputShapes, 1);
    const size = (inputShapes[0] ?? []).reduce((a, b) => a * b, 1);
    return { outputShape: [size], params: [], run: ([x]) => tf.reshape(x as tf.Tensor, [-1, size]) };
  },
};
