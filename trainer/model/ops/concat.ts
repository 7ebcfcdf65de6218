// Channel concatenation of feature maps with the same height and width (the block output).

import * as tf from '@tensorflow/tfjs-core';
import type { ConcatNode } from '../../../search/architecture/types.ts';
import type { OpDefinition } from '../op.ts';

export const concatOp: OpDefinition<ConcatNode> = {
  plan: () => ({ params: [], run: (xs) => tf.concat(xs as tf.Tensor[], 3) }),
};
