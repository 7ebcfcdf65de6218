// Batch normalization over the last (channel) axis. Training mode normalizes with the batch's
// own mean and (biased) variance and moves the moving statistics towards them; inference mode
// uses the moving statistics, which is what the exported ONNX graph computes.

import * as tf from '@tensorflow/tfjs-core';
import type { BatchNormNode } from '../../../search/architecture/types.ts';
import { param } from '../op.ts';
import type { OpDefinition, ParamMap } from '../op.ts';
import { MemnasError } from '../../../search/errors.ts';
import { requireInputs } from '../shape.ts';
import { BATCH_NORM_TRAIN } from '../../gradients/wasm/batch-norm-train.ts';

export const batchNormOp: OpDefinition<BatchNormNode> = {
  ops: ['batchNorm'],
  plan: (node, inputShapes) => {
    requireInputs(node.id, inputShapes, 1);
    const shape = inputShapes[0] ?? [];
    const channels = shape[shape.length - 1];
    if (channels === undefined)
      throw new MemnasError('ARCH_SHAPE_MISMATCH', `node ${node.id} needs an input with a channel axis`);
    const vector = (
      name: 'gamma' | 'beta' | 'movingMean' | 'movingVariance',
      init: 'zeros' | 'ones',
      trainable: boolean,
    ) => ({
      name,
      shape: [channels],
      init: { kind: init },
      trainable,
      decay: false,
    });
    const axes = shape.map((_, i) => i); // every axis but channels, counting the batch axis
    return {
      outputShape: shape,
      params: [
        vector('gamma', 'ones', true),
        vector('beta', 'zeros', true),
        vector('movingMean', 'zeros', false),
        vector('movingVariance', 'ones', false),
      ],
      run: ([x], params, ctx) => {
        const input = x as tf.Tensor;
        const gamma = param(params, 'gamma');
        const beta = param(params, 'beta');
        if (!ctx.training) {
          return tf.batchNorm(
            input,
            param(params, 'movingMean'),
            param(params, 'movingVariance'),
            beta,
            gamma,
            node.epsilon,
          );
        }
        // The fused kernel where the backend has one (wasm: ~25 kernel calls fewer per step).
        if (tf.getKernel(BATCH_NORM_TRAIN, tf.getBackend()) !== undefined) {
          const [y, mean, variance] = tf
            .engine()
            .runKernel(BATCH_NORM_TRAIN, { x: input, gamma, beta }, { epsilon: node.epsilon }) as unknown as [
            tf.Tensor,
            tf.Tensor,
            tf.Tensor,
          ];
          updateMoving(params, mean, variance, ctx.batchNormMomentum);
          return y;
        }
        const { mean, variance } = tf.moments(input, axes);
        updateMoving(params, mean, variance, ctx.batchNormMomentum);
        // Written out (not tf.batchNorm) so the gradient flows through the batch statistics with
        // ops every backend differentiates.
        const scale = tf.mul(gamma, tf.rsqrt(tf.add(variance, node.epsilon)));
        return tf.add(tf.mul(tf.sub(input, mean), scale), beta);
      },
    };
  },
};

function updateMoving(params: ParamMap, mean: tf.Tensor, variance: tf.Tensor, momentum: number): void {
  const movingMean = param(params, 'movingMean');
  const movingVariance = param(params, 'movingVariance');
  // These values never reach the loss, so backprop leaves them alone; assign keeps the new data.
  const m = tf.tidy(() => tf.add(tf.mul(movingMean, momentum), tf.mul(mean, 1 - momentum)));
  const v = tf.tidy(() => tf.add(tf.mul(movingVariance, momentum), tf.mul(variance, 1 - momentum)));
  movingMean.assign(m);
  movingVariance.assign(v);
}
