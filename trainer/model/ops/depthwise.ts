// Depthwise convolution: one filter (times a multiplier) per input channel. The stride-and-
// dilation case runs like conv.ts's: explicit padding, stride 1, then subsampling.

import * as tf from '@tensorflow/tfjs-core';
import type { DepthwiseConvNode } from '../../../search/architecture/types.ts';
import { featureMap } from '../../../search/architecture/ops/op-spec.ts';
import { param, paramShape } from '../op.ts';
import type { OpDefinition } from '../op.ts';
import { explicitPadding, padSame } from './conv.ts';
import { subsample } from './subsample.ts';

export const depthwiseOp: OpDefinition<DepthwiseConvNode> = {
  plan: (node, facts) => {
    const input = featureMap(node, facts.inputShapes[0]);
    const [kh, kw] = node.kernel;
    const both = Math.max(...node.strides) > 1 && Math.max(...node.dilations) > 1;
    return {
      params: [
        // Each output sees kh·kw inputs of one channel: that is its true fan-in.
        {
          name: 'kernel',
          shape: paramShape(facts, 'kernel'),
          init: { kind: 'heNormal', fanIn: kh * kw },
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
        const kernel = param(params, 'kernel') as tf.Tensor4D;
        const dilations = node.dilations as [number, number];
        let y: tf.Tensor4D;
        if (both) {
          const padded = padSame(x as tf.Tensor4D, node, input[0], input[1]);
          y = subsample(tf.depthwiseConv2d(padded, kernel, 1, 'valid', 'NHWC', dilations), node.strides);
        } else {
          y = tf.depthwiseConv2d(
            x as tf.Tensor4D,
            kernel,
            node.strides as [number, number],
            explicitPadding(node, input[0], input[1]),
            'NHWC',
            dilations,
          );
        }
        return node.useBias ? tf.add(y, param(params, 'bias')) : y;
      },
    };
  },
};
