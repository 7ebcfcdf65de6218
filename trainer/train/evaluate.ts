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

/**
 * Calls `fn` for each batch of `set` with its first index, its size and its images as a tensor,
 * inside a tidy so the batch's tensors are freed before the next.
 */
function forEachBatch(
  set: ImageSet,
  batchSize: number,
  fn: (start: number, n: number, x: tf.Tensor4D) => void,
): void {
  const [h, w, c] = set.shape;
  const size = h * w * c;
  for (let start = 0; start < set.count; start += batchSize) {
    const n = Math.min(batchSize, set.count - start);
    tf.tidy(() =>
      fn(start, n, tf.tensor4d(set.images.subarray(start * size, (start + n) * size), [n, h, w, c])),
    );
  }
}

/** Scores `model` on `set` (e.g. the test split for the final report). Batch size default 500. */
export function evaluate(model: Model, set: ImageSet, batchSize = 500): Evaluation {
  const classes = model.architecture.classes;
  let correct = 0;
  let lossSum = 0;
  forEachBatch(set, batchSize, (start, n, x) => {
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
    correct += hits.dataSync()[0] ?? 0;
    lossSum += ce.dataSync()[0] ?? 0;
  });
  return set.count === 0
    ? { accuracy: 0, loss: 0 }
    : { accuracy: correct / set.count, loss: lossSum / set.count };
}

/** Per image of `set`, 1 where `model` classifies it right, else 0 (paired comparisons of two models). */
export function correctByImage(model: Model, set: ImageSet, batchSize = 500): Uint8Array {
  const out = new Uint8Array(set.count);
  forEachBatch(set, batchSize, (start, n, x) => {
    const predicted = tf.argMax(model.forward(x, false), 1).dataSync();
    for (let i = 0; i < n; i++) out[start + i] = predicted[i] === set.labels[start + i] ? 1 : 0;
  });
  return out;
}
