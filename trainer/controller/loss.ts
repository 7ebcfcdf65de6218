// The controller's training loss: regression on the standardised metric (MSE over the real
// positions) plus a pairwise logistic ranking loss over sibling pairs of each sequence —
// softplus(−(s_i − s_j)) for every pair whose true order is i above j.
import type * as tfc from '@tensorflow/tfjs-core';
import type { Tf } from '../backend/index.ts';

export interface LossInputs {
  /** [sequences, length] */
  readonly targets: tfc.Tensor2D;
  /** [sequences, length]: 1 at real positions, 0 at padding. */
  readonly mask: tfc.Tensor2D;
  /** [sequences, length, length]: 1 where i truly ranks above j (both real). */
  readonly pairs: tfc.Tensor3D;
  readonly pairCount: number;
  readonly realCount: number;
}

export function controllerLoss(
  tf: Tf,
  scores: tfc.Tensor2D,
  x: LossInputs,
  rankingWeight: number,
): tfc.Scalar {
  const mse = tf.div(
    tf.sum(tf.mul(x.mask, tf.squaredDifference(scores, x.targets))),
    Math.max(1, x.realCount),
  );
  if (rankingWeight === 0 || x.pairCount === 0) return mse as tfc.Scalar;
  const [sequences, length] = scores.shape;
  const margins = tf.sub(
    tf.reshape(scores, [sequences, length, 1]),
    tf.reshape(scores, [sequences, 1, length]),
  );
  const ranking = tf.div(tf.sum(tf.mul(x.pairs, tf.softplus(tf.neg(margins)))), x.pairCount);
  return tf.add(mse, tf.mul(ranking, rankingWeight)) as tfc.Scalar;
}
