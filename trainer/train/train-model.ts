// The training loop for one built model: seeded minibatches, softmax cross-entropy plus L2 on
// kernels, the optimizer stepping at the scheduled learning rate, until the budget runs out.
// Every step's tensors are released inside the step, so memory stays flat however long it runs.

import * as tf from '@tensorflow/tfjs-core';
import type { DatasetSplits, LossPoint } from '../contract.ts';
import type { Model } from '../model/build-model.ts';
import { BatchStream } from './batches.ts';
import { createOptimizer } from './optimizer.ts';
import type { ResolvedOptions } from './options.ts';
import { learningRateAt } from './schedule.ts';

export interface TrainHooks {
  /** Called after each step with the images trained so far (progress lines; tests watch memory). */
  readonly onStep?: (step: number, loss: number, imagesSeen: number) => void;
}

export interface LoopResult {
  readonly lossCurve: LossPoint[];
  readonly imagesSeen: number;
  readonly steps: number;
}

export function trainModel(
  model: Model,
  data: DatasetSplits,
  o: ResolvedOptions,
  hooks: TrainHooks = {},
): LoopResult {
  const { train } = data;
  const [h, w, c] = train.shape;
  const classes = model.architecture.classes;
  const budgetImages = Math.min(
    o.budget.epochs === undefined ? Infinity : Math.round(o.budget.epochs * train.count),
    o.budget.images ?? Infinity,
  );
  const budgetMs = o.budget.seconds === undefined ? Infinity : o.budget.seconds * 1000;
  const stream = new BatchStream(train, o.batchSize, o.augment, o.seed);
  const { optimizer, setLearningRate } = createOptimizer(o.optimizer, o.learningRate);
  const decayed = model.decayedVariables;
  const lossCurve: LossPoint[] = [];
  const started = performance.now();
  let imagesSeen = 0;
  let step = 0;
  try {
    while (imagesSeen < budgetImages && performance.now() - started < budgetMs) {
      const progress = Math.max(
        (imagesSeen + o.batchSize) / budgetImages,
        (performance.now() - started) / budgetMs,
      );
      setLearningRate(learningRateAt(progress, o));
      const batch = stream.next();
      const loss = tf.tidy(() => {
        const x = tf.tensor4d(batch.images, [o.batchSize, h, w, c]);
        const y = tf.oneHot(tf.tensor1d(batch.labels, 'int32'), classes);
        let dataLoss: tf.Scalar | undefined;
        optimizer.minimize(
          () => {
            const ce = tf.losses.softmaxCrossEntropy(y, model.forward(x, true)) as tf.Scalar;
            // A copy: without weight decay `ce` is the cost itself, which minimize disposes.
            dataLoss = tf.keep(tf.clone(ce));
            if (o.weightDecay === 0 || decayed.length === 0) return ce;
            const l2 = tf.addN(decayed.map((v) => tf.sum(tf.square(v))));
            return tf.add(ce, tf.mul(l2, 0.5 * o.weightDecay));
          },
          false,
          model.trainableVariables as tf.Variable[],
        );
        // dataLoss was kept through minimize's own tidy; kept tensors outlive every tidy, so free it here.
        const kept = dataLoss as tf.Scalar;
        const value = kept.dataSync()[0] ?? NaN;
        kept.dispose();
        return value;
      });
      step++;
      imagesSeen += o.batchSize;
      lossCurve.push({ step, loss });
      hooks.onStep?.(step, loss, imagesSeen);
    }
  } finally {
    optimizer.dispose();
  }
  return { lossCurve, imagesSeen, steps: step };
}
