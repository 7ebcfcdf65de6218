// 2-D convolution: plain, dilated, factorized (1×7, 7×1) and 1×1 projections. tfjs refuses a
// stride and a dilation above 1 together. When they are equal (the search space's dilated conv in
// a reduction block: stride 2, dilation 2) every tap reads only rows and columns at multiples of
// the stride in the padded input, so the conv is an undilated stride-1 conv on that subsampled
// input: exact, and a quarter of the work. Otherwise it runs as an explicitly padded stride-1
// convolution followed by subsampling. Both give TensorFlow's result exactly.

import * as tf from '@tensorflow/tfjs-core';
import type { ConvNode } from '../../../search/architecture/types.ts';
import { featureMap } from '../../../search/architecture/ops/op-spec.ts';
import { samePadding } from '../../../search/architecture/ops/spatial.ts';
import { param, paramShape } from '../op.ts';
import type { OpDefinition } from '../op.ts';
import { subsample } from './subsample.ts';

export const convOp: OpDefinition<ConvNode> = {
  plan: (node, facts) => {
    const input = featureMap(node, facts.inputShapes[0]);
    const [kh, kw] = node.kernel;
    const cin = input[2];
    const both = Math.max(...node.strides) > 1 && Math.max(...node.dilations) > 1;
    return {
      params: [
        {
          name: 'kernel',
          shape: paramShape(facts, 'kernel'),
          init: { kind: 'heNormal', fanIn: kh * kw * cin },
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
        let y = both
          ? stridedDilated(x as tf.Tensor4D, kernel, node, input)
          : tf.conv2d(
              x as tf.Tensor4D,
              kernel,
              node.strides as [number, number],
              explicitPadding(node, input[0], input[1]),
              'NHWC',
              node.dilations as [number, number],
            );
        if (node.useBias) y = tf.add(y, param(params, 'bias'));
        return y;
      },
    };
  },
};

function stridedDilated(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  node: ConvNode,
  [h, w]: readonly number[],
): tf.Tensor4D {
  const padded = padSame(x, node, h as number, w as number);
  if (node.strides[0] === node.dilations[0] && node.strides[1] === node.dilations[1])
    return tf.conv2d(subsample(padded, node.strides), kernel, 1, 'valid', 'NHWC');
  const dense = tf.conv2d(padded, kernel, 1, 'valid', 'NHWC', node.dilations as [number, number]);
  return subsample(dense, node.strides);
}

type PaddedNode = {
  readonly kernel: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly dilations: readonly [number, number];
  readonly padding: string;
};
type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];

/**
 * TensorFlow's 'same' padding as explicit pads. tfjs-backend-wasm 4.22 computes 'same' wrongly
 * when one kernel axis is 1 and the stride is 2 on an even input (e.g. a 1×7 conv, stride 2, on
 * 28×28: off by whole pixels); explicit pads are right on every backend.
 */
export function explicitPadding(node: PaddedNode, h: number, w: number): 'valid' | ExplicitPadding {
  if (node.padding !== 'same') return 'valid';
  const ph = samePadding(h, node.kernel[0], node.strides[0], node.dilations[0]);
  const pw = samePadding(w, node.kernel[1], node.strides[1], node.dilations[1]);
  return [[0, 0], ph, pw, [0, 0]];
}

/** Applies TensorFlow's 'same' padding (or none for 'valid') explicitly. */
export function padSame(
  x: tf.Tensor4D,
  node: {
    readonly kernel: readonly [number, number];
    readonly strides: readonly [number, number];
    readonly dilations: readonly [number, number];
    readonly padding: string;
  },
  h: number,
  w: number,
): tf.Tensor4D {
  if (node.padding !== 'same') return x;
  const ph = samePadding(h, node.kernel[0], node.strides[0], node.dilations[0]);
  const pw = samePadding(w, node.kernel[1], node.strides[1], node.dilations[1]);
  return tf.pad(x, [[0, 0], ph, pw, [0, 0]]);
}
