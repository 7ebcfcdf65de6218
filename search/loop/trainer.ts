// What the loop asks of training: one candidate in, validation accuracy and weights out. The
// composition root backs it with trainer/jobs' LocalJobQueue; tests with a fake.
import type { Architecture } from '../architecture/types.ts';
import type { ArchitectureWeights } from '../architecture/weights.ts';

export interface CandidateTrainResult {
  readonly validationAccuracy: number;
  readonly seconds: number;
  readonly weights: ArchitectureWeights;
}

export interface CandidateTrainer {
  /** Parallel slots: the loop keeps this many trainings in flight. */
  readonly parallelism: number;
  train(arch: Architecture): Promise<CandidateTrainResult>;
}
