// Channel concatenation of feature maps with the same height and width (the block output).

import * as tf from '@tensorflow/tfjs-core';
import type { ConcatNode } from '../../../search/architecture/types.ts';
import { MemnasError } from '../../../search/errors.ts';
import type { OpDefinition } from '../op.ts';
import { featureMap, requireInputs } from '../shape.ts';

export const concatOp: OpDefinition<ConcatNode> = {
  ops: ['concat'],
  plan: (node, inputShapes) => {
    requireInputs(node.id, inputShapes, 'many');
    const maps = inputShapes.map((s) => featureMap(node.id, s));
    const [h, w] = maps[0] ?? [0, 0];
    let channels = 0;
    for (const [mh, mw, c] of maps) {
      if (mh !== h || mw !== w) {
        throw new MemnasError(
          'ARCH_SHAPE_MISMATCH',
          `node ${node.id} concatenates ${h}×${w} and ${mh}×${mw} maps; heights and widths must match`,
        );
      }
      channels += c;
    }
    return { outputShape: [h, w, channels], params: [], run: (xs) => tf.concat(xs as tf.Tensor[], 3) };
  },
};
