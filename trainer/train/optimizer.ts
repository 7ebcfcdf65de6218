// The optimizers, from tf.train, with a learning rate the schedule can change every step.
// Adam keeps its rate in a protected field, so a small subclass exposes it; MomentumOptimizer
// has setLearningRate but its dispose() forgets the learning-rate scalar, so its subclass frees it.

import * as tf from '@tensorflow/tfjs-core';

export interface ScheduledOptimizer {
  readonly optimizer: tf.Optimizer;
  setLearningRate(rate: number): void;
}

class ScheduledAdam extends tf.AdamOptimizer {
  setLearningRate(rate: number): void {
    this.learningRate = rate;
  }
}

class ScheduledMomentum extends tf.MomentumOptimizer {
  override dispose(): void {
    super.dispose();
    this.c.dispose();
  }
}

/** SGD uses momentum 0.9; Adam uses tfjs's defaults (0.9, 0.999, 1e-7). */
export function createOptimizer(kind: 'sgd' | 'adam', learningRate: number): ScheduledOptimizer {
  const optimizer =
    kind === 'adam'
      ? new ScheduledAdam(learningRate, 0.9, 0.999, 1e-7)
      : new ScheduledMomentum(learningRate, 0.9);
  return { optimizer, setLearningRate: (rate) => optimizer.setLearningRate(rate) };
}
