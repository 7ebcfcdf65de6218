// Depthwise convolution: one filter (times a multiplier) per input channel. The stride-and-
// dilation case runs like conv.ts's: explicit padding, stride 1, then subsampling.

import * as tf from '@tensorflow/tfjs-core';
import type { DepthwiseConvNode } from '../../../search/architecture/types.ts';
import { param } from '../op.ts';
import type { OpDefinition } from '../op.ts';
import { featureMap, requireInputs, windowOutput } from '../shape.ts';
import { explicitPadding, padSame } from './conv.ts';
import { subsample } from './subsample.ts';

export const depthwiseOp: OpDefinition<DepthwiseConvNode> = {
  ops: ['depthwiseConv'],
  plan: (node, inputShapes) => {
    requireInputs(node.id, inputShapes, 1);
    const input = featureMap(node.id, inputShapes[0]);
    const [oh, ow] = windowOutput(node.id, input, node.kernel, node.strides, node.dilations, node.padding);
    const [kh, kw] = node.kernel;
    const cout = input[2] * node.multiplier;
    const both = Math.max(...node.strides) > 1 && Math.max(...node.dilations) > 1;
    return {
      outputShape: [oh, ow, cout],
      params: [
        // Each output sees kh·kw inputs of one channel: that is its true fan-in.
        {
          name: 'kernel',
          shape: [kh, kw, input[2], node.multiplier],
          init: { kind: 'heNormal', fanIn: kh * kw },
          trainable: true,
          decay: true,
        },
        ...(node.useBias
          ? [
              {
                name: 'bias' as const,
                shape: [cout],
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
