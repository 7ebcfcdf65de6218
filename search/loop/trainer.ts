// What the loop asks of training: one candidate in (from scratch, or from the weights it
// inherits from its parent), validation accuracy and weights out. The
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
  /**
   * Trains `arch`. With `start`, training begins from those weights (a partial map: what it
   * lacks is initialised fresh) for the children's fine-tuning budget; without, from scratch.
   * `round` seeds which training images it sees: siblings see the same ones, each round new ones.
   */
  train(arch: Architecture, how: TrainStart): Promise<CandidateTrainResult>;
}

export interface TrainStart {
  readonly start?: ArchitectureWeights | undefined;
  readonly round: number;
  /** 0 (absent): the round's first pass; 1: a runoff finalist's second, on other images. */
  readonly pass?: number;
}
