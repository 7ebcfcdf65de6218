// Accuracy and mean cross-entropy of a model on a set of images, in inference mode, in batches
// so memory stays bounded whatever the set's size.

import * as tf from '@tensorflow/tfjs-core';
import type { ImageSet } from '../contract.ts';
import type { Model } from '../model/build-model.ts';

export interface Evaluation {
  /** Fraction in [0, 1] classified correctly. */
  readonly accuracy: number;
  /** Mean softmax cross-entropy. */
  readonly loss: number;
}

/** Scores `model` on `set` (e.g. the test split for the final report). Batch size default 500. */
export function evaluate(model: Model, set: ImageSet, batchSize = 500): Evaluation {
  const [h, w, c] = set.shape;
  const size = h * w * c;
  const classes = model.architecture.classes;
  let correct = 0;
  let lossSum = 0;
  for (let start = 0; start < set.count; start += batchSize) {
    const n = Math.min(batchSize, set.count - start);
    const [right, loss] = tf.tidy(() => {
      const x = tf.tensor4d(set.images.subarray(start * size, (start + n) * size), [n, h, w, c]);
      const labels = tf.tensor1d(set.labels.subarray(start, start + n), 'int32');
      const logits = model.forward(x, false);
      const ce = tf.losses.softmaxCrossEntropy(
        tf.oneHot(labels, classes),
        logits,
        undefined,
        undefined,
        tf.Reduction.SUM,
      );
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'));
      return [hits.dataSync()[0] ?? 0, ce.dataSync()[0] ?? 0];
    });
    correct += right;
    lossSum += loss;
  }
  return set.count === 0
    ? { accuracy: 0, loss: 0 }
    : { accuracy: correct / set.count, loss: lossSum / set.count };
}

/** Per image of `set`, 1 where `model` classifies it right, else 0 (paired comparisons of two models). */
export function correctByImage(model: Model, set: ImageSet, batchSize = 500): Uint8Array {
  const [h, w, c] = set.shape;
  const size = h * w * c;
  const out = new Uint8Array(set.count);
  for (let start = 0; start < set.count; start += batchSize) {
    const n = Math.min(batchSize, set.count - start);
    const predicted = tf.tidy(() => {
      const x = tf.tensor4d(set.images.subarray(start * size, (start + n) * size), [n, h, w, c]);
      return tf.argMax(model.forward(x, false), 1).dataSync();
    });
    for (let i = 0; i < n; i++) out[start + i] = predicted[i] === set.labels[start + i] ? 1 : 0;
  }
  return out;
}
