// Fully connected layer on a flat input; Glorot-uniform kernel as Keras initialises it.

import * as tf from '@tensorflow/tfjs-core';
import type { DenseNode } from '../../../search/architecture/types.ts';
import { param, paramShape } from '../op.ts';
import type { OpDefinition } from '../op.ts';

export const denseOp: OpDefinition<DenseNode> = {
  plan: (node, facts) => {
    const kernel = paramShape(facts, 'kernel'); // [inputs, units]
    return {
      params: [
        {
          name: 'kernel',
          shape: kernel,
          init: { kind: 'glorotUniform', fanIn: kernel[0] ?? 0, fanOut: node.units },
          trainable: true,
          decay: true,
        },
        ...(node.useBias
          ? [
              {
                name: 'bias' as const,
                shape: paramShape(facts, 'bias'),
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
