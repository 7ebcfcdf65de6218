// Keeps every s-th row and column of a feature map, starting at 0. Built from pad, reshape and
// slice because tfjs has no gradient for strided slices.

import * as tf from '@tensorflow/tfjs-core';
import type { Pair } from '../../../search/architecture/types.ts';

export function subsample(x: tf.Tensor4D, [sh, sw]: Pair): tf.Tensor4D {
  return subsampleAxis(subsampleAxis(x, 1, sh), 2, sw);
}

function subsampleAxis(x: tf.Tensor4D, axis: 1 | 2, s: number): tf.Tensor4D {
  if (s === 1) return x;
  const [b, h, w, c] = x.shape;
  const size = axis === 1 ? h : w;
  const out = Math.ceil(size / s);
  const extra = out * s - size;
  const padded =
    extra > 0
      ? tf.pad(
          x,
          axis === 1
            ? [
                [0, 0],
                [0, extra],
                [0, 0],
                [0, 0],
              ]
            : [
                [0, 0],
                [0, 0],
                [0, extra],
                [0, 0],
              ],
        )
      : x;
  if (axis === 1) {
    const grouped = tf.reshape(padded, [b, out, s, w * c]);
    return tf.reshape(tf.slice(grouped, [0, 0, 0, 0], [b, out, 1, w * c]), [b, out, w, c]);
  }
  const grouped = tf.reshape(padded, [b * h, out, s, c]);
  return tf.reshape(tf.slice(grouped, [0, 0, 0, 0], [b * h, out, 1, c]), [b, h, out, c]);
}
