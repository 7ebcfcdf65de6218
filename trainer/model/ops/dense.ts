// Fully connected layer on a flat input; Glorot-uniform kernel as Keras initialises it.

import * as tf from '@tensorflow/tfjs-core';
import type { DenseNode } from '../../../search/architecture/types.ts';
import { MemnasError } from '../../../search/errors.ts';
import { param } from '../op.ts';
import type { OpDefinition } from '../op.ts';
import { requireInputs } from '../shape.ts';

export const denseOp: OpDefinition<DenseNode> = {
  ops: ['dense'],
  plan: (node, inputShapes) => {
    requireInputs(node.id, inputShapes, 1);
    const shape = inputShapes[0] ?? [];
    const inputs = shape[0];
    if (shape.length !== 1 || inputs === undefined) {
      throw new MemnasError(
        'ARCH_SHAPE_MISMATCH',
        `node ${node.id} (dense) needs a flat input; add a flatten or globalPool before it (got [${shape.join(', ')}])`,
      );
    }
    return {
      outputShape: [node.units],
      params: [
        {
          name: 'kernel',
          shape: [inputs, node.units],
          init: { kind: 'glorotUniform', fanIn: inputs, fanOut: node.units },
          trainable: true,
          decay: true,
        },
        ...(node.useBias
          ? [
              {
                name: 'bias' as const,
                shape: [node.units],
                init: { kind: 'zeros' as const },
                trainable: true,
                decay: false,
              },
            ]
          : []),
      ],
      run: ([x], params) => {
        const y = tf.matMul(x as tf.Tensor2D, param(params, 'kernel') as tf.Tensor2D);
        return node.useBias ? tf.add(y, param(params, 'bias')) : y;
      },
    };
  },
};
