// Batch normalization over the last (channel) axis. Training mode normalizes with the batch's
// own mean and (biased) variance and moves the moving statistics towards them; inference mode
// uses the moving statistics, which is what the exported ONNX graph computes.

import * as tf from '@tensorflow/tfjs-core';
import type { BatchNormNode } from '../../../search/architecture/types.ts';
import { param, paramShape } from '../op.ts';
import type { OpDefinition, ParamMap } from '../op.ts';
import { BATCH_NORM_TRAIN } from '../../gradients/wasm/batch-norm-train.ts';

export const batchNormOp: OpDefinition<BatchNormNode> = {
  plan: (node, facts) => {
    const vector = (
      name: 'gamma' | 'beta' | 'movingMean' | 'movingVariance',
      init: 'zeros' | 'ones',
      trainable: boolean,
    ) => ({
      name,
      shape: paramShape(facts, name),
      init: { kind: init },
      trainable,
      decay: false,
    });
    // Every axis but channels, counting the batch axis.
    const axes = (facts.inputShapes[0] ?? []).map((_, i) => i);
    return {
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
