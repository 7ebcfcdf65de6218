// Element-wise activations. hardSigmoid is relu6(x + 3) / 6 (MobileNetV3's form, ONNX
// HardSigmoid with alpha 1/6, beta 0.5) so that hardSwish(x) = x · hardSigmoid(x).

import * as tf from '@tensorflow/tfjs-core';
import type { ActivationFn, ActivationNode } from '../../../search/architecture/types.ts';
import type { OpDefinition } from '../op.ts';

const hardSigmoid = (x: tf.Tensor): tf.Tensor => tf.div(tf.relu6(tf.add(x, 3)), 6);

const functions: Record<ActivationFn, (x: tf.Tensor) => tf.Tensor> = {
  relu: (x) => tf.relu(x),
  relu6: (x) => tf.relu6(x),
  sigmoid: (x) => tf.sigmoid(x),
  tanh: (x) => tf.tanh(x),
  hardSigmoid,
  hardSwish: (x) => tf.mul(x, hardSigmoid(x)),
};

export const activationOp: OpDefinition<ActivationNode> = {
  plan: (node) => {
    const fn = functions[node.fn];
    return { params: [], run: ([x]) => fn(x as tf.Tensor) };
  },
};
